//! Two real instances of the binary behind one (imagined) load balancer, sharing a
//! real `redis-server` through `REDIS_URL`: a logout on A refuses the cookie on B,
//! wrong guesses add up across both, and Redis stopped mid-test gives 503 (webhooks
//! too, so Twilio retries) and recovery without restarting the apps; a message sent
//! through A is in the sender's list on B (and nobody else's).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::process::Stdio;

use common::*;
use serde_json::json;
use twilio_testkit::process::{ChildGuard, RedisServer, app_command, spawn_reporting};
use twilio_testkit::wait;

fn instance(redis: &RedisServer) -> (ChildGuard, String) {
    instance_with(redis, &[])
}

/// An instance whose settings in `overrides` replace the defaults above.
fn instance_with(redis: &RedisServer, overrides: &[(&str, String)]) -> (ChildGuard, String) {
    let mut vars = vec![
        ("TWILIO_ACCOUNT_SID", ACCOUNT_SID.to_owned()),
        ("TWILIO_AUTH_TOKEN", AUTH_TOKEN.to_owned()),
        ("TWILIO_API_KEY_SID", API_KEY_SID.to_owned()),
        ("TWILIO_API_KEY_SECRET", API_KEY_SECRET.to_owned()),
        ("TWILIO_TWIML_APP_SID", APP_SID.to_owned()),
        ("TWILIO_PHONE_NUMBER", PHONE_NUMBER.to_owned()),
        ("PUBLIC_BASE_URL", PUBLIC_BASE_URL.to_owned()),
        ("ALLOWED_DESTINATION_PREFIXES", "+1".to_owned()),
        ("INCOMING_CALL_DEFAULT_USER", "alice".to_owned()),
        (
            "SESSION_SECRET",
            "0123456789abcdef0123456789abcdef-scale".to_owned(),
        ),
        ("APP_USERS", users_text()),
        ("BIND_ADDRESS", "127.0.0.1:0".to_owned()),
        ("TWILIO_API_BASE_URL", "http://127.0.0.1:9".to_owned()),
        ("REDIS_URL", redis.url().to_owned()),
    ];
    for (name, value) in overrides {
        vars.retain(|(n, _)| n != name);
        vars.push((*name, value.clone()));
    }
    let mut cmd = app_command(env!("CARGO_BIN_EXE_browser-phone"), &vars);
    let (guard, addr) = spawn_reporting(cmd.stderr(Stdio::null())).unwrap();
    (guard, format!("http://{addr}"))
}

async fn login(
    http: &reqwest::Client,
    base: &str,
    user: &str,
    password: &str,
) -> reqwest::Response {
    http.post(format!("{base}/api/login"))
        .json(&json!({"username": user, "password": password}))
        .send()
        .await
        .unwrap()
}

async fn token_status(http: &reqwest::Client, base: &str, cookie: &str) -> u16 {
    http.post(format!("{base}/api/token/generate"))
        .header("cookie", cookie)
        .send()
        .await
        .map(|r| r.status().as_u16())
        .unwrap_or(0)
}

#[tokio::test]
async fn two_instances_share_logouts_throttles_and_survive_a_redis_restart() {
    let redis = RedisServer::start().unwrap();
    let socket = redis.socket().to_owned();
    let (_a, a) = instance(&redis);
    let (_b, b) = instance(&redis);
    let http = reqwest::Client::new();

    // Logout on A refuses the cookie on B.
    let res = login(&http, &a, "alice", PASSWORD).await;
    assert_eq!(res.status(), 200);
    let cookie = res.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    assert_eq!(token_status(&http, &b, &cookie).await, 200);
    let res = http
        .post(format!("{a}/api/logout"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    assert_eq!(token_status(&http, &b, &cookie).await, 401);
    assert_eq!(token_status(&http, &a, &cookie).await, 401);

    // Wrong guesses add up: 5 per account and address (3 on A, 2 on B), then even
    // the right password from this address waits, on either instance.
    for base in [&a, &b, &a, &b, &a] {
        assert_eq!(login(&http, base, "bob", "wrong").await.status(), 401);
    }
    for base in [&a, &b] {
        let res = login(&http, base, "bob", PASSWORD).await;
        assert_eq!(res.status(), 429);
        assert!(res.headers().contains_key("retry-after"));
    }

    // A fresh session to check recovery with.
    let res = login(&http, &b, "alice", PASSWORD).await;
    assert_eq!(res.status(), 200);
    let fresh = res.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();

    // Redis stops: session checks, logins and the dial webhook answer 503.
    drop(redis);
    wait::until("A reports the store down", || async {
        token_status(&http, &a, &fresh).await == 503
    })
    .await
    .unwrap();
    let res = login(&http, &b, "alice", PASSWORD).await;
    assert_eq!(res.status(), 503);
    assert!(res.text().await.unwrap().contains("unavailable"));
    let number = "+15551234567";
    let (form, signature) = signed_form(
        "/hooks/call/connect",
        &connect_params("client:alice", Some(number)),
    );
    let res = http
        .post(format!("{a}/hooks/call/connect"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("x-twilio-signature", &signature)
        .body(form.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 503, "Twilio retries a 503");

    // Redis back (same socket, empty): both instances recover without a restart.
    let _redis = RedisServer::start_at(&socket).unwrap();
    for base in [&a, &b] {
        wait::until("the instance reconnects", || async {
            token_status(&http, base, &fresh).await == 200
        })
        .await
        .unwrap();
    }
    let res = http
        .post(format!("{b}/hooks/call/connect"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("x-twilio-signature", &signature)
        .body(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.text().await.unwrap().contains(number));
}

fn cookie_of(res: &reqwest::Response) -> String {
    res.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned()
}

async fn listed(http: &reqwest::Client, base: &str, cookie: &str) -> serde_json::Value {
    let res = http
        .get(format!("{base}/api/messages"))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

#[tokio::test]
async fn a_message_sent_through_one_instance_is_listed_on_the_other() {
    let redis = RedisServer::start().unwrap();
    // Both instances talk to one stateful fake of Twilio, as they would to Twilio.
    let fake = twilio_fake::Fake::start(twilio_app_env::Secret::new(AUTH_TOKEN)).unwrap();
    let number = fake.phone_numbers().into_iter().next().unwrap();
    let overrides = [
        ("TWILIO_ACCOUNT_SID", fake.account_sid().to_owned()),
        ("TWILIO_API_BASE_URL", fake.base_url().to_owned()),
        ("TWILIO_PHONE_NUMBER", number),
    ];
    let (_a, a) = instance_with(&redis, &overrides);
    let (_b, b) = instance_with(&redis, &overrides);
    let http = reqwest::Client::new();

    let res = login(&http, &a, "alice", PASSWORD).await;
    assert_eq!(res.status(), 200);
    let alice = cookie_of(&res);
    let res = http
        .post(format!("{a}/api/messages"))
        .header("cookie", &alice)
        .json(&json!({"to": "+15551234567", "message": "sent through A"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let sent: serde_json::Value = res.json().await.unwrap();
    let sid = sent["sid"].as_str().unwrap().to_owned();

    // The session cookie and the record of who sent what are both shared.
    let on_b = listed(&http, &b, &alice).await;
    assert_eq!(on_b["messages"][0]["sid"], sid.as_str(), "{on_b}");
    assert_eq!(on_b["messages"].as_array().unwrap().len(), 1, "{on_b}");
    let res = login(&http, &b, "bob", PASSWORD).await;
    assert_eq!(res.status(), 200);
    let bob = cookie_of(&res);
    assert_eq!(listed(&http, &b, &bob).await, json!({"messages": []}));
}
