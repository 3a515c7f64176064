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
