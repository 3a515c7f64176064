//! The real binary on a real socket: configured from the environment, logging in
//! through the form, a page, an action whose Twilio is unreachable, a signed webhook,
//! and failing fast on bad configuration.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;
use twilio_testkit::process::{app_command, spawn_on_free_port};

fn command(vars: &[(&str, String)]) -> Command {
    app_command(env!("CARGO_BIN_EXE_proxy-admin"), vars)
}

fn env_for(port: u16) -> Vec<(&'static str, String)> {
    vec![
        ("TWILIO_ACCOUNT_SID", ACCOUNT_SID.into()),
        ("TWILIO_AUTH_TOKEN", AUTH_TOKEN.into()),
        ("TWILIO_API_KEY_SID", API_KEY_SID.into()),
        ("TWILIO_API_KEY_SECRET", API_KEY_SECRET.into()),
        ("PUBLIC_BASE_URL", format!("http://127.0.0.1:{port}")),
        ("ALLOWED_SMS_SENDERS", SENDER.into()),
        (
            "SESSION_SECRET",
            "0123456789abcdef0123456789abcdef-socket".into(),
        ),
        ("APP_USERS", users_text()),
        ("PORT", port.to_string()),
        ("TWILIO_API_BASE_URL", "http://127.0.0.1:9".into()),
        ("TWILIO_PROXY_BASE_URL", "http://127.0.0.1:9".into()),
    ]
}

#[tokio::test]
async fn serves_login_pages_actions_and_webhooks_on_a_socket() {
    // The public URL names the port, so the port is chosen first (and retried if taken).
    let (_guard, addr) = spawn_on_free_port(|port| {
        let mut cmd = command(&env_for(port));
        cmd.stderr(Stdio::null());
        cmd
    })
    .unwrap();
    let base = format!("http://{addr}");
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap();

    let res = http.get(format!("{base}/services")).send().await.unwrap();
    assert_eq!(res.status(), 302);
    assert_eq!(res.headers()["location"], "/login?next=%2Fservices");

    let res = http
        .post(format!("{base}/login"))
        .header("origin", &base)
        .form(&[("username", "alice"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let cookie = res.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();

    let res = http
        .get(format!("{base}/"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("Twilio Proxy Administration App")
    );

    // Twilio unreachable: a prompt 502 with a plain message, never a hang.
    let started = Instant::now();
    let res = http
        .post(format!("{base}/createService"))
        .header("cookie", &cookie)
        .header("origin", &base)
        .form(&[
            ("uniqueName", "rides"),
            ("geoMatchLevel", "country"),
            ("numberSelectionBehavior", "avoid-sticky"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 502);
    assert_eq!(res.text().await.unwrap(), "Twilio could not be reached");
    assert!(started.elapsed() < Duration::from_secs(15));

    // The webhook is signed over the URL Twilio used: this socket's.
    let (body, signature) = signed_form_for(&base, "/recordCall", &record_params());
    let res = http
        .post(format!("{base}/recordCall"))
        .header("x-twilio-signature", signature)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let res = http
        .post(format!("{base}/recordCall"))
        .header("x-twilio-signature", "bm90IGEgc2lnbmF0dXJl")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
}

#[test]
fn refuses_to_start_without_required_settings_and_never_prints_secrets() {
    let mut vars = env_for(0);
    vars.retain(|(k, _)| *k != "SESSION_SECRET");
    let out = command(&vars).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let log = String::from_utf8_lossy(&out.stdout) + String::from_utf8_lossy(&out.stderr);
    assert!(log.contains("SESSION_SECRET"), "{log}");
    assert!(
        !log.contains(AUTH_TOKEN) && !log.contains(API_KEY_SECRET),
        "{log}"
    );
}
