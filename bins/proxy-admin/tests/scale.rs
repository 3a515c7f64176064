//! Two real instances of the binary behind one public URL (a load balancer's),
//! sharing a real `redis-server` through `REDIS_URL`: a logout on A refuses the
//! cookie on B, wrong guesses add up across both, and Redis stopped mid-test gives
//! 503 and recovery without restarting the apps.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::process::Stdio;

use common::*;
use twilio_testkit::process::{ChildGuard, RedisServer, app_command, spawn_reporting};
use twilio_testkit::wait;

/// The load balancer's origin: what browsers send as `Origin` to either instance.
const PUBLIC: &str = "https://admin.example.com";

fn instance(redis: &RedisServer) -> (ChildGuard, String) {
    let vars = vec![
        ("TWILIO_ACCOUNT_SID", ACCOUNT_SID.to_owned()),
        ("TWILIO_AUTH_TOKEN", AUTH_TOKEN.to_owned()),
        ("TWILIO_API_KEY_SID", API_KEY_SID.to_owned()),
        ("TWILIO_API_KEY_SECRET", API_KEY_SECRET.to_owned()),
        ("PUBLIC_BASE_URL", PUBLIC.to_owned()),
        ("ALLOWED_SMS_SENDERS", SENDER.to_owned()),
        (
            "SESSION_SECRET",
            "0123456789abcdef0123456789abcdef-scale".to_owned(),
        ),
        ("APP_USERS", users_text()),
        ("BIND", "127.0.0.1:0".to_owned()),
        ("TWILIO_API_BASE_URL", "http://127.0.0.1:9".to_owned()),
        ("TWILIO_PROXY_BASE_URL", "http://127.0.0.1:9".to_owned()),
        ("REDIS_URL", redis.url().to_owned()),
    ];
    let mut cmd = app_command(env!("CARGO_BIN_EXE_proxy-admin"), &vars);
    let (guard, addr) = spawn_reporting(cmd.stderr(Stdio::null())).unwrap();
    (guard, format!("http://{addr}"))
}

async fn login(
    http: &reqwest::Client,
    base: &str,
    user: &str,
    password: &str,
) -> reqwest::Response {
    http.post(format!("{base}/login"))
        .header("origin", PUBLIC)
        .form(&[("username", user), ("password", password)])
        .send()
        .await
        .unwrap()
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

async fn page_status(http: &reqwest::Client, base: &str, cookie: &str) -> u16 {
    http.get(format!("{base}/"))
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
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();

    let res = login(&http, &a, "alice", PASSWORD).await;
    assert_eq!(res.status(), 303);
    let cookie = cookie_of(&res);
    assert_eq!(page_status(&http, &b, &cookie).await, 200);
    let res = http
        .post(format!("{a}/logout"))
        .header("cookie", &cookie)
        .header("origin", PUBLIC)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    assert_eq!(
        page_status(&http, &b, &cookie).await,
        302,
        "to the login form"
    );

    // 5 wrong guesses per account and address, spread over both instances.
    for base in [&a, &b, &a, &b, &a] {
        assert_eq!(login(&http, base, "bob", "wrong").await.status(), 401);
    }
    for base in [&a, &b] {
        assert_eq!(login(&http, base, "bob", PASSWORD).await.status(), 429);
    }

    let res = login(&http, &b, "alice", PASSWORD).await;
    assert_eq!(res.status(), 303);
    let fresh = cookie_of(&res);

    drop(redis);
    wait::until("A reports the store down", || async {
        page_status(&http, &a, &fresh).await == 503
    })
    .await
    .unwrap();
    let res = login(&http, &b, "alice", PASSWORD).await;
    assert_eq!(res.status(), 503);
    assert!(res.text().await.unwrap().contains("unavailable"));

    let _redis = RedisServer::start_at(&socket).unwrap();
    for base in [&a, &b] {
        wait::until("the instance reconnects", || async {
            page_status(&http, base, &fresh).await == 200
        })
        .await
        .unwrap();
    }
}
