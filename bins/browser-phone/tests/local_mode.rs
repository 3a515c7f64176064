//! `browser-phone` with no Twilio variables starts in local mode on the embedded
//! Twilio fake: the real binary on port 0 with an environment cleared of every
//! `TWILIO_*` variable, logged into with the demo password it prints once, sending a
//! text and a voice message and listing them; and the same walk in headless Chromium
//! (`tests/browser-local.js`): banner, no Voice SDK, no console error, the SMS listed.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{BufRead as _, BufReader};
use std::net::SocketAddr;
use std::path::Path;
use std::process::Stdio;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use twilio_testkit::process::{ChildGuard, app_command, listening_addr, node_json};
use twilio_testkit::wait;

/// The running binary, its address and the demo password it logged.
struct LocalApp {
    _child: ChildGuard,
    base: String,
    password: String,
}

/// `text` without terminal colour codes (`ESC [ … m`).
fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Starts the binary with nothing but `BIND` (port 0) and a log level: no Twilio
/// variable, no users. Reads its log until it says where it listens; the demo
/// password line comes before that.
fn start_local() -> LocalApp {
    let mut cmd = app_command(
        env!("CARGO_BIN_EXE_browser-phone"),
        &[("BIND_ADDRESS", "127.0.0.1:0".into())],
    );
    // `app_command` clears the environment; say so explicitly for the Twilio ones.
    for var in [
        "TWILIO_ACCOUNT_SID",
        "TWILIO_AUTH_TOKEN",
        "TWILIO_API_KEY_SID",
        "TWILIO_API_KEY_SECRET",
        "TWILIO_TWIML_APP_SID",
        "TWILIO_PHONE_NUMBER",
        "TWILIO_API_BASE_URL",
        "APP_USERS",
        "APP_USERS_FILE",
    ] {
        cmd.env_remove(var);
    }
    let mut child = cmd.stdout(Stdio::piped()).spawn().unwrap();
    let stdout = child.stdout.take().unwrap();
    let guard = ChildGuard(child);
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if tx.send(strip_ansi(&line)).is_err() {
                break;
            }
        }
    });
    let started = Instant::now();
    let mut password = None;
    let mut log = Vec::new();
    let addr: SocketAddr = loop {
        let remaining = wait::GUARD.saturating_sub(started.elapsed());
        let line = rx
            .recv_timeout(remaining.max(Duration::from_millis(1)))
            .unwrap_or_else(|e| panic!("no `listening on` line ({e}); log so far: {log:#?}"));
        if let Some(at) = line.find("password=") {
            let value: String = line[at + "password=".len()..]
                .chars()
                .take_while(char::is_ascii_alphanumeric)
                .collect();
            password = Some(value);
        }
        if let Some(addr) = listening_addr(&line) {
            break addr;
        }
        log.push(line);
    };
    assert!(
        log.iter().any(|l| l.contains("LOCAL MODE")),
        "the log says LOCAL MODE: {log:#?}"
    );
    let password = password.unwrap_or_else(|| panic!("no demo password logged: {log:#?}"));
    assert_eq!(password.len(), 16, "{password}");
    assert_eq!(
        log.iter().filter(|l| l.contains(&password)).count(),
        1,
        "the password is shown once"
    );
    LocalApp {
        _child: guard,
        base: format!("http://{addr}"),
        password,
    }
}

