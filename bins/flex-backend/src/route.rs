//! How a call's status callbacks reach the socket that placed the call, chosen at
//! startup: in this process ([`Transport::Local`]), or through Redis to whichever
//! instance owns the call ([`Transport::Redis`]).
//!
//! With Redis, the owner records `flex:call:<CallSid>` when the call is created; a
//! callback, on whichever instance it lands, is appended to the owner's inbox stream
//! (or kept in the early buffer until the owner registers). Each instance reads its
//! own inbox, and the published statistics, in one task ([`read_inbox`]) and hands
//! them to its [`CallRegistry`] and its stats watchers.

use std::sync::Arc;
use std::time::Duration;

use bytestring::ByteString;
use redis::streams::StreamReadReply;
use tokio::sync::watch;
use tokio::time::Instant;

use crate::Error;
use crate::calls::{CallRegistry, EARLY_TTL, Outbox, SocketId};
use crate::shared::{STATS_KEY, Shared, SharedError};

/// How long one `XREAD` blocks before it is issued again.
const BLOCK: Duration = Duration::from_secs(2);
/// Entries read at once.
const BATCH: usize = 100;
/// First and longest wait before reconnecting to Redis.
const BACKOFF: (Duration, Duration) = (Duration::from_millis(100), Duration::from_secs(2));

/// Where call events go.
#[derive(Debug, Clone)]
pub(crate) enum Transport {
    /// One instance: callbacks go straight to this process's registry.
    Local,
    /// Several instances: callbacks go through Redis to the call's owner.
    Redis(Shared),
}

impl Transport {
    /// Maps `call` to the socket that placed it (here, then in Redis: the inbox
    /// reader must find the socket when the call's events arrive).
    pub(crate) async fn register(
        &self,
        calls: &CallRegistry,
        call: &str,
        socket: SocketId,
        identity: Arc<str>,
        outbox: Outbox,
    ) {
        calls.register(call, socket, identity, outbox).await;
        if let Transport::Redis(shared) = self {
            register_shared(shared, call).await;
        }
    }

    /// Hands a status callback on. `Err` when it could not be stored: the webhook
    /// then answers 503 and Twilio retries.
    pub(crate) async fn status(
        &self,
        calls: &CallRegistry,
        call: &str,
        status: &str,
    ) -> Result<(), Error> {
        match self {
            Transport::Local if calls.status(call, status) => Ok(()),
            Transport::Local => Err(Error::StoreUnavailable("call registry busy".into())),
            Transport::Redis(shared) => {
                let owner = shared.route(call, status).await?;
                tracing::debug!(call, status, owner = owner.as_deref(), "callback routed");
                Ok(())
            }
        }
    }
}

/// Registers in Redis, retrying while the early buffer would still hold the call's
/// callbacks (the call exists at Twilio whatever Redis says).
async fn register_shared(shared: &Shared, call: &str) {
    let deadline = Instant::now() + EARLY_TTL;
    let mut wait = BACKOFF.0;
    loop {
        match shared.register(call).await {
            Ok(early) => {
                tracing::debug!(call, early, "call registered");
                return;
            }
            Err(error) if Instant::now() + wait < deadline => {
                tracing::warn!(call, %error, "registering the call failed; retrying");
                tokio::time::sleep(wait).await;
                wait = (wait * 2).min(BACKOFF.1);
            }
            Err(error) => {
                tracing::error!(call, %error, "call not registered: its updates will not reach the socket");
                return;
            }
        }
    }
}

/// Where the reader is in each stream it reads.
struct Cursor {
    inbox: String,
    stats: String,
}

/// Reads this instance's inbox and the published statistics until `stop`, handing
/// call events to `calls` and arrays to `stats`; reconnects with backoff whenever
/// Redis goes away.
pub(crate) async fn read_inbox(
    shared: Shared,
    calls: CallRegistry,
    stats: watch::Sender<ByteString>,
    mut stop: watch::Receiver<bool>,
) {
    // The inbox is new (a fresh instance id) and the stats stream keeps one entry:
    // reading both from the start misses nothing and replays nothing old.
    let mut cursor = Cursor {
        inbox: "0-0".into(),
        stats: "0-0".into(),
    };
    let mut wait = BACKOFF.0;
    let mut down = false;
    loop {
        let error = tokio::select! {
            error = read_until_error(&shared, &calls, &stats, &mut cursor, &mut down) => error,
            _ = stop.wait_for(|stop| *stop) => return,
        };
        if !down {
            tracing::warn!(%error, "inbox reader lost Redis; reconnecting");
            down = true;
            wait = BACKOFF.0;
        }
        tokio::select! {
            () = tokio::time::sleep(wait) => {}
            _ = stop.wait_for(|stop| *stop) => return,
        }
        wait = (wait * 2).min(BACKOFF.1);
    }
}

/// Connects, then reads until a command fails.
async fn read_until_error(
    shared: &Shared,
    calls: &CallRegistry,
    stats: &watch::Sender<ByteString>,
    cursor: &mut Cursor,
    down: &mut bool,
) -> SharedError {
    let mut conn = match shared.blocking_conn(BLOCK).await {
        Ok(conn) => conn,
        Err(error) => return error,
    };
    let inbox = shared.inbox_key();
    loop {
        let mut cmd = redis::cmd("XREAD");
        cmd.arg("COUNT")
            .arg(BATCH)
            .arg("BLOCK")
            .arg(BLOCK.as_millis().to_string())
            .arg("STREAMS")
            .arg(&inbox)
            .arg(STATS_KEY)
            .arg(&cursor.inbox)
            .arg(&cursor.stats);
        let reply: Option<StreamReadReply> = match cmd.query_async(&mut conn).await {
            Ok(reply) => reply,
            Err(error) => return error.into(),
        };
        if std::mem::take(down) {
            tracing::info!("inbox reader reconnected to Redis");
        }
        for stream in reply.map(|r| r.keys).unwrap_or_default() {
            for entry in stream.ids {
                if stream.key == inbox {
                    deliver(calls, &entry).await;
                    cursor.inbox = entry.id;
                } else {
                    if let Some(json) = entry.get::<String>("json") {
                        stats.send_replace(ByteString::from(json));
                    }
                    cursor.stats = entry.id;
                }
            }
        }
    }
}

/// One inbox entry to the local registry; a malformed one is skipped.
async fn deliver(calls: &CallRegistry, entry: &redis::streams::StreamId) {
    match (entry.get::<String>("call"), entry.get::<String>("status")) {
        (Some(call), Some(status)) => calls.deliver(&call, &status).await,
        _ => tracing::warn!(id = entry.id, "malformed inbox entry skipped"),
    }
}
