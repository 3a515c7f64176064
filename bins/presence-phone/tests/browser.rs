//! Headless Chromium: the page loads, logs in, gets a token, and renders presence
//! changes driven by signed webhooks (local mode: presence over Server-Sent Events,
//! no Twilio SDK loaded), passes axe-core and the 390 px check with no console
//! error, and after a server restart goes back to login and comes back live; and, in Twilio mode with the SDKs replaced by
//! fakes, registers the phone, refreshes tokens and drives calls.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stdout
)]

mod common;

use std::{
    io::{BufRead, BufReader, Write},
    process::{Command, Stdio},
};

use common::*;
use twilio_testkit::process::{
    ChildGuard, app_command, closed_port, spawn_listening, spawn_on_free_port,
};

const CALL: &str = "CA0123456789abcdef0123456789abcdef";

fn webhook(base: &str, path: &str, params: &[(&str, &str)]) -> u16 {
    let url = format!("{base}{path}");
    let sig = twilio_webhook::Signer::new(AUTH_TOKEN).sign(&url, params);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        reqwest::Client::new()
            .post(&url)
            .header("X-Twilio-Signature", sig)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(form(params))
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    })
}

/// The app in local mode on `port` with its database at `db`.
fn local_app(port: u16, db: &std::path::Path) -> Command {
    let vars = [
        ("PATH", std::env::var("PATH").unwrap_or_default()),
        ("BIND_ADDRESS", format!("127.0.0.1:{port}")),
        ("LOCAL_AUTH_TOKEN", AUTH_TOKEN.to_owned()),
        ("SQLITE_PATH", db.display().to_string()),
        ("APP_USERS", users().to_owned()),
    ];
    let mut cmd = app_command(env!("CARGO_BIN_EXE_presence-phone"), &vars);
    cmd.stdin(Stdio::null());
    cmd
}

