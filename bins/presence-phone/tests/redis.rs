//! Two app instances sharing one real `redis-server`: a webhook handled by one is
//! seen by the other's incoming-call decision (several instances behind one load
//! balancer).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use actix_web::{App, http::header, test};
use common::*;
use presence_phone::{build, config::StoreKind, configure};
use twilio_presence::Status;
use twilio_testkit::process::RedisServer;

#[actix_web::test]
async fn two_instances_share_presence_through_redis() {
    let redis = RedisServer::start().unwrap();
    let mk = || {
        let mut c = config("redis");
        c.store = StoreKind::Redis;
        c.redis_url = Some(redis.url().into());
        c
    };
    let a = build(mk()).await.unwrap();
    let b = build(mk()).await.unwrap();
    let a2 = a.clone();
    let svc_a = test::init_service(App::new().configure(move |c| configure(c, &a2))).await;

    let params = [
        ("EventType", "endpoint_connected"),
        ("Identity", "alice"),
        ("EndpointId", "EP1"),
    ];
    let req = test::TestRequest::post()
        .uri("/api/sync-callback")
        .insert_header((header::CONTENT_TYPE, "application/x-www-form-urlencoded"))
        .insert_header(("X-Twilio-Signature", sign("/api/sync-callback", &params)))
        .set_payload(form(&params))
        .to_request();
    assert_eq!(test::call_service(&svc_a, req).await.status(), 200);
    assert_eq!(a.app.presence.status("alice"), Some(Status::Available));

    // Instance B learns it from Redis pub/sub.
    twilio_testkit::wait::until("instance B learns of alice", || {
        let seen = b.app.presence.status("alice").is_some();
        async move { seen }
    })
    .await
    .unwrap();
    assert_eq!(b.app.presence.status("alice"), Some(Status::Available));
}

/// Two instances on one Redis (`REDIS_URL`): a logout on A refuses the cookie on B,
/// and wrong guesses made on either add up.
#[actix_web::test]
async fn two_instances_share_logouts_and_throttles_through_redis() {
    let redis = RedisServer::start().unwrap();
    let mk = || {
        let mut c = config("redis-auth");
        c.store = StoreKind::Redis;
        c.redis_url = Some(redis.url().into());
        c
    };
    let (a, b) = (build(mk()).await.unwrap(), build(mk()).await.unwrap());
    let svc_a = test::init_service(App::new().configure(move |c| configure(c, &a))).await;
    let svc_b = test::init_service(App::new().configure(move |c| configure(c, &b))).await;
    let login = |user: &str, password: &str| {
        test::TestRequest::post()
            .uri("/api/login")
            .peer_addr("203.0.113.7:4000".parse().unwrap())
            .set_json(serde_json::json!({ "username": user, "password": password }))
            .to_request()
    };
    let me = |cookie: &str| {
        test::TestRequest::get()
            .uri("/api/me")
            .insert_header((header::COOKIE, cookie.to_owned()))
            .to_request()
    };

    let res = test::call_service(&svc_a, login("alice", PASSWORD)).await;
    assert_eq!(res.status(), 200);
    let cookie = res
        .headers()
        .get(header::SET_COOKIE)
        .unwrap()
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    assert_eq!(test::call_service(&svc_b, me(&cookie)).await.status(), 200);
    let logout = test::TestRequest::post()
        .uri("/api/logout")
        .insert_header((header::COOKIE, cookie.clone()))
        .to_request();
    assert_eq!(test::call_service(&svc_a, logout).await.status(), 200);
    assert_eq!(test::call_service(&svc_b, me(&cookie)).await.status(), 401);

    // 5 wrong guesses per account and address, spread over both instances.
    for (i, svc) in [&svc_a, &svc_b, &svc_a, &svc_b, &svc_a]
        .into_iter()
        .enumerate()
    {
        let status = test::call_service(svc, login("bob", "wrong"))
            .await
            .status();
        assert_eq!(status, 401, "guess {i}");
    }
    for svc in [&svc_a, &svc_b] {
        let status = test::call_service(svc, login("bob", PASSWORD))
            .await
            .status();
        assert_eq!(status, 429);
    }
}
