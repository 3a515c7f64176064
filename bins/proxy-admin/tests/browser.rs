//! The pages in headless Chromium (Debian's /usr/bin/chromium driven by playwright-core
//! from `tests/browser.js`, with the shared checks of `tests/browser/common.js`)
//! against the real binary, Twilio played by Prism: every page passes axe-core and
//! the 390 px check with no console error; log in, create a service, reserve a
//! number, dial (asked first, a plain error, then a call) and take an incoming call
//! without clicking Dial first, create a participant, and land back on the login form
//! when the session is gone.
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
            // Click-to-call on (the page gets a stand-in Voice SDK).
            ("TWILIO_TWIML_APP_SID", APP_SID.to_owned()),
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
            "participantSid": KP,
        }),
    );

    assert_eq!(seen["errors"], json!([]), "{seen:#}");
    assert_eq!(seen["problems"], json!([]), "console errors: {seen:#}");
    assert_eq!(seen["audit"]["violations"], json!([]), "axe: {seen:#}");
    assert_eq!(seen["audit"]["overflow"], json!([]), "390 px: {seen:#}");
    assert_eq!(seen["audit"]["pages"].as_array().unwrap().len(), 9);
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
    // The heading names the Service (Prism's example), not only its SID.
    let heading = seen["sessionsHeading"].as_str().unwrap();
    assert!(heading.starts_with("Sessions of "), "{heading}");
    assert!(!heading.contains(KS), "{heading}");
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
    // The phone registered on page load, before any Dial.
    assert_eq!(seen["phoneState"], "Phone ready: calls to you ring here.");
    assert_eq!(seen["logOnLoad"], json!(["device", "register"]));
    // A disabled button's reason is visible text tied to it.
    assert_eq!(
        seen["disabledReasons"],
        json!(["SMS: this number is not an allowed SMS sender"])
    );
    // Dial asks first, shows a plain error, offers Hang up only during a call.
    assert_eq!(
        seen["dialQuestion"],
        "Call Ann (+15551230001) through the proxy number +15005550001?"
    );
    assert_eq!(seen["hangupBeforeCall"], false);
    assert_eq!(seen["logAfterAsk"], json!(["device", "register"]));
    assert_eq!(
        seen["dialError"],
        "The call could not be made: Twilio cannot be reached. Check the network and try again."
    );
    assert_eq!(seen["hangupAfterError"], false);
    assert_eq!(seen["hangupInCall"], true);
    assert_eq!(seen["hangupAfterCall"], false);
    assert_eq!(seen["incoming"], "Incoming call from +14155550100");
    assert_eq!(seen["answered"], "Call in progress");
    assert_eq!(
        seen["log"],
        json!([
            "device",
            "register",
            format!("connect:{KP}"),
            format!("connect:{KP}"),
            "disconnectAll",
            "accept",
            // Closing the dialog during the answered call hangs it up.
            "disconnectAll"
        ])
    );
    assert!(
        seen["interactionsHeading"]
            .as_str()
            .unwrap()
            .ends_with("Interactions"),
        "{seen:#}"
    );
    assert!(
        seen["errorHeading"]
            .as_str()
            .unwrap()
            .starts_with("Error 4"),
        "{seen:#}"
    );
    assert_eq!(seen["afterCreateParticipant"], "/participants");
    assert_eq!(seen["afterExpiry"], "/login");
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

/// Local mode (no Twilio account): Dial places a simulated call on the embedded fake
/// through `/localCall`; the dialog follows its status to the end. No SDK is loaded.
#[test]
fn local_mode_dials_a_simulated_call() {
    let mut cmd = app_command(
        env!("CARGO_BIN_EXE_proxy-admin"),
        &[("PORT", "0".into()), ("APP_USERS", users_text())],
    );
    let (_app, addr) = twilio_testkit::process::spawn_reporting(&mut cmd).unwrap();
    let seen = run_script(
        "browser-local.js",
        &json!({
            "baseUrl": format!("http://127.0.0.1:{}", addr.port()),
            "username": "alice",
            "password": PASSWORD,
        }),
    );
    assert_eq!(seen["errors"], json!([]), "{seen:#}");
    assert_eq!(seen["problems"], json!([]), "console errors: {seen:#}");
    assert_eq!(seen["audit"]["violations"], json!([]), "axe: {seen:#}");
    assert_eq!(seen["audit"]["overflow"], json!([]), "390 px: {seen:#}");
    assert_eq!(seen["sdkLoaded"], false, "{seen:#}");
    assert!(
        seen["note"].as_str().unwrap().starts_with("Local mode"),
        "{seen:#}"
    );
    assert!(
        seen["dialQuestion"]
            .as_str()
            .unwrap()
            .starts_with("Call Ann (+14155550101) through the proxy number +1"),
        "{seen:#}"
    );
    let in_call = seen["inCall"].as_str().unwrap();
    assert!(
        in_call.starts_with("Call in progress (simulated) (+14155550101 → +1"),
        "{seen:#}"
    );
    assert_eq!(seen["hangupInCall"], true);
    assert!(
        seen["ended"].as_str().unwrap().starts_with("Call ended"),
        "{seen:#}"
    );
    assert_eq!(seen["hangupAfterCall"], false);
    assert_eq!(seen["error"], false, "{seen:#}");
    assert_eq!(
        seen["requests"],
        json!(["/localCall", "/localCall/hangup", "/localCall/status"]),
        "the dialog talks to the server only; no SDK bundle: {seen:#}"
    );
    assert_eq!(seen["cspViolations"], json!([]), "{seen}");
    assert_eq!(seen["blocked"], json!([]), "nothing loaded from elsewhere");
}
