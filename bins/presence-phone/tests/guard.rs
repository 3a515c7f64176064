//! Issue 14: an attacker behind the same address (127.0.0.11, over a real socket)
//! cannot lock users out by guessing at names that do not exist, and outgoing calls
//! to premium and international shared-cost ranges are refused naming the rule.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::net::{IpAddr, TcpListener};
use std::time::Duration;

use actix_web::{App, HttpServer, http::header, test};
use common::*;
use presence_phone::{State, build, configure};

/// Was: 5 wrong passwords for a user that does not exist made every user behind
/// the same address get 429 for 899 s.
#[actix_web::test]
async fn guesses_at_unknown_names_do_not_lock_out_users_behind_the_same_address() {
    let state: State = build(config("guard-login")).await.unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let server = HttpServer::new(move || {
        let s = state.clone();
        App::new().configure(move |c| configure(c, &s))
    })
    .workers(1)
    .disable_signals()
    .listen(listener)
    .unwrap()
    .run();
    let handle = server.handle();
    actix_web::rt::spawn(server);
    let http = reqwest::Client::builder()
        .local_address(IpAddr::from([127, 0, 0, 11]))
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap();
    let login = |user: &'static str, password: &'static str| {
        http.post(format!("{base}/api/login"))
            .json(&serde_json::json!({ "username": user, "password": password }))
            .send()
    };
    for _ in 0..5 {
        assert_eq!(login("mallory", "guess").await.unwrap().status(), 401);
    }
    let res = login("alice", PASSWORD).await.unwrap();
    assert_eq!(res.status(), 200, "alice behind the same address gets in");
    assert!(res.headers().contains_key("set-cookie"));
    // The guesser itself is out of guesses for that name.
    assert_eq!(login("mallory", "guess").await.unwrap().status(), 429);
    handle.stop(false).await;
}

/// Was: the TwiML App's outgoing route dialled any valid number. Now premium and
/// international shared-cost ranges get 403 naming the rule, other countries than
/// the caller ID's too, and calls are rate limited per user (429).
#[actix_web::test]
async fn outgoing_calls_follow_the_destination_policy() {
    let state: State = build(config("guard-outgoing")).await.unwrap();
    let s2 = state.clone();
    let svc = test::init_service(App::new().configure(move |c| configure(c, &s2))).await;
    let post = |number: &'static str| {
        let params = [("phoneNumber", number), ("From", "client:bob")];
        test::TestRequest::post()
            .uri("/api/phone/outgoing")
            .insert_header((header::CONTENT_TYPE, "application/x-www-form-urlencoded"))
            .insert_header(("X-Twilio-Signature", sign("/api/phone/outgoing", &params)))
            .set_payload(form(&params))
            .to_request()
    };
    for (number, rule) in [
        ("+19005550123", "NANP premium rate (900) (+1900)"),
        (
            "+882345678901",
            "international networks, premium and shared-cost (+882)",
        ),
        ("+97955512345", "international premium rate service (+979)"),
        ("+4930123456", "country DE is not allowed"),
    ] {
        let res = test::call_service(&svc, post(number)).await;
        assert_eq!(res.status(), 403, "{number}");
        let body: serde_json::Value = test::read_body_json(res).await;
        assert_eq!(body["error"], "destination_refused");
        let message = body["message"].as_str().unwrap();
        assert!(message.contains(rule), "{message}");
    }
    // The default is 30 calls per user and hour.
    for _ in 0..30 {
        let res = test::call_service(&svc, post("+15559876543")).await;
        assert_eq!(res.status(), 200);
    }
    let res = test::call_service(&svc, post("+15559876543")).await;
    assert_eq!(res.status(), 429);
    assert!(res.headers().contains_key(header::RETRY_AFTER));
}
