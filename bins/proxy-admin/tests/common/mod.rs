//! Shared set-up for the proxy admin's integration tests.
#![allow(dead_code, unreachable_pub, clippy::unwrap_used, clippy::expect_used)]

use proxy_admin::{AppState, Config};
use twilio_webhook::Signer;

pub const ACCOUNT_SID: &str = "AC0123456789abcdef0123456789abcdef";
pub const AUTH_TOKEN: &str = "test-auth-token-0123456789";
pub const API_KEY_SID: &str = "SK0123456789abcdef0123456789abcdef";
pub const API_KEY_SECRET: &str = "test-api-key-secret";
pub const APP_SID: &str = "AP0123456789abcdef0123456789abcdef";
pub const CHAT_SID: &str = "IS0123456789abcdef0123456789abcdef";
pub const PUBLIC_BASE_URL: &str = "https://proxy-admin.example.com";
pub const ORIGIN: &str = "https://proxy-admin.example.com";
pub const PASSWORD: &str = twilio_testkit::app::PASSWORD;
/// The number the Prism examples give a participant (`identifier`).
pub const SENDER: &str = "+14155551212";

pub const KS: &str = "KSaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
pub const KC: &str = "KCaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
pub const KP: &str = "KPaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
pub const PN: &str = "PNaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
pub const CA: &str = "CAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

/// `alice` and `bob` with [`PASSWORD`] (the `APP_USERS` line).
pub fn users_text() -> String {
    twilio_testkit::app::users_text().to_owned()
}

/// The test configuration, with `overrides` on top (an empty value removes a variable).
pub fn config(overrides: &[(&str, &str)]) -> Result<Config, proxy_admin::Error> {
    let vars = twilio_testkit::app::vars(
        &[
            ("TWILIO_ACCOUNT_SID", ACCOUNT_SID),
            ("TWILIO_AUTH_TOKEN", AUTH_TOKEN),
            ("TWILIO_API_KEY_SID", API_KEY_SID),
            ("TWILIO_API_KEY_SECRET", API_KEY_SECRET),
            ("TWILIO_TWIML_APP_SID", APP_SID),
            ("CHAT_SERVICE_SID", CHAT_SID),
            ("PUBLIC_BASE_URL", PUBLIC_BASE_URL),
            ("ALLOWED_SMS_SENDERS", SENDER),
            ("SESSION_SECRET", "0123456789abcdef0123456789abcdef-test"),
            // Nothing listens here: a test that reaches Twilio by mistake gets a 502.
            ("TWILIO_API_BASE_URL", "http://127.0.0.1:9"),
            ("TWILIO_PROXY_BASE_URL", "http://127.0.0.1:9"),
        ],
        overrides,
    );
    Config::from_lookup(|name| vars.get(name).cloned())
}

pub fn state(overrides: &[(&str, &str)]) -> AppState {
    AppState::new(config(overrides).unwrap()).unwrap()
}

/// A `Cookie:` header value with a valid session for `user`.
pub fn session_cookie(state: &AppState, user: &str) -> String {
    twilio_testkit::app::session_cookie(state.auth(), user)
}

/// A form body and the `X-Twilio-Signature` Twilio would send for it to `path`.
pub fn signed_form(path: &str, params: &[(&str, &str)]) -> (String, String) {
    signed_form_for(PUBLIC_BASE_URL, path, params)
}

/// [`signed_form`] for another public base URL.
pub fn signed_form_for(base: &str, path: &str, params: &[(&str, &str)]) -> (String, String) {
    let url = format!("{base}{path}");
    let signature = Signer::new(AUTH_TOKEN).sign(&url, params);
    (form(params), signature)
}

pub fn form(params: &[(&str, &str)]) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(params)
        .finish()
}

/// What the TwiML App's Voice URL receives when admin `identity` clicks Dial for the
/// Prism example participant.
pub fn dial_params(identity: &str) -> Vec<(String, String)> {
    [
        ("AccountSid", ACCOUNT_SID.to_owned()),
        ("ApiVersion", "2010-04-01".to_owned()),
        ("ApplicationSid", APP_SID.to_owned()),
        ("CallSid", CA.to_owned()),
        ("CallStatus", "ringing".to_owned()),
        ("Direction", "inbound".to_owned()),
        ("From", format!("client:{identity}")),
        ("Caller", format!("client:{identity}")),
        ("To", String::new()),
        ("serviceSid", KS.to_owned()),
        ("sessionSid", KC.to_owned()),
        ("participantSid", KP.to_owned()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

/// Borrowed view of owned params.
pub fn pairs(params: &[(String, String)]) -> Vec<(&str, &str)> {
    params
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

/// The Proxy callback for a voice interaction whose outbound leg was just initiated.
pub fn record_params() -> Vec<(&'static str, &'static str)> {
    vec![
        ("accountSid", ACCOUNT_SID),
        ("interactionSid", "KIaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
        ("interactionSessionSid", KC),
        ("interactionServiceSid", KS),
        ("interactionType", "voice"),
        ("inboundParticipantSid", KP),
        ("inboundResourceSid", CA),
        ("inboundResourceStatus", "in-progress"),
        ("inboundResourceType", "call"),
        (
            "outboundParticipantSid",
            "KPbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
        ),
        ("outboundResourceSid", "CAbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"),
        ("outboundResourceStatus", "initiated"),
        ("outboundResourceType", "call"),
    ]
}
