//! The security review's findings: what an internet client could do to the backend
//! before (and after) it authenticates. Twilio's IAM endpoint is a wiremock stub.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::time::{Duration, Instant};

use actix_web::App;
use actix_web::http::StatusCode;
use actix_web::test as at;
use common::*;
use flex_backend::{AppState, configure};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A websocket handshake to `/websocket/outboundDial` with `headers` on top.
async fn upgrade(state: AppState, headers: &[(&str, &str)]) -> StatusCode {
    let app = at::init_service(App::new().configure(configure(state))).await;
    let mut req = at::TestRequest::get().uri("/websocket/outboundDial");
    for (k, v) in UPGRADE.iter().chain(headers) {
        req = req.insert_header((*k, *v));
    }
    at::call_service(&app, req.to_request()).await.status()
}

/// A throttled or failing IAM endpoint is asked once per handshake: retries would
/// multiply each anonymous request into several Twilio calls and hold the
/// connection for minutes (429s with `Retry-After`).
#[actix_web::test]
async fn a_failing_iam_endpoint_is_asked_once_and_answered_at_once() {
    let iam = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "30"))
        .mount(&iam)
        .await;
    let state = state(&[("TWILIO_IAM_BASE_URL", &iam.uri())]);
    let started = Instant::now();
    let status = upgrade(state, &[("sec-websocket-protocol", ALICE_TOKEN)]).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    // Far below the 30 s `Retry-After` a retry would wait, far above a slow machine.
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(iam.received_requests().await.unwrap().len(), 1);
}

/// Only a websocket handshake is worth a token check: a plain request with a token
/// (or a handshake of a version we do not speak) is refused before Twilio is asked.
#[actix_web::test]
async fn requests_that_are_not_handshakes_never_reach_iam() {
    let iam = iam_stub().await;
    let state = state(&[("TWILIO_IAM_BASE_URL", &iam.uri())]);
    let app = at::init_service(App::new().configure(configure(state.clone()))).await;
    let plain = at::TestRequest::get()
        .uri("/websocket/outboundDial")
        .insert_header(("token", ALICE_TOKEN))
        .to_request();
    let res = at::call_service(&app, plain).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let body = actix_web::body::to_bytes(res.into_body()).await.unwrap();
    assert!(
        String::from_utf8_lossy(&body).contains("websocket handshake"),
        "{body:?}"
    );
    let old_version = upgrade(
        state,
        &[
            ("sec-websocket-version", "8"),
            ("sec-websocket-protocol", ALICE_TOKEN),
        ],
    )
    .await;
    assert_eq!(old_version, StatusCode::BAD_REQUEST);
    assert_eq!(iam.received_requests().await.unwrap().len(), 0);
}

/// A handshake from `peer` (and `forwarded`, an `X-Forwarded-For` value) offering `token`.
async fn handshake_from(
    state: AppState,
    peer: &str,
    forwarded: Option<&str>,
    token: &str,
) -> actix_web::dev::ServiceResponse {
    let app = at::init_service(App::new().configure(configure(state))).await;
    let mut req = at::TestRequest::get()
        .uri("/websocket/realtimeStats")
        .peer_addr(peer.parse().unwrap())
        .insert_header(("sec-websocket-protocol", token));
    for (k, v) in UPGRADE {
        req = req.insert_header((k, v));
    }
    if let Some(f) = forwarded {
        req = req.insert_header(("x-forwarded-for", f));
    }
    at::call_service(&app, req.to_request()).await
}

async fn iam_calls(iam: &MockServer) -> usize {
    iam.received_requests().await.unwrap().len()
}

