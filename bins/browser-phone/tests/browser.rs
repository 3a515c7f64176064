//! The page in headless Chromium (Debian's /usr/bin/chromium driven by playwright-core
//! from `tests/browser.js`, with the shared checks of `tests/browser/common.js`):
//! log in, see the phone go offline and come back when Twilio is unreachable, send a
//! text message through the real binary (Twilio played by Prism), see the result and
//! the errors, move between tabs by keyboard; axe-core, 390 px and console clean.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;

use common::*;
use serde_json::{Value, json};
use twilio_testkit::prism::{Prism, Spec};
use twilio_testkit::process::{ChildGuard, app_command, node_json, spawn_on_free_port};

/// Starts the binary on a free port with Twilio at `api_base`.
fn start_app(api_base: &str) -> (ChildGuard, String) {
    let (guard, addr) = spawn_on_free_port(|port| {
        let base = format!("http://127.0.0.1:{port}");
        let vars = [
            ("TWILIO_ACCOUNT_SID", ACCOUNT_SID.to_owned()),
            ("TWILIO_AUTH_TOKEN", AUTH_TOKEN.to_owned()),
            ("TWILIO_API_KEY_SID", API_KEY_SID.to_owned()),
            ("TWILIO_API_KEY_SECRET", API_KEY_SECRET.to_owned()),
            ("TWILIO_TWIML_APP_SID", APP_SID.to_owned()),
            ("TWILIO_PHONE_NUMBER", PHONE_NUMBER.to_owned()),
            // Plain http here, so the session cookie is not `Secure`.
            ("PUBLIC_BASE_URL", base.clone()),
            ("ALLOWED_DESTINATION_PREFIXES", "+1".to_owned()),
            (
                "SESSION_SECRET",
                "0123456789abcdef0123456789abcdef-browser".to_owned(),
            ),
            ("APP_USERS", users_text()),
            ("BIND_ADDRESS", format!("127.0.0.1:{port}")),
            ("TWILIO_API_BASE_URL", api_base.to_owned()),
        ];
        app_command(env!("CARGO_BIN_EXE_browser-phone"), &vars)
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
fn log_in_send_a_message_and_see_the_result() {
    let prism = Prism::start(Spec::Api).unwrap_or_else(|e| panic!("Prism: {e}"));
    let (_app, base) = start_app(prism.base_url());
    let input = json!({
        "baseUrl": base,
        "username": "alice",
        "password": PASSWORD,
        "to": "+15551234567",
        "message": "Hello from headless Chromium",
        "blockedTo": "+882345678901",
    });
    let seen = run_script("browser.js", &input);

    assert_eq!(seen["errors"], json!([]), "{seen:#}");
    assert_eq!(seen["problems"], json!([]), "console errors: {seen:#}");
    assert_eq!(
        seen["blocked"],
        json!([]),
        "only the app is reached: {seen:#}"
    );
    assert_eq!(seen["audit"]["violations"], json!([]), "axe: {seen:#}");
    assert_eq!(seen["audit"]["overflow"], json!([]), "390 px: {seen:#}");
    assert_eq!(seen["audit"]["pages"].as_array().unwrap().len(), 4);
    assert_eq!(seen["landedOn"], "/login", "{seen}");
    assert!(
        seen["loginError"]
            .as_str()
            .unwrap()
            .contains("invalid username or password"),
        "{seen}"
    );
    assert_eq!(seen["identity"], "alice", "{seen}");
    assert_eq!(seen["from"], PHONE_NUMBER, "{seen}");
    // Twilio unreachable before any call: said plainly, no raw SDK code, then retried.
    let offline = seen["offlineStatus"].as_str().unwrap();
    assert!(
        offline.starts_with("Phone offline (Twilio cannot be reached), retrying in "),
        "{offline}"
    );
    assert!(!offline.contains("31005"), "{offline}");
    assert_eq!(seen["devices"], 2, "a new Device after the backoff");
    let result = seen["smsResult"].as_str().unwrap();
    assert!(
        result.starts_with("Message SM") || result.starts_with("Message MM"),
        "{seen}"
    );
    assert_eq!(seen["smsResultIsError"], false, "{seen}");
    assert!(
        seen["blockedResult"]
            .as_str()
            .unwrap()
            .contains("not allowed"),
        "{seen}"
    );
    assert_eq!(seen["blankResult"], "message is empty");
    assert_eq!(
        seen["keys"],
        json!([
            "tab-voice tab-voice panel-voice",
            "tab-call tab-call panel-call",
            "tab-sms tab-sms panel-sms",
            "tab-call tab-call panel-call",
            "tab-call tab-call panel-call",
            "tab-sms tab-sms panel-sms",
        ])
    );
    assert_eq!(seen["tabStops"], json!([0, -1, -1]), "one tab stop");
    assert_eq!(seen["callPanelVisible"], true);
    assert_eq!(seen["smsPanelVisible"], false);
    assert_eq!(seen["dialpadKeys"], "123456789*0#");
    assert_eq!(
        seen["dialpadDisabled"], true,
        "keys work only during a call"
    );
    assert_eq!(seen["callStatus"], "Ready");
    assert_eq!(seen["tokenCalls"], "alice");

    // Exactly the one message reached Twilio, within the contract (the page's list
    // of recent messages only reads).
    let sent: Vec<_> = prism
        .requests()
        .iter()
        .filter(|r| r["method"] == "POST")
        .map(|r| r["path"].as_str().unwrap_or("").to_owned())
        .collect();
    assert_eq!(
        sent,
        [format!("/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json")]
    );
    prism.assert_clean().unwrap();
}

#[test]
fn call_tab_drives_the_voice_sdk() {
    // Nothing here reaches Twilio's REST API.
    let (_app, base) = start_app("http://127.0.0.1:9");
    let input = json!({"baseUrl": base, "username": "bob", "password": PASSWORD});
    let seen = run_script("browser-calls.js", &input);
    assert_eq!(seen["errors"], json!([]), "{seen}");

    let verifier = twilio_token::Verifier::new(API_KEY_SECRET);
    for key in ["firstToken", "renewedToken"] {
        let claims = verifier
            .verify_access_token(seen[key].as_str().unwrap())
            .unwrap_or_else(|e| panic!("{key}: {e}"))
            .claims;
        assert_eq!(claims.grants.identity.as_deref(), Some("bob"), "{key}");
        assert_eq!(claims.exp - claims.iat.unwrap(), 3600, "{key}");
    }
    assert_eq!(
        seen["tokenRefreshMs"], 300_000,
        "renewed five minutes early"
    );

    assert_eq!(seen["keysDisabledIdle"], true);
    assert!(
        seen["badNumberStatus"].as_str().unwrap().contains("E.164"),
        "{seen}"
    );
    assert_eq!(seen["connectedStatus"], "Connected: +15551234567");
    assert_eq!(seen["keysEnabledInCall"], true);
    assert_eq!(seen["keysDisabledAfter"], true);
    assert_eq!(seen["snackbar"], "Incoming call from: +14155550100");
    assert_eq!(seen["callTabSelected"], "true");
    assert_eq!(seen["incomingConnected"], "Connected: +14155550101");
    assert_eq!(
        seen["log"],
        json!([
            "register",
            "updateToken",
            "connect:{\"phoneNumber\":\"+15551234567\"}",
            "digit:5",
            "digit:#",
            "disconnectAll",
            "reject",
            "disconnectAll",
            "accept",
        ]),
        "{seen}"
    );
}
