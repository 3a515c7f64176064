//! What the presence Redis tests share: the event helpers of twilio-presence's own
//! tests, and a real redis-server on a Unix socket of its own.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use twilio_testkit::process::RedisServer;

#[path = "../../crates/presence/tests/common/mod.rs"]
mod events;
pub(crate) use events::*;

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
