//! `flex-backend` with no Twilio variables starts in local mode on the embedded fake:
//! the binary itself, on port 0, walked like a newcomer would from `/local`: a Flex
//! token from the page, both websockets, a call with its signed status callbacks
//! arriving as `callUpdate`s, a hang-up, and queue statistics.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use awc::ws::{Frame, Message};
use futures_util::{SinkExt as _, StreamExt as _};
use serde_json::{Value, json};
use twilio_testkit::process::{app_command, spawn_reporting};
use twilio_testkit::wait::GUARD;

async fn next_text<S>(socket: &mut S) -> String
where
    S: futures_util::Stream<Item = Result<Frame, awc::error::WsProtocolError>> + Unpin,
{
    loop {
        let frame = tokio::time::timeout(GUARD, socket.next())
            .await
            .expect("a frame within the guard")
            .unwrap()
            .unwrap();
        match frame {
            Frame::Text(text) => return String::from_utf8(text.to_vec()).unwrap(),
            Frame::Ping(_) | Frame::Pong(_) => {}
            other => panic!("unexpected frame {other:?}"),
        }
    }
}

#[actix_web::test]
async fn a_newcomer_dials_and_watches_stats_without_an_account() {
    let (_app, addr) = spawn_reporting(&mut app_command(
        env!("CARGO_BIN_EXE_flex-backend"),
        &[("PORT", "0".into()), ("STATS_REALTIME_SECS", "1".into())],
    ))
    .unwrap();
    let base = format!("http://{addr}");
    let client = awc::Client::new();

    let mut page = client.get(format!("{base}/local")).send().await.unwrap();
    assert_eq!(page.status().as_u16(), 200);
    let html = String::from_utf8(page.body().await.unwrap().to_vec()).unwrap();
    assert!(html.contains("LOCAL MODE"));
    assert!(html.contains("<svg"), "the statistics are drawn");
    assert!(!html.contains("https://"), "nothing external loads");

    let session: Value = client
        .get(format!("{base}/local/token"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = session["token"].as_str().unwrap().to_owned();

    // A made-up token is refused: the fake checks, the app asks it.
    let forged = client
        .ws(format!("{base}/websocket/outboundDial"))
        .protocols(["local.forged"])
        .connect()
        .await;
    assert!(forged.is_err(), "a token the fake never issued is refused");

    let (_, mut dial) = client
        .ws(format!("{base}/websocket/outboundDial"))
        .protocols([token.as_str()])
        .connect()
        .await
        .unwrap();
    let (_, mut stats) = client
        .ws(format!("{base}/websocket/realtimeStats"))
        .protocols([token.as_str()])
        .connect()
        .await
        .unwrap();

    let call = json!({
        "method": "call",
        "to": "+14155550100",
        "from": session["from"],
        "workerContactUri": session["workerContactUri"],
    });
    dial.send(Message::Text(call.to_string().into()))
        .await
        .unwrap();
    let mut seen = Vec::new();
    let mut sid = String::new();
    // queued (from the create), then the signed callbacks: ringing, in-progress.
    while seen.last().map(String::as_str) != Some("in-progress") {
        let update: Value = serde_json::from_str(&next_text(&mut dial).await).unwrap();
        assert_eq!(update["messageType"], "callUpdate", "{update}");
        sid = update["callSid"].as_str().unwrap().to_owned();
        seen.push(update["callStatus"].as_str().unwrap().to_owned());
    }
    assert_eq!(seen, ["queued", "ringing", "in-progress"]);
    // The call waits in the queue until the agent hangs up.
    dial.send(Message::Text(
        json!({"method": "hangup", "callSid": sid})
            .to_string()
            .into(),
    ))
    .await
    .unwrap();
    let done: Value = serde_json::from_str(&next_text(&mut dial).await).unwrap();
    assert_eq!(
        (done["callSid"].as_str(), done["callStatus"].as_str()),
        (Some(sid.as_str()), Some("completed"))
    );

    // Statistics: every queue with the four realtime keys the plugin needs.
    let queues = loop {
        let queues: Value = serde_json::from_str(&next_text(&mut stats).await).unwrap();
        if queues.as_array().is_some_and(|q| !q.is_empty()) {
            break queues;
        }
    };
    let everyone = &queues[0];
    assert_eq!(everyone["friendlyName"], "Everyone");
    for channel in ["all", "voice", "chat", "video"] {
        assert!(
            everyone[format!("realTimeStats_{channel}")]["tasksByStatus"].is_object(),
            "{everyone}"
        );
    }
}
