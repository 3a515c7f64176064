//! Strict JSON, the shared headers and the login redirect (issue 14 "Loose input",
//! issue 16 item 5): bodies that are not the route's type are 4xx with a message,
//! every response says `nosniff`, `HEAD` and `/healthz` answer, and login returns
//! to the page asked for, never to another site.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use actix_web::App;
use actix_web::http::{Method, StatusCode};
use actix_web::test as at;
use browser_phone::configure;
use common::*;
use serde_json::{Value, json};

macro_rules! app {
    ($state:expr) => {
        at::init_service(App::new().configure(configure($state.clone()))).await
    };
}

#[actix_web::test]
async fn json_bodies_that_are_not_the_routes_type_are_refused() {
    let state = state(&[]);
    let app = app!(state);
    let cookie = session_cookie(&state, "alice");
    let json = "application/json";
    for (what, content_type, body, status) in [
        ("bad JSON", json, b"{to:".to_vec(), 400),
        (
            "a number",
            json,
            br#"{"to":5,"message":"hi"}"#.to_vec(),
            400,
        ),
        ("an array", json, b"[]".to_vec(), 400),
        ("too large", json, vec![b' '; 64 * 1024], 413),
        (
            "not JSON",
            "text/plain",
            br#"{"to":"+15551234567"}"#.to_vec(),
            415,
        ),
    ] {
        let req = at::TestRequest::post()
            .uri("/api/messages")
            .insert_header(("cookie", cookie.as_str()))
            .insert_header(("content-type", content_type))
            .set_payload(body);
        let res = at::call_service(&app, req.to_request()).await;
        assert_eq!(res.status().as_u16(), status, "{what}");
        assert_eq!(
            res.headers().get("x-content-type-options").unwrap(),
            "nosniff"
        );
        let body: Value = at::read_body_json(res).await;
        assert!(
            body["error"].as_str().unwrap().starts_with("JSON body: "),
            "{what}: {body}"
        );
    }
}

#[actix_web::test]
async fn every_response_says_nosniff_and_head_answers() {
    let state = state(&[]);
    let app = app!(state);
    let cookie = session_cookie(&state, "alice");
    for (method, uri, with_cookie, status) in [
        (Method::GET, "/login", false, 200),
        (Method::GET, "/", false, 303),
        (Method::GET, "/", true, 200),
        (Method::GET, "/healthz", false, 200),
        (Method::GET, "/api/config", false, 401),
        (Method::GET, "/nowhere", true, 404),
        (Method::DELETE, "/api/messages", true, 405),
        // Nothing sent yet: an empty list, Twilio not asked.
        (Method::GET, "/api/messages", true, 200),
        (Method::GET, "/api/calls?limit=0", true, 400),
        (Method::GET, "/api/calls?limit=5&limit=6", true, 400),
        (Method::POST, "/hooks/voice", false, 400),
        (Method::HEAD, "/", true, 200),
        (Method::HEAD, "/login", false, 200),
        (Method::HEAD, "/assets/app.css", false, 200),
        (Method::HEAD, "/login.js", false, 200),
        (Method::HEAD, "/favicon.ico", false, 200),
        (Method::HEAD, "/healthz", false, 200),
    ] {
        let mut req = at::TestRequest::default().method(method.clone()).uri(uri);
        if with_cookie {
            req = req.insert_header(("cookie", cookie.as_str()));
        }
        let res = at::call_service(&app, req.to_request()).await;
        assert_eq!(res.status().as_u16(), status, "{method} {uri}");
        let values: Vec<_> = res
            .headers()
            .get_all("x-content-type-options")
            .map(|v| v.to_str().unwrap().to_owned())
            .collect();
        assert_eq!(values, ["nosniff"], "{method} {uri}");
        let body = at::read_body(res).await;
        if method == Method::HEAD {
            assert!(body.is_empty(), "HEAD {uri}");
        }
    }
}

#[actix_web::test]
async fn login_hands_back_only_a_path_on_this_site() {
    let state = state(&[]);
    let app = app!(state);
    let login = |next: Option<&str>| {
        let mut body = json!({ "username": "alice", "password": PASSWORD });
        if let Some(next) = next {
            body["next"] = json!(next);
        }
        at::TestRequest::post()
            .uri("/api/login")
            .set_json(body)
            .to_request()
    };
    for (next, expected) in [
        (None, "/"),
        (Some("/?tab=call"), "/?tab=call"),
        (Some("//evil.example/x"), "/"),
        (Some("/\\evil.example/x"), "/"),
        (Some("https://evil.example/"), "/"),
        (Some("/\n/evil.example"), "/"),
    ] {
        let res = at::call_service(&app, login(next)).await;
        assert_eq!(res.status(), StatusCode::OK, "{next:?}");
        let body: Value = at::read_body_json(res).await;
        assert_eq!(body["next"], expected, "{next:?}");
    }
    // A page asked for without a session names itself to the login page.
    let res = at::call_service(&app, at::TestRequest::get().uri("/?tab=call").to_request()).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        res.headers().get("location").unwrap(),
        "/login?next=%2F%3Ftab%3Dcall"
    );
}
