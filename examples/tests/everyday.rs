//! Runs the six everyday jobs of `docs/everyday.md` as a user would: the network-free
//! ones on their own (output checked), the REST ones against Prism serving Twilio's
//! OpenAPI (`TWILIO_BASE_URL` points the client there), and the actix handler through
//! actix's test utilities with a request signed by `twilio_webhook::Signer`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;
use std::process::{Command, Output};

use twilio_testkit::prism::{Prism, Spec};
use twilio_token::Verifier;

/// The actix example's handler, compiled here as it is there (its `main` is unused).
#[allow(dead_code)]
#[path = "../webhook_actix.rs"]
mod webhook_actix;

const ACCOUNT: &str = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

/// `target/<profile>/examples/<name>`, built by `cargo build --examples` (scripts/test.sh
/// runs it: `--all-targets` alone builds examples in test mode only).
fn example(name: &str) -> Command {
    let exe = std::env::current_exe().unwrap();
    let profile_dir = exe.parent().and_then(|deps| deps.parent()).unwrap();
    let path: PathBuf = profile_dir
        .join("examples")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    assert!(
        path.exists(),
        "{} not built: run `cargo build --examples` first (scripts/test.sh does)",
        path.display()
    );
    let mut cmd = Command::new(path);
    // Only what each test passes: no credentials of the machine running the tests.
    for (key, _) in std::env::vars() {
        if key.starts_with("TWILIO_") {
            cmd.env_remove(key);
        }
    }
    cmd
}

fn stdout(output: &Output) -> String {
    assert!(
        output.status.success(),
        "exit {:?}\nstderr: {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn is_sid(text: &str, prefixes: &[&str]) -> bool {
    text.len() == 34
        && prefixes.iter().any(|p| text.starts_with(p))
        && text[2..].bytes().all(|b| b.is_ascii_hexdigit())
}

#[test]
fn answer_call_prints_dial_client_twiml() {
    let out = stdout(&example("answer_call").output().unwrap());
    assert_eq!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Dial timeout=\"20\">\
         <Client>alice</Client></Dial></Response>\n"
    );
}

#[test]
fn access_token_prints_a_voice_and_sync_token() {
    let out = example("access_token")
        .env("TWILIO_ACCOUNT_SID", ACCOUNT)
        .env("TWILIO_API_KEY", "SKbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb")
        .env("TWILIO_API_SECRET", "example-secret")
        .output()
        .unwrap();
    let jwt = stdout(&out);
    let claims = Verifier::new("example-secret")
        .verify_access_token(jwt.trim())
        .unwrap()
        .claims;
    assert_eq!(claims.sub.as_str(), ACCOUNT);
    assert_eq!(claims.grants.identity.as_deref(), Some("alice"));
    let voice = claims.grants.voice().expect("a voice grant");
    assert!(voice.incoming);
    assert!(claims.grants.sync().is_some(), "a sync grant");
    // Without the key, it says which variable is missing and fails.
    let missing = example("access_token")
        .env("TWILIO_ACCOUNT_SID", ACCOUNT)
        .output()
        .unwrap();
    assert!(!missing.status.success());
    let stderr = String::from_utf8_lossy(&missing.stderr);
    assert!(stderr.contains("TWILIO_API_KEY"), "{stderr}");
}

/// Runs a REST example against Prism and returns its output lines.
fn against_prism(name: &str, spec: Spec) -> Vec<String> {
    let prism = Prism::start(spec).unwrap();
    let out = example(name)
        .env("TWILIO_ACCOUNT_SID", ACCOUNT)
        .env("TWILIO_AUTH_TOKEN", "token")
        .env("TWILIO_BASE_URL", prism.base_url())
        .output()
        .unwrap();
    if !out.status.success() {
        panic!(
            "{name}: {}\nviolations: {:?}\nprism log:\n{}",
            String::from_utf8_lossy(&out.stderr),
            prism.violations(),
            prism.log_tail()
        );
    }
    prism.assert_clean().unwrap();
    assert!(!prism.requests().is_empty(), "{name} sent nothing to Prism");
    stdout(&out).lines().map(str::to_owned).collect()
}

#[test]
fn send_sms_against_prism_prints_the_message_sid() {
    let lines = against_prism("send_sms", Spec::Api);
    assert!(
        matches!(&lines[..], [sid] if is_sid(sid, &["SM", "MM"])),
        "{lines:?}"
    );
}

#[test]
fn place_call_against_prism_prints_the_call_sid() {
    let lines = against_prism("place_call", Spec::Api);
    assert!(
        matches!(&lines[..], [sid] if is_sid(sid, &["CA"])),
        "{lines:?}"
    );
}

#[test]
fn workers_against_prism_prints_every_worker() {
    let lines = against_prism("workers", Spec::TaskRouter);
    assert!(!lines.is_empty());
    for line in &lines {
        let sid = line.split(' ').next().unwrap();
        assert!(is_sid(sid, &["WK"]), "{line}");
    }
}

#[test]
fn rest_examples_fail_cleanly_without_credentials() {
    let out = example("send_sms").output().unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("TWILIO_ACCOUNT_SID is not set"), "{stderr}");
}

