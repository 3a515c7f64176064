//! What the instances behind one load balancer share through Redis (`REDIS_URL`):
//! who owns each call, every instance's inbox of call events, and the statistics
//! lease with its published array.
//!
//! Keys:
//! * `flex:call:<CallSid>` → the owning instance's id, for [`CALL_TTL`] (deleted on a
//!   final status).
//! * `flex:early:<CallSid>`: statuses that came before the owner registered the call,
//!   kept [`EARLY_TTL`](crate::calls::EARLY_TTL).
//! * `flex:inbox:<instance>`: a stream of `{call, status}` for the calls the instance
//!   owns, read by one task ([`crate::route`]).
//! * `flex:stats:lease` → the one instance that polls TaskRouter ([`crate::lease`]);
//!   `flex:stats:wanted` while a stats socket is open somewhere; `flex:stats`: a stream
//!   holding the latest published array.
//!
//! The scripts write keys they compute (the owner's inbox): one Redis, not a Cluster.

use std::sync::Arc;
use std::time::Duration;

use redis::AsyncConnectionConfig;
use redis::aio::{ConnectionManager, ConnectionManagerConfig, MultiplexedConnection};
use tokio::sync::OnceCell;
use twilio_app_env::Secret;

use crate::Error;
use crate::calls::{EARLY_TTL, is_final};

/// How long a call stays mapped to its owner without a final status (Twilio ends
/// calls after at most 24 h).
pub(crate) const CALL_TTL: Duration = Duration::from_secs(24 * 60 * 60);
/// How long an inbox nobody writes to is kept (a dead instance's goes away).
const INBOX_TTL: Duration = Duration::from_secs(10 * 60);
/// Entries kept per inbox (approximately): a dead owner's inbox stays bounded.
const INBOX_MAX: u32 = 10_000;
/// Statuses kept per early call (Twilio sends a handful per call).
const EARLY_MAX: u32 = 32;
/// How long a published statistics array is kept (stale once nobody polls).
const STATS_TTL: Duration = Duration::from_secs(60);
/// Timeout of one command, and of making a connection.
const TIMEOUT: Duration = Duration::from_secs(2);

/// The lease key: its value is the polling instance.
const LEASE_KEY: &str = "flex:stats:lease";
/// Set (with a short expiry) while some instance has a stats socket open.
const WANTED_KEY: &str = "flex:stats:wanted";
/// The stream of published statistics arrays (the latest one only).
pub(crate) const STATS_KEY: &str = "flex:stats";

/// A status callback: to the owner's inbox, or into the early buffer while no
/// instance owns the call. Returns the owner (`false`: buffered).
const ROUTE: &str = r"
local owner = redis.call('GET', KEYS[1])
if owner then
  local inbox = ARGV[1] .. owner
  redis.call('XADD', inbox, 'MAXLEN', '~', ARGV[6], '*', 'call', ARGV[2], 'status', ARGV[3])
  redis.call('PEXPIRE', inbox, ARGV[7])
  if ARGV[5] == '1' then redis.call('DEL', KEYS[1]) end
  return owner
end
redis.call('RPUSH', KEYS[2], ARGV[3])
redis.call('LTRIM', KEYS[2], -tonumber(ARGV[8]), -1)
redis.call('PEXPIRE', KEYS[2], ARGV[4])
return false
";

/// Maps a call to this instance and moves its early statuses, in order, into this
/// instance's inbox (one reader then delivers them before anything later). Returns
/// how many were moved.
const REGISTER: &str = r"
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
local early = redis.call('LRANGE', KEYS[2], 0, -1)
for _, status in ipairs(early) do
  redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[5], '*', 'call', ARGV[3], 'status', status)
end
if #early > 0 then redis.call('PEXPIRE', KEYS[3], ARGV[4]) end
redis.call('DEL', KEYS[2])
return #early
";

