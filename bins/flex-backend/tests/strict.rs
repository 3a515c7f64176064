//! Strict input and the shared headers (issue 14 "Loose input", issue 16 item 5): the
//! answer URL's query is strict, every response says `nosniff` (refusals and 404s
//! included), and `HEAD` and `/healthz` answer.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use actix_web::http::{Method, StatusCode};
use actix_web::test as at;
use actix_web::{App, body};
use common::*;
use flex_backend::configure;

fn answer_params() -> Vec<(&'static str, &'static str)> {
    vec![
        ("AccountSid", ACCOUNT_SID),
        ("CallSid", "CA0123456789abcdef0123456789abcdef"),
        ("CallStatus", "in-progress"),
        ("From", CALLER_ID),
        ("To", "+15551234567"),
    ]
}

/// A correctly signed answer webhook for `uri`.
fn signed(uri: &str) -> at::TestRequest {
    let (body, signature) = signed_form(uri, &answer_params());
    at::TestRequest::post()
        .uri(uri)
        .insert_header(("content-type", "application/x-www-form-urlencoded"))
        .insert_header(("host", "flex.example.com"))
        .insert_header(("x-twilio-signature", signature))
        .set_payload(body)
}

/// A worker address that is not UTF-8 used to become `client:\u{FFFD}` and a task;
/// a repeated one is refused too, naming the key.
#[actix_web::test]
async fn the_answer_query_is_strict() {
    let app = at::init_service(App::new().configure(configure(state(&[])))).await;
    for (uri, says) in [
        (
            "/twilio-webhook/callHandlerTwiml?workerContactUri=client%3A%FF%FE",
            "`workerContactUri` is not valid UTF-8",
        ),
        (
            "/twilio-webhook/callHandlerTwiml?workerContactUri=client%3Aa&workerContactUri=client%3Ab",
            "`workerContactUri` is given more than once",
        ),
    ] {
        let res = at::call_service(&app, signed(uri).to_request()).await;
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{uri}");
        let text = body::to_bytes(res.into_body()).await.unwrap();
        let text = String::from_utf8(text.to_vec()).unwrap();
        assert!(text.contains(says), "{uri}: {text}");
    }
}

#[actix_web::test]
async fn every_response_says_nosniff_and_head_answers() {
    let app = at::init_service(App::new().configure(configure(state(&[])))).await;
    let answer = "/twilio-webhook/callHandlerTwiml?workerContactUri=client%3Aalice";
    let cases = [
        (at::TestRequest::get().uri("/healthz"), 200, "ok"),
        (
            at::TestRequest::default()
                .method(Method::HEAD)
                .uri("/healthz"),
            200,
            "",
        ),
        (at::TestRequest::get().uri("/nowhere"), 404, ""),
        (
            // Not a websocket handshake: refused before any token check.
            at::TestRequest::get().uri("/websocket/outboundDial"),
            400,
            "",
        ),
        (at::TestRequest::post().uri(answer), 400, ""),
        (signed(answer), 200, "<?xml"),
    ];
    for (req, status, starts) in cases {
        let req = req.to_request();
        let what = format!("{} {}", req.method(), req.uri());
        let res = at::call_service(&app, req).await;
        assert_eq!(res.status().as_u16(), status, "{what}");
        let values: Vec<_> = res
            .headers()
            .get_all("x-content-type-options")
            .map(|v| v.to_str().unwrap().to_owned())
            .collect();
        assert_eq!(values, ["nosniff"], "{what}");
        let body = body::to_bytes(res.into_body()).await.unwrap();
        let body = String::from_utf8(body.to_vec()).unwrap();
        assert!(body.starts_with(starts), "{what}: {body}");
        if what.starts_with("HEAD") {
            assert!(body.is_empty(), "{what}");
        }
    }
}
