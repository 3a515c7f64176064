//! Strict input and the shared headers (issue 14 "Loose input", issue 16 item 5): the
//! token route refuses a body that is not its type instead of answering 200 with a
//! random endpoint; every response says `nosniff`; `HEAD` and `/healthz` answer.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use actix_web::{
    App,
    http::{Method, StatusCode, header},
    test,
};
use common::*;
use presence_phone::{State, build, configure};

macro_rules! app {
    ($tag:expr) => {{
        let state: State = build(config($tag)).await.unwrap();
        let s2 = state.clone();
        test::init_service(App::new().configure(move |c| configure(c, &s2))).await
    }};
}

macro_rules! login_cookie {
    ($svc:expr) => {{
        let req = test::TestRequest::post()
            .uri("/api/login")
            .set_json(serde_json::json!({ "username": "alice", "password": PASSWORD }))
            .to_request();
        let res = test::call_service($svc, req).await;
        assert_eq!(res.status(), StatusCode::OK);
        let set = res.headers().get(header::SET_COOKIE).unwrap();
        set.to_str().unwrap().split(';').next().unwrap().to_owned()
    }};
}

/// The finding: bad JSON, `{"endpoint":5}`, `[]` and a 10 MB body all got 200 and a
/// token for a random endpoint, though the docs say the endpoint is validated.
#[actix_web::test]
async fn token_route_refuses_bodies_that_are_not_its_type() {
    let svc = app!("strict-token");
    let cookie = login_cookie!(&svc);
    let json = "application/json";
    let huge = {
        let mut body = br#"{"endpoint":""#.to_vec();
        body.resize(10 * 1024 * 1024, b'a');
        body.extend_from_slice(br#""}"#);
        body
    };
    for (what, content_type, body, status) in [
        ("bad JSON", json, b"{endpoint:".to_vec(), 400),
        ("a number", json, br#"{"endpoint":5}"#.to_vec(), 400),
        ("an array", json, b"[]".to_vec(), 400),
        ("nothing", json, Vec::new(), 400),
        ("10 MB", json, huge, 413),
        (
            "not JSON",
            "text/plain",
            br#"{"endpoint":"a"}"#.to_vec(),
            415,
        ),
    ] {
        let req = test::TestRequest::post()
            .uri("/api/phone/token")
            .insert_header((header::COOKIE, cookie.clone()))
            .insert_header((header::CONTENT_TYPE, content_type))
            .set_payload(body)
            .to_request();
        let res = test::call_service(&svc, req).await;
        assert_eq!(res.status().as_u16(), status, "{what}");
        assert_eq!(
            res.headers().get("x-content-type-options").unwrap(),
            "nosniff"
        );
        let body: serde_json::Value = test::read_body_json(res).await;
        assert!(body.get("token").is_none(), "{what}: {body}");
        let message = body["message"].as_str().unwrap();
        assert!(message.starts_with("JSON body: "), "{what}: {message}");
    }
    // `{}` still asks for a fresh random endpoint, and a named one is kept.
    for (body, endpoint) in [("{}", None), (r#"{"endpoint":"tab-1"}"#, Some("tab-1"))] {
        let req = test::TestRequest::post()
            .uri("/api/phone/token")
            .insert_header((header::COOKIE, cookie.clone()))
            .insert_header((header::CONTENT_TYPE, json))
            .set_payload(body)
            .to_request();
        let res = test::call_service(&svc, req).await;
        assert_eq!(res.status(), StatusCode::OK, "{body}");
        let answer: serde_json::Value = test::read_body_json(res).await;
        let id = answer["endpointId"].as_str().unwrap();
        assert!(id.starts_with("PresencePhone::alice:"), "{id}");
        if let Some(endpoint) = endpoint {
            assert!(id.ends_with(endpoint), "{id}");
        }
    }
}

/// Every response, refusals and 404s included, carries `nosniff`.
#[actix_web::test]
async fn every_response_says_nosniff() {
    let svc = app!("strict-nosniff");
    let cookie = login_cookie!(&svc);
    let get = |uri: &str| test::TestRequest::get().uri(uri);
    let cases = [
        (get("/"), 200),
        (get("/app.js"), 200),
        (get("/healthz"), 200),
        (get("/api/config"), 200),
        (get("/api/me"), 401),
        (
            get("/api/presence").insert_header((header::COOKIE, cookie.clone())),
            200,
        ),
        (get("/nowhere"), 404),
        (
            test::TestRequest::post()
                .uri("/api/login")
                .set_payload("{")
                .insert_header((header::CONTENT_TYPE, "application/json")),
            400,
        ),
        (test::TestRequest::post().uri("/api/sync-callback"), 400),
        (
            test::TestRequest::post()
                .uri("/api/sync-callback")
                .insert_header(("X-Twilio-Signature", "forged")),
            403,
        ),
    ];
    for (req, status) in cases {
        let req = req.to_request();
        let what = format!("{} {}", req.method(), req.uri());
        let res = test::call_service(&svc, req).await;
        assert_eq!(res.status().as_u16(), status, "{what}");
        let values: Vec<_> = res
            .headers()
            .get_all("x-content-type-options")
            .map(|v| v.to_str().unwrap().to_owned())
            .collect();
        assert_eq!(values, ["nosniff"], "{what}");
    }
}

/// `HEAD` on the page, its assets, `/healthz` and even the event stream answers like
/// `GET` without a body (it used to be 405).
#[actix_web::test]
async fn head_answers_pages_and_healthz_without_a_body() {
    let svc = app!("strict-head");
    let cookie = login_cookie!(&svc);
    for (uri, status) in [
        ("/", 200),
        ("/app.js", 200),
        ("/assets/app.css", 200),
        ("/healthz", 200),
        ("/api/presence/events", 200),
        ("/api/me", 200),
    ] {
        let req = test::TestRequest::default()
            .method(Method::HEAD)
            .uri(uri)
            .insert_header((header::COOKIE, cookie.clone()))
            .to_request();
        let res = test::call_service(&svc, req).await;
        assert_eq!(res.status().as_u16(), status, "HEAD {uri}");
        assert!(test::read_body(res).await.is_empty(), "HEAD {uri}");
    }
    let res = test::call_service(&svc, test::TestRequest::get().uri("/healthz").to_request()).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(test::read_body(res).await, "ok");
}