/// Each anonymous handshake with a made-up token costs a Twilio call: an address
/// that keeps guessing is refused with a 429 (without asking Twilio) once it has
/// failed `AUTH_FAILURES_PER_MINUTE` times and the suspect budget is spent (none
/// here), while other addresses and valid users are unaffected; a token Twilio
/// refused is not asked about again.
#[actix_web::test]
async fn guessing_tokens_is_throttled_per_address_and_refusals_are_remembered() {
    let iam = iam_stub().await;
    let state = state(&[
        ("TWILIO_IAM_BASE_URL", &iam.uri()),
        ("AUTH_FAILURES_PER_MINUTE", "3"),
        ("AUTH_SUSPECT_CHECKS_PER_MINUTE", "0"),
    ]);
    let attacker = "203.0.113.7:40000";
    for i in 0..3 {
        let res = handshake_from(state.clone(), attacker, None, &format!("eyJ.guess{i}.sig")).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "guess {i}");
    }
    assert_eq!(iam_calls(&iam).await, 3);
    let res = handshake_from(state.clone(), attacker, None, "eyJ.guess3.sig").await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry_after: u64 = res
        .headers()
        .get("retry-after")
        .unwrap()
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry_after), "{retry_after}");
    assert_eq!(
        iam_calls(&iam).await,
        3,
        "a throttled address never reaches Twilio"
    );

    // Another address is unaffected; a refused token is remembered for everyone.
    let agent = "198.51.100.20:50000";
    let res = handshake_from(state.clone(), agent, None, ALICE_TOKEN).await;
    assert_eq!(res.status(), StatusCode::SWITCHING_PROTOCOLS);
    let res = handshake_from(state.clone(), agent, None, "eyJ.guess0.sig").await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        iam_calls(&iam).await,
        4,
        "the refused token was not re-checked"
    );

    // A token that cannot be a Flex token is refused without asking Twilio.
    let res = handshake_from(state.clone(), agent, None, "eyJ\"<script>.x").await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(iam_calls(&iam).await, 4);
}

/// Behind `PROXY_HOPS` trusted proxies the client is the address the last proxy
/// saw, so clients behind one load balancer are throttled separately (and a forged
/// `X-Forwarded-For` entry further left changes nothing).
#[actix_web::test]
async fn behind_a_proxy_the_forwarded_address_is_the_client() {
    let iam = iam_stub().await;
    let state = state(&[
        ("TWILIO_IAM_BASE_URL", &iam.uri()),
        ("AUTH_FAILURES_PER_MINUTE", "2"),
        ("AUTH_SUSPECT_CHECKS_PER_MINUTE", "0"),
        ("PROXY_HOPS", "1"),
    ]);
    let proxy = "10.0.0.2:443";
    for i in 0..2 {
        let forged = format!("192.0.2.{i}, 203.0.113.7");
        let res = handshake_from(
            state.clone(),
            proxy,
            Some(&forged),
            &format!("eyJ.g{i}.sig"),
        )
        .await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
    }
    let res = handshake_from(state.clone(), proxy, Some("203.0.113.7"), "eyJ.g9.sig").await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let res = handshake_from(state.clone(), proxy, Some("198.51.100.20"), ALICE_TOKEN).await;
    assert_eq!(res.status(), StatusCode::SWITCHING_PROTOCOLS);
}

/// Token checks in flight are bounded per address (a slow IAM endpoint must not let
/// one client hold hundreds of pending handshakes and Twilio calls).
#[actix_web::test]
async fn checks_in_flight_are_bounded_per_address() {
    let iam = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"valid": false}))
                .set_delay(Duration::from_millis(500)),
        )
        .mount(&iam)
        .await;
    let state = state(&[("TWILIO_IAM_BASE_URL", &iam.uri())]);
    let app = at::init_service(App::new().configure(configure(state))).await;
    let requests = (0..12).map(|i| {
        let mut req = at::TestRequest::get()
            .uri("/websocket/outboundDial")
            .peer_addr("203.0.113.7:40000".parse().unwrap())
            .insert_header(("sec-websocket-protocol", format!("eyJ.slow{i}.sig")));
        for (k, v) in UPGRADE {
            req = req.insert_header((k, v));
        }
        at::call_service(&app, req.to_request())
    });
    let statuses: Vec<_> = futures_util::future::join_all(requests)
        .await
        .into_iter()
        .map(|r| r.status())
        .collect();
    let throttled = statuses
        .iter()
        .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert!(throttled >= 8, "{statuses:?}");
    assert!(iam_calls(&iam).await <= 4, "{}", iam_calls(&iam).await);
}
