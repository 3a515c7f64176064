//! A client that stops reading must not hold its session forever: the server's sends
//! to it time out (after the ping period) and the session ends, dropping its calls.
//! Raw TCP client (to stop reading at will), the call through Prism's api_v2010.
//!
//! Until it stops reading, the client answers every ping, so a slow machine (a slow
//! Prism, a starved test thread) cannot end the session before the test means to.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::net::TcpListener;
use std::time::Duration;

use actix_web::{App, HttpServer, web};
use common::*;
use flex_backend::configure;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpSocket, TcpStream};
use twilio_testkit::prism::{Prism, Spec};
use twilio_testkit::wait::{self, GUARD};

/// The ping period, which is also the server's send timeout: long enough that a
/// client answering pings is never dropped on a loaded machine.
const PING_SECS: &str = "3";

/// A masked client frame (mask key zero, so the payload is sent as is).
fn frame(opcode: u8, payload: &[u8]) -> Vec<u8> {
    let len = payload.len();
    let mut out = vec![0x80 | opcode];
    if len < 126 {
        out.push(0x80 | u8::try_from(len).unwrap());
    } else {
        out.push(0x80 | 126);
        out.extend_from_slice(&u16::try_from(len).unwrap().to_be_bytes());
    }
    out.extend_from_slice(&[0, 0, 0, 0]);
    out.extend_from_slice(payload);
    out
}

fn text(text: &str) -> Vec<u8> {
    frame(0x1, text.as_bytes())
}

/// One unmasked server frame at the start of `buf`: (opcode, payload, bytes used).
fn parse(buf: &[u8]) -> Option<(u8, Vec<u8>, usize)> {
    let (&b0, &b1) = (buf.first()?, buf.get(1)?);
    let (len, head) = match b1 & 0x7f {
        126 => (
            usize::from(u16::from_be_bytes([*buf.get(2)?, *buf.get(3)?])),
            4,
        ),
        127 => (
            usize::try_from(u64::from_be_bytes(buf.get(2..10)?.try_into().ok()?)).ok()?,
            10,
        ),
        n => (usize::from(n), 2),
    };
    let payload = buf.get(head..head + len)?.to_vec();
    Some((b0 & 0x0f, payload, head + len))
}

/// The raw websocket client.
struct Client {
    stream: TcpStream,
    buf: Vec<u8>,
}

impl Client {
    /// Reads more bytes; fails the test when the server closes.
    async fn fill(&mut self, waiting_for: &str) {
        let mut chunk = [0u8; 4096];
        let n = tokio::time::timeout(GUARD, self.stream.read(&mut chunk))
            .await
            .unwrap_or_else(|_| panic!("no data within {GUARD:?} waiting for {waiting_for}"))
            .unwrap();
        assert!(n > 0, "closed before {waiting_for:?}");
        self.buf.extend_from_slice(&chunk[..n]);
    }

    /// Sends the upgrade request and reads the `101` answer.
    async fn handshake(&mut self, host: &str) {
        let request = format!(
            "GET /websocket/outboundDial HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\n\
             Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\
             Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: {ALICE_TOKEN}\r\n\r\n"
        );
        self.stream.write_all(request.as_bytes()).await.unwrap();
        let end = loop {
            if let Some(at) = self.buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break at + 4;
            }
            self.fill("the handshake answer").await;
        };
        let head = String::from_utf8_lossy(&self.buf[..end]).into_owned();
        assert!(head.starts_with("HTTP/1.1 101"), "{head}");
        self.buf.drain(..end);
    }

    /// The next frame, answering pings on the way. Cancel-safe: bytes are only
    /// consumed once a whole frame is there.
    async fn next_text(&mut self, waiting_for: &str) -> String {
        loop {
            while let Some((opcode, payload, used)) = parse(&self.buf) {
                self.buf.drain(..used);
                match opcode {
                    0x1 => return String::from_utf8(payload).unwrap(),
                    0x8 => panic!("the server closed before {waiting_for:?}"),
                    0x9 => self.stream.write_all(&frame(0xA, &payload)).await.unwrap(),
                    _ => {}
                }
            }
            self.fill(waiting_for).await;
        }
    }

    /// Reads text frames until one contains `needle`.
    async fn until_text(&mut self, needle: &str) -> String {
        loop {
            let text = self.next_text(needle).await;
            if text.contains(needle) {
                return text;
            }
        }
    }
}

#[actix_web::test]
async fn a_client_that_stops_reading_is_dropped() {
    let api = web::block(|| Prism::start(Spec::Api))
        .await
        .unwrap()
        .unwrap();
    let iam = iam_stub().await;
    let state = state(&[
        ("TWILIO_API_BASE_URL", api.base_url()),
        ("TWILIO_IAM_BASE_URL", &iam.uri()),
        ("WS_PING_SECS", PING_SECS),
    ]);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let app_state = state.clone();
    let server = HttpServer::new(move || App::new().configure(configure(app_state.clone())))
        .workers(1)
        .disable_signals()
        .listen(listener)
        .unwrap()
        .run();
    let handle = server.handle();
    actix_web::rt::spawn(server);

    let socket = TcpSocket::new_v4().unwrap();
    socket.set_recv_buffer_size(4096).unwrap();
    let mut client = Client {
        stream: socket.connect(addr).await.unwrap(),
        buf: Vec::new(),
    };
    client.handshake(&addr.to_string()).await;
    let call = r#"{"method":"call","to":"+15551234567"}"#;
    client.stream.write_all(&text(call)).await.unwrap();
    client.until_text("callUpdate").await;
    // The call is mapped just after its first update: keep answering pings meanwhile.
    let deadline = std::time::Instant::now() + GUARD;
    while state.calls().len().await != 1 {
        assert!(
            std::time::Instant::now() < deadline,
            "the call is never mapped to the socket"
        );
        let _ =
            tokio::time::timeout(Duration::from_millis(50), client.next_text("the mapping")).await;
    }

    // Now flood echoes and never read them, until our own writes block: the server
    // is then stuck sending to us, and its reading stops too.
    let big = text(&"x".repeat(60_000));
    let mut sent = 0;
    while sent < 2_000 {
        match tokio::time::timeout(Duration::from_secs(5), client.stream.write_all(&big)).await {
            Ok(Ok(())) => sent += 1,
            Ok(Err(_)) | Err(_) => break,
        }
    }
    assert!(sent < 2_000, "the server never stopped reading");

    // The stalled session ends (its send times out after the ping period) and forgets
    // its call; the guard only fails a session that never ends.
    wait::until("the stalled session forgets its call", || {
        let state = state.clone();
        async move { state.calls().is_empty().await }
    })
    .await
    .unwrap();
    drop(client);
    handle.stop(false).await;
}
