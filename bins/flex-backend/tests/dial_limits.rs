//! An authenticated agent's socket cannot place calls without bound: a stolen or
//! scripted Flex token floods `call` messages, and each would be a billed PSTN call.
//! Each socket also has at most a few requests in flight. Real socket (`awc`), calls through Prism serving Twilio's api_v2010 contract.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::net::TcpListener;

use actix_web::{App, HttpServer, web};
use awc::ws::{Frame, Message};
use common::*;
use flex_backend::configure;
use futures_util::{SinkExt as _, StreamExt as _};
use serde_json::{Value, json};
use twilio_testkit::prism::{Prism, Spec};

#[actix_web::test]
async fn a_flood_of_calls_is_capped_per_user() {
    let api = web::block(|| Prism::start(Spec::Api))
        .await
        .unwrap()
        .unwrap();
    let iam = iam_stub().await;
    let state = state(&[
        ("TWILIO_API_BASE_URL", api.base_url()),
        ("TWILIO_IAM_BASE_URL", &iam.uri()),
        ("CALLS_PER_MINUTE", "3"),
    ]);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let server = HttpServer::new(move || App::new().configure(configure(state.clone())))
        .workers(1)
        .disable_signals()
        .listen(listener)
        .unwrap()
        .run();
    let handle = server.handle();
    actix_web::rt::spawn(server);

    // Two sockets of the same user share the limit.
    let mut sockets = Vec::new();
    for _ in 0..2 {
        let (_, socket) = awc::Client::new()
            .ws(format!("{base}/websocket/outboundDial"))
            .protocols([ALICE_TOKEN])
            .connect()
            .await
            .unwrap();
        sockets.push(socket);
    }
    let call = json!({"method": "call", "to": "+15551234567"}).to_string();
    for socket in &mut sockets {
        for _ in 0..10 {
            socket
                .send(Message::Text(call.clone().into()))
                .await
                .unwrap();
        }
    }
    let (mut placed, mut refused) = (0, 0);
    for socket in &mut sockets {
        for _ in 0..10 {
            let frame = tokio::time::timeout(twilio_testkit::wait::GUARD, socket.next())
                .await
                .expect("a reply within the guard")
                .unwrap()
                .unwrap();
            let Frame::Text(text) = frame else {
                panic!("expected text, got {frame:?}");
            };
            let reply: Value = serde_json::from_slice(&text).unwrap();
            match reply["messageType"].as_str() {
                Some("callUpdate") => placed += 1,
                Some("error") => {
                    let message = reply["message"].as_str().unwrap();
                    assert!(
                        message.contains("per minute per user") || message.contains("in flight"),
                        "{message}"
                    );
                    refused += 1;
                }
                other => panic!("unexpected {other:?}: {reply}"),
            }
        }
    }
    assert_eq!((placed, refused), (3, 17));
    let creates = api
        .requests()
        .iter()
        .filter(|r| r["method"] == "POST")
        .count();
    assert_eq!(creates, 3, "only the allowed calls reached Twilio");
    api.assert_clean().unwrap();
    handle.stop(false).await;
}
