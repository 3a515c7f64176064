//! Issue 14 over real sockets: attackers at 127.0.0.11–15 cannot keep an agent
//! with a valid Flex token out, cannot make IAM calls without bound, and a logged-in
//! agent cannot call premium-rate or international shared-cost ranges.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::time::Duration;

use awc::ws::{Frame, Message};
use common::*;
use futures_util::{SinkExt as _, StreamExt as _};
use serde_json::{Value, json};

fn attacker(i: usize) -> [u8; 4] {
    [127, 0, 0, 11 + u8::try_from(i % 5).unwrap()]
}

/// Was: 20 bad tokens from one address made the next handshake with a valid token
/// fail with 429 (every agent behind one load balancer locked out until the minute
/// ended), and every made-up token cost an IAM call.
///
/// Now, from five addresses (127.0.0.11–15, the first shared with the agents):
/// 200 tokens that are not JWEs cost no IAM call at all; 100 forged tokens of the
/// right shape, sent by 50 concurrent clients, get at most 2 IAM checks a second
/// (`TOKEN_CHECKS_PER_SECOND`); alice (known good) gets in at once during the
/// flood, and bob's brand-new valid token from the shared address gets in as soon
/// as a second's budget is free (a client retrying on 429 as `Retry-After` says).
#[actix_web::test]
async fn a_flood_of_bad_tokens_cannot_keep_a_valid_agent_out() {
    let iam = iam_stub().await;
    let (server, handle) = serve(&[("TWILIO_IAM_BASE_URL", &iam.uri())]);
    let shared = attacker(0);
    assert_eq!(handshake(server, shared, ALICE_TOKEN).await, 101);
    assert_eq!(iam_calls(&iam, None).await, 1);

    // Garbage: refused locally, nothing reaches IAM.
    for i in 0..200 {
        let status = handshake(server, attacker(i), &format!("eyJ.flood{i}.sig")).await;
        assert_eq!(status, 403, "garbage token {i}");
    }
    assert_eq!(iam_calls(&iam, None).await, 1, "garbage cost no IAM call");

    // Forged tokens of the right shape from 50 concurrent clients, 2 each, while
    // alice reconnects and bob logs in from the shared address.
    let started = std::time::Instant::now();
    let flood = futures_util::future::join_all((0..50).map(|c| async move {
        let mut statuses = Vec::new();
        for n in 0..2 {
            let token = forged_token(&format!("forged-{c}-{n}"));
            let status = handshake(server, attacker(c), &token).await;
            statuses.push((token, status));
        }
        statuses
    }));
    let agents = async {
        let alice = handshake(server, shared, ALICE_TOKEN).await;
        let mut bob = Vec::new();
        let deadline = std::time::Instant::now() + Duration::from_secs(60);
        while std::time::Instant::now() < deadline {
            let status = handshake(server, shared, BOB_TOKEN).await;
            bob.push(status);
            if status != 429 {
                break;
            }
        }
        (alice, bob)
    };
    let (statuses, (alice, bob)) = futures_util::join!(flood, agents);
    let elapsed = started.elapsed();
    assert_eq!(alice, 101, "a known agent never waits behind the flood");
    assert_eq!(bob.last(), Some(&101), "bob got in: {bob:?}");
    let statuses: Vec<(String, u16)> = statuses.into_iter().flatten().collect();
    let codes: Vec<u16> = statuses.iter().map(|(_, s)| *s).collect();
    assert!(codes.iter().all(|s| [403, 429].contains(s)), "{codes:?}");
    assert!(codes.contains(&429), "the budget was spent: {codes:?}");

    // IAM saw at most 2 forged tokens a second (fixed one-second windows: at most
    // one more window than whole seconds elapsed).
    let forged = iam_calls(&iam, Some(&[ALICE_TOKEN, BOB_TOKEN])).await;
    let windows = usize::try_from(elapsed.as_secs()).unwrap() + 2;
    assert!(
        forged <= 2 * windows,
        "{forged} forged checks in {elapsed:?}"
    );
    assert!(forged >= 2, "{forged} forged checks");
    // Refused tokens are remembered: repeating them costs nothing.
    let before = iam_calls(&iam, None).await;
    let refused = statuses.iter().filter(|(_, s)| *s == 403).take(5);
    for (i, (token, _)) in refused.enumerate() {
        assert_eq!(handshake(server, attacker(i), token).await, 403);
    }
    assert_eq!(iam_calls(&iam, None).await, before, "repeats cost nothing");
    handle.stop(false).await;
}

/// IAM calls seen by `iam`, leaving out those for the `known` tokens.
async fn iam_calls(iam: &wiremock::MockServer, known: Option<&[&str]>) -> usize {
    iam.received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| {
            let body = String::from_utf8_lossy(&r.body);
            !known.is_some_and(|k| k.iter().any(|t| body.contains(t)))
        })
        .count()
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