/// Takes the lease when free, renews it when held by this instance (compare and
/// renew), and says whether a stats socket is open anywhere. ARGV[3] = '1' marks one
/// open here. Returns `{held, wanted}`.
const LEASE: &str = r"
if ARGV[3] == '1' then redis.call('SET', KEYS[2], '1', 'PX', ARGV[4]) end
local holder = redis.call('GET', KEYS[1])
local held = 0
if holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  held = 1
elseif not holder then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  held = 1
end
return {held, redis.call('EXISTS', KEYS[2])}
";

/// Deletes the lease only when this instance holds it (compare and delete).
const RELEASE: &str = r"
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
";

/// Redis did not answer (down, unreachable, timed out, or an unexpected reply).
#[derive(Debug, thiserror::Error)]
#[error("redis: {0}")]
pub struct SharedError(String);

impl From<redis::RedisError> for SharedError {
    fn from(e: redis::RedisError) -> Self {
        // The kind only: enough for an operator, and never anything of the URL.
        SharedError(format!("{:?}", e.kind()))
    }
}

impl From<SharedError> for Error {
    fn from(e: SharedError) -> Self {
        Error::StoreUnavailable(e.0)
    }
}

/// The lease's state after one acquire-or-renew.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Lease {
    /// This instance holds the lease (and polls).
    pub(crate) held: bool,
    /// A stats socket is open on some instance (polling is worth it).
    pub(crate) wanted: bool,
}

/// This instance's view of the shared Redis; cheap to clone.
#[derive(Clone)]
pub(crate) struct Shared(Arc<Inner>);

struct Inner {
    client: redis::Client,
    conn: OnceCell<ConnectionManager>,
    instance: String,
}

impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The client holds the URL, which may carry a password: not shown.
        f.debug_struct("Shared")
            .field("instance", &self.0.instance)
            .finish_non_exhaustive()
    }
}

impl Shared {
    /// Redis at `url`, with a random id for this instance. Connects lazily: an
    /// instance starts while Redis is down and works once it is up.
    ///
    /// # Errors
    /// [`Error::Config`] for a URL that cannot be parsed.
    pub(crate) fn new(url: &Secret) -> Result<Self, Error> {
        let client = redis::Client::open(url.expose()).map_err(|_| Error::Config {
            var: "REDIS_URL",
            reason: "not a Redis URL (redis://host:port/db, rediss://…, unix:///path)".into(),
        })?;
        Ok(Self(Arc::new(Inner {
            client,
            conn: OnceCell::new(),
            instance: instance_id(),
        })))
    }

    /// This instance's id (random, 16 hex digits).
    pub(crate) fn instance(&self) -> &str {
        &self.0.instance
    }

    /// The stream this instance reads its call events from.
    pub(crate) fn inbox_key(&self) -> String {
        format!("flex:inbox:{}", self.0.instance)
    }

