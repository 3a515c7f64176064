//! What the presence Redis tests share: the event helpers of twilio-presence's own
//! tests, and a real redis-server on a free port.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::{Command, Stdio};
use std::time::Duration;

use twilio_testkit::process::{ChildGuard, free_port, wait_for_port};

#[path = "../../crates/presence/tests/common/mod.rs"]
mod events;
pub(crate) use events::*;

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
