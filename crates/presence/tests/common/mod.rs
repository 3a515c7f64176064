//! Shared helpers for the integration tests.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::{Command, Stdio};
use std::time::Duration;

use twilio_presence::{CallSid, CallStatus, EndpointId, Event, Identity, Timestamp};
use twilio_testkit::process::{ChildGuard, free_port, wait_for_port};

pub(crate) fn id(s: &str) -> Identity {
    Identity::new(s).unwrap()
}

pub(crate) fn ep(s: &str) -> EndpointId {
    EndpointId::new(s).unwrap()
}

pub(crate) fn sid(n: u32) -> CallSid {
    CallSid::new(format!("CA{n:032x}")).unwrap()
}

pub(crate) fn t(ms: u64) -> Timestamp {
    Timestamp::from_millis(ms)
}

pub(crate) fn connect(user: &str, endpoint: &str, at: u64) -> Event {
    Event::connected(id(user), ep(endpoint), t(at))
}

pub(crate) fn disconnect(user: &str, endpoint: &str, at: u64) -> Event {
    Event::disconnected(id(user), ep(endpoint), t(at))
}

pub(crate) fn call(user: &str, n: u32, status: CallStatus, at: u64) -> Event {
    Event::call(id(user), sid(n), status, t(at))
}

/// 1,000 events over 10 users: 500 endpoints, each connected, and every other one
/// disconnected again. Returns the events and the endpoints that must remain.
pub(crate) fn thousand_events() -> (Vec<Event>, Vec<(String, String)>) {
    let mut events = Vec::new();
    let mut remaining = Vec::new();
    for i in 0..500u64 {
        let user = format!("user{}", i % 10);
        let endpoint = format!("ep-{i}");
        events.push(connect(&user, &endpoint, i));
        if i % 2 == 0 {
            events.push(disconnect(&user, &endpoint, i + 1));
        } else {
            remaining.push((user.clone(), endpoint.clone()));
            // a duplicate connect keeps the count at 1,000 events
            events.push(connect(&user, &endpoint, i));
        }
    }
    remaining.sort();
    (events, remaining)
}

/// A real redis-server on a free port, killed on drop.
pub(crate) struct Redis {
    pub(crate) url: String,
    pub(crate) port: u16,
    _child: ChildGuard,
}

pub(crate) fn start_redis() -> Redis {
    start_redis_on(free_port())
}

pub(crate) fn start_redis_on(port: u16) -> Redis {
    let child = Command::new("redis-server")
        .args(["--bind", "127.0.0.1", "--port", &port.to_string()])
        .args(["--save", "", "--appendonly", "no"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| {
            panic!(
                "cannot start redis-server ({e}): install it with `apt-get install -y redis-server` \
                 (scripts/setup.sh does this); these tests need a real Redis"
            )
        });
    let guard = ChildGuard(child);
    wait_for_port(port, Duration::from_secs(10)).expect("redis-server did not start");
    Redis {
        url: format!("redis://127.0.0.1:{port}/"),
        port,
        _child: guard,
    }
}
