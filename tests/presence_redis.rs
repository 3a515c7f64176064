//! The Redis store against a real redis-server.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "presence_common/mod.rs"]
mod common;

use std::sync::Arc;
use std::time::Duration;

use common::*;
use proptest::prelude::*;
use twilio_presence::{CallStatus, MemoryStore, Presence, RedisStore, Status, Store, UserState};

async fn store(url: &str, prefix: &str) -> RedisStore {
    RedisStore::builder(url)
        .prefix(prefix)
        .connect()
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thousand_concurrent_events_from_two_instances_lose_nothing() {
    let redis = start_redis();
    // Two connections, like two app instances: the compare-and-set keeps them honest.
    let a = Arc::new(store(&redis.url, "p").await);
    let b = Arc::new(store(&redis.url, "p").await);
    let (events, remaining) = thousand_events();
    let tasks: Vec<_> = events
        .into_iter()
        .enumerate()
        .map(|(i, e)| {
            let s = if i % 2 == 0 {
                Arc::clone(&a)
            } else {
                Arc::clone(&b)
            };
            tokio::spawn(async move { s.apply(&e).await })
        })
        .collect();
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    let fresh = store(&redis.url, "p").await;
    let mut got: Vec<(String, String)> = fresh
        .load_all()
        .await
        .unwrap()
        .into_iter()
        .flat_map(|r| {
            let user = r.identity.to_string();
            r.state
                .endpoints()
                .map(|e| (user.clone(), e.to_string()))
                .collect::<Vec<_>>()
        })
        .collect();
    got.sort();
    assert_eq!(got, remaining);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_user_hammered_from_two_instances() {
    let redis = start_redis();
    let a = Arc::new(store(&redis.url, "hot").await);
    let b = Arc::new(store(&redis.url, "hot").await);
    let tasks: Vec<_> = (0..200u64)
        .map(|i| {
            let s = if i % 2 == 0 {
                Arc::clone(&a)
            } else {
                Arc::clone(&b)
            };
            tokio::spawn(async move { s.apply(&connect("alice", &format!("e{i}"), i)).await })
        })
        .collect();
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    let alice = a.load(&id("alice")).await.unwrap().unwrap();
    assert_eq!(alice.state.endpoints().count(), 200);
    assert_eq!(alice.version, 200);
}

#[tokio::test]
async fn subscription_streams_every_write() {
    let redis = start_redis();
    let s = store(&redis.url, "sub").await;
    let mut updates = s.subscribe().await.unwrap();
    s.apply(&connect("alice", "e1", 1)).await.unwrap();
    s.apply(&connect("alice", "e1", 1)).await.unwrap(); // no-op: not published
    s.apply(&disconnect("alice", "e1", 2)).await.unwrap();
    let first = updates.next().await.unwrap().unwrap();
    assert_eq!(
        (first.version, first.state.status()),
        (1, Status::Available)
    );
    let second = updates.next().await.unwrap().unwrap();
    assert_eq!(
        (second.version, second.state.status()),
        (2, Status::Unavailable)
    );
    let none = tokio::time::timeout(Duration::from_millis(200), updates.next()).await;
    assert!(none.is_err(), "a no-op was published");

    // The same subscription as a futures Stream, turned into what others see.
    use futures_util::StreamExt;
    let mut views = s
        .subscribe()
        .await
        .unwrap()
        .map(|r| twilio_presence::UserPresence::from_record(&r.unwrap()));
    s.apply(&connect("bob", "b1", 3)).await.unwrap();
    let bob = views.next().await.unwrap();
    assert_eq!((bob.identity, bob.status), (id("bob"), Status::Available));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn instances_follow_each_other() {
    let redis = start_redis();
    let one = Presence::start(store(&redis.url, "app").await)
        .await
        .unwrap();
    let two = Presence::start(store(&redis.url, "app").await)
        .await
        .unwrap();
    let mut on_two = two.subscribe();

    one.apply(connect("alice", "e1", 1)).await.unwrap();
    let change = tokio::time::timeout(twilio_testkit::wait::GUARD, on_two.recv())
        .await
        .expect("instance two saw nothing")
        .unwrap();
    assert_eq!(change.identity, id("alice"));
    assert_eq!(change.status, Status::Available);
    assert_eq!(two.status("alice"), Some(Status::Available));

    two.apply(call("alice", 1, CallStatus::Ringing, 2))
        .await
        .unwrap();
    wait_for(|| one.status("alice") == Some(Status::Busy)).await;

    // A third instance started later loads the shared state.
    let three = Presence::start(store(&redis.url, "app").await)
        .await
        .unwrap();
    assert_eq!(three.status("alice"), Some(Status::Busy));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn instances_recover_after_a_redis_restart() {
    let redis = start_redis();
    let one = Presence::start(store(&redis.url, "rs").await)
        .await
        .unwrap();
    let two = Presence::start(store(&redis.url, "rs").await)
        .await
        .unwrap();
    one.apply(connect("alice", "e1", 1)).await.unwrap();
    one.apply(connect("alice", "e2", 2)).await.unwrap();
    wait_for(|| two.lookup("alice").is_some_and(|a| a.endpoints.len() == 2)).await;

    // Restart Redis on the same socket; its data is gone (no persistence in tests).
    let socket = redis.socket();
    drop(redis);
    let _redis = start_redis_at(&socket);

    // The connection manager reconnects; the first attempts may fail meanwhile.
    twilio_testkit::wait::until("instance one reaches the restarted Redis", || {
        let one = &one;
        async move { one.apply(connect("bob", "b1", 3)).await.is_ok() }
    })
    .await
    .unwrap();
    // Instance two resubscribes and reloads, and then follows new writes again.
    wait_for(|| two.status("bob") == Some(Status::Available)).await;
    one.apply(disconnect("bob", "b1", 4)).await.unwrap();
    wait_for(|| two.status("bob") == Some(Status::Unavailable)).await;
}

async fn wait_for(mut ok: impl FnMut() -> bool) {
    twilio_testkit::wait::until("the condition", || {
        let done = ok();
        async move { done }
    })
    .await
    .unwrap();
}

#[test]
fn redis_agrees_with_the_pure_state_machine() {
    let redis = start_redis();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let s = rt.block_on(store(&redis.url, "diff"));
    let mem = MemoryStore::new();
    let statuses: Vec<CallStatus> = CallStatus::KNOWN.to_vec();
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig::with_cases(32));
    let strategy = prop::collection::vec((0..3u8, 0..4u8, 0..12usize, 0..100u64), 0..40);
    let case = std::cell::Cell::new(0u32);
    runner
        .run(&strategy, |ops| {
            case.set(case.get() + 1);
            let user = format!("u{}", case.get());
            let mut pure = UserState::new();
            for (kind, n, status, at) in ops {
                let e = match kind {
                    0 => connect(&user, &format!("e{n}"), at),
                    1 => disconnect(&user, &format!("e{n}"), at),
                    _ => {
                        let st = statuses
                            .get(status)
                            .cloned()
                            .unwrap_or(CallStatus::from("x"));
                        call(&user, u32::from(n), st, at)
                    }
                };
                pure.apply(&e);
                rt.block_on(async {
                    s.apply(&e).await.unwrap();
                    mem.apply(&e).await.unwrap();
                });
            }
            let (r, m) = rt.block_on(async {
                (
                    s.load(&id(&user)).await.unwrap(),
                    mem.load(&id(&user)).await.unwrap(),
                )
            });
            let r = r.map(|r| r.state).unwrap_or_default();
            let m = m.map(|m| m.state).unwrap_or_default();
            prop_assert_eq!(&r, &pure);
            prop_assert_eq!(&m, &pure);
            Ok(())
        })
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thousand_concurrent_events_through_two_services() {
    let redis = start_redis();
    let one = Presence::start(store(&redis.url, "svc").await)
        .await
        .unwrap();
    let two = Presence::start(store(&redis.url, "svc").await)
        .await
        .unwrap();
    let (events, remaining) = thousand_events();
    let tasks: Vec<_> = events
        .into_iter()
        .enumerate()
        .map(|(i, e)| {
            let p = if i % 2 == 0 { one.clone() } else { two.clone() };
            tokio::spawn(async move { p.apply(e).await })
        })
        .collect();
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    // Both caches converge on the full result (each saw half the writes directly).
    for p in [&one, &two] {
        let flat = || {
            let mut v: Vec<(String, String)> = p
                .snapshot()
                .into_iter()
                .flat_map(|u| {
                    u.endpoints
                        .into_iter()
                        .map(move |e| (u.identity.to_string(), e.to_string()))
                })
                .collect();
            v.sort();
            v
        };
        wait_for(|| flat() == remaining).await;
    }
}

#[tokio::test]
async fn prune_through_the_service() {
    let redis = start_redis();
    let p = Presence::start(store(&redis.url, "prune").await)
        .await
        .unwrap();
    p.apply(connect("alice", "live", 1)).await.unwrap();
    p.apply(disconnect("alice", "gone", 2)).await.unwrap();
    p.apply(call("alice", 1, CallStatus::Completed, 3))
        .await
        .unwrap();
    p.apply(disconnect("bob", "late", 50)).await.unwrap();
    assert_eq!(p.prune(t(10)).await.unwrap(), 1);
    assert_eq!(p.prune(t(10)).await.unwrap(), 0);
    let alice = store(&redis.url, "prune")
        .await
        .load(&id("alice"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(alice.state.endpoint_marks().count(), 1);
    assert_eq!(alice.state.call_marks().count(), 0);
    assert_eq!(p.status("alice"), Some(Status::Available));
}