mod webhook {
    use actix_web::{App, http::StatusCode, test};
    use twilio_webhook::actix::WebhookConfig;
    use twilio_webhook::{Signer, Validator};

    use super::webhook_actix::voice;

    const URL: &str = "https://example.com/voice";

    async fn call(signature: Option<&str>, params: &[(&str, &str)]) -> (StatusCode, String) {
        let config = WebhookConfig::builder(Validator::new("auth-token").unwrap())
            .public_base_url("https://example.com")
            .build()
            .unwrap();
        let app = test::init_service(App::new().app_data(config).service(voice)).await;
        let mut req = test::TestRequest::post().uri("/voice").set_form(params);
        if let Some(signature) = signature {
            req = req.insert_header(("X-Twilio-Signature", signature));
        }
        let resp = test::call_service(&app, req.to_request()).await;
        let status = resp.status();
        let body = test::read_body(resp).await;
        (status, String::from_utf8(body.to_vec()).unwrap())
    }

    #[actix_web::test]
    async fn signed_request_gets_twiml() {
        let params = [
            ("CallSid", "CAaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
            ("From", "+15005550006"),
        ];
        let signature = Signer::new("auth-token").sign(URL, &params);
        let (status, body) = call(Some(&signature), &params).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            body,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Say>Hello +15005550006</Say></Response>"
        );
    }

    #[actix_web::test]
    async fn unsigned_or_forged_requests_are_refused() {
        let params = [("From", "+15005550006")];
        assert_eq!(
            call(None, &params).await,
            (StatusCode::BAD_REQUEST, String::new())
        );
        let forged = Signer::new("another-token").sign(URL, &params);
        assert_eq!(
            call(Some(&forged), &params).await,
            (StatusCode::FORBIDDEN, String::new())
        );
    }
}

/// `?` works from every published crate's error into `Box<dyn Error + Send + Sync>`
/// (and so into `anyhow::Error`): each is `Error + Send + Sync + 'static`.
#[test]
fn every_published_error_type_boxes() {
    fn boxes<E: std::error::Error + Send + Sync + 'static>() {}
    boxes::<twilio_types::Error>();
    boxes::<twilio_twiml::Error>();
    boxes::<twilio_token::Error>();
    boxes::<twilio_webhook::Error>();
    boxes::<twilio_webhook::actix::WebhookRejection>();
    boxes::<twilio_rest::Error>();
    boxes::<twilio_presence::Error>();
    boxes::<twilio_presence::InvalidReason>();
    fn question_mark() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
        twilio_rest::Twilio::builder().build()?;
        Ok(())
    }
    let err = question_mark().unwrap_err();
    assert!(err.downcast_ref::<twilio_rest::Error>().is_some());
    // And into the `std::io::Result` of an actix-web `main`.
    fn io_main() -> std::io::Result<()> {
        twilio_webhook::Validator::new("")?;
        Ok(())
    }
    assert_eq!(
        io_main().unwrap_err().kind(),
        std::io::ErrorKind::InvalidInput
    );
}

#[test]
fn webhook_server_refuses_to_start_without_an_auth_token() {
    let out = example("webhook_actix").output().unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("TWILIO_AUTH_TOKEN"), "{stderr}");
}

/// `docs/everyday.md` shows each example as it is (regenerate it with
/// `scripts/everyday-doc.py`).
#[test]
fn everyday_page_shows_the_current_code() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let page = std::fs::read_to_string(root.join("../docs/everyday.md")).unwrap();
    let pairs = [
        ("send_sms", "send_sms"),
        ("place_call", "place_call"),
        ("answer_call", "answer_call"),
        ("webhook_actix", "webhook_express"),
        ("access_token", "access_token"),
        ("workers", "workers"),
    ];
    for (rust, node) in pairs {
        let source = std::fs::read_to_string(root.join(format!("{rust}.rs"))).unwrap();
        let code: Vec<&str> = source
            .lines()
            .filter(|l| !l.starts_with("//!") && !l.starts_with("#![allow"))
            .skip_while(|l| l.is_empty())
            .collect();
        let code = format!("```rust\n{}\n```", code.join("\n"));
        assert!(
            page.contains(&code),
            "docs/everyday.md shows stale {rust}.rs"
        );
        let js = std::fs::read_to_string(root.join(format!("node/{node}.mjs"))).unwrap();
        let js = format!("```js\n{}\n```", js.trim_end());
        assert!(
            page.contains(&js),
            "docs/everyday.md shows stale node/{node}.mjs"
        );
    }
}

/// The longer TwiML example runs too (its own `debug_assert` checks the round trip).
#[test]
fn incoming_call_prints_its_document() {
    let out = stdout(&example("incoming_call").output().unwrap());
    assert!(
        out.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Say"),
        "{out}"
    );
    for part in [
        "<Identity>alice</Identity>",
        "<Identity>bob</Identity>",
        "timeout=\"20\"",
        "maxLength=\"120\"",
    ] {
        assert!(out.contains(part), "{part} missing from {out}");
    }
}
