//! A client that stops reading must not hold its session forever: the server's sends
//! to it time out (after the ping period) and the session ends, dropping its calls.
//! Raw TCP client (to stop reading at will), the call through Prism's api_v2010.
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

/// A masked client text frame (mask key zero, so the payload is sent as is).
fn frame(text: &str) -> Vec<u8> {
    let len = text.len();
    let mut out = vec![0x81];
    if len < 126 {
        out.push(0x80 | u8::try_from(len).unwrap());
    } else {
        out.push(0x80 | 126);
        out.extend_from_slice(&u16::try_from(len).unwrap().to_be_bytes());
    }
    out.extend_from_slice(&[0, 0, 0, 0]);
    out.extend_from_slice(text.as_bytes());
    out
}

/// Reads until `needle` has been seen.
async fn read_until(stream: &mut TcpStream, needle: &str) {
    let mut seen = Vec::new();
    let mut buf = [0u8; 4096];
    while !String::from_utf8_lossy(&seen).contains(needle) {
        let n = tokio::time::timeout(Duration::from_secs(15), stream.read(&mut buf))
            .await
            .expect("data within 15 s")
            .unwrap();
        assert!(n > 0, "closed before {needle:?}");
        seen.extend_from_slice(&buf[..n]);
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
        ("WS_PING_SECS", "1"),
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
    let mut stream = socket.connect(addr).await.unwrap();
    let handshake = format!(
        "GET /websocket/outboundDial HTTP/1.1\r\nHost: {addr}\r\nUpgrade: websocket\r\n\
         Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\
         Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: {ALICE_TOKEN}\r\n\r\n"
    );
    stream.write_all(handshake.as_bytes()).await.unwrap();
    read_until(&mut stream, "\r\n\r\n").await;
    let call = r#"{"method":"call","to":"+15551234567"}"#;
    stream.write_all(&frame(call)).await.unwrap();
    read_until(&mut stream, "callUpdate").await;
    for _ in 0..50 {
        if state.calls().len().await == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        state.calls().len().await,
        1,
        "the call is mapped to the socket"
    );

    // Now flood echoes and never read them, until our own writes block.
    let big = frame(&"x".repeat(60_000));
    let mut sent = 0;
    while sent < 2_000 {
        match tokio::time::timeout(Duration::from_secs(2), stream.write_all(&big)).await {
            Ok(Ok(())) => sent += 1,
            Ok(Err(_)) | Err(_) => break,
        }
    }
    assert!(sent < 2_000, "the server never stopped reading");

    // The stalled session ends within a few ping periods and forgets its call.
    let mut forgotten = false;
    for _ in 0..100 {
        if state.calls().is_empty().await {
            forgotten = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        forgotten,
        "a session stalled in send is still alive after 10 s"
    );
    drop(stream);
    handle.stop(false).await;
}
