//! One suite, two stores: every test below runs against the memory store and
//! against a real `redis-server` (the harness's), through the same [`Limits`]
//! handle the apps use. Two `Auth`s on one store stand for two app instances.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Duration;

use twilio_app_auth::limit::{Count, LimitError, Limits, Rate};
use twilio_app_auth::{Auth, AuthError, LoginBudgets, SessionKey, Users, hash_password};
use twilio_testkit::process::RedisServer;
use twilio_testkit::wait;
use twilio_types::Secret;

/// A fresh store of each kind; the server lives as long as the returned guard.
fn memory() -> (Limits, Option<RedisServer>) {
    (Limits::memory(), None)
}

fn redis() -> (Limits, Option<RedisServer>) {
    let server = RedisServer::start().expect("redis-server");
    let limits = Limits::redis(&Secret::new(server.url()), "test").expect("url");
    (limits, Some(server))
}

macro_rules! both {
    ($($name:ident),* $(,)?) => {
        mod on_memory {
            $(#[tokio::test] async fn $name() { let (l, _g) = super::memory(); super::$name(l).await; })*
        }
        mod on_redis {
            $(#[tokio::test] async fn $name() { let (l, _g) = super::redis(); super::$name(l).await; })*
        }
    };
}

both!(
    budget_then_refusal_with_the_wait,
    windows_end,
    concurrent_hits_all_count,
    marks_expire,
    logout_on_one_instance_refuses_the_cookie_on_another,
    throttle_counts_add_up_across_instances,
);

async fn budget_then_refusal_with_the_wait(limits: Limits) {
    let rate = Rate::new(2, Duration::from_secs(60));
    assert!(limits.hit("k", rate).await.is_ok());
    assert!(limits.peek("k", rate).await.is_ok());
    assert!(limits.hit("k", rate).await.is_ok());
    let refused = limits.peek("k", rate).await.unwrap_err();
    assert!(
        refused
            .retry_after_secs()
            .is_some_and(|s| (59..=60).contains(&s)),
        "{refused:?}"
    );
    assert!(matches!(
        limits.hit("k", rate).await,
        Err(LimitError::Exceeded(_))
    ));
    assert_eq!(
        limits.count("k").await.unwrap().count,
        3,
        "refused hits are counted"
    );
    assert!(limits.hit("other", rate).await.is_ok());
    limits.clear("k").await.unwrap();
    assert_eq!(limits.count("k").await.unwrap(), Count::ZERO);
    assert!(limits.hit("k", rate).await.is_ok());
    assert!(limits.hit("z", Rate::per_minute(0)).await.is_err());
}

async fn windows_end(limits: Limits) {
    let rate = Rate::new(1, Duration::from_millis(50));
    assert!(limits.hit("k", rate).await.is_ok());
    assert!(limits.hit("k", rate).await.is_err());
    // Waits for the condition (the window's end), not for a fixed time.
    wait::until("the window ends", || async {
        limits.count("k").await.unwrap() == Count::ZERO
    })
    .await
    .unwrap();
    assert!(limits.hit("k", rate).await.is_ok());
}

/// Many concurrent hits from many handles: none lost, the window set once.
async fn concurrent_hits_all_count(limits: Limits) {
    let rate = Rate::new(150, Duration::from_secs(60));
    let tasks: Vec<_> = (0..200)
        .map(|_| {
            let l = limits.clone();
            tokio::spawn(async move { l.hit("c", rate).await.is_ok() })
        })
        .collect();
    let mut admitted = 0;
    for t in tasks {
        admitted += usize::from(t.await.unwrap());
    }
    assert_eq!(admitted, 150);
    let c = limits.count("c").await.unwrap();
    assert_eq!(c.count, 200);
    assert!(c.resets_in > Duration::from_secs(50) && c.resets_in <= Duration::from_secs(60));
}

async fn marks_expire(limits: Limits) {
    assert!(!limits.is_marked("m").await.unwrap());
    limits.mark("m", Duration::from_millis(50)).await.unwrap();
    limits.mark("long", Duration::from_secs(60)).await.unwrap();
    assert!(limits.is_marked("m").await.unwrap());
    wait::until("the mark expires", || async {
        !limits.is_marked("m").await.unwrap()
    })
    .await
    .unwrap();
    assert!(limits.is_marked("long").await.unwrap());
    assert_eq!(
        limits.count("long").await.unwrap(),
        Count::ZERO,
        "marks and counters apart"
    );
}

/// The `Cookie:` header a browser sends back after `set_cookie`.
fn cookie(auth: &Auth, session: &twilio_app_auth::Session) -> String {
    auth.set_cookie(session)
        .split(';')
        .next()
        .unwrap_or_default()
        .to_owned()
}

fn instance(limits: &Limits) -> Auth {
    let users = Users::parse(&format!("alice:{}", hash_password("pw").unwrap())).unwrap();
    Auth::builder(users, SessionKey::new("7".repeat(32)).unwrap())
        .throttle(LoginBudgets {
            pair: 2,
            account: 4,
            address: 10,
            window: Duration::from_secs(60),
        })
        .limits(limits.clone())
        .build()
}

async fn logout_on_one_instance_refuses_the_cookie_on_another(limits: Limits) {
    let (a, b) = (instance(&limits), instance(&limits));
    let session = a.login("alice", "pw", Some("ip")).await.unwrap();
    let cookie = cookie(&a, &session);
    assert_eq!(
        b.authenticate(Some(&cookie)).await.unwrap().as_str(),
        "alice"
    );
    a.end_session(Some(&cookie)).await.unwrap();
    assert_eq!(
        b.authenticate(Some(&cookie)).await,
        Err(AuthError::SessionEnded)
    );
    // A restarted instance (a new Auth on the same store) still refuses it.
    assert_eq!(
        instance(&limits).authenticate(Some(&cookie)).await,
        Err(AuthError::SessionEnded)
    );
}

async fn throttle_counts_add_up_across_instances(limits: Limits) {
    let (a, b) = (instance(&limits), instance(&limits));
    // One wrong guess on each instance spends the pair's budget of two.
    for auth in [&a, &b] {
        assert_eq!(
            auth.login("alice", "x", Some("ip1")).await,
            Err(AuthError::InvalidCredentials)
        );
    }
    for auth in [&a, &b] {
        assert!(matches!(
            auth.login("alice", "pw", Some("ip1")).await,
            Err(AuthError::Throttled { .. })
        ));
    }
    // Two more addresses on alternating instances: the account is under attack
    // (4), so a fresh address gets one wrong guess only.
    for ip in ["ip2", "ip3"] {
        let _ = a.login("alice", "x", Some(ip)).await;
    }
    let _ = b.login("alice", "x", Some("ip4")).await;
    assert!(matches!(
        a.login("alice", "x", Some("ip4")).await,
        Err(AuthError::Throttled { .. })
    ));
    // And the right password from a clean address still gets in.
    assert!(b.login("alice", "pw", Some("ip5")).await.is_ok());
}

/// Redis stopped mid-run: every operation fails closed at once (no hang, no
/// silent allow), and the same handle works again once Redis is back.
#[tokio::test]
async fn redis_down_fails_closed_and_recovers() {
    let server = RedisServer::start().unwrap();
    let socket = server.socket().to_owned();
    let limits = Limits::redis(&Secret::new(server.url()), "test").unwrap();
    let auth = instance(&limits);
    let session = auth.login("alice", "pw", Some("ip")).await.unwrap();
    let cookie = cookie(&auth, &session);
    let rate = Rate::per_minute(100);
    assert!(limits.hit("k", rate).await.is_ok());

    drop(server);
    wait::until("the store reports Redis down", || async {
        matches!(limits.hit("k", rate).await, Err(LimitError::Unavailable(_)))
    })
    .await
    .unwrap();
    assert_eq!(
        auth.login("alice", "pw", Some("ip")).await,
        Err(AuthError::Unavailable)
    );
    assert_eq!(
        auth.authenticate(Some(&cookie)).await,
        Err(AuthError::Unavailable)
    );
    assert_eq!(
        auth.end_session(Some(&cookie)).await,
        Err(AuthError::Unavailable)
    );
    let message = auth
        .login("alice", "pw", None)
        .await
        .unwrap_err()
        .to_string();
    assert!(message.contains("unavailable"), "{message}");

    let _again = RedisServer::start_at(&socket).unwrap();
    wait::until("the store reconnects", || async {
        limits.hit("k", rate).await.is_ok()
    })
    .await
    .unwrap();
    assert_eq!(
        auth.authenticate(Some(&cookie)).await.unwrap().as_str(),
        "alice"
    );
}

/// A Redis URL with a password never shows in `Debug` or errors.
#[test]
fn the_url_stays_secret() {
    let limits = Limits::redis(&Secret::new("redis://:hunter2@127.0.0.1:1/"), "p").unwrap();
    assert!(!format!("{limits:?}").contains("hunter2"));
    let err = Limits::redis(&Secret::new("nope://:hunter2@x"), "p").unwrap_err();
    assert!(!err.to_string().contains("hunter2"));
}
