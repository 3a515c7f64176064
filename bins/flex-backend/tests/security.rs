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

/// A token that is not shaped like a Flex token (a compact JWE) is refused without
/// asking Twilio; a token Twilio refused is refused again without asking, from any
/// address; valid users are unaffected.
#[actix_web::test]
async fn garbage_is_free_and_refusals_are_remembered() {
    let iam = iam_stub().await;
    let state = state(&[("TWILIO_IAM_BASE_URL", &iam.uri())]);
    let attacker = "203.0.113.7:40000";
    for garbage in ["eyJ.guess.sig", "eyJ\"<script>.x", "a.b.c.d.e"] {
        let res = handshake_from(state.clone(), attacker, None, garbage).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{garbage}");
    }
    assert_eq!(iam_calls(&iam).await, 0, "garbage never reaches Twilio");
    let forged = forged_token("guess");
    let res = handshake_from(state.clone(), attacker, None, &forged).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(iam_calls(&iam).await, 1);

    let agent = "198.51.100.20:50000";
    let res = handshake_from(state.clone(), agent, None, ALICE_TOKEN).await;
    assert_eq!(res.status(), StatusCode::SWITCHING_PROTOCOLS);
    for from in [attacker, agent] {
        let res = handshake_from(state.clone(), from, None, &forged).await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
    }
    assert_eq!(
        iam_calls(&iam).await,
        2,
        "the refused token was not re-checked"
    );
}

/// Behind `TRUSTED_PROXIES` (a hop count) the client is the address the last proxy
/// saw: checks in flight are bounded per forwarded address (a forged
/// `X-Forwarded-For` entry further left changes nothing).
#[actix_web::test]
async fn behind_a_proxy_the_forwarded_address_is_the_client() {
    let iam = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"valid": false}))
                .set_delay(Duration::from_millis(500)),
        )
        .mount(&iam)
        .await;
    let state = state(&[
        ("TWILIO_IAM_BASE_URL", &iam.uri()),
        ("TOKEN_CHECKS_PER_SECOND", "100"),
        ("TRUSTED_PROXIES", "1"),
    ]);
    let app = at::init_service(App::new().configure(configure(state))).await;
    let request = |forwarded: String, i: usize| {
        let mut req = at::TestRequest::get()
            .uri("/websocket/outboundDial")
            .peer_addr("10.0.0.2:443".parse().unwrap())
            .insert_header(("x-forwarded-for", forwarded))
            .insert_header(("sec-websocket-protocol", forged_token(&format!("p{i}"))));
        for (k, v) in UPGRADE {
            req = req.insert_header((k, v));
        }
        at::call_service(&app, req.to_request())
    };
    // Five from one client (each with a different forged left entry), one from another.
    let requests = (0..5)
        .map(|i| request(format!("192.0.2.{i}, 203.0.113.7"), i))
        .chain([request("198.51.100.20".to_owned(), 9)]);
    let statuses: Vec<_> = futures_util::future::join_all(requests)
        .await
        .into_iter()
        .map(|r| r.status())
        .collect();
    let throttled = statuses
        .iter()
        .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert_eq!(throttled, 1, "{statuses:?}");
    assert_eq!(statuses[5], StatusCode::FORBIDDEN, "{statuses:?}");
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
    let state = state(&[
        ("TWILIO_IAM_BASE_URL", &iam.uri()),
        ("TOKEN_CHECKS_PER_SECOND", "100"),
    ]);
    let app = at::init_service(App::new().configure(configure(state))).await;
    let requests = (0..12).map(|i| {
        let mut req = at::TestRequest::get()
            .uri("/websocket/outboundDial")
            .peer_addr("203.0.113.7:40000".parse().unwrap())
            .insert_header(("sec-websocket-protocol", forged_token(&format!("slow{i}"))));
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