#[test]
fn page_logs_in_renders_presence_holds_up_and_recovers_from_a_restart() {
    let web = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("web/node_modules/axe-core");
    assert!(
        web.exists(),
        "run scripts/setup.sh (npm ci in bins/presence-phone/web)"
    );
    let db = temp_db("browser");
    let (app, addr) = spawn_on_free_port(|port| local_app(port, &db)).unwrap();
    let mut app = Some(app);
    let base = format!("http://{addr}");

    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser.js");
    let mut node = Command::new("node")
        .arg(script)
        .env("BASE_URL", &base)
        .env("APP_USER", "alice")
        .env("APP_PASSWORD", PASSWORD)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut stdin = node.stdin.take().unwrap();
    let stdout = BufReader::new(node.stdout.take().unwrap());
    let _node = ChildGuard(node);

    let reach = |event: &str| {
        let p = [
            ("EventType", event),
            ("Identity", "alice"),
            ("EndpointId", "EPbrowser"),
        ];
        webhook(&base, "/api/sync-callback", &p)
    };
    let status = |s: &str| {
        let p = [("CallSid", CALL), ("CallStatus", s), ("To", "client:alice")];
        webhook(&base, "/api/phone/status-callback", &p)
    };
    let mut result = None;
    for line in stdout.lines() {
        let line = line.unwrap();
        if let Some(n) = line.strip_prefix("STEP ") {
            let code = match n {
                "0" => reach("endpoint_connected"),
                "1" => status("ringing"),
                "2" => status("completed"),
                "3" => reach("endpoint_disconnected"),
                // A new connection after the restart (endpoint ids are never reused).
                "4" => webhook(
                    &base,
                    "/api/sync-callback",
                    &[
                        ("EventType", "endpoint_connected"),
                        ("Identity", "alice"),
                        ("EndpointId", "EPbrowser2"),
                    ],
                ),
                "restart" => {
                    // Stop the server (the page's feed drops), start it again on the
                    // same port and database.
                    drop(app.take());
                    app = Some(
                        spawn_listening(&mut local_app(addr.port(), &db), addr.port()).unwrap(),
                    );
                    200
                }
                other => panic!("unknown step {other}"),
            };
            assert_eq!(code, 200, "step {n}");
            writeln!(stdin, "DONE {n}").unwrap();
        } else if let Some(json) = line.strip_prefix("RESULT ") {
            result = Some(serde_json::from_str::<serde_json::Value>(json).unwrap());
            break;
        }
    }
    let r = result.expect("browser script printed no RESULT");
    println!("{r:#}");
    assert_eq!(r["errors"], serde_json::json!([]), "{r:#}");
    assert_eq!(
        r["problems"],
        serde_json::json!([]),
        "console errors: {r:#}"
    );
    assert_eq!(
        r["audit"]["violations"],
        serde_json::json!([]),
        "axe: {r:#}"
    );
    assert_eq!(
        r["audit"]["overflow"],
        serde_json::json!([]),
        "390 px: {r:#}"
    );
    assert_eq!(r["audit"]["pages"].as_array().unwrap().len(), 2);
    assert!(
        r["banner"].as_str().unwrap().starts_with("LOCAL MODE"),
        "{r:#}"
    );
    assert_eq!(r["sdks"], "undefined", "no Twilio SDK in local mode");
    assert_eq!(r["vendorRequests"], serde_json::json!([]));
    assert_eq!(
        r["blocked"],
        serde_json::json!([]),
        "nothing but the app reached"
    );
    assert_eq!(r["dialLabel"], "Number to call");
    assert_eq!(r["patternChecks"], true, "the pattern works in Chrome");
    assert_eq!(r["patternAccepts"], true);
    assert_eq!(r["loginError"], "Invalid username or password");
    assert_eq!(r["me"], "alice");
    let rendered: Vec<&str> = r["rendered"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(
        rendered,
        [
            "available alice - endpoints: 1",
            "busy alice - endpoints: 1",
            "available alice - endpoints: 1",
            "unavailable alice - endpoints: 0"
        ]
    );
    // After the restart: back to login with a reason, then live again.
    assert_eq!(
        r["afterRestart"],
        "The server restarted or your session ended: log in again."
    );
    // While the server was away the browser logged only failed connections.
    for p in r["restartProblems"].as_array().unwrap() {
        let p = p.as_str().unwrap();
        assert!(p.contains("net::ERR_"), "unexpected console error: {p}");
    }
    assert_eq!(r["recovered"], "available alice - endpoints: 1");
}

#[test]
fn twilio_mode_phone_refreshes_tokens_and_drives_calls() {
    let db = temp_db("browser-twilio");
    // Sync points at a port bound but never listened on, so held by us and refusing
    // connections: the mirror just keeps retrying in the background.
    let dead = closed_port();
    let (_app, addr) = spawn_on_free_port(|port| {
        let base = format!("http://127.0.0.1:{port}");
        let vars = [
            ("PATH", std::env::var("PATH").unwrap_or_default()),
            ("BIND_ADDRESS", format!("127.0.0.1:{port}")),
            ("PUBLIC_BASE_URL", base.clone()),
            (
                "TWILIO_ACCOUNT_SID",
                "AC0123456789abcdef0123456789abcdef".to_owned(),
            ),
            ("TWILIO_AUTH_TOKEN", AUTH_TOKEN.to_owned()),
            (
                "TWILIO_API_KEY_SID",
                "SK0123456789abcdef0123456789abcdef".to_owned(),
            ),
            ("TWILIO_API_KEY_SECRET", "api-key-secret".to_owned()),
            (
                "TWILIO_SYNC_SERVICE_SID",
                "IS0123456789abcdef0123456789abcdef".to_owned(),
            ),
            (
                "TWILIO_TWIML_APP_SID",
                "AP0123456789abcdef0123456789abcdef".to_owned(),
            ),
            ("TWILIO_PHONE_NUMBER", "+15551230000".to_owned()),
            (
                "TWILIO_SYNC_BASE_URL",
                format!("http://{}", dead.local_addr().unwrap()),
            ),
            ("SQLITE_PATH", db.display().to_string()),
            ("APP_USERS", users().to_owned()),
        ];
        let mut cmd = app_command(env!("CARGO_BIN_EXE_presence-phone"), &vars);
        cmd.stdin(Stdio::null()).env("RUST_LOG", "error");
        cmd
    })
    .unwrap();
    let base = format!("http://{addr}");
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser-twilio.js");
    let out = Command::new("node")
        .arg(script)
        .env("BASE_URL", &base)
        .env("APP_USER", "alice")
        .env("APP_PASSWORD", PASSWORD)
        .stderr(Stdio::inherit())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let json = stdout
        .lines()
        .find_map(|l| l.strip_prefix("RESULT "))
        .expect("no RESULT");
    let r: serde_json::Value = serde_json::from_str(json).unwrap();
    println!("{r:#}");
    assert_eq!(r["errors"], serde_json::json!([]), "{r:#}");
    assert_eq!(
        r["bannerHidden"], true,
        "no local-mode banner in Twilio mode"
    );
    assert_eq!(r["identity"], "alice");
    assert_eq!(r["sameTokenForSync"], true);
    assert_eq!(r["mapName"], "presence");
    assert_eq!(r["refreshed"], true);
    assert_eq!(r["refreshedIdentity"], "alice");
    assert_eq!(r["incomingFrom"], "+15005550006");
    assert_eq!(r["onCall"], "on call");
    assert_eq!(r["patternBlocked"], true, "the browser checks the pattern");
    assert_eq!(r["errorAfterBlocked"], "");
    assert_eq!(r["dialError"], "Enter an E.164 number such as +15551230000");
    assert_eq!(
        r["log"],
        serde_json::json!([
            "register",
            "accept",
            "disconnect",
            "reject",
            "connect:+15551234567",
            "disconnect"
        ])
    );
}
