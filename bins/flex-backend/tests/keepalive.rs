//! Socket lifetime over a real socket: a client that misses a pong is closed, one that
//! answers stays; a socket lives no longer than its Flex token.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::net::TcpListener;
use std::time::Duration;

use actix_web::{App, HttpServer};
use awc::ws::{Frame, Message};
use common::*;
use flex_backend::configure;
use futures_util::{SinkExt as _, StreamExt as _};
use serde_json::json;
use wiremock::matchers::{body_partial_json, method};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Serves the app on a free port; returns its base URL.
fn serve(overrides: &[(&str, &str)]) -> String {
    let state = state(overrides);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let server = HttpServer::new(move || App::new().configure(configure(state.clone())))
        .workers(1)
        .disable_signals()
        .listen(listener)
        .unwrap()
        .run();
    actix_web::rt::spawn(server);
    base
}

/// Frames until the server closes (a `Close` frame or the end of the stream), with
/// `answer` deciding whether pings get a pong. Returns the frames seen.
async fn until_closed(
    socket: &mut (
             impl futures_util::Stream<Item = Result<Frame, awc::error::WsProtocolError>>
             + futures_util::Sink<Message, Error = awc::error::WsProtocolError>
             + Unpin
         ),
    answer: bool,
    within: Duration,
) -> Option<Vec<String>> {
    let mut seen = Vec::new();
    let deadline = tokio::time::Instant::now() + within;
    loop {
        let next = tokio::time::timeout_at(deadline, socket.next())
            .await
            .ok()?;
        match next {
            None | Some(Err(_)) | Some(Ok(Frame::Close(_))) => {
                seen.push("close".into());
                return Some(seen);
            }
            Some(Ok(Frame::Ping(bytes))) => {
                seen.push("ping".into());
                if answer {
                    socket.send(Message::Pong(bytes)).await.ok()?;
                }
            }
            Some(Ok(other)) => seen.push(format!("{other:?}")),
        }
    }
}

#[actix_web::test]
async fn a_missed_pong_closes_the_socket_and_an_answered_one_does_not() {
    let iam = iam_stub().await;
    let base = serve(&[("TWILIO_IAM_BASE_URL", &iam.uri()), ("WS_PING_SECS", "1")]);
    let url = format!("{base}/websocket/outboundDial");

    let (_, mut silent) = awc::Client::new()
        .ws(&url)
        .protocols([ALICE_TOKEN])
        .connect()
        .await
        .unwrap();
    // Not reading is not answering: the first ping goes unanswered.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let seen = until_closed(&mut silent, false, Duration::from_secs(5)).await;
    let seen = seen.expect("the server closes a socket that missed a pong");
    assert_eq!(seen.first().map(String::as_str), Some("ping"), "{seen:?}");
    assert_eq!(seen.last().map(String::as_str), Some("close"), "{seen:?}");

    let (_, mut polite) = awc::Client::new()
        .ws(&url)
        .protocols([ALICE_TOKEN])
        .connect()
        .await
        .unwrap();
    let seen = until_closed(&mut polite, true, Duration::from_millis(3500)).await;
    assert!(
        seen.is_none(),
        "a client that answers pings stays connected: {seen:?}"
    );
    polite
        .send(Message::Text("still here".into()))
        .await
        .unwrap();
    let reply = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            match polite.next().await {
                Some(Ok(Frame::Text(t))) => return String::from_utf8(t.to_vec()).unwrap(),
                Some(Ok(Frame::Ping(b))) => polite.send(Message::Pong(b)).await.unwrap(),
                other => panic!("{other:?}"),
            }
        }
    })
    .await
    .unwrap();
    assert_eq!(reply, "echo: still here");
}

async fn iam_with_expiry(token: &str, expiration: jiff::Timestamp) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(body_partial_json(json!({ "token": token })))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "valid": true, "code": 0, "identity": ALICE, "roles": ["agent"],
            "worker_sid": "WK0123456789abcdef0123456789abcde1",
            "expiration": expiration.to_string(),
        })))
        .mount(&server)
        .await;
    server
}

#[actix_web::test]
async fn a_socket_lives_no_longer_than_its_token() {
    let soon = jiff::Timestamp::now() + jiff::SignedDuration::from_secs(2);
    let iam = iam_with_expiry("eyJ.short.sig", soon).await;
    let base = serve(&[("TWILIO_IAM_BASE_URL", &iam.uri())]);
    let url = format!("{base}/websocket/realtimeStats");
    let (_, mut socket) = awc::Client::new()
        .ws(&url)
        .protocols(["eyJ.short.sig"])
        .connect()
        .await
        .unwrap();
    let seen = until_closed(&mut socket, true, Duration::from_secs(6)).await;
    assert_eq!(
        seen.and_then(|s| s.last().cloned()).as_deref(),
        Some("close"),
        "closed when the token expires"
    );

    let past = jiff::Timestamp::now() - jiff::SignedDuration::from_secs(60);
    let iam = iam_with_expiry("eyJ.old.sig", past).await;
    let base = serve(&[("TWILIO_IAM_BASE_URL", &iam.uri())]);
    let refused = awc::Client::new()
        .ws(format!("{base}/websocket/realtimeStats"))
        .protocols(["eyJ.old.sig"])
        .connect()
        .await
        .err()
        .map(|e| format!("{e:?}"));
    assert!(
        refused.is_some_and(|e| e.contains("403")),
        "an expired token is refused"
    );
}
