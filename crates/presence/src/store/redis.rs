//! The shared store: Redis, for several app instances behind one load balancer.
//!
//! Layout under a key prefix `P` (default `presence`):
//! * `P:user:<identity>`: a hash with `v` (version) and `s` (JSON [`UserState`]);
//! * `P:users`: the set of identities (for snapshots);
//! * channel `P:changes`: every written record as JSON [`StoredUser`].
//!
//! An update reads the record, applies the event in Rust, and writes it back with a
//! Lua compare-and-set on the version that also publishes the record, so the write and
//! its notification are one atomic step. A lost race is retried. Within one process
//! updates are also queued behind a mutex so they do not race each other.

use std::time::Duration;

use futures_util::StreamExt;
use redis::AsyncCommands;
use redis::aio::ConnectionManager;
use tokio::sync::Mutex;

use super::{Store, StoredUser, Updates, next_record};
use crate::error::Error;
use crate::event::Event;
use crate::id::{Identity, Timestamp};
use crate::state::UserState;

/// Writes `ARGV[2]` with version `ARGV[1] + 1` if the stored version is still `ARGV[1]`,
/// registers the identity and publishes the record. Returns 1 on success, 0 on a race.
const CAS_SCRIPT: &str = r"
local v = tonumber(redis.call('HGET', KEYS[1], 'v') or '0')
if v ~= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'v', tonumber(ARGV[1]) + 1, 's', ARGV[2])
redis.call('SADD', KEYS[2], ARGV[3])
redis.call('PUBLISH', KEYS[3], ARGV[4])
return 1
";

/// How often a compare-and-set may lose before [`Error::Conflict`].
const MAX_ATTEMPTS: u32 = 64;

/// Configures a [`RedisStore`].
///
/// The URL is kept as a [`Secret`](twilio_types::Secret): it may carry the Redis
/// password (`redis://:password@host/`), so `Debug` never shows it.
#[derive(Debug, Clone)]
pub struct RedisStoreBuilder {
    url: twilio_types::Secret,
    prefix: String,
}

impl RedisStoreBuilder {
    /// Key prefix and channel namespace (default `presence`), so several apps can
    /// share one Redis.
    #[must_use]
    pub fn prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = prefix.into();
        self
    }

    /// Connects.
    ///
    /// # Errors
    /// [`Error::Redis`] for a bad URL or when Redis cannot be reached.
    pub async fn connect(self) -> Result<RedisStore, Error> {
        let client = redis::Client::open(self.url.expose())?;
        let conn = client.get_connection_manager().await?;
        Ok(RedisStore {
            client,
            conn,
            local: Mutex::new(()),
            users_key: format!("{}:users", self.prefix),
            channel: format!("{}:changes", self.prefix),
            prefix: self.prefix,
        })
    }
}

/// Presence state in Redis, shared by every app instance that points at it.
#[derive(Debug)]
pub struct RedisStore {
    client: redis::Client,
    conn: ConnectionManager,
    local: Mutex<()>,
    prefix: String,
    users_key: String,
    channel: String,
}

impl RedisStore {
    /// Starts configuring a store for `url` (e.g. `redis://127.0.0.1:6379/`).
    pub fn builder(url: impl Into<twilio_types::Secret>) -> RedisStoreBuilder {
        RedisStoreBuilder {
            url: url.into(),
            prefix: "presence".to_owned(),
        }
    }

    /// Connects with the default prefix.
    ///
    /// # Errors
    /// [`Error::Redis`] for a bad URL or when Redis cannot be reached.
    pub async fn connect(url: impl Into<twilio_types::Secret>) -> Result<Self, Error> {
        Self::builder(url).connect().await
    }

    /// The pub/sub channel carrying every written record.
    pub fn channel(&self) -> &str {
        &self.channel
    }

    /// Subscribes to every record written by any instance (this one included).
    ///
    /// # Errors
    /// [`Error::Redis`] when the subscription cannot be set up.
    pub async fn subscribe(&self) -> Result<Updates, Error> {
        let mut pubsub = self.client.get_async_pubsub().await?;
        pubsub.subscribe(&self.channel).await?;
        let (tx, rx) = tokio::sync::mpsc::channel(1024);
        tokio::spawn(async move {
            let mut messages = pubsub.into_on_message();
            while let Some(msg) = messages.next().await {
                let record = msg
                    .get_payload::<String>()
                    .map_err(Error::from)
                    .and_then(|p| serde_json::from_str::<StoredUser>(&p).map_err(Error::from));
                if tx.send(record).await.is_err() {
                    break; // nobody listens any more
                }
            }
        });
        Ok(Updates::new(rx))
    }

    fn user_key(&self, identity: &Identity) -> String {
        format!("{}:user:{}", self.prefix, identity)
    }

