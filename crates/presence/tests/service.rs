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

mod streams {
    use std::collections::BTreeMap;

    use proptest::prelude::*;
    use twilio_presence::{
        CallStatus, Event, Identity, MemoryStore, Presence, Timestamp, UserPresence, UserState,
    };

    use super::common::{ep, id, sid};

    fn event() -> impl Strategy<Value = Event> {
        let user = prop::sample::select(vec!["alice", "bob"]).prop_map(id);
        let endpoint = (0..4u8).prop_map(|i| ep(&format!("e{i}")));
        let call = (0..3u32).prop_map(sid);
        let status = (0..CallStatus::KNOWN.len()).prop_map(|i| CallStatus::KNOWN[i].clone());
        let at = (0..50u64).prop_map(Timestamp::from_millis);
        prop_oneof![
            (user.clone(), endpoint.clone(), at.clone())
                .prop_map(|(u, e, t)| Event::connected(u, e, t)),
            (user.clone(), endpoint, at.clone()).prop_map(|(u, e, t)| Event::disconnected(u, e, t)),
            (user, call, status, at).prop_map(|(u, c, s, t)| Event::call(u, c, s, t)),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Through the service: the cache, the last broadcast change per user and a
        /// fresh service on the same store all equal the pure state machine.
        #[test]
        fn service_matches_the_state_machine(events in prop::collection::vec(event(), 0..50)) {
            let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            let mut pure: BTreeMap<Identity, UserState> = BTreeMap::new();
            for e in &events {
                pure.entry(e.identity().clone()).or_default().apply(e);
            }
            let (cached, last, reloaded) = rt.block_on(async {
                let store = std::sync::Arc::new(MemoryStore::new());
                let p = Presence::start(std::sync::Arc::clone(&store)).await.unwrap();
                let mut rx = p.subscribe();
                for e in events {
                    p.apply(e).await.unwrap();
                }
                let mut last: BTreeMap<Identity, UserPresence> = BTreeMap::new();
                while let Ok(c) = rx.try_recv() {
                    last.insert(c.identity.clone(), c);
                }
                let cached = p.snapshot();
                let reloaded = Presence::start(store).await.unwrap().snapshot();
                (cached, last, reloaded)
            });
            prop_assert_eq!(&cached, &reloaded);
            prop_assert_eq!(cached.len(), pure.len());
            for view in &cached {
                let state = &pure[&view.identity];
                prop_assert_eq!(view.status, state.status());
                prop_assert!(view.endpoints.iter().eq(state.endpoints()));
                prop_assert_eq!(view.updated_at, state.updated_at());
                // Subscribers end at the same status and endpoints.
                let change = last.get(&view.identity);
                prop_assert!(change.is_some(), "no change broadcast for {}", view.identity);
                if let Some(change) = change {
                    prop_assert_eq!(change.status, view.status);
                    prop_assert_eq!(&change.endpoints, &view.endpoints);
                }
            }
        }
    }
}
