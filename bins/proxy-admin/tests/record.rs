//! The `/recordCall` job's bounds (§5.4): Prism only ever answers the spec's one
//! example, so a call that stays "in progress" while Twilio keeps refusing to record
//! it (error 21220), or one that ends, is played by a local HTTP stub (`wiremock`)
//! speaking Twilio's error documents.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::time::Duration;

use actix_web::App;
use actix_web::http::StatusCode;
use actix_web::test as at;
use common::*;
use proxy_admin::{AppState, MAX_RECORD_ATTEMPTS, configure};
use serde_json::json;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn account_path(rest: &str) -> String {
    format!("/2010-04-01/Accounts/{ACCOUNT_SID}/{rest}")
}

async fn twilio(call_status: &str, recording_answers: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(account_path("Recordings.json")))
        .and(query_param("CallSid", CA))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "recordings": [], "page": 0, "page_size": 1, "next_page_uri": null,
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(account_path(&format!("Calls/{CA}.json"))))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"sid": CA, "status": call_status})),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(account_path(&format!("Calls/{CA}/Recordings.json"))))
        .respond_with(recording_answers)
        .mount(&server)
        .await;
    server
}

fn not_in_progress() -> ResponseTemplate {
    ResponseTemplate::new(400).set_body_json(json!({
        "code": 21220,
        "message": "Call is not in-progress. Cannot start recording.",
        "more_info": "https://www.twilio.com/docs/errors/21220",
        "status": 400,
    }))
}

fn state_for(server: &MockServer) -> AppState {
    let mut config = config(&[("TWILIO_API_BASE_URL", &server.uri())]).unwrap();
    config.record_retry_interval = Duration::from_millis(5);
    AppState::new(config).unwrap()
}

/// Posts the signed callback and waits for the job to finish.
async fn callback(state: &AppState, params: &[(&str, &str)]) {
    let app = at::init_service(App::new().configure(configure(state.clone()))).await;
    let (body, signature) = signed_form("/recordCall", params);
    let req = at::TestRequest::post()
        .uri("/recordCall")
        .insert_header(("x-twilio-signature", signature))
        .insert_header(("content-type", "application/x-www-form-urlencoded"))
        .set_payload(body);
    assert_eq!(
        at::call_service(&app, req.to_request()).await.status(),
        StatusCode::OK
    );
    twilio_testkit::wait::until("the job stops", || {
        let running = state.recordings_in_flight() > 0;
        async move { !running }
    })
    .await
    .unwrap();
}

async fn count(server: &MockServer, verb: &str, suffix: &str) -> usize {
    server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.method.as_str() == verb && r.url.path().ends_with(suffix))
        .count()
}

#[actix_web::test]
async fn gives_up_after_fifteen_refusals() {
    let server = twilio("in-progress", not_in_progress()).await;
    let state = state_for(&server);
    callback(&state, &record_params()).await;
    assert_eq!(MAX_RECORD_ATTEMPTS, 15);
    assert_eq!(count(&server, "POST", "/Recordings.json").await, 15);
    assert_eq!(count(&server, "GET", &format!("{CA}.json")).await, 15);
    // And nothing more happens later (the seed rescheduled itself forever).
    actix_web::rt::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(count(&server, "POST", "/Recordings.json").await, 15);
}

#[actix_web::test]
async fn stops_at_the_first_recording_started() {
    let server = twilio(
        "in-progress",
        ResponseTemplate::new(201).set_body_json(json!({
            "sid": "REaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "call_sid": CA, "status": "in-progress",
        })),
    )
    .await;
    let state = state_for(&server);
    callback(&state, &record_params()).await;
    assert_eq!(count(&server, "POST", "/Recordings.json").await, 1);
}

#[actix_web::test]
async fn stops_when_the_call_is_over() {
    let server = twilio("completed", not_in_progress()).await;
    let state = state_for(&server);
    callback(&state, &record_params()).await;
    assert_eq!(count(&server, "GET", &format!("{CA}.json")).await, 1);
    assert_eq!(count(&server, "POST", "/Recordings.json").await, 0);
}

#[actix_web::test]
async fn only_initiated_outbound_legs_start_a_job() {
    let server = twilio("in-progress", not_in_progress()).await;
    let state = state_for(&server);
    let mut params = record_params();
    for p in &mut params {
        if p.0 == "outboundResourceStatus" {
            p.1 = "completed";
        }
    }
    callback(&state, &params).await;
    assert!(server.received_requests().await.unwrap().is_empty());
}
