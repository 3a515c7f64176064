//! The pages in headless Chromium (Debian's /usr/bin/chromium driven by playwright-core
//! from `tests/browser.js`) against the real binary, Twilio played by Prism: log in,
//! create a service, reserve a number, create a participant, and land back on the
//! login form when the session is gone.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;

use common::*;
use serde_json::{Value, json};
use twilio_testkit::prism::{Prism, Spec};
use twilio_testkit::process::{ChildGuard, app_command, node_json, spawn_on_free_port};

/// Starts the binary on a free port with Proxy at `proxy_base`.
fn start_app(proxy_base: &str) -> (ChildGuard, String) {
    let (guard, addr) = spawn_on_free_port(|port| {
        let base = format!("http://127.0.0.1:{port}");
        let vars = [
            ("TWILIO_ACCOUNT_SID", ACCOUNT_SID.to_owned()),
            ("TWILIO_AUTH_TOKEN", AUTH_TOKEN.to_owned()),
            ("TWILIO_API_KEY_SID", API_KEY_SID.to_owned()),
            ("TWILIO_API_KEY_SECRET", API_KEY_SECRET.to_owned()),
            // Plain http here, so the session cookie is not `Secure`.
            ("PUBLIC_BASE_URL", base.clone()),
            (
                "SESSION_SECRET",
                "0123456789abcdef0123456789abcdef-browser".to_owned(),
            ),
            ("APP_USERS", users_text()),
            ("PORT", port.to_string()),
            ("TWILIO_PROXY_BASE_URL", proxy_base.to_owned()),
            ("TWILIO_API_BASE_URL", "http://127.0.0.1:9".to_owned()),
        ];
        app_command(env!("CARGO_BIN_EXE_proxy-admin"), &vars)
    })
    .unwrap();
    let base = format!("http://{addr}");
    (guard, base)
}

/// Runs `tests/<script>` (playwright-core driving Chromium) with `input`; what the
/// page showed.
fn run_script(script: &str, input: &Value) -> Value {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let seen = node_json(&dir.join("tests").join(script), dir, input).unwrap();
    eprintln!("page: {seen:#}");
    seen
}

#[test]
fn log_in_create_a_service_reserve_a_number_and_add_a_participant() {
    let prism = Prism::start(Spec::Proxy).unwrap_or_else(|e| panic!("Prism: {e}"));
    let (_app, base) = start_app(prism.base_url());
    let seen = run_script(
        "browser.js",
        &json!({
            "baseUrl": base,
            "username": "alice",
            "password": PASSWORD,
            "serviceSid": KS,
            "sessionSid": KC,
        }),
    );

    assert_eq!(seen["landedOn"], "/login", "{seen}");
    assert!(
        seen["loginError"]
            .as_str()
            .unwrap()
            .contains("invalid username or password"),
        "{seen}"
    );
    // Login returns to the page asked for.
    assert_eq!(seen["afterLogin"], "/services", "{seen}");
    assert_eq!(seen["heading"], "Services");
    assert_eq!(seen["modalOpen"], true);
    assert_eq!(seen["afterCreateService"], "/services");
    assert!(
        seen["numbers"][0].as_str().unwrap().contains("+1987654321"),
        "{seen}"
    );
    assert_eq!(seen["afterReserve"], "/sessions");
    assert!(
        seen["session"]
            .as_str()
            .unwrap()
            .contains("open, voice-and-message"),
        "{seen}"
    );
    assert_eq!(seen["afterCreateParticipant"], "/participants");
    assert_eq!(seen["afterExpiry"], "/login");
    assert_eq!(seen["pageErrors"], json!([]), "{seen}");
    assert_eq!(seen["cspViolations"], json!([]), "{seen}");
    assert_eq!(
        seen["blocked"],
        json!([]),
        "the pages load nothing from elsewhere"
    );

    let posts: Vec<String> = prism
        .requests()
        .iter()
        .filter(|r| r["method"] == "POST")
        .map(|r| r["path"].as_str().unwrap_or("").to_owned())
        .collect();
    assert_eq!(
        posts,
        [
            "/v1/Services".to_owned(),
            format!("/v1/Services/{KS}/PhoneNumbers/{PN}"),
            format!("/v1/Services/{KS}/Sessions/{KC}/Participants"),
        ],
        "one Twilio call per action, none after the session expired"
    );
    prism.assert_clean().unwrap();
}
