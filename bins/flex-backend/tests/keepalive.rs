//! Socket lifetime over a real socket: a client that misses a pong is closed, one that
//! answers stays; a socket lives no longer than its Flex token. Every wait is for the
//! event itself; the ping periods leave a slow machine room to answer in time.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use actix_web::{App, HttpServer};
use awc::ws::{Frame, Message};
use common::*;
use flex_backend::configure;
use futures_util::{SinkExt as _, StreamExt as _};
use serde_json::json;
use twilio_testkit::wait::GUARD;
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

/// Reads frames, answering pings, until `pings` pings have been seen; `Err` with the
/// frames seen when the server closes first.
async fn answer_pings(
    socket: &mut (
             impl futures_util::Stream<Item = Result<Frame, awc::error::WsProtocolError>>
             + futures_util::Sink<Message, Error = awc::error::WsProtocolError>
             + Unpin
         ),
    pings: usize,
) -> Result<(), Vec<String>> {
    let mut seen = Vec::new();
    while seen.iter().filter(|f| *f == "ping").count() < pings {
        let next = tokio::time::timeout(GUARD, socket.next())
            .await
            .expect("a frame within the guard");
        match next {
            Some(Ok(Frame::Ping(bytes))) => {
                seen.push("ping".to_owned());
                if socket.send(Message::Pong(bytes)).await.is_err() {
                    seen.push("close".into());
                    return Err(seen);
                }
            }
            None | Some(Err(_)) | Some(Ok(Frame::Close(_))) => {
                seen.push("close".into());
                return Err(seen);
            }
            Some(Ok(other)) => seen.push(format!("{other:?}")),
        }
    }
    Ok(())
}

#[actix_web::test]
async fn a_missed_pong_closes_the_socket() {
    let iam = iam_stub().await;
    let base = serve(&[("TWILIO_IAM_BASE_URL", &iam.uri()), ("WS_PING_SECS", "1")]);
    let (_, mut silent) = awc::Client::new()
        .ws(format!("{base}/websocket/outboundDial"))
        .protocols([ALICE_TOKEN])
        .connect()
        .await
        .unwrap();
    // Reading is not answering: the first ping goes unanswered, the next tick closes.
    let seen = until_closed(&mut silent, false, GUARD).await;
    let seen = seen.expect("the server closes a socket that missed a pong");
    assert_eq!(seen.first().map(String::as_str), Some("ping"), "{seen:?}");
    assert_eq!(seen.last().map(String::as_str), Some("close"), "{seen:?}");
}

#[actix_web::test]
async fn a_client_that_answers_pings_stays_connected() {
    let iam = iam_stub().await;
    // A period long enough that a pong from a starved test thread is still in time.
    let base = serve(&[("TWILIO_IAM_BASE_URL", &iam.uri()), ("WS_PING_SECS", "3")]);
    let (_, mut polite) = awc::Client::new()
        .ws(format!("{base}/websocket/outboundDial"))
        .protocols([ALICE_TOKEN])
        .connect()
        .await
        .unwrap();
    // The server pings only a socket that answered its previous ping: a third ping
    // means two pongs were counted.
    let stayed = answer_pings(&mut polite, 3).await;
    assert!(
        stayed.is_ok(),
        "a client that answers pings stays connected: {stayed:?}"
    );
    polite
        .send(Message::Text("still here".into()))
        .await
        .unwrap();
    let reply = tokio::time::timeout(GUARD, async {
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

/// An IAM endpoint that validates `token` for `lifetime` from the moment it is
/// asked (so a slow handshake cannot eat the token's life); the expirations it
/// handed out go to `expirations`.
async fn iam_with_lifetime(
    token: &str,
    lifetime: jiff::SignedDuration,
    expirations: Arc<Mutex<Vec<jiff::Timestamp>>>,
) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(body_partial_json(json!({ "token": token })))
        .respond_with(move |_: &wiremock::Request| {
            let expiration = jiff::Timestamp::now() + lifetime;
            expirations.lock().unwrap().push(expiration);
            ResponseTemplate::new(200).set_body_json(json!({
                "valid": true, "code": 0, "identity": ALICE, "roles": ["agent"],
                "worker_sid": "WK0123456789abcdef0123456789abcde1",
                "expiration": expiration.to_string(),
            }))
        })
        .mount(&server)
        .await;
    server
}

#[actix_web::test]
async fn a_socket_lives_no_longer_than_its_token() {
    let expirations = Arc::new(Mutex::new(Vec::new()));
    let lifetime = jiff::SignedDuration::from_secs(2);
    let short = forged_token("short");
    let iam = iam_with_lifetime(&short, lifetime, expirations.clone()).await;
    let base = serve(&[("TWILIO_IAM_BASE_URL", &iam.uri())]);
    let url = format!("{base}/websocket/realtimeStats");
    let (_, mut socket) = awc::Client::new()
        .ws(&url)
        .protocols([short.as_str()])
        .connect()
        .await
        .unwrap();
    let seen = until_closed(&mut socket, true, GUARD).await;
    let closed_at = jiff::Timestamp::now();
    assert_eq!(
        seen.and_then(|s| s.last().cloned()).as_deref(),
        Some("close"),
        "closed when the token expires"
    );
    let expired_at = *expirations.lock().unwrap().first().unwrap();
    assert!(
        closed_at >= expired_at,
        "closed at {closed_at}, before the token expired at {expired_at}"
    );

    let lifetime = jiff::SignedDuration::from_secs(-60);
    let old = forged_token("old");
    let iam = iam_with_lifetime(&old, lifetime, expirations).await;
    let base = serve(&[("TWILIO_IAM_BASE_URL", &iam.uri())]);
    let refused = awc::Client::new()
        .ws(format!("{base}/websocket/realtimeStats"))
        .protocols([old.as_str()])
        .connect()
        .await
        .err()
        .map(|e| format!("{e:?}"));
    assert!(
        refused.is_some_and(|e| e.contains("403")),
        "an expired token is refused"
    );
}