    /// The shared connection for short commands; re-made by itself after Redis
    /// restarts.
    async fn conn(&self) -> Result<ConnectionManager, SharedError> {
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(TIMEOUT))
            .set_response_timeout(Some(TIMEOUT))
            .set_number_of_retries(2)
            .set_max_delay(Duration::from_millis(500));
        let conn = self
            .0
            .conn
            .get_or_try_init(|| self.0.client.get_connection_manager_with_config(config))
            .await?;
        Ok(conn.clone())
    }

    /// A connection of its own for a blocking read of `block` (a blocked command
    /// would hold up every other command on a shared one).
    pub(crate) async fn blocking_conn(
        &self,
        block: Duration,
    ) -> Result<MultiplexedConnection, SharedError> {
        let config = AsyncConnectionConfig::new()
            .set_connection_timeout(Some(TIMEOUT))
            .set_response_timeout(Some(block + TIMEOUT));
        Ok(self
            .0
            .client
            .get_multiplexed_async_connection_with_config(&config)
            .await?)
    }

    async fn eval<T: redis::FromRedisValue>(
        &self,
        script: &str,
        keys: &[&str],
        args: &[String],
    ) -> Result<T, SharedError> {
        let mut cmd = redis::cmd("EVAL");
        cmd.arg(script).arg(keys.len()).arg(keys).arg(args);
        let mut conn = self.conn().await?;
        Ok(cmd.query_async(&mut conn).await?)
    }

    /// Makes this instance the owner of `call` and queues its early statuses to this
    /// instance's inbox; returns how many there were.
    pub(crate) async fn register(&self, call: &str) -> Result<usize, SharedError> {
        let keys = [call_key(call), early_key(call), self.inbox_key()];
        let args = [
            self.0.instance.clone(),
            millis(CALL_TTL),
            call.to_owned(),
            millis(INBOX_TTL),
            INBOX_MAX.to_string(),
        ];
        self.eval(REGISTER, &keys.each_ref().map(String::as_str), &args)
            .await
    }

    /// Stores a status for the owner of `call` (its inbox, or the early buffer);
    /// `Some(owner)` when the call has one.
    pub(crate) async fn route(
        &self,
        call: &str,
        status: &str,
    ) -> Result<Option<String>, SharedError> {
        let keys = [call_key(call), early_key(call)];
        let args = [
            "flex:inbox:".to_owned(),
            call.to_owned(),
            status.to_owned(),
            millis(EARLY_TTL),
            if is_final(status) { "1" } else { "0" }.to_owned(),
            INBOX_MAX.to_string(),
            millis(INBOX_TTL),
            EARLY_MAX.to_string(),
        ];
        self.eval(ROUTE, &keys.each_ref().map(String::as_str), &args)
            .await
    }

    /// Takes or renews the statistics lease for `ttl`; `wanted_here` says a stats
    /// socket is open on this instance.
    pub(crate) async fn lease(
        &self,
        ttl: Duration,
        wanted_here: bool,
    ) -> Result<Lease, SharedError> {
        let args = [
            self.0.instance.clone(),
            millis(ttl),
            if wanted_here { "1" } else { "0" }.to_owned(),
            millis(ttl),
        ];
        let (held, wanted): (i64, i64) = self.eval(LEASE, &[LEASE_KEY, WANTED_KEY], &args).await?;
        Ok(Lease {
            held: held == 1,
            wanted: wanted == 1,
        })
    }

    /// Gives the lease up if this instance holds it.
    pub(crate) async fn release(&self) -> Result<(), SharedError> {
        let _: i64 = self
            .eval(
                RELEASE,
                &[LEASE_KEY],
                std::slice::from_ref(&self.0.instance),
            )
            .await?;
        Ok(())
    }

    /// Publishes a statistics array to every instance (the stream keeps the latest).
    pub(crate) async fn publish_stats(&self, json: &str) -> Result<(), SharedError> {
        let mut pipe = redis::pipe();
        pipe.atomic()
            .cmd("XADD")
            .arg(STATS_KEY)
            .arg("MAXLEN")
            .arg(1)
            .arg("*")
            .arg("json")
            .arg(json)
            .ignore()
            .cmd("PEXPIRE")
            .arg(STATS_KEY)
            .arg(millis(STATS_TTL))
            .ignore();
        let mut conn = self.conn().await?;
        Ok(pipe.query_async(&mut conn).await?)
    }
}

fn call_key(call: &str) -> String {
    format!("flex:call:{call}")
}

fn early_key(call: &str) -> String {
    format!("flex:early:{call}")
}

/// Milliseconds for `PX`/`PEXPIRE` (at least 1).
fn millis(d: Duration) -> String {
    u64::try_from(d.as_millis())
        .unwrap_or(u64::MAX)
        .max(1)
        .to_string()
}

/// 64 random bits in hex: ids of instances that run at the same time never meet.
fn instance_id() -> String {
    let mut bytes = [0u8; 8];
    rand::fill(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instance_ids_are_random_hex() {
        let (a, b) = (instance_id(), instance_id());
        assert_eq!(a.len(), 16);
        assert!(a.bytes().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
    }
}
