//! `/api/messages` and `/api/calls` against Prism serving Twilio's api_v2010 OpenAPI
//! spec behind the strict gate: every request the app makes must match the contract.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use actix_web::http::StatusCode;
use actix_web::test as at;
use actix_web::{App, web};
use browser_phone::configure;
use common::*;
use serde_json::{Value, json};
use twilio_testkit::prism::{Prism, Spec};

fn prism() -> Prism {
    Prism::start(Spec::Api).unwrap_or_else(|e| panic!("Prism: {e}"))
}

/// The paths Twilio was asked for, in order.
fn paths(prism: &Prism) -> Vec<String> {
    prism
        .requests()
        .iter()
        .map(|r| {
            format!(
                "{} {}",
                r["method"].as_str().unwrap_or(""),
                r["path"].as_str().unwrap_or("")
            )
        })
        .collect()
}

#[actix_web::test]
async fn messages_and_calls_reach_twilio_within_the_contract() {
    let prism = web::block(prism).await.unwrap();
    let state = state(&[
        ("TWILIO_API_BASE_URL", prism.base_url()),
        ("RATE_LIMIT_MESSAGES", "1"),
    ]);
    let app = at::init_service(App::new().configure(configure(state.clone()))).await;
    let cookie = session_cookie(&state, "alice");

    // A client-supplied `from` is ignored: the configured number sends.
    let req = at::TestRequest::post()
        .uri("/api/messages")
        .insert_header(("cookie", cookie.as_str()))
        .set_json(
            json!({"to": "+15551234567", "from": "+19005550000", "message": "Hello from Rust"}),
        );
    let res = at::call_service(&app, req.to_request()).await;
    let status = res.status();
    let body: Value = at::read_body_json(res).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(
        body["sid"].as_str().unwrap().starts_with("SM")
            || body["sid"].as_str().unwrap().starts_with("MM"),
        "{body}"
    );

    // The second message in the window is refused before Twilio sees it.
    let req = at::TestRequest::post()
        .uri("/api/messages")
        .insert_header(("cookie", cookie.as_str()))
        .set_json(json!({"to": "+15551234567", "message": "again"}));
    let res = at::call_service(&app, req.to_request()).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = res
        .headers()
        .get("retry-after")
        .unwrap()
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((3590..=3600).contains(&retry), "{retry}");

    let req = at::TestRequest::post()
        .uri("/api/calls")
        .insert_header(("cookie", cookie.as_str()))
        .set_json(json!({"to": "+15551234567", "message": "This is a voice message & <more>"}));
    let res = at::call_service(&app, req.to_request()).await;
    let status = res.status();
    let body: Value = at::read_body_json(res).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body["sid"].as_str().unwrap().starts_with("CA"), "{body}");

    let seen = paths(&prism);
    assert_eq!(
        seen,
        [
            format!("POST /2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"),
            format!("POST /2010-04-01/Accounts/{ACCOUNT_SID}/Calls.json"),
        ],
        "exactly one message and one call reached Twilio"
    );
    prism.assert_clean().unwrap();
}

#[actix_web::test]
async fn refused_requests_never_reach_twilio() {
    let prism = web::block(prism).await.unwrap();
    let state = state(&[("TWILIO_API_BASE_URL", prism.base_url())]);
    let app = at::init_service(App::new().configure(configure(state.clone()))).await;
    let cookie = session_cookie(&state, "bob");
    for (path, body) in [
        (
            "/api/messages",
            json!({"to": "+882345678901", "message": "premium"}),
        ),
        ("/api/calls", json!({"to": "not a number", "message": "x"})),
        ("/api/calls", json!({"to": "+15551234567", "message": ""})),
    ] {
        let req = at::TestRequest::post()
            .uri(path)
            .insert_header(("cookie", cookie.as_str()))
            .set_json(&body);
        let res = at::call_service(&app, req.to_request()).await;
        assert!(res.status().is_client_error(), "{path} {body}");
    }
    let req = at::TestRequest::post()
        .uri("/api/messages")
        .set_json(json!({"to": "+15551234567", "message": "hi"}));
    assert_eq!(
        at::call_service(&app, req.to_request()).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert!(paths(&prism).is_empty(), "{:?}", paths(&prism));
}
