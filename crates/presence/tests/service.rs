//! The Presence service over the in-memory store.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::sync::Arc;

use common::*;
use twilio_presence::{CallStatus, MemoryStore, Presence, Status};

#[tokio::test]
async fn full_flow_and_broadcast() {
    let presence = Presence::start(MemoryStore::new()).await.unwrap();
    let mut rx = presence.subscribe();
    assert_eq!(presence.status("alice"), None);

    let c = presence
        .apply(connect("alice", "e1", 1))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(c.status, Status::Available);
    let c = presence
        .apply(connect("alice", "e2", 2))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(c.endpoints, vec![ep("e1"), ep("e2")]);
    // Duplicate: nothing others can see changes.
    assert!(
        presence
            .apply(connect("alice", "e2", 2))
            .await
            .unwrap()
            .is_none()
    );

    let c = presence
        .apply(call("alice", 1, CallStatus::Ringing, 3))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(c.status, Status::Busy);
    assert!(
        presence
            .apply(call("alice", 1, CallStatus::InProgress, 4))
            .await
            .unwrap()
            .is_none()
    );
    let c = presence
        .apply(call("alice", 1, CallStatus::Completed, 5))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(c.status, Status::Available);

    presence.apply(disconnect("alice", "e1", 6)).await.unwrap();
    let c = presence
        .apply(disconnect("alice", "e2", 7))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(c.status, Status::Unavailable);
    assert_eq!(presence.status("alice"), Some(Status::Unavailable));

    let seen: Vec<Status> = std::iter::from_fn(|| rx.try_recv().ok())
        .map(|c| c.status)
        .collect();
    use Status::*;
    assert_eq!(
        seen,
        vec![
            Available,
            Available,
            Busy,
            Available,
            Available,
            Unavailable
        ]
    );
}

#[tokio::test]
async fn lookup_and_snapshot() {
    let presence = Presence::start(MemoryStore::new()).await.unwrap();
    presence.apply(connect("bob", "b1", 10)).await.unwrap();
    presence.apply(connect("alice", "a1", 11)).await.unwrap();
    let alice = presence.lookup("alice").unwrap();
    assert_eq!(alice.endpoints, vec![ep("a1")]);
    assert_eq!(alice.updated_at, t(11));
    let names: Vec<_> = presence
        .snapshot()
        .into_iter()
        .map(|u| u.identity)
        .collect();
    assert_eq!(names, vec![id("alice"), id("bob")]);
}

#[tokio::test]
async fn a_new_service_loads_the_store() {
    let store = Arc::new(MemoryStore::new());
    let first = Presence::start(Arc::clone(&store)).await.unwrap();
    first.apply(connect("alice", "e1", 1)).await.unwrap();
    drop(first);
    let second = Presence::start(store).await.unwrap();
    assert_eq!(second.status("alice"), Some(Status::Available));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thousand_concurrent_events_lose_nothing() {
    let presence = Presence::start(MemoryStore::new()).await.unwrap();
    let (events, remaining) = thousand_events();
    let tasks: Vec<_> = events
        .into_iter()
        .map(|e| {
            let p = presence.clone();
            tokio::spawn(async move { p.apply(e).await })
        })
        .collect();
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    let mut got: Vec<(String, String)> = presence
        .snapshot()
        .into_iter()
        .flat_map(|u| {
            u.endpoints
                .into_iter()
                .map(move |e| (u.identity.to_string(), e.to_string()))
        })
        .collect();
    got.sort();
    assert_eq!(got, remaining);
}