/// Logs `user` in; the session cookie.
async fn login(http: &reqwest::Client, base: &str, user: &str, password: &str) -> String {
    let response = http
        .post(format!("{base}/api/login"))
        .json(&json!({"username": user, "password": password}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200, "{user} logs in");
    response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned()
}

async fn get_json(http: &reqwest::Client, url: String, cookie: &str) -> (u16, Value) {
    let response = http.get(url).header("cookie", cookie).send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn post_json(http: &reqwest::Client, url: String, cookie: &str, body: Value) -> (u16, Value) {
    let response = http
        .post(url)
        .header("cookie", cookie)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_newcomer_sends_and_lists_messages_without_an_account() {
    let app = start_local();
    let base = &app.base;
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    // Ready: polled, not slept.
    wait::until("the app answers /healthz", || async {
        http.get(format!("{base}/healthz"))
            .send()
            .await
            .is_ok_and(|r| r.status().is_success())
    })
    .await
    .unwrap();

    let login_page = http.get(format!("{base}/login")).send().await.unwrap();
    assert_eq!(
        login_page.headers()["x-content-type-options"],
        "nosniff",
        "headers stay"
    );
    assert!(login_page.headers().contains_key("content-security-policy"));
    let login_page = login_page.text().await.unwrap();
    assert!(
        login_page.contains("LOCAL MODE"),
        "the login page is labelled"
    );

    let alice = login(&http, base, "alice", &app.password).await;
    let bob = login(&http, base, "bob", &app.password).await;

    let page = http
        .get(format!("{base}/"))
        .header("cookie", &alice)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("LOCAL MODE"), "the page is labelled");
    assert!(
        !page.contains("twilio.min.js"),
        "no Voice SDK in local mode"
    );
    let sdk = http
        .get(format!("{base}/vendor/twilio.min.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(sdk.status().as_u16(), 404);

    let (status, config) = get_json(&http, format!("{base}/api/config"), &alice).await;
    assert_eq!(status, 200, "{config}");
    assert_eq!(config["mode"], "local");
    assert_eq!(config["identity"], "alice");
    let from = config["phoneNumber"].as_str().unwrap().to_owned();

    // Nothing listed before anything is sent.
    let (status, empty) = get_json(&http, format!("{base}/api/messages"), &alice).await;
    assert_eq!((status, empty), (200, json!({"messages": []})));

    // Two texts and a voice message from alice, one text from bob.
    let mut sids = Vec::new();
    for text in ["first hello", "second hello"] {
        let (status, sent) = post_json(
            &http,
            format!("{base}/api/messages"),
            &alice,
            json!({"to": "+15551234567", "message": text}),
        )
        .await;
        assert_eq!(status, 200, "{sent}");
        assert!(sent["sid"].as_str().unwrap().starts_with("SM"), "{sent}");
        assert_eq!(sent["from"], from.as_str());
        sids.push(sent["sid"].as_str().unwrap().to_owned());
    }
    let (status, bobs) = post_json(
        &http,
        format!("{base}/api/messages"),
        &bob,
        json!({"to": "+15557654321", "message": "bob's own"}),
    )
    .await;
    assert_eq!(status, 200, "{bobs}");
    let (status, call) = post_json(
        &http,
        format!("{base}/api/calls"),
        &alice,
        json!({"to": "+15551234567", "message": "a spoken hello"}),
    )
    .await;
    assert_eq!(status, 200, "{call}");
    let call_sid = call["sid"].as_str().unwrap().to_owned();
    assert!(call_sid.starts_with("CA"), "{call}");

    // Listed, newest first, alice's only; the fake moves them on to delivered.
    let (status, listed) = get_json(&http, format!("{base}/api/messages"), &alice).await;
    assert_eq!(status, 200, "{listed}");
    let messages = listed["messages"].as_array().unwrap();
    let listed_sids: Vec<_> = messages
        .iter()
        .map(|m| m["sid"].as_str().unwrap())
        .collect();
    assert_eq!(
        listed_sids,
        [sids[1].as_str(), sids[0].as_str()],
        "{listed}"
    );
    assert_eq!(messages[0]["body"], "second hello");
    assert_eq!(messages[0]["to"], "+15551234567");
    wait::until("the messages are delivered", || async {
        let (_, listed) = get_json(&http, format!("{base}/api/messages"), &alice).await;
        listed["messages"]
            .as_array()
            .is_some_and(|m| m.iter().all(|m| m["status"] == "delivered"))
    })
    .await
    .unwrap();
    let (_, limited) = get_json(&http, format!("{base}/api/messages?limit=1"), &alice).await;
    assert_eq!(limited["messages"].as_array().unwrap().len(), 1);
    let (_, of_bob) = get_json(&http, format!("{base}/api/messages"), &bob).await;
    assert_eq!(of_bob["messages"].as_array().unwrap().len(), 1, "{of_bob}");
    assert_eq!(of_bob["messages"][0]["body"], "bob's own");

    let (status, calls) = get_json(&http, format!("{base}/api/calls"), &alice).await;
    assert_eq!(status, 200, "{calls}");
    assert_eq!(calls["calls"][0]["sid"], call_sid.as_str(), "{calls}");
    assert_eq!(calls["calls"].as_array().unwrap().len(), 1);
    let (_, bob_calls) = get_json(&http, format!("{base}/api/calls"), &bob).await;
    assert_eq!(bob_calls, json!({"calls": []}));

    // Lists validate their query and need a login.
    for query in [
        "limit=0",
        "limit=51",
        "limit=many",
        "limit=1&limit=2",
        "page=2",
    ] {
        let (status, body) = get_json(&http, format!("{base}/api/calls?{query}"), &alice).await;
        assert_eq!(status, 400, "{query}: {body}");
        assert!(
            body["error"].as_str().is_some_and(|e| !e.is_empty()),
            "{body}"
        );
    }
    let anonymous = http
        .get(format!("{base}/api/messages"))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status().as_u16(), 401);
    // Input checks still apply in local mode.
    let (status, refused) = post_json(
        &http,
        format!("{base}/api/messages"),
        &alice,
        json!({"to": "+882345678901", "message": "premium"}),
    )
    .await;
    assert_eq!(status, 403, "{refused}");
}

#[test]
fn the_local_page_in_chromium() {
    let app = start_local();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let input = json!({
        "baseUrl": app.base,
        "username": "alice",
        "password": app.password,
        "to": "+15551234567",
        "message": "Hello from local mode",
        "voiceMessage": "Spoken in local mode",
    });
    let seen = node_json(&dir.join("tests/browser-local.js"), dir, &input).unwrap();
    eprintln!("page: {seen:#}");
    assert_eq!(seen["errors"], json!([]), "{seen:#}");
    assert_eq!(seen["problems"], json!([]), "console errors: {seen:#}");
    assert_eq!(
        seen["blocked"],
        json!([]),
        "only the app is reached: {seen:#}"
    );
    assert_eq!(seen["audit"]["violations"], json!([]), "axe: {seen:#}");
    assert_eq!(seen["audit"]["overflow"], json!([]), "390 px: {seen:#}");
    assert!(
        seen["loginBanner"]
            .as_str()
            .unwrap()
            .starts_with("LOCAL MODE"),
        "{seen}"
    );
    assert!(
        seen["banner"].as_str().unwrap().starts_with("LOCAL MODE"),
        "{seen}"
    );
    assert_eq!(seen["identity"], "alice");
    assert_eq!(seen["sdkLoaded"], false, "no Voice SDK in local mode");
    assert_eq!(seen["sdkRequested"], false, "{seen}");
    assert!(
        seen["callStatus"]
            .as_str()
            .unwrap()
            .contains("off in local mode"),
        "{seen}"
    );
    assert!(
        seen["smsResult"]
            .as_str()
            .unwrap()
            .starts_with("Message SM"),
        "{seen}"
    );
    assert!(
        seen["smsListed"]
            .as_str()
            .unwrap()
            .contains("Hello from local mode"),
        "{seen}"
    );
    assert!(
        seen["voiceResult"].as_str().unwrap().starts_with("Call CA"),
        "{seen}"
    );
    assert!(
        seen["voiceListed"]
            .as_str()
            .unwrap()
            .starts_with("+15551234567"),
        "{seen}"
    );
    assert!(
        seen["listedAfterReload"]
            .as_str()
            .unwrap()
            .contains("Hello from local mode"),
        "what was sent is there after a reload: {seen}"
    );
}
