//! Two instances on one real `redis-server` (`REDIS_URL`): Twilio's verdict on a
//! token reached through one instance is known to the other, and Redis stopped mid-test refuses handshakes with 503
//! (never lets them through unbudgeted) until it is back, without a restart.
//! (Call routing and the stats poller are not shared yet: docs/flex-backend.md.)
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::net::{SocketAddr, TcpListener};
use std::time::Duration;

use actix_web::{App, HttpServer};
use common::*;
use flex_backend::configure;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpSocket;
use twilio_testkit::process::RedisServer;
use twilio_testkit::wait;

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

/// A websocket handshake offering `token` from `from`; the response's status code.
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
        let n = tokio::time::timeout(Duration::from_secs(30), stream.read(&mut buf))
            .await
            .expect("an answer within 30 s")
            .unwrap();
        assert!(n > 0, "closed before the status line");
        head.extend_from_slice(&buf[..n]);
    }
    let text = String::from_utf8_lossy(&head);
    text.split(' ').nth(1).unwrap().parse().unwrap()
}

/// How many token checks the IAM stub has answered.
async fn iam_calls(iam: &wiremock::MockServer) -> usize {
    iam.received_requests().await.unwrap().len()
}

#[actix_web::test]
async fn token_verdicts_are_shared_across_instances_and_redis_down_is_503() {
    let iam = iam_stub().await;
    let redis = RedisServer::start().unwrap();
    let socket = redis.socket().to_owned();
    let vars = [
        ("TWILIO_IAM_BASE_URL", iam.uri()),
        ("REDIS_URL", redis.url().to_owned()),
    ];
    let vars: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let (a, stop_a) = serve(&vars);
    let (b, stop_b) = serve(&vars);
    let attacker = [127, 0, 0, 21];

    // A forged token refused by Twilio through A is known to B: refused without
    // asking Twilio again.
    let forged = forged_token("forged-1");
    assert_eq!(handshake(a, attacker, &forged).await, 403);
    let asked = iam_calls(&iam).await;
    assert_eq!(asked, 1);
    assert_eq!(handshake(b, attacker, &forged).await, 403);
    assert_eq!(iam_calls(&iam).await, asked, "B asked Twilio again");
    // Garbage never reaches Twilio on either.
    assert_eq!(handshake(b, attacker, "eyJ.bad.sig").await, 403);
    assert_eq!(iam_calls(&iam).await, asked);
    // A valid token gets in on both.
    assert_eq!(handshake(a, [127, 0, 0, 22], ALICE_TOKEN).await, 101);
    assert_eq!(handshake(b, [127, 0, 0, 22], ALICE_TOKEN).await, 101);

    drop(redis);
    wait::until("A refuses with 503 while Redis is down", || async {
        handshake(a, [127, 0, 0, 23], BOB_TOKEN).await == 503
    })
    .await
    .unwrap();
    let _redis = RedisServer::start_at(&socket).unwrap();
    for server in [a, b] {
        wait::until("the instance reconnects", || async {
            handshake(server, [127, 0, 0, 23], BOB_TOKEN).await == 101
        })
        .await
        .unwrap();
    }
    stop_a.stop(false).await;
    stop_b.stop(false).await;
}
