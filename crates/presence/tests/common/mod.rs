//! Shared helpers for the integration tests.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use twilio_presence::{CallSid, CallStatus, EndpointId, Event, Identity, Timestamp};
use twilio_testkit::process::RedisServer;

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

/// A real redis-server on a Unix socket of its own, killed on drop.
pub(crate) struct Redis {
    pub(crate) url: String,
    server: RedisServer,
}

impl Redis {
    /// The socket path, to restart a server there.
    pub(crate) fn socket(&self) -> std::path::PathBuf {
        self.server.socket().to_owned()
    }
}

fn redis(server: Result<RedisServer, String>) -> Redis {
    let server = server.unwrap_or_else(|e| panic!("{e}; these tests need a real Redis"));
    Redis {
        url: server.url().to_owned(),
        server,
    }
}

pub(crate) fn start_redis() -> Redis {
    redis(RedisServer::start())
}

pub(crate) fn start_redis_at(socket: &std::path::Path) -> Redis {
    redis(RedisServer::start_at(socket))
}
