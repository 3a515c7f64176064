//! Shared set-up for the flex backend's integration tests.
#![allow(dead_code, unreachable_pub, clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;

use flex_backend::{AppState, Config};
use serde_json::json;
use twilio_webhook::Signer;
use wiremock::matchers::{body_partial_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

pub const ACCOUNT_SID: &str = "AC0123456789abcdef0123456789abcdef";
pub const AUTH_TOKEN: &str = "test-auth-token-0123456789";
pub const WORKFLOW_SID: &str = "WW0123456789abcdef0123456789abcdef";
pub const WORKSPACE_SID: &str = "WS0123456789abcdef0123456789abcdef";
pub const PUBLIC_BASE_URL: &str = "https://flex.example.com";
pub const CALLER_ID: &str = "+15005550006";
pub const OTHER_CALLER_ID: &str = "+15005550007";

/// A token shaped like a Flex token, a compact JWE (`alg: dir`, A256GCM), with
/// `$ciphertext` (base64url) in it.
macro_rules! jwe {
    ($ciphertext:literal) => {
        concat!(
            "eyJ6aXAiOiJERUYiLCJraWQiOiJTQVNfUzNfX19LTVNfdjEiLCJjdHkiOiJ0d2lsaW8tZnBhO3Y9MSIsImVuYyI6IkEyNTZHQ00iLCJhbGciOiJkaXIifQ",
            "..BwcHBwcHBwcHBwcH.",
            $ciphertext,
            ".CQkJCQkJCQkJCQkJCQkJCQ"
        )
    };
}

/// Tokens the IAM stub knows.
pub const ALICE_TOKEN: &str = jwe!("YWxpY2UtdG9rZW4");
pub const BOB_TOKEN: &str = jwe!("Ym9iLXRva2Vu");

/// A token of Flex's shape that no IAM stub knows (`tag` in its ciphertext): it
/// passes the local checks and costs an IAM call.
pub fn forged_token(tag: &str) -> String {
    use base64::Engine as _;
    let ciphertext = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(tag);
    ALICE_TOKEN.replace("YWxpY2UtdG9rZW4", &ciphertext)
}
pub const ALICE: &str = "alice@acme.com";
pub const ALICE_CONTACT_URI: &str = "client:alice_40acme_2Ecom";
pub const BOB: &str = "bob@acme.com";
/// Nothing listens here: a test that reaches Twilio by mistake gets an error.
pub const DEAD: &str = "http://127.0.0.1:9";

/// The test configuration, with `overrides` on top (an empty value removes a variable).
pub fn config(overrides: &[(&str, &str)]) -> Result<Config, flex_backend::Error> {
    let mut vars: HashMap<String, String> = [
        ("TWILIO_ACCOUNT_SID", ACCOUNT_SID),
        ("TWILIO_AUTH_TOKEN", AUTH_TOKEN),
        ("TWILIO_OUTBOUND_WORKFLOW_SID", WORKFLOW_SID),
        ("TWILIO_FLEX_WORKSPACE_SID", WORKSPACE_SID),
        ("PUBLIC_BASE_URL", PUBLIC_BASE_URL),
        ("FLEX_CALLER_IDS", "+15005550006, +15005550007"),
        ("TWILIO_API_BASE_URL", DEAD),
        ("TWILIO_TASKROUTER_BASE_URL", DEAD),
        ("TWILIO_IAM_BASE_URL", DEAD),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    for (k, v) in overrides {
        vars.insert((*k).to_owned(), (*v).to_owned());
    }
    Config::from_lookup(|name| vars.get(name).cloned())
}

/// App state for `overrides` (call inside a runtime: it starts the poller).
pub fn state(overrides: &[(&str, &str)]) -> AppState {
    AppState::new(config(overrides).unwrap()).unwrap()
}

/// A form body and the `X-Twilio-Signature` Twilio would send for it to `path_and_query`.
pub fn signed_form(path_and_query: &str, params: &[(&str, &str)]) -> (String, String) {
    let url = format!("{PUBLIC_BASE_URL}{path_and_query}");
    let signature = Signer::new(AUTH_TOKEN).sign(&url, params);
    (form(params), signature)
}

pub fn form(params: &[(&str, &str)]) -> String {
    use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
    params
        .iter()
        .map(|(k, v)| {
            format!(
                "{}={}",
                utf8_percent_encode(k, NON_ALPHANUMERIC),
                utf8_percent_encode(v, NON_ALPHANUMERIC)
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// A status callback as Twilio posts it.
pub fn status_params<'a>(call_sid: &'a str, status: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("AccountSid", ACCOUNT_SID),
        ("ApiVersion", "2010-04-01"),
        ("CallSid", call_sid),
        ("CallStatus", status),
        ("Direction", "outbound-api"),
        ("From", CALLER_ID),
        ("To", "+15551234567"),
        ("CallbackSource", "call-progress-events"),
        ("SequenceNumber", "0"),
    ]
}

/// Twilio's IAM token-validation endpoint (not in the public specs): alice and bob
/// are valid, anything else is not.
pub async fn iam_stub() -> MockServer {
    let server = MockServer::start().await;
    let validate = format!("/v1/Accounts/{ACCOUNT_SID}/Tokens/validate");
    for (token, identity, worker) in [
        (ALICE_TOKEN, ALICE, "WK0123456789abcdef0123456789abcde1"),
        (BOB_TOKEN, BOB, "WK0123456789abcdef0123456789abcde2"),
    ] {
        Mock::given(method("POST"))
            .and(path(validate.as_str()))
            .and(body_partial_json(json!({ "token": token })))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "valid": true, "code": 0, "message": null,
                "expiration": "2030-01-01T00:00:00.000Z", "realm_user_id": "rea1",
                "identity": identity, "roles": ["agent"], "worker_sid": worker,
            })))
            .with_priority(1)
            .mount(&server)
            .await;
    }
    Mock::given(method("POST"))
        .and(path(validate.as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "valid": false, "code": 20151, "message": "Invalid token",
            "expiration": null, "realm_user_id": null, "identity": null, "roles": [],
            "worker_sid": null,
        })))
        .with_priority(10)
        .mount(&server)
        .await;
    server
}

