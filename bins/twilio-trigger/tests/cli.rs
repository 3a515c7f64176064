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

// --- Fresh SIDs, --sid, --account-sid -------------------------------------------

/// Runs the binary; exit code, stdout and stderr.
fn trigger_full(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_twilio-trigger"))
        .args(args)
        .env_remove("TWILIO_AUTH_TOKEN")
        .env_remove("TWILIO_ACCOUNT_SID")
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The value of `name` in the form body a `--dry-run` printed.
fn dry_run_param(out: &str, name: &str) -> Option<String> {
    let body = out.lines().rev().find(|l| !l.is_empty())?;
    parse_form(body.as_bytes())
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

fn is_sid(value: &str, prefix: &str) -> bool {
    value.len() == 34
        && value.starts_with(prefix)
        && value[2..]
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

#[test]
fn every_run_gets_a_fresh_well_formed_sid() {
    let run = |event: &str| {
        let (code, out, err) = trigger_full(&[
            event,
            "--url",
            "http://127.0.0.1:9/hook",
            "--auth-token",
            "t",
            "--dry-run",
        ]);
        assert_eq!(code, 0, "{err}");
        (out, err)
    };
    for (event, name, prefix) in [
        ("call-status", "CallSid", "CA"),
        ("presence-call-status", "CallSid", "CA"),
        ("message-status", "MessageSid", "SM"),
        ("proxy-admin-record", "interactionSid", "KI"),
        ("taskrouter-event", "TaskSid", "WT"),
    ] {
        let (first, err) = run(event);
        let (second, _) = run(event);
        let a = dry_run_param(&first, name).unwrap();
        let b = dry_run_param(&second, name).unwrap();
        assert!(is_sid(&a, prefix) && is_sid(&b, prefix), "{a} {b}");
        assert_ne!(a, b, "{event}: the same {name} twice");
        // The SID sent is told on stderr, ready for --sid.
        assert!(err.contains(&format!("{name}={a}")), "{err}");
    }
    // Other generated SIDs are fresh too (the parent call of a <Dial> leg).
    let (first, _) = run("call-status");
    let (second, _) = run("call-status");
    let parent = |o: &str| dry_run_param(o, "ParentCallSid").unwrap();
    assert!(is_sid(&parent(&first), "CA"));
    assert_ne!(parent(&first), parent(&second));
}

#[test]
fn sid_and_account_sid_are_honoured() {
    let sid = "CA0123456789abcdef0123456789abcdef";
    let account = "ACfedcba9876543210fedcba9876543210";
    for _ in 0..2 {
        let (code, out, err) = trigger_full(&[
            "call-status",
            "--url",
            "http://127.0.0.1:9/hook",
            "--auth-token",
            "t",
            "--dry-run",
            "--sid",
            sid,
            "--account-sid",
            account,
        ]);
        assert_eq!(code, 0, "{err}");
        assert_eq!(dry_run_param(&out, "CallSid").as_deref(), Some(sid));
        assert_eq!(dry_run_param(&out, "AccountSid").as_deref(), Some(account));
    }
    // Sync reachability: a fresh EndpointId per run, or the one given.
    let endpoint = |extra: &[&str]| {
        let mut args = vec![
            "presence-sync-connected",
            "--url",
            "http://127.0.0.1:9/api/sync-callback",
            "--auth-token",
            "t",
            "--dry-run",
        ];
        args.extend_from_slice(extra);
        let (code, out, err) = trigger_full(&args);
        (code, dry_run_param(&out, "EndpointId"), err)
    };
    let (_, a, _) = endpoint(&[]);
    let (_, b, _) = endpoint(&[]);
    let a = a.unwrap();
    assert!(a.starts_with("PresencePhone::alice:"), "{a}");
    assert_ne!(Some(a), b);
    let (code, given, _) = endpoint(&["--endpoint-id", "PresencePhone::alice:tab-1"]);
    assert_eq!(
        (code, given.as_deref()),
        (0, Some("PresencePhone::alice:tab-1"))
    );
    let (code, _, err) = endpoint(&["--endpoint-id", "two words"]);
    assert_eq!(code, 2);
    assert!(err.contains("is not an endpoint id"), "{err}");
    // `sid PREFIX` prints one to reuse.
    let (code, out, _) = trigger_full(&["sid", "CA"]);
    assert_eq!(code, 0);
    assert!(is_sid(out.trim(), "CA"), "{out}");
}

#[test]
fn malformed_sids_are_refused_with_a_clear_message() {
    let base = [
        "call-status",
        "--url",
        "http://127.0.0.1:9/hook",
        "--auth-token",
        "t",
        "--dry-run",
    ];
    let with = |extra: &[&str]| {
        let mut args = base.to_vec();
        args.extend_from_slice(extra);
        trigger_full(&args)
    };
    for bad in [
        "CA123",                                // too short
        "SM0123456789abcdef0123456789abcdef",   // wrong prefix
        "CA0123456789abcdef0123456789abcdeg",   // not hex
        "CA0123456789abcdef0123456789abcdef00", // too long
    ] {
        let (code, out, err) = with(&["--sid", bad]);
        assert_eq!(code, 2, "{bad}: {out}");
        assert!(out.is_empty(), "nothing is sent or printed: {out}");
        assert!(
            err.contains(&format!("--sid `{bad}` is not a CallSid"))
                && err.contains("`CA` followed by 32 hex digits"),
            "{err}"
        );
    }
    let (code, _, err) = with(&["--account-sid", "AC123"]);
    assert_eq!(code, 2);
    assert!(err.contains("is not an AccountSid"), "{err}");
    // A preset without a SID of its own says so.
    let (code, _, err) = trigger_full(&[
        "sync-document-updated",
        "--url",
        "http://127.0.0.1:9/hook",
        "--auth-token",
        "t",
        "--sid",
        "CA0123456789abcdef0123456789abcdef",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("generates no SID of its own"), "{err}");
}

// --- Every preset against the apps' signature check ------------------------------

mod app {
    //! A small actix app checking signatures exactly as the apps do:
    //! `TwilioWebhook<T>` configured by `twilio_app_env::webhook_config`, one route
    //! per app webhook path with the payload type that app reads. It answers 200
    //! with the URL it validated and the parameters, as JSON.

    use std::net::{SocketAddr, TcpListener};
    use std::thread;

    use actix_web::{App, HttpResponse, HttpServer, web};
    use serde::de::DeserializeOwned;
    use twilio_webhook::actix::TwilioWebhook;
    use twilio_webhook::payload::{
        CallStatusCallback, Extra, MessagingRequest, ProxyInteraction, SyncEvent, TaskRouterEvent,
        VoiceRequest,
    };

    pub(crate) const PUBLIC: &str = "https://app.example.com";

    async fn echo<T: DeserializeOwned + 'static>(hook: TwilioWebhook<T>) -> HttpResponse {
        HttpResponse::Ok().json(serde_json::json!({
            "url": hook.url(),
            "params": hook.params(),
        }))
    }

    fn routes(cfg: &mut web::ServiceConfig) {
        cfg
            // presence-phone
            .route("/api/sync-callback", web::post().to(echo::<SyncEvent>))
            .route("/api/phone/incoming", web::post().to(echo::<VoiceRequest>))
            .route(
                "/api/phone/status-callback",
                web::post().to(echo::<CallStatusCallback>),
            )
            .route("/api/phone/outgoing", web::post().to(echo::<VoiceRequest>))
            // browser-phone
            .route("/hooks/call/connect", web::post().to(echo::<VoiceRequest>))
            .route("/hooks/voice", web::post().to(echo::<VoiceRequest>))
            // flex-backend
            .route(
                "/twilio-webhook/callHandlerTwiml",
                web::post().to(echo::<VoiceRequest>),
            )
            .route(
                "/twilio-webhook/callStatusCallbackHandler",
                web::post().to(echo::<CallStatusCallback>),
            )
            // proxy-admin
            .route(
                "/proxyDemoOutboundDial",
                web::post().to(echo::<VoiceRequest>),
            )
            .route("/recordCall", web::post().to(echo::<ProxyInteraction>))
            // The generic presets, by payload type.
            .route("/generic/voice", web::post().to(echo::<VoiceRequest>))
            .route(
                "/generic/status",
                web::post().to(echo::<CallStatusCallback>),
            )
            .route(
                "/generic/messaging",
                web::post().to(echo::<MessagingRequest>),
            )
            .route("/generic/sync", web::post().to(echo::<SyncEvent>))
            .route("/generic/proxy", web::post().to(echo::<ProxyInteraction>))
            .route(
                "/generic/taskrouter",
                web::post().to(echo::<TaskRouterEvent>),
            )
            .route("/generic/custom", web::post().to(echo::<Extra>));
    }

    /// Serves the app on a fresh port; the listener is bound before this returns,
    /// so a request waits in the backlog until the server accepts it.
    pub(crate) fn start(token: &'static str) -> SocketAddr {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let config =
            twilio_app_env::webhook_config(&twilio_app_env::Secret::new(token), PUBLIC).unwrap();
        thread::spawn(move || {
            actix_web::rt::System::new().block_on(async move {
                HttpServer::new(move || {
                    App::new()
                        .app_data(web::Data::new(config.clone()))
                        .configure(routes)
                })
                .workers(1)
                .listen(listener)
                .unwrap()
                .run()
                .await
                .unwrap();
            });
        });
        addr
    }
}

/// Every preset: where it is sent in the test (its app route, or the generic route
/// of its payload type) and parameters the request must carry.
/// A preset's name, its test route (`None`: its default path) and expected parameters.
type PresetCase = (
    &'static str,
    Option<&'static str>,
    &'static [(&'static str, &'static str)],
);

const PRESETS: &[PresetCase] = &[
    (
        "incoming-call",
        Some("/generic/voice"),
        &[("CallStatus", "ringing"), ("Direction", "inbound")],
    ),
    (
        "browser-call",
        Some("/generic/voice"),
        &[("From", "client:Anonymous"), ("To", "")],
    ),
    (
        "call-status",
        Some("/generic/status"),
        &[("CallStatus", "completed"), ("To", "client:alice")],
    ),
    (
        "sms",
        Some("/generic/messaging"),
        &[
            ("SmsStatus", "received"),
            ("Body", "Hello from twilio-trigger"),
        ],
    ),
    (
        "message-status",
        Some("/generic/messaging"),
        &[("MessageStatus", "delivered")],
    ),
    (
        "sync-endpoint-connected",
        Some("/generic/sync"),
        &[("EventType", "endpoint_connected"), ("Identity", "alice")],
    ),
    (
        "sync-endpoint-disconnected",
        Some("/generic/sync"),
        &[("EventType", "endpoint_disconnected")],
    ),
    (
        "sync-document-updated",
        Some("/generic/sync"),
        &[("EventType", "document_updated")],
    ),
    (
        "proxy-interaction",
        Some("/generic/proxy"),
        &[("outboundResourceStatus", "initiated")],
    ),
    (
        "taskrouter-event",
        Some("/generic/taskrouter"),
        &[("EventType", "task.created")],
    ),
    (
        "presence-sync-connected",
        None,
        &[("EventType", "endpoint_connected"), ("Identity", "alice")],
    ),
    (
        "presence-sync-disconnected",
        None,
        &[
            ("EventType", "endpoint_disconnected"),
            ("Identity", "alice"),
        ],
    ),
    (
        "presence-incoming-call",
        None,
        &[("CallStatus", "ringing"), ("Direction", "inbound")],
    ),
    (
        "presence-call-status",
        None,
        &[("CallStatus", "completed"), ("To", "client:alice")],
    ),
    (
        "presence-outgoing",
        None,
        &[("From", "client:alice"), ("phoneNumber", "+14155550123")],
    ),
    (
        "browser-phone-connect",
        None,
        &[("From", "client:alice"), ("phoneNumber", "+14155550123")],
    ),
    (
        "browser-phone-incoming",
        None,
        &[("Direction", "inbound"), ("To", "+14155550199")],
    ),
    (
        "flex-call-answered",
        None,
        &[("Direction", "outbound-api"), ("CallStatus", "in-progress")],
    ),
    (
        "flex-call-status",
        None,
        &[("Direction", "outbound-api"), ("CallStatus", "completed")],
    ),
    (
        "proxy-admin-dial",
        None,
        &[
            ("From", "client:admin"),
            ("participantSid", "KP00000000000000000000000000000000"),
        ],
    ),
    (
        "proxy-admin-record",
        None,
        &[
            ("outboundResourceStatus", "initiated"),
            ("interactionType", "Voice"),
        ],
    ),
    ("custom", Some("/generic/custom"), &[("Only", "this")]),
];

/// The default paths `list` shows, by preset name.
fn listed_presets() -> Vec<(String, Option<String>)> {
    let (code, out, _) = trigger_full(&["list"]);
    assert_eq!(code, 0);
    out.lines()
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .map(|l| {
            let mut words = l.split_whitespace();
            let name = words.next().unwrap().to_owned();
            let path = words.nth(1).map(str::to_owned);
            (name, path)
        })
        .collect()
}

#[test]
fn list_shows_every_preset_per_app_with_its_path() {
    let (_, out, _) = trigger_full(&["list"]);
    for app in [
        "presence-phone",
        "browser-phone",
        "flex-backend",
        "proxy-admin",
    ] {
        assert!(out.lines().any(|l| l == app), "{app} missing:\n{out}");
    }
    assert!(
        out.contains("presence-call-status        POST /api/phone/status-callback?identity=alice"),
        "{out}"
    );
    let listed: Vec<String> = listed_presets().into_iter().map(|(n, _)| n).collect();
    let mut tested: Vec<String> = PRESETS.iter().map(|(n, _, _)| (*n).to_owned()).collect();
    let mut sorted = listed.clone();
    sorted.sort();
    tested.sort();
    assert_eq!(sorted, tested, "every listed preset is tested below");
}

#[test]
fn every_preset_is_accepted_by_the_apps_signature_check() {
    const TOKEN: &str = "preset-token";
    const ACCOUNT: &str = "AC0123456789abcdef0123456789abcdef";
    let addr = app::start(TOKEN);
    let base = format!("http://{addr}");
    let paths: std::collections::HashMap<String, Option<String>> =
        listed_presets().into_iter().collect();
    for (preset, route, expected) in PRESETS {
        // App presets go to their default path through --app-url; generic ones to
        // the route of their payload type through --url.
        let target = match route {
            Some(route) => vec!["--url".to_owned(), format!("{base}{route}")],
            None => vec!["--app-url".to_owned(), base.clone()],
        };
        let mut args: Vec<&str> = vec![
            preset,
            "--public-url",
            app::PUBLIC,
            "--auth-token",
            TOKEN,
            "--account-sid",
            ACCOUNT,
        ];
        args.extend(target.iter().map(String::as_str));
        if *preset == "custom" {
            args.extend(["-p", "Only=this"]);
        }
        let (code, out, err) = trigger_full(&args);
        assert_eq!(code, 0, "{preset}: {out}{err}");
        let json = out
            .strip_prefix("HTTP 200 OK\n")
            .unwrap_or_else(|| panic!("{preset}: {out}"));
        let echoed: serde_json::Value = serde_json::from_str(json).unwrap();
        let path = match route {
            Some(route) => (*route).to_owned(),
            None => paths[*preset].clone().unwrap(),
        };
        assert_eq!(echoed["url"], format!("{}{path}", app::PUBLIC), "{preset}");
        let params: Vec<(String, String)> =
            serde_json::from_value(echoed["params"].clone()).unwrap();
        let get = |name: &str| {
            params
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str())
        };
        for (name, value) in *expected {
            assert_eq!(get(name), Some(*value), "{preset}: {name} in {params:?}");
        }
        if *preset != "custom" {
            let account = get("AccountSid").or(get("interactionAccountSid"));
            assert_eq!(account, Some(ACCOUNT), "{preset}");
        }
        // The preset's own SID, told on stderr, is the one the app received.
        let told = err.lines().find_map(|l| l.strip_prefix("twilio-trigger: "));
        let nothing_own = *preset == "sync-document-updated" || *preset == "custom";
        assert_eq!(told.is_none(), nothing_own, "{preset}: {err}");
        if let Some(told) = told {
            let (name, rest) = told.split_once('=').unwrap();
            let value = rest.split(' ').next().unwrap();
            assert_eq!(get(name), Some(value), "{preset}: {err}");
            if name == "EndpointId" {
                assert!(preset.contains("sync"), "{preset}");
            } else {
                assert!(is_sid(value, &value[..2]), "{preset}: {value}");
            }
        }
    }
    // And the check is real: another token is refused.
    let (code, out, _) = trigger_full(&[
        "presence-call-status",
        "--app-url",
        &base,
        "--public-url",
        app::PUBLIC,
        "--auth-token",
        "not-the-token",
    ]);
    assert_eq!((code, out.as_str()), (1, "HTTP 403 Forbidden\n"));
}

#[test]
fn a_story_can_be_replayed_with_one_call() {
    // ringing then completed for the same call, twice: --sid ties them together,
    // and each replay is a new call.
    const TOKEN: &str = "story-token";
    let addr = app::start(TOKEN);
    let base = format!("http://{addr}");
    let mut calls = Vec::new();
    for _ in 0..2 {
        let (_, sid, _) = trigger_full(&["sid", "CA"]);
        let sid = sid.trim().to_owned();
        for status in ["ringing", "completed"] {
            let (code, out, err) = trigger_full(&[
                "presence-call-status",
                "--app-url",
                &base,
                "--public-url",
                app::PUBLIC,
                "--auth-token",
                TOKEN,
                "--sid",
                &sid,
                "-p",
                &format!("CallStatus={status}"),
            ]);
            assert_eq!(code, 0, "{out}{err}");
            assert!(out.contains(&format!(r#"["CallSid","{sid}"]"#)), "{out}");
            assert!(
                out.contains(&format!(r#"["CallStatus","{status}"]"#)),
                "{out}"
            );
        }
        calls.push(sid);
    }
    assert_ne!(calls[0], calls[1]);
}
