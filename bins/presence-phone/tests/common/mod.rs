//! Shared test setup: a local-mode config with a fresh SQLite file and two users.
#![allow(
    dead_code,
    unreachable_pub,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

use std::{path::PathBuf, sync::OnceLock, time::Duration};

use presence_phone::config::{Config, Messages, Secret, StoreKind};

pub const AUTH_TOKEN: &str = "test-auth-token-0123456789";
pub const BASE: &str = "https://phone.example.com";
pub const PASSWORD: &str = "correct horse battery";

/// `alice` and `bob`, both with [`PASSWORD`] (hashed once per test binary).
pub fn users() -> &'static str {
    static USERS: OnceLock<String> = OnceLock::new();
    USERS.get_or_init(|| {
        let h = twilio_app_auth::hash_password(PASSWORD).unwrap();
        format!("alice:{h};bob:{h}")
    })
}

/// A fresh database path under cargo's per-target scratch folder (inside `target/`,
/// so test runs do not litter the system temp folder).
pub fn temp_db(tag: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "presence-phone-{tag}-{}-{}",
        std::process::id(),
        uuid::Uuid::new_v4()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join("presence.db")
}

pub fn config(tag: &str) -> Config {
    Config {
        listen_addr: "127.0.0.1:0".parse().unwrap(),
        public_base_url: BASE.to_owned(),
        twilio: None,
        webhook_auth_token: Secret::new(AUTH_TOKEN.to_owned()),
        generated_local_token: false,
        caller_id: Some("+15551230000".to_owned()),
        sync_map: "presence".to_owned(),
        store: StoreKind::Sqlite,
        sqlite_path: temp_db(tag),
        redis_url: None,
        users: Secret::new(users()),
        demo_password: None,
        session_key: Some(Secret::new("k".repeat(32))),
        token_ttl: Duration::from_secs(3600),
        messages: Messages {
            unavailable: "The user is offline right now".to_owned(),
            busy: "The user is busy right now".to_owned(),
            unknown: "Sorry, this user is unknown".to_owned(),
        },
        web_dir: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("web"),
        destinations: twilio_app_guard::DestinationPolicy::from_lookup(
            |_| None,
            &["+15551230000"],
            twilio_app_auth::limit::Limits::memory(),
        )
        .unwrap(),
        proxies: twilio_app_env::proxies::Proxies::None,
    }
}

/// `application/x-www-form-urlencoded` body of `params`.
pub fn form(params: &[(&str, &str)]) -> String {
    let mut s = form_urlencoded_serialize(params);
    if s.is_empty() {
        s = String::new();
    }
    s
}

fn form_urlencoded_serialize(params: &[(&str, &str)]) -> String {
    params
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            b' ' => "+".to_owned(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The signature Twilio would send for `path_and_query` with `params`.
pub fn sign(path_and_query: &str, params: &[(&str, &str)]) -> String {
    let owned: Vec<(String, String)> = params
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    twilio_webhook::Signer::new(AUTH_TOKEN).sign(&format!("{BASE}{path_and_query}"), &owned)
}

/// The claims of a JWT (not verified: the test only reads them).
pub fn jwt_claims(jwt: &str) -> serde_json::Value {
    use base64::Engine;
    let payload = jwt.split('.').nth(1).unwrap();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .unwrap();
    serde_json::from_slice(&bytes).unwrap()
}
