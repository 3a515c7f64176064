//! Property tests: random, duplicated and reordered event streams.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;
use twilio_presence::{
    CallSid, CallStatus, EndpointId, Event, Identity, Status, Timestamp, UserState,
};

const USERS: [&str; 3] = ["alice", "bob", "carol"];

fn call_status() -> impl Strategy<Value = CallStatus> {
    prop_oneof![
        9 => (0..CallStatus::KNOWN.len()).prop_map(|i| CallStatus::KNOWN[i].clone()),
        1 => Just(CallStatus::from("some-future-status")),
    ]
}

fn event() -> impl Strategy<Value = Event> {
    let user = (0..USERS.len()).prop_map(|i| Identity::new(USERS[i]).unwrap());
    let endpoint = (0..6u8).prop_map(|i| EndpointId::new(&format!("ep-{i}")).unwrap());
    let sid = (0..4u8).prop_map(|i| CallSid::new(format!("CA{i:032x}")).unwrap());
    let at = (0..1_000u64).prop_map(Timestamp::from_millis);
    prop_oneof![
        (user.clone(), endpoint.clone(), at.clone())
            .prop_map(|(u, e, t)| Event::connected(u, e, t)),
        (user.clone(), endpoint, at.clone()).prop_map(|(u, e, t)| Event::disconnected(u, e, t)),
        (user, sid, call_status(), at).prop_map(|(u, c, s, t)| Event::call(u, c, s, t)),
    ]
}

type World = BTreeMap<Identity, UserState>;

fn run(events: &[Event]) -> World {
    let mut world = World::new();
    for e in events {
        world.entry(e.identity().clone()).or_default().apply(e);
    }
    world
}

/// The expected endpoint set and status, computed independently of `UserState`.
fn expected(events: &[Event], user: &Identity) -> (BTreeSet<EndpointId>, Status) {
    let mine = events.iter().filter(|e| e.identity() == user);
    let mut connected = BTreeSet::new();
    let mut gone = BTreeSet::new();
    let mut calls: BTreeMap<CallSid, Vec<CallStatus>> = BTreeMap::new();
    for e in mine {
        match e {
            Event::EndpointConnected { endpoint, .. } => {
                connected.insert(endpoint.clone());
            }
            Event::EndpointDisconnected { endpoint, .. } => {
                gone.insert(endpoint.clone());
            }
            Event::CallStatus {
                call_sid, status, ..
            } => calls
                .entry(call_sid.clone())
                .or_default()
                .push(status.clone()),
            _ => unreachable!(),
        }
    }
    let endpoints: BTreeSet<_> = connected.difference(&gone).cloned().collect();
    // A call is active iff it had an active status and never a terminal one.
    let busy = calls.values().any(|statuses| {
        statuses.iter().any(CallStatus::is_active) && !statuses.iter().any(CallStatus::is_terminal)
    });
    let status = if busy {
        Status::Busy
    } else if endpoints.is_empty() {
        Status::Unavailable
    } else {
        Status::Available
    };
    (endpoints, status)
}

/// A stream plus a duplicated-and-shuffled version of it.
fn stream_and_reordering() -> impl Strategy<Value = (Vec<Event>, Vec<Event>)> {
    prop::collection::vec(event(), 0..60).prop_flat_map(|events| {
        let n = events.len();
        let dups = prop::collection::vec(0..n.max(1), 0..n + 1);
        (Just(events), dups).prop_flat_map(|(events, dups)| {
            let mut noisy = events.clone();
            noisy.extend(dups.into_iter().filter_map(|i| events.get(i).cloned()));
            (Just(events), Just(noisy).prop_shuffle())
        })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn endpoints_and_status_match_the_model(events in prop::collection::vec(event(), 0..80)) {
        let world = run(&events);
        for (user, state) in &world {
            let (endpoints, status) = expected(&events, user);
            let got: BTreeSet<_> = state.endpoints().cloned().collect();
            prop_assert_eq!(got, endpoints);
            prop_assert_eq!(state.status(), status);
        }
    }

    #[test]
    fn duplicated_and_reordered_streams_converge((events, noisy) in stream_and_reordering()) {
        prop_assert_eq!(run(&events), run(&noisy));
    }

    #[test]
    fn applying_twice_equals_once(events in prop::collection::vec(event(), 1..40)) {
        let mut once = UserState::new();
        let mut twice = UserState::new();
        for e in &events {
            once.apply(e);
            twice.apply(e);
            prop_assert!(!twice.apply(e), "second application reported a change");
            prop_assert_eq!(&once, &twice);
        }
    }

    #[test]
    fn status_invariants(events in prop::collection::vec(event(), 0..80)) {
        for (user, state) in &run(&events) {
            let has_endpoints = state.endpoints().next().is_some();
            let has_call = state.active_calls().next().is_some();
            match state.status() {
                Status::Available => prop_assert!(has_endpoints && !has_call),
                Status::Busy => prop_assert!(has_call),
                Status::Unavailable => prop_assert!(!has_endpoints && !has_call),
            }
            // updated_at is the latest event time, whatever the order.
            let latest = events
                .iter()
                .filter(|e| e.identity() == user)
                .map(Event::at)
                .max();
            if let Some(latest) = latest {
                prop_assert_eq!(state.updated_at(), latest);
            }
        }
    }

    #[test]
    fn a_call_ending_never_makes_a_user_without_endpoints_available(
        events in prop::collection::vec(event(), 0..60),
        status in (4..9usize).prop_map(|i| CallStatus::KNOWN[i].clone()),
        sid in (0..4u8).prop_map(|i| CallSid::new(format!("CA{i:032x}")).unwrap()),
    ) {
        let alice = Identity::new("alice").unwrap();
        let mut state = run(&events).remove(&alice).unwrap_or_default();
        let before = state.status();
        state.apply(&Event::call(alice, sid, status, Timestamp::from_millis(5)));
        if state.endpoints().next().is_none() {
            prop_assert_ne!(state.status(), Status::Available);
        }
        if before != Status::Busy {
            prop_assert_eq!(state.status(), before, "ending a call cannot raise the status");
        }
    }

    #[test]
    fn pruning_keeps_what_others_see(events in prop::collection::vec(event(), 0..60), cut in 0..1_200u64) {
        for state in run(&events).values() {
            let mut pruned = state.clone();
            pruned.prune(Timestamp::from_millis(cut));
            prop_assert_eq!(pruned.status(), state.status());
            prop_assert!(pruned.endpoints().eq(state.endpoints()));
        }
    }

    #[test]
    fn serde_round_trip(events in prop::collection::vec(event(), 0..40)) {
        for state in run(&events).values() {
            let json = serde_json::to_string(state).unwrap();
            let back: UserState = serde_json::from_str(&json).unwrap();
            prop_assert_eq!(&back, state);
        }
    }
}
