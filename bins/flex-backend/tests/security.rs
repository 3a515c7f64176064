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
    assert!(
        started.elapsed() < Duration::from_secs(2),
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
