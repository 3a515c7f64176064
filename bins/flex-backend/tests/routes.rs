//! The app without a socket: signed webhooks, the answer TwiML byte for byte, and the
//! websocket authentication before the upgrade (IAM stubbed with wiremock).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use actix_web::http::StatusCode;
use actix_web::test as at;
use actix_web::{App, body};
use common::*;
use flex_backend::configure;

const ANSWER: &str =
    "/twilio-webhook/callHandlerTwiml?workerContactUri=client%3Aalice_40acme_2Ecom";
const STATUS: &str = "/twilio-webhook/callStatusCallbackHandler";
const CALL_SID: &str = "CA0123456789abcdef0123456789abcdef";

fn answer_params() -> Vec<(&'static str, &'static str)> {
    vec![
        ("AccountSid", ACCOUNT_SID),
        ("ApiVersion", "2010-04-01"),
        ("CallSid", CALL_SID),
        ("CallStatus", "in-progress"),
        ("Direction", "outbound-api"),
        ("From", CALLER_ID),
        ("To", "+15551234567"),
    ]
}

/// A webhook request for `uri`: signed right (`Some("good")`), with another
/// signature, or unsigned.
fn signed_request(uri: &str, params: &[(&str, &str)], signature: Option<&str>) -> at::TestRequest {
    let (body, good) = signed_form(uri, params);
    let req = at::TestRequest::post()
        .uri(uri)
        .insert_header(("content-type", "application/x-www-form-urlencoded"))
        .insert_header(("host", "flex.example.com"))
        .set_payload(body);
    match signature {
        Some("good") => req.insert_header(("x-twilio-signature", good)),
        Some(other) => req.insert_header(("x-twilio-signature", other.to_owned())),
        None => req,
    }
}

async fn read(res: actix_web::dev::ServiceResponse) -> (StatusCode, Option<String>, String) {
    let status = res.status();
    let content_type = res
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned());
    let bytes = body::to_bytes(res.into_body()).await.unwrap();
    (
        status,
        content_type,
        String::from_utf8(bytes.to_vec()).unwrap(),
    )
}

macro_rules! post_signed {
    ($app:expr, $uri:expr, $params:expr, $sig:expr) => {
        read(at::call_service($app, signed_request($uri, $params, $sig).to_request()).await).await
    };
}

#[actix_web::test]
async fn the_answer_url_enqueues_a_task_for_the_worker() {
    let app = at::init_service(App::new().configure(configure(state(&[])))).await;
    let (status, content_type, body) = post_signed!(&app, ANSWER, &answer_params(), Some("good"));
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(content_type.as_deref(), Some("application/xml"));
    assert_eq!(
        body,
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><Response><Enqueue workflowSid="{WORKFLOW_SID}"><Task>{{"targetWorker":"client:alice_40acme_2Ecom","autoAnswer":"true","type":"outbound","direction":"outbound","name":"+15551234567"}}</Task></Enqueue></Response>"#
        )
    );
}

#[actix_web::test]
async fn webhooks_without_a_valid_signature_are_refused() {
    let app = at::init_service(App::new().configure(configure(state(&[])))).await;
    for uri in [ANSWER, STATUS] {
        let params = if uri == ANSWER {
            answer_params()
        } else {
            status_params(CALL_SID, "ringing")
        };
        let (status, _, _) = post_signed!(&app, uri, &params, None);
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri} unsigned");
        let (status, _, _) = post_signed!(&app, uri, &params, Some("c2lnbmF0dXJl"));
        assert_eq!(status, StatusCode::FORBIDDEN, "{uri} wrong signature");
    }
    // A signature for another worker does not cover this query.
    let (body, signature) = signed_form(
        "/twilio-webhook/callHandlerTwiml?workerContactUri=client%3Amallory",
        &answer_params(),
    );
    let req = at::TestRequest::post()
        .uri(ANSWER)
        .insert_header(("content-type", "application/x-www-form-urlencoded"))
        .insert_header(("host", "flex.example.com"))
        .insert_header(("x-twilio-signature", signature))
        .set_payload(body);
    assert_eq!(
        at::call_service(&app, req.to_request()).await.status(),
        StatusCode::FORBIDDEN
    );
}

