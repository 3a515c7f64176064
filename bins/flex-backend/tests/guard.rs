//! Issue 14 over real sockets: attackers at 127.0.0.11–15 cannot keep an agent
//! with a valid Flex token out, cannot make IAM calls without bound, and a logged-in
//! agent cannot call premium-rate or international shared-cost ranges.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::net::{SocketAddr, TcpListener};
use std::time::Duration;

use actix_web::{App, HttpServer};
use awc::ws::{Frame, Message};
use common::*;
use flex_backend::configure;
use futures_util::{SinkExt as _, StreamExt as _};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpSocket;

/// Starts the app on 127.0.0.1 port 0; returns its address and the server handle.
fn serve(overrides: &[(&str, &str)]) -> (SocketAddr, actix_web::dev::ServerHandle) {
    let state = state(overrides);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let server = HttpServer::new(move || App::new().configure(configure(state.clone())))
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
async fn handshake(server: SocketAddr, from: [u8; 4], token: &str) -> u16 {
    let socket = TcpSocket::new_v4().unwrap();
    socket.bind(SocketAddr::from((from, 0))).unwrap();
    let mut stream = socket.connect(server).await.unwrap();
    let request = format!(
        "GET /websocket/outboundDial HTTP/1.1\r\nHost: {server}\r\nUpgrade: websocket\r\n\
         Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\
         Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: {token}\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = tokio::time::timeout(Duration::from_secs(15), stream.read(&mut buf))
            .await
            .expect("an answer within 15 s")
            .unwrap();
        assert!(n > 0, "closed before the status line");
        head.extend_from_slice(&buf[..n]);
    }
    let text = String::from_utf8_lossy(&head);
    text.split(' ').nth(1).unwrap().parse().unwrap()
}

fn attacker(i: usize) -> [u8; 4] {
    [127, 0, 0, 11 + u8::try_from(i % 5).unwrap()]
}

/// Was: 20 bad tokens from one address made the next handshake with a valid token
/// fail with 429 (every agent behind one load balancer locked out).
#[actix_web::test]
async fn bad_tokens_cannot_keep_a_valid_agent_out() {
    let iam = iam_stub().await;
    let (server, handle) = serve(&[("TWILIO_IAM_BASE_URL", &iam.uri())]);
    let shared = attacker(0);
    for i in 0..20 {
        let status = handshake(server, shared, &format!("eyJ.bad{i}.sig")).await;
        assert_eq!(status, 403, "bad token {i}");
    }
    assert_eq!(handshake(server, shared, ALICE_TOKEN).await, 101);

    // A flood from five addresses spends the suspect budget: IAM calls stay bounded
    // (20 free failures per address, then 30 suspect checks in all), yet alice (known good) still gets in from the same
    // address, and bob's new token from a clean address too.
    let mut statuses = Vec::new();
    for i in 0..200 {
        statuses.push(handshake(server, attacker(i), &format!("eyJ.flood{i}.sig")).await);
    }
    let throttled = statuses.iter().filter(|s| **s == 429).count();
    assert!(throttled > 0, "{statuses:?}");
    let calls = iam.received_requests().await.unwrap().len();
    assert!(calls <= 20 + 1 + 4 * 20 + 30, "{calls} IAM calls");
    assert!(calls >= 20 + 1 + 4 * 20, "{calls} IAM calls");
    assert_eq!(handshake(server, shared, ALICE_TOKEN).await, 101);
    assert_eq!(handshake(server, [127, 0, 0, 16], BOB_TOKEN).await, 101);
    handle.stop(false).await;
}

/// Was: a logged-in agent placed calls to +19005550123, +882345678901 and
/// +97955512345. Now each is refused before Twilio is asked, naming the rule.
#[actix_web::test]
async fn premium_and_shared_cost_calls_are_refused_naming_the_rule() {
    let iam = iam_stub().await;
    let (server, handle) = serve(&[("TWILIO_IAM_BASE_URL", &iam.uri())]);
    let (_, mut socket) = awc::Client::new()
        .ws(format!("http://{server}/websocket/outboundDial"))
        .protocols([ALICE_TOKEN])
        .connect()
        .await
        .unwrap();
    for (to, rule) in [
        ("+19005550123", "NANP premium rate (900) (+1900)"),
        (
            "+882345678901",
            "international networks, premium and shared-cost (+882)",
        ),
        ("+97955512345", "international premium rate service (+979)"),
        ("+4930123456", "country DE is not allowed"),
    ] {
        let call = json!({"method": "call", "to": to}).to_string();
        socket.send(Message::Text(call.into())).await.unwrap();
        let frame = tokio::time::timeout(Duration::from_secs(15), socket.next())
            .await
            .expect("a reply within 15 s")
            .unwrap()
            .unwrap();
        let Frame::Text(text) = frame else {
            panic!("expected text, got {frame:?}");
        };
        let reply: Value = serde_json::from_slice(&text).unwrap();
        assert_eq!(reply["messageType"], "error", "{reply}");
        assert_eq!(reply["status"], 403, "{reply}");
        let message = reply["message"].as_str().unwrap();
        assert!(message.contains(rule), "{message}");
        assert!(!message.contains(to), "{message}");
    }
    handle.stop(false).await;
}
