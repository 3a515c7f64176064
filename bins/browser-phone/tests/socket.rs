//! The real binary on a real socket: configured from the environment, logging in,
//! a token, a signed webhook, and failing fast on bad configuration.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::process::{Command, Stdio};

use common::*;
use serde_json::{Value, json};
use twilio_testkit::process::{app_command, spawn_reporting};

fn command(vars: &[(&str, String)]) -> Command {
    app_command(env!("CARGO_BIN_EXE_browser-phone"), vars)
}

fn env_for(port: u16) -> Vec<(&'static str, String)> {
    vec![
        ("TWILIO_ACCOUNT_SID", ACCOUNT_SID.into()),
        ("TWILIO_AUTH_TOKEN", AUTH_TOKEN.into()),
        ("TWILIO_API_KEY_SID", API_KEY_SID.into()),
        ("TWILIO_API_KEY_SECRET", API_KEY_SECRET.into()),
        ("TWILIO_TWIML_APP_SID", APP_SID.into()),
        ("TWILIO_PHONE_NUMBER", PHONE_NUMBER.into()),
        ("PUBLIC_BASE_URL", PUBLIC_BASE_URL.into()),
        ("ALLOWED_DESTINATION_PREFIXES", "+1".into()),
        ("INCOMING_CALL_DEFAULT_USER", "alice".into()),
        (
            "SESSION_SECRET",
            "0123456789abcdef0123456789abcdef-socket".into(),
        ),
        ("APP_USERS", users_text()),
        ("BIND_ADDRESS", format!("127.0.0.1:{port}")),
        ("TWILIO_API_BASE_URL", "http://127.0.0.1:9".into()),
    ]
}

#[tokio::test]
async fn serves_login_token_and_signed_webhooks_on_a_socket() {
    let mut cmd = command(&env_for(0));
    let (_guard, addr) = spawn_reporting(cmd.stderr(Stdio::null())).unwrap();
    let base = format!("http://{addr}");
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();

    let res = http.get(format!("{base}/")).send().await.unwrap();
    assert_eq!(res.status(), 303);

    let res = http
        .post(format!("{base}/api/login"))
        .json(&json!({"username": "alice", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let cookie = res.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();

    let res = http
        .post(format!("{base}/api/token/generate"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    let claims = twilio_token::Verifier::new(API_KEY_SECRET)
        .verify_access_token(body["token"].as_str().unwrap())
        .unwrap()
        .claims;
    assert_eq!(claims.grants.identity.as_deref(), Some("alice"));

    // Signed for the public URL, delivered to the socket (as through a tunnel).
    let (form, signature) = signed_form("/hooks/voice", &voice_params(PHONE_NUMBER));
    let res = http
        .post(format!("{base}/hooks/voice"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("x-twilio-signature", &signature)
        .body(form.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/xml")
    );
    assert!(res.text().await.unwrap().contains("<Client>alice</Client>"));

    let res = http
        .post(format!("{base}/hooks/voice"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
}

#[test]
fn refuses_to_start_with_bad_configuration() {
    let mut vars = env_for(0);
    vars.retain(|(k, _)| *k != "ALLOWED_DESTINATION_PREFIXES");
    let out = command(&vars).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let log = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(log.contains("ALLOWED_DESTINATION_PREFIXES"), "{log}");
    assert!(!log.contains(AUTH_TOKEN), "{log}");
}

#[test]
fn hash_password_prints_a_hash_the_users_file_accepts() {
    use std::io::Write as _;
    let mut child = command(&[])
        .arg("hash-password")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"s3cret pass\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let hash = String::from_utf8(out.stdout).unwrap();
    assert!(hash.starts_with("$argon2id$"), "{hash}");
    let users = twilio_app_auth::Users::parse(&format!("carol:{}", hash.trim())).unwrap();
    assert!(users.verify("carol", "s3cret pass").is_ok());
    assert!(users.verify("carol", "s3cret pass\n").is_err());
}