/// Headers of a browser's websocket upgrade request.
pub const UPGRADE: [(&str, &str); 4] = [
    ("upgrade", "websocket"),
    ("connection", "Upgrade"),
    ("sec-websocket-version", "13"),
    ("sec-websocket-key", "dGhlIHNhbXBsZSBub25jZQ=="),
];

/// Starts the app on 127.0.0.1 port 0; returns its address and the server handle.
pub fn serve(overrides: &[(&str, &str)]) -> (std::net::SocketAddr, actix_web::dev::ServerHandle) {
    let state = state(overrides);
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let server = actix_web::HttpServer::new(move || {
        actix_web::App::new().configure(flex_backend::configure(state.clone()))
    })
    .workers(1)
    .disable_signals()
    .listen(listener)
    .unwrap()
    .run();
    let handle = server.handle();
    actix_web::rt::spawn(server);
    (addr, handle)
}

/// A websocket handshake offering `token` from the client address `from`; the
/// response's status code.
pub async fn handshake(server: std::net::SocketAddr, from: [u8; 4], token: &str) -> u16 {
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind(std::net::SocketAddr::from((from, 0))).unwrap();
    let mut stream = socket.connect(server).await.unwrap();
    let request = format!(
        "GET /websocket/outboundDial HTTP/1.1\r\nHost: {server}\r\nUpgrade: websocket\r\n\
         Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\
         Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: {token}\r\n\r\n"
    );
    tokio::io::AsyncWriteExt::write_all(&mut stream, request.as_bytes())
        .await
        .unwrap();
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = tokio::time::timeout(
            std::time::Duration::from_secs(30),
            tokio::io::AsyncReadExt::read(&mut stream, &mut buf),
        )
        .await
        .expect("an answer within 30 s")
        .unwrap();
        assert!(n > 0, "closed before the status line");
        head.extend_from_slice(&buf[..n]);
    }
    let text = String::from_utf8_lossy(&head);
    text.split(' ').nth(1).unwrap().parse().unwrap()
}

/// The client half of a websocket.
pub trait Socket:
    futures_util::Stream<Item = Result<awc::ws::Frame, awc::error::WsProtocolError>>
    + futures_util::Sink<awc::ws::Message, Error = awc::error::WsProtocolError>
    + Unpin
{
}

impl<T> Socket for T where
    T: futures_util::Stream<Item = Result<awc::ws::Frame, awc::error::WsProtocolError>>
        + futures_util::Sink<awc::ws::Message, Error = awc::error::WsProtocolError>
        + Unpin
{
}

/// The next text frame; pings on the way (a slow test can outlast a period) are
/// answered.
pub async fn next_text(socket: &mut impl Socket) -> String {
    use awc::ws::{Frame, Message};
    use futures_util::{SinkExt as _, StreamExt as _};
    loop {
        let frame = tokio::time::timeout(twilio_testkit::wait::GUARD, socket.next())
            .await
            .expect("a frame within the guard")
            .expect("socket open")
            .expect("a valid frame");
        match frame {
            Frame::Text(bytes) => return String::from_utf8(bytes.to_vec()).unwrap(),
            Frame::Ping(bytes) => socket.send(Message::Pong(bytes)).await.unwrap(),
            other => panic!("expected text, got {other:?}"),
        }
    }
}