    async fn read(&self, identity: &Identity) -> Result<Option<StoredUser>, Error> {
        let mut conn = self.conn.clone();
        let (v, s): (Option<u64>, Option<String>) = redis::cmd("HMGET")
            .arg(self.user_key(identity))
            .arg("v")
            .arg("s")
            .query_async(&mut conn)
            .await?;
        match (v, s) {
            (Some(version), Some(json)) => Ok(Some(StoredUser {
                identity: identity.clone(),
                version,
                state: serde_json::from_str::<UserState>(&json)?,
            })),
            _ => Ok(None),
        }
    }

    /// Writes `record` (whose version is already bumped) if the stored version is
    /// still the one it was derived from.
    async fn compare_and_set(&self, record: &StoredUser) -> Result<bool, Error> {
        let mut conn = self.conn.clone();
        let state = serde_json::to_string(&record.state)?;
        let message = serde_json::to_string(record)?;
        // Plain EVAL: Redis caches the compiled script by its hash anyway.
        let done: i64 = redis::cmd("EVAL")
            .arg(CAS_SCRIPT)
            .arg(3)
            .arg(self.user_key(&record.identity))
            .arg(&self.users_key)
            .arg(&self.channel)
            .arg(record.version.saturating_sub(1))
            .arg(state)
            .arg(record.identity.as_str())
            .arg(message)
            .query_async(&mut conn)
            .await?;
        Ok(done == 1)
    }

    /// Read, apply, compare-and-set; retried while another writer wins.
    ///
    /// `change` maps the current record to the record to write (if any, with its
    /// version already bumped) and the value to return once that write succeeded.
    async fn update<T, F>(&self, identity: &Identity, change: F) -> Result<T, Error>
    where
        F: Fn(Option<StoredUser>) -> (Option<StoredUser>, T),
    {
        let _queue = self.local.lock().await;
        for attempt in 0..MAX_ATTEMPTS {
            let (write, result) = change(self.read(identity).await?);
            let Some(write) = write else {
                return Ok(result);
            };
            if self.compare_and_set(&write).await? {
                return Ok(result);
            }
            // Another instance won; back off a little before rereading.
            tokio::time::sleep(Duration::from_millis(u64::from(attempt.min(10)))).await;
        }
        Err(Error::Conflict {
            identity: identity.to_string(),
            attempts: MAX_ATTEMPTS,
        })
    }
}

impl Store for RedisStore {
    async fn apply(&self, event: &Event) -> Result<StoredUser, Error> {
        self.update(event.identity(), |current| next_record(current, event))
            .await
    }

    async fn load(&self, identity: &Identity) -> Result<Option<StoredUser>, Error> {
        self.read(identity).await
    }

    async fn load_all(&self) -> Result<Vec<StoredUser>, Error> {
        let mut conn = self.conn.clone();
        let names: Vec<String> = conn.smembers(&self.users_key).await?;
        let identities = names
            .into_iter()
            .map(Identity::try_from)
            .collect::<Result<Vec<_>, _>>()?;
        if identities.is_empty() {
            return Ok(Vec::new()); // Redis rejects an empty pipeline
        }
        // One pipelined round trip for all users (startup snapshot, reload).
        let mut pipe = redis::pipe();
        for identity in &identities {
            pipe.cmd("HMGET")
                .arg(self.user_key(identity))
                .arg("v")
                .arg("s");
        }
        let rows: Vec<(Option<u64>, Option<String>)> = pipe.query_async(&mut conn).await?;
        let mut out = Vec::with_capacity(rows.len());
        for (identity, row) in identities.into_iter().zip(rows) {
            if let (Some(version), Some(json)) = row {
                let state = serde_json::from_str::<UserState>(&json)?;
                out.push(StoredUser {
                    identity,
                    version,
                    state,
                });
            }
        }
        Ok(out)
    }

    async fn prune(&self, before: Timestamp) -> Result<Vec<StoredUser>, Error> {
        let mut changed = Vec::new();
        for record in self.load_all().await? {
            let pruned = self
                .update(&record.identity, |current| {
                    let Some(mut next) = current else {
                        return (None, None);
                    };
                    if next.state.prune(before) {
                        next.version += 1;
                        (Some(next.clone()), Some(next))
                    } else {
                        (None, None)
                    }
                })
                .await?;
            changed.extend(pruned);
        }
        Ok(changed)
    }

    async fn updates(&self) -> Result<Option<Updates>, Error> {
        self.subscribe().await.map(Some)
    }
}

#[cfg(test)]
mod secret_tests {
    use super::RedisStore;

    #[test]
    fn the_builder_never_prints_the_url_and_its_password() {
        let builder = RedisStore::builder("redis://:hunter2-pw@127.0.0.1:1/").prefix("p");
        let shown = format!("{builder:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("\"p\""), "{shown}");
    }
}