#[actix_web::test]
async fn signed_but_unusable_webhooks_get_a_400() {
    let app = at::init_service(App::new().configure(configure(state(&[])))).await;
    // Another account's webhook signed with a reused token.
    let mut other = answer_params();
    other[0] = ("AccountSid", "ACffffffffffffffffffffffffffffffff");
    let (status, _, body) = post_signed!(&app, ANSWER, &other, Some("good"));
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    // No worker, or not a client address.
    for uri in [
        "/twilio-webhook/callHandlerTwiml",
        "/twilio-webhook/callHandlerTwiml?workerContactUri=%2B15551234567",
    ] {
        let (status, _, body) = post_signed!(&app, uri, &answer_params(), Some("good"));
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}: {body}");
        assert!(body.contains("workerContactUri"), "{body}");
    }
    // A status callback without its call.
    let (status, _, _) = post_signed!(&app, STATUS, &[("AccountSid", ACCOUNT_SID)], Some("good"));
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[actix_web::test]
async fn status_callbacks_are_answered_at_once_with_an_empty_200() {
    let app = at::init_service(App::new().configure(configure(state(&[])))).await;
    let (status, _, body) = post_signed!(
        &app,
        STATUS,
        &status_params(CALL_SID, "ringing"),
        Some("good")
    );
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, "");
    for uri in [ANSWER, STATUS] {
        let req = at::TestRequest::default()
            .method(actix_web::http::Method::OPTIONS)
            .uri(uri);
        let res = at::call_service(&app, req.to_request()).await;
        assert_eq!(res.status(), StatusCode::OK, "OPTIONS {uri}");
    }
}

async fn upgrade(
    state: flex_backend::AppState,
    uri: &str,
    headers: &[(&str, &str)],
) -> actix_web::dev::ServiceResponse {
    let app = at::init_service(App::new().configure(configure(state))).await;
    let mut req = at::TestRequest::get().uri(uri);
    for (k, v) in UPGRADE.iter().chain(headers) {
        req = req.insert_header((*k, *v));
    }
    at::call_service(&app, req.to_request()).await
}

#[actix_web::test]
async fn websockets_need_a_valid_flex_token_before_the_upgrade() {
    let iam = iam_stub().await;
    let state = state(&[("TWILIO_IAM_BASE_URL", &iam.uri())]);
    let forged = forged_token("forged");
    for path in ["/websocket/outboundDial", "/websocket/realtimeStats"] {
        let res = upgrade(state.clone(), path, &[]).await;
        assert_eq!(
            res.status(),
            StatusCode::UNAUTHORIZED,
            "{path} without token"
        );
        let res = upgrade(
            state.clone(),
            path,
            &[("sec-websocket-protocol", forged.as_str())],
        )
        .await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{path} bad token");
        let body = body::to_bytes(res.into_body()).await.unwrap();
        assert!(body.is_empty(), "no detail for a refused token");

        let res = upgrade(
            state.clone(),
            path,
            &[("sec-websocket-protocol", ALICE_TOKEN)],
        )
        .await;
        assert_eq!(res.status(), StatusCode::SWITCHING_PROTOCOLS, "{path}");
        assert_eq!(
            res.headers().get("sec-websocket-protocol").unwrap(),
            ALICE_TOKEN,
            "the offered sub-protocol is echoed"
        );
        // The `token` header works too; nothing to echo then.
        let res = upgrade(state.clone(), path, &[("token", BOB_TOKEN)]).await;
        assert_eq!(res.status(), StatusCode::SWITCHING_PROTOCOLS, "{path}");
        assert!(res.headers().get("sec-websocket-protocol").is_none());
    }
    let res = upgrade(state.clone(), "/websocket/other", &[("token", ALICE_TOKEN)]).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    // Every token check reached the stub with the token as JSON, except the forged
    // token's second offer: Twilio refused it once, that is remembered.
    let requests = iam.received_requests().await.unwrap();
    assert_eq!(requests.len(), 5);
    assert!(
        requests
            .iter()
            .all(|r| r.headers.get("authorization").is_some())
    );
}

#[actix_web::test]
async fn an_unreachable_iam_endpoint_is_a_503() {
    let state = state(&[]);
    let res = upgrade(
        state,
        "/websocket/outboundDial",
        &[("sec-websocket-protocol", ALICE_TOKEN)],
    )
    .await;
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
}
