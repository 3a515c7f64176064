//! Headless Chromium connects like the Flex plugins (`new WebSocket(url, token)`):
//! the handshake completes with the token echoed as the sub-protocol, the stats
//! socket delivers the queue array (Prism serving TaskRouter's contract), the dial
//! socket answers a call (Prism serving api_v2010) with a `callUpdate`, and a wrong
//! token makes the browser's socket fail. IAM is a wiremock stub.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stdout
)]

mod common;

use std::net::TcpListener;
use std::process::{Command, Stdio};

use actix_web::{App, HttpServer, web};
use common::*;
use flex_backend::configure;
use serde_json::Value;
use twilio_testkit::prism::{Prism, Spec};

#[actix_web::test]
async fn a_browser_connects_like_the_flex_plugins() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    assert!(
        dir.join("web/node_modules/playwright-core").exists(),
        "run scripts/setup.sh (npm ci in bins/flex-backend/web)"
    );
    let api = web::block(|| Prism::start(Spec::Api))
        .await
        .unwrap()
        .unwrap();
    let taskrouter = web::block(|| Prism::start(Spec::TaskRouter))
        .await
        .unwrap()
        .unwrap();
    let iam = iam_stub().await;
    let state = state(&[
        ("TWILIO_API_BASE_URL", api.base_url()),
        ("TWILIO_TASKROUTER_BASE_URL", taskrouter.base_url()),
        ("TWILIO_IAM_BASE_URL", &iam.uri()),
        ("STATS_REALTIME_SECS", "1"),
    ]);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let server = HttpServer::new(move || App::new().configure(configure(state.clone())))
        .workers(1)
        .disable_signals()
        .listen(listener)
        .unwrap()
        .run();
    let handle = server.handle();
    actix_web::rt::spawn(server);

    let script = dir.join("tests/browser.js");
    let node_base = base.clone();
    let output = web::block(move || {
        Command::new("node")
            .arg(script)
            .env("BASE_URL", node_base)
            .env("FLEX_TOKEN", ALICE_TOKEN)
            .env("WRONG_TOKEN", "eyJ.wrong-token.sig")
            .env("CONTACT_URI", ALICE_CONTACT_URI)
            .stdin(Stdio::null())
            .stderr(Stdio::inherit())
            .output()
    })
    .await
    .unwrap()
    .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let r: Value = stdout
        .lines()
        .find_map(|l| l.strip_prefix("RESULT "))
        .map(|json| serde_json::from_str(json).unwrap())
        .unwrap_or_else(|| panic!("browser script printed no RESULT: {stdout}"));
    println!("{r:#}");
    assert_eq!(r["errors"], serde_json::json!([]), "{r:#}");

    // The handshake completed with the token as the selected sub-protocol.
    assert_eq!(r["stats"]["protocol"], ALICE_TOKEN);
    assert_eq!(r["stats"]["arrays"][0], 0, "the empty cache first: {r:#}");
    let queue = &r["stats"]["first"];
    assert!(queue["sid"].as_str().unwrap().starts_with("WQ"), "{queue}");
    for channel in ["all", "voice", "chat", "video"] {
        assert!(
            queue[format!("realTimeStats_{channel}")].is_object(),
            "{queue}"
        );
    }
    assert_eq!(r["update"]["protocol"], ALICE_TOKEN);
    let update = &r["update"]["message"];
    assert_eq!(update["messageType"], "callUpdate", "{update}");
    assert!(update["callSid"].as_str().unwrap().starts_with("CA"));
    api.assert_clean().unwrap();
    taskrouter.assert_clean().unwrap();

    // The wrong token: the browser reports an error and an abnormal close.
    assert_eq!(r["refused"]["opened"], false, "{r:#}");
    assert_eq!(r["refused"]["error"], true, "{r:#}");
    assert_eq!(r["refused"]["code"], 1006, "{r:#}");
    handle.stop(false).await;
}
