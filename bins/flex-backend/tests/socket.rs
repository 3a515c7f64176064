//! Over a real socket: both websockets with `awc`, a call placed through Prism
//! (Twilio's api_v2010 contract), a signed status callback reaching the socket that
//! placed the call, hangup ownership, and the stats broadcast from Prism's TaskRouter.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::net::TcpListener;

use actix_web::{App, HttpServer, web};
use awc::ws::Message;
use common::*;
use flex_backend::configure;
use futures_util::SinkExt as _;
use serde_json::{Value, json};
use twilio_testkit::prism::{Prism, Spec};
use twilio_testkit::wait;

async fn connect(
    base: &str,
    path: &str,
    token: &str,
) -> Result<(awc::ClientResponse, impl Socket), String> {
    awc::Client::new()
        .ws(format!("{base}{path}"))
        .protocols([token])
        .connect()
        .await
        .map_err(|e| format!("{e:?}"))
}

async fn send(socket: &mut impl Socket, text: &str) {
    socket
        .send(Message::Text(text.to_owned().into()))
        .await
        .unwrap();
}

fn posted_paths(prism: &Prism) -> Vec<String> {
    prism
        .requests()
        .iter()
        .map(|r| {
            format!(
                "{} {}",
                r["method"].as_str().unwrap(),
                r["path"].as_str().unwrap()
            )
        })
        .collect()
}

