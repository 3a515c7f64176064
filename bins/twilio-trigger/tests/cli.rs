//! Runs the real binary against a tiny local server that validates with twilio-webhook.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stdout
)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::process::Command;
use std::thread;

use twilio_webhook::{Validator, WebhookRequest, parse_form, payload};

const PUBLIC: &str = "https://phone.example.com";

/// Accepts one request, validates it against `PUBLIC` + path, answers 200 with the
/// Sync identity (or 403), and returns the raw request head.
fn serve_once(listener: TcpListener, token: &'static str) -> thread::JoinHandle<String> {
    thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        let mut reader = BufReader::new(stream);
        let mut head = String::new();
        let mut len = 0;
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            if line == "\r\n" {
                break;
            }
            if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                len = v.trim().parse().unwrap();
            }
            head.push_str(&line);
        }
        let mut body = vec![0; len];
        reader.read_exact(&mut body).unwrap();
        let path = head.split(' ').nth(1).unwrap().to_owned();
        let header = |name: &str| {
            head.lines().find_map(|l| {
                l.split_once(':')
                    .filter(|(n, _)| n.eq_ignore_ascii_case(name))
                    .map(|(_, v)| v.trim().to_owned())
            })
        };
        let sig = header("X-Twilio-Signature");
        let url = format!("{PUBLIC}{path}");
        let params = parse_form(&body);
        let req = WebhookRequest::new(&url, sig.as_deref())
            .form_params(&params)
            .raw_body(&body);
        let ok = Validator::new(token)
            .unwrap()
            .validate_request(&req)
            .is_ok();
        let reply = if ok {
            let e: payload::SyncEvent = payload::from_params(&params).unwrap();
            format!(
                "HTTP/1.1 200 OK\r\nContent-Length: {}\r\n\r\n{}",
                e.identity.as_deref().unwrap_or("").len(),
                e.identity.unwrap_or_default()
            )
        } else {
            "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n".to_owned()
        };
        reader.get_mut().write_all(reply.as_bytes()).unwrap();
        head
    })
}

fn trigger(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_twilio-trigger"))
        .args(args)
        .env_remove("TWILIO_AUTH_TOKEN")
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn sync_preset_with_public_url_is_accepted() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let server = serve_once(listener, "cli-token");
    let url = format!("http://{addr}/api/sync-callback?x=it's+1");
    let (code, out) = trigger(&[
        "sync-endpoint-connected",
        "--url",
        &url,
        "--public-url",
        PUBLIC,
        "--auth-token",
        "cli-token",
        "--param",
        "Identity=bob",
        "--idempotency-token",
        "idem-42",
    ]);
    let head = server.join().unwrap();
    assert_eq!((code, out.as_str()), (0, "HTTP 200 OK\nbob\n"));
    assert!(
        head.contains("I-Twilio-Idempotency-Token: idem-42"),
        "{head}"
    );
    assert!(
        head.starts_with("POST /api/sync-callback?x=it's+1 HTTP/1.1"),
        "{head}"
    );
}

#[test]
fn wrong_token_gets_403_and_exit_code_1() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let server = serve_once(listener, "right-token");
    let url = format!("http://{addr}/api/sync-callback");
    let (code, out) = trigger(&[
        "sync-endpoint-disconnected",
        "--url",
        &url,
        "--public-url",
        PUBLIC,
        "--auth-token",
        "wrong",
    ]);
    server.join().unwrap();
    assert_eq!((code, out.as_str()), (1, "HTTP 403 Forbidden\n"));
}

#[test]
fn dry_run_prints_a_signed_request() {
    let (code, out) = trigger(&[
        "sms",
        "--url",
        "http://127.0.0.1:9/sms",
        "--auth-token",
        "t",
        "--dry-run",
        "-p",
        "Body=hi",
    ]);
    assert_eq!(code, 0);
    assert!(out.contains("POST /sms HTTP/1.1"), "{out}");
    assert!(out.contains("X-Twilio-Signature: "), "{out}");
    assert!(out.contains("Body=hi"), "{out}");
    assert!(
        !out.contains("Hello+from"),
        "preset Body must be replaced: {out}"
    );
}

#[test]
fn missing_token_is_a_usage_error() {
    let (code, _) = trigger(&[
        "incoming-call",
        "--url",
        "http://127.0.0.1:9/voice",
        "--dry-run",
    ]);
    assert_eq!(code, 2);
}
