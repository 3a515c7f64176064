//! Configuration: every required setting fails fast with its name; defaults match
//! the seed's documentation; secrets stay out of `Debug`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::time::Duration;

use common::*;
use flex_backend::{Channel, Error};

fn error_var(overrides: &[(&str, &str)]) -> (&'static str, String) {
    match config(overrides) {
        Err(Error::Config { var, reason }) => (var, reason),
        Err(Error::Settings(errors)) if errors.len() == 1 => {
            (errors.0[0].var, errors.0[0].reason.clone())
        }
        other => panic!("expected a configuration error, got {other:?}"),
    }
}

#[test]
fn defaults_follow_the_seed() {
    let config = config(&[]).unwrap();
    assert_eq!(config.realtime_period, Duration::from_secs(5));
    assert_eq!(config.cumulative_period, Duration::from_secs(30));
    assert_eq!(config.sla_thresholds, [30, 60, 120]);
    assert_eq!(
        config.channels,
        [Channel::Voice, Channel::Chat, Channel::Video]
    );
    assert_eq!(config.timezone.iana_name(), Some("UTC"));
    assert_eq!(config.bind.to_string(), "127.0.0.1:3000");
    assert_eq!(config.calls_per_minute, 10);
    assert_eq!(config.token_checks_per_second, 2);
    assert_eq!(
        config.proxies,
        twilio_app_env::proxies::Proxies::None,
        "the peer address is the client by default"
    );
    assert_eq!(config.caller_ids.len(), 2);
    assert_eq!(config.caller_ids[0].as_str(), CALLER_ID);
}

#[test]
fn every_required_variable_is_named_when_missing() {
    for var in [
        "TWILIO_ACCOUNT_SID",
        "TWILIO_AUTH_TOKEN",
        "TWILIO_OUTBOUND_WORKFLOW_SID",
        "TWILIO_FLEX_WORKSPACE_SID",
        "FLEX_CALLER_IDS",
    ] {
        let (named, reason) = error_var(&[(var, "")]);
        assert_eq!(named, var);
        assert!(reason.starts_with("missing"), "{reason}");
    }
    let (named, _) = error_var(&[("PUBLIC_BASE_URL", "")]);
    assert_eq!(named, "PUBLIC_BASE_URL");
}

#[test]
fn malformed_values_are_refused() {
    for (var, value) in [
        ("TWILIO_ACCOUNT_SID", "AC123"),
        (
            "TWILIO_OUTBOUND_WORKFLOW_SID",
            "WS0123456789abcdef0123456789abcdef",
        ),
        (
            "TWILIO_FLEX_WORKSPACE_SID",
            "WW0123456789abcdef0123456789abcdef",
        ),
        ("PUBLIC_BASE_URL", "flex.example.com"),
        ("PUBLIC_BASE_URL", "http://flex.example.com"),
        ("PUBLIC_BASE_URL", "https://flex.example.com/?x=1"),
        ("FLEX_CALLER_IDS", "+15005550006,5551234"),
        ("STATS_REALTIME_SECS", "0"),
        ("STATS_CUMULATIVE_SECS", "soon"),
        ("STATS_SLA_THRESHOLDS", "30,60,120,240"),
        ("STATS_SLA_THRESHOLDS", "30,30"),
        ("STATS_SLA_THRESHOLDS", "-5"),
        ("STATS_CHANNELS", "voice,sms"),
        ("STATS_TIMEZONE", "Mars/Olympus_Mons"),
        ("STATS_CONCURRENCY", "0"),
        ("CALLS_PER_MINUTE", "0"),
        ("TOKEN_CHECKS_PER_SECOND", "0"),
        ("TRUSTED_PROXIES", "-1"),
        ("PORT", "70000"),
        ("BIND_ADDRESS", "localhost"),
    ] {
        let (named, _) = error_var(&[(var, value)]);
        assert_eq!(named, var, "{var}={value}");
    }
    // The seed's old names are read, and reported by their new ones.
    let (named, _) = error_var(&[("TWILIO_API_KEY", "SK0123456789abcdef0123456789abcdef")]);
    assert_eq!(named, "TWILIO_API_KEY_SECRET");
    let (named, _) = error_var(&[("PROXY_HOPS", "-1")]);
    assert_eq!(named, "TRUSTED_PROXIES");
}

#[test]
fn the_seeds_external_host_still_works() {
    let fallback = config(&[("PUBLIC_BASE_URL", ""), ("EXTERNAL_HOST", "abc.ngrok.io")]).unwrap();
    assert_eq!(fallback.public_base_url, "https://abc.ngrok.io");
    let (named, _) = error_var(&[
        ("PUBLIC_BASE_URL", ""),
        ("EXTERNAL_HOST", "https://abc.ngrok.io"),
    ]);
    assert_eq!(named, "EXTERNAL_HOST");
    // A trailing slash would double up in callback URLs.
    let prefixed = config(&[("PUBLIC_BASE_URL", "https://flex.example.com/backend/")]).unwrap();
    assert_eq!(prefixed.public_base_url, "https://flex.example.com/backend");
}

#[test]
fn settings_are_configurable() {
    let config = config(&[
        ("STATS_SLA_THRESHOLDS", "20, 40"),
        ("STATS_CHANNELS", "voice"),
        ("STATS_TIMEZONE", "Europe/Berlin"),
        ("STATS_REALTIME_SECS", "2"),
        ("BIND_ADDRESS", "0.0.0.0"),
        ("PORT", "8080"),
    ])
    .unwrap();
    assert_eq!(config.sla_thresholds, [20, 40]);
    assert_eq!(config.channels, [Channel::Voice]);
    assert_eq!(config.timezone.iana_name(), Some("Europe/Berlin"));
    assert_eq!(config.realtime_period, Duration::from_secs(2));
    assert_eq!(config.bind.to_string(), "0.0.0.0:8080");
}

#[test]
fn secrets_never_show_in_debug_output() {
    let config = config(&[
        ("TWILIO_API_KEY", "SK0123456789abcdef0123456789abcdef"),
        ("TWILIO_API_SECRET", "api-secret-value"),
    ])
    .unwrap();
    let debug = format!("{config:?}");
    assert!(!debug.contains(AUTH_TOKEN), "{debug}");
    assert!(!debug.contains("api-secret-value"), "{debug}");
    assert!(debug.contains(ACCOUNT_SID));
}