#[actix_web::test]
async fn outbound_dial_and_stats_over_a_real_socket() {
    let api = web::block(|| Prism::start(Spec::Api))
        .await
        .unwrap()
        .unwrap();
    let taskrouter = web::block(|| Prism::start(Spec::TaskRouter))
        .await
        .unwrap()
        .unwrap();
    let iam = iam_stub().await;
    let state = state(&[
        ("TWILIO_API_BASE_URL", api.base_url()),
        ("TWILIO_TASKROUTER_BASE_URL", taskrouter.base_url()),
        ("TWILIO_IAM_BASE_URL", &iam.uri()),
        ("STATS_REALTIME_SECS", "1"),
    ]);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let app_state = state.clone();
    let server = HttpServer::new(move || App::new().configure(configure(app_state.clone())))
        .workers(1)
        .listen(listener)
        .unwrap()
        .run();
    let handle = server.handle();
    actix_web::rt::spawn(server);

    // Handshake: the token comes back as the selected sub-protocol; a bad one is a 403.
    let (res, mut alice) = connect(&base, "/websocket/outboundDial", ALICE_TOKEN)
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 101);
    assert_eq!(
        res.headers().get("sec-websocket-protocol").unwrap(),
        ALICE_TOKEN
    );
    let refused = connect(&base, "/websocket/outboundDial", "eyJ.forged.sig")
        .await
        .err()
        .unwrap();
    assert!(refused.contains("403"), "{refused}");

    // The seed's replies to what is not a request.
    send(&mut alice, "hello").await;
    assert_eq!(next_text(&mut alice).await, "echo: hello");
    send(&mut alice, r#"{"method":"dance"}"#).await;
    assert_eq!(
        next_text(&mut alice).await,
        "Unrecognized payload: [object Object]"
    );
    send(&mut alice, r#"{"method":"hangup"}"#).await;
    assert_eq!(
        next_text(&mut alice).await,
        "Unrecognized payload: [object Object]"
    );

    // Refused before Twilio sees them.
    for (request, needle) in [
        (json!({"method": "call", "to": "5551234567"}), "`to`"),
        (
            json!({"method": "call", "to": "+15551234567", "from": "+19005550000"}),
            "`from`",
        ),
        (
            json!({"method": "call", "to": "+15551234567", "workerContactUri": "client:mallory"}),
            "`workerContactUri`",
        ),
    ] {
        send(&mut alice, &request.to_string()).await;
        let reply: Value = serde_json::from_str(&next_text(&mut alice).await).unwrap();
        assert_eq!(reply["messageType"], "error", "{request}");
        assert!(
            reply["message"].as_str().unwrap().contains(needle),
            "{reply}"
        );
    }
    assert!(posted_paths(&api).is_empty(), "{:?}", posted_paths(&api));

    // The plugin's call: the create's status comes back at once.
    let call = json!({"method": "call", "to": "+15551234567", "from": OTHER_CALLER_ID,
                      "workerContactUri": ALICE_CONTACT_URI});
    send(&mut alice, &call.to_string()).await;
    let update: Value = serde_json::from_str(&next_text(&mut alice).await).unwrap();
    assert_eq!(update["messageType"], "callUpdate", "{update}");
    let call_sid = update["callSid"].as_str().unwrap().to_owned();
    assert!(call_sid.starts_with("CA"));
    assert_eq!(update["callStatus"], "completed", "Prism's example status");
    api.assert_clean().unwrap();

    // Twilio's signed status callback reaches alice's socket.
    let status = format!("{base}/twilio-webhook/callStatusCallbackHandler");
    let params = status_params(&call_sid, "ringing");
    let (body, signature) = signed_form("/twilio-webhook/callStatusCallbackHandler", &params);
    let res = awc::Client::new()
        .post(&status)
        .insert_header(("x-twilio-signature", signature))
        .content_type("application/x-www-form-urlencoded")
        .send_body(body)
        .await
        .unwrap();
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(
        next_text(&mut alice).await,
        format!(r#"{{"messageType":"callUpdate","callSid":"{call_sid}","callStatus":"ringing"}}"#)
    );

    // Bob may not hang up alice's call; alice may.
    let (_, mut bob) = connect(&base, "/websocket/outboundDial", BOB_TOKEN)
        .await
        .unwrap();
    send(
        &mut bob,
        &json!({"method": "hangup", "callSid": call_sid}).to_string(),
    )
    .await;
    let reply: Value = serde_json::from_str(&next_text(&mut bob).await).unwrap();
    assert_eq!(reply["messageType"], "error");
    assert_eq!(reply["message"], "you can only hang up calls you placed");
    let calls_path = format!("/2010-04-01/Accounts/{ACCOUNT_SID}/Calls");
    assert_eq!(posted_paths(&api), [format!("POST {calls_path}.json")]);
    send(
        &mut alice,
        &json!({"method": "hangup", "callSid": call_sid}).to_string(),
    )
    .await;
    let hangup = format!("POST {calls_path}/{call_sid}.json");
    wait::until("the hangup reaches Twilio", || {
        let done = posted_paths(&api).contains(&hangup);
        async move { done }
    })
    .await
    .unwrap();
    assert_eq!(
        posted_paths(&api),
        [format!("POST {calls_path}.json"), hangup]
    );
    api.assert_clean().unwrap();

    // Closing the socket ends its mappings.
    assert_eq!(state.calls().len().await, 1);
    alice.close().await.unwrap();
    drop(alice);
    wait::until("the closed socket's call is forgotten", || {
        let state = state.clone();
        async move { state.calls().is_empty().await }
    })
    .await
    .unwrap();

    // Stats: the cache at once, then the broadcast of the first poll, and echoes.
    let (res, mut stats) = connect(&base, "/websocket/realtimeStats", BOB_TOKEN)
        .await
        .unwrap();
    assert_eq!(
        res.headers().get("sec-websocket-protocol").unwrap(),
        BOB_TOKEN
    );
    assert_eq!(next_text(&mut stats).await, "[]");
    let array: Value = serde_json::from_str(&next_text(&mut stats).await).unwrap();
    assert_eq!(
        array[0]["sid"], "WQaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "{array}"
    );
    assert_eq!(array[0]["realTimeStats_all"]["totalTasks"], 100);
    assert_eq!(array[0]["cumulativeStats_all"]["tEnter"], 100);
    send(&mut stats, "ping?").await;
    loop {
        let text = next_text(&mut stats).await;
        if text.starts_with('[') {
            continue; // a broadcast can come first
        }
        assert_eq!(text, "echo: ping?");
        break;
    }
    taskrouter.assert_clean().unwrap();

    let refused = connect(&base, "/websocket/realtimeStats", "eyJ.forged.sig")
        .await
        .err()
        .unwrap();
    assert!(refused.contains("403"), "{refused}");
    handle.stop(false).await;
}
