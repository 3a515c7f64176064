//! The Sync mirror retries with backoff when Sync fails and ends with the store's
//! latest state. A small fake Sync (actix on a socket) fails the first item writes.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::sync::{
    Mutex,
    atomic::{AtomicUsize, Ordering},
};

use actix_web::{App, HttpResponse, HttpServer, web};
use common::*;
use presence_phone::{
    build,
    config::{Secret, TwilioConfig},
};
use twilio_presence::{EndpointId, Event, Identity, Timestamp};

#[derive(Default)]
struct Fake {
    failures_left: AtomicUsize,
    item_posts: AtomicUsize,
    last: Mutex<Option<String>>,
}

async fn map(_: web::Path<(String, String)>) -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({ "unique_name": "presence" }))
}

async fn items(_: web::Path<(String, String)>) -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({ "items": [], "meta": { "next_page_url": null } }))
}

async fn item(fake: web::Data<Fake>, body: web::Bytes) -> HttpResponse {
    fake.item_posts.fetch_add(1, Ordering::SeqCst);
    if fake
        .failures_left
        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
        .is_ok()
    {
        return HttpResponse::ServiceUnavailable()
            .json(serde_json::json!({ "code": 20503, "message": "down", "status": 503 }));
    }
    let data = twilio_webhook::parse_form(&body)
        .into_iter()
        .find(|(k, _)| k == "Data")
        .map(|(_, v)| v);
    *fake.last.lock().unwrap() = data;
    HttpResponse::Ok().json(serde_json::json!({ "key": "alice" }))
}

#[actix_web::test]
async fn mirror_retries_and_writes_the_latest_state() {
    let fake = web::Data::new(Fake {
        failures_left: AtomicUsize::new(3),
        ..Fake::default()
    });
    let f2 = fake.clone();
    let server = HttpServer::new(move || {
        App::new()
            .app_data(f2.clone())
            .route("/v1/Services/{is}/Maps/{map}", web::get().to(map))
            .route("/v1/Services/{is}/Maps/{map}/Items", web::get().to(items))
            .route(
                "/v1/Services/{is}/Maps/{map}/Items/{key}",
                web::post().to(item),
            )
    })
    .workers(1)
    .bind(("127.0.0.1", 0))
    .unwrap();
    let sync_addr = server.addrs()[0];
    let server = server.run();
    let handle = server.handle();
    actix_web::rt::spawn(server);

    let mut config = config("mirror");
    config.twilio = Some(TwilioConfig {
        account_sid: "AC0123456789abcdef0123456789abcdef".to_owned(),
        auth_token: Secret::new(AUTH_TOKEN.to_owned()),
        api_key_sid: "SK0123456789abcdef0123456789abcdef".to_owned(),
        api_key_secret: Secret::new("secret".to_owned()),
        sync_service_sid: "IS0123456789abcdef0123456789abcdef".to_owned(),
        application_sid: "AP0123456789abcdef0123456789abcdef".to_owned(),
        sync_base_url: Some(format!("http://{sync_addr}")),
    });
    let state = build(config).await.unwrap();
    let presence = &state.app.presence;
    let alice = Identity::new("alice").unwrap();
    for ep in ["EP1", "EP2", "EP3"] {
        presence
            .apply(Event::connected(
                alice.clone(),
                EndpointId::new(ep).unwrap(),
                Timestamp::now(),
            ))
            .await
            .unwrap();
    }
    presence
        .apply(Event::disconnected(
            alice.clone(),
            EndpointId::new("EP1").unwrap(),
            Timestamp::now(),
        ))
        .await
        .unwrap();

    // 3 failures with backoff 250 + 500 + 1000 ms, then success: within a few seconds.
    twilio_testkit::wait::until("a successful item write of the latest state", || {
        let done = fake
            .last
            .lock()
            .unwrap()
            .as_deref()
            .is_some_and(|d| d.contains("\"endpoints\":2"));
        async move { done }
    })
    .await
    .unwrap();
    let last = fake.last.lock().unwrap().clone();
    let last: serde_json::Value =
        serde_json::from_str(&last.expect("no successful item write")).unwrap();
    assert_eq!(last["identity"], "alice");
    assert_eq!(last["state"], "available");
    assert_eq!(last["endpoints"], 2, "the latest state, not a stale one");
    assert!(
        fake.item_posts.load(Ordering::SeqCst) >= 4,
        "three failures, then success"
    );
    // Bursts coalesce: far fewer writes than the 4 changes x retries.
    assert!(fake.item_posts.load(Ordering::SeqCst) <= 8);
    handle.stop(false).await;
}
