//! The one store behind login throttles, rate limits, destination-policy counters
//! and logout revocations: [`MemoryStore`] for one instance, [`RedisStore`]
//! (feature `redis`) for several instances behind one load balancer.
//!
//! Two kinds of entries, both expiring by themselves:
//!
//! * **counters** in fixed windows (`add` / `get` / `clear`);
//! * **marks**, present until a deadline (`mark` / `is_marked`): a logged-out session.
//!
//! A store that cannot answer (Redis down) returns [`StoreError::Unavailable`];
//! every caller fails *closed* on it (a login, an action or a webhook is refused with
//! 503, never let through uncounted).

use std::collections::HashMap;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// A counter's state: how many hits in its current window, and how long until
/// the window ends (zero when the key has no live window).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Count {
    /// Hits counted in the current window.
    pub count: u64,
    /// Time until the window ends and the count starts from zero again.
    pub resets_in: Duration,
}

impl Count {
    /// A key without a live window.
    pub const ZERO: Count = Count {
        count: 0,
        resets_in: Duration::ZERO,
    };
}

/// The store could not answer; the caller refuses whatever it was about to allow.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The shared store (Redis) is unreachable or answered with an error. The
    /// message names the failure's kind only (never the URL, which may hold a password).
    #[error("shared state store unavailable ({0}); retry shortly")]
    Unavailable(String),
}

/// What the store's operations return.
pub type StoreFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, StoreError>> + Send + 'a>>;

/// Where counters and marks live. Every operation is atomic on its own (one lock, or
/// one Redis command or script), so instances sharing a store never lose a count.
pub trait Store: Send + Sync + fmt::Debug {
    /// Adds `n` to `key`'s count, starting a `window` if the key has none live,
    /// and returns the state after the addition.
    fn add<'a>(&'a self, key: &'a str, n: u64, window: Duration) -> StoreFuture<'a, Count>;
    /// `key`'s current state ([`Count::ZERO`] when it has no live window).
    fn get<'a>(&'a self, key: &'a str) -> StoreFuture<'a, Count>;
    /// Forgets the counter `key`.
    fn clear<'a>(&'a self, key: &'a str) -> StoreFuture<'a, ()>;
    /// Sets the mark `key` for `ttl` (a logout: the session's remaining lifetime).
    fn mark<'a>(&'a self, key: &'a str, ttl: Duration) -> StoreFuture<'a, ()>;
    /// Whether the mark `key` is set and not expired.
    fn is_marked<'a>(&'a self, key: &'a str) -> StoreFuture<'a, bool>;
}

/// Counters and marks in this process. Counters are bounded: past `max_keys` live
/// keys the expired ones go, then the one whose window ends first (so a spray of
/// random keys costs memory up to the bound, never more). Marks are kept apart and
/// never evicted by counters (a spray of login attempts must not un-revoke a
/// session); every mark is a session that passed a login, and expired ones are
/// pruned once there are many.
#[derive(Debug)]
pub struct MemoryStore {
    max_keys: usize,
    counters: Mutex<HashMap<String, (u64, Instant)>>,
    marks: Mutex<HashMap<String, Instant>>,
}

/// Beyond this many marks, expired ones are dropped on insert.
const PRUNE_MARKS_AT: usize = 1_000;

impl Default for MemoryStore {
    fn default() -> Self {
        Self::with_max_keys(100_000)
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A poisoned lock only means a panic elsewhere mid-update; entries stay valid.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl MemoryStore {
    /// A store keeping at most `max_keys` counters (at least 1).
    pub fn with_max_keys(max_keys: usize) -> Self {
        Self {
            max_keys: max_keys.max(1),
            counters: Mutex::new(HashMap::new()),
            marks: Mutex::new(HashMap::new()),
        }
    }

    /// Makes room for one more counter.
    fn evict(entries: &mut HashMap<String, (u64, Instant)>, max_keys: usize, now: Instant) {
        if entries.len() < max_keys {
            return;
        }
        entries.retain(|_, (_, end)| *end > now);
        if entries.len() >= max_keys
            && let Some(first) = entries
                .iter()
                .min_by_key(|(_, (_, end))| *end)
                .map(|(k, _)| k.clone())
        {
            entries.remove(&first);
        }
    }

    fn add_now(&self, key: &str, n: u64, window: Duration) -> Count {
        let now = Instant::now();
        let mut entries = lock(&self.counters);
        let live = entries.get(key).is_some_and(|(_, end)| *end > now);
        if !live {
            entries.remove(key);
            Self::evict(&mut entries, self.max_keys, now);
        }
        let entry = entries
            .entry(key.to_owned())
            .or_insert((0, now.checked_add(window).unwrap_or(now)));
        entry.0 = entry.0.saturating_add(n);
        Count {
            count: entry.0,
            resets_in: entry.1.saturating_duration_since(now),
        }
    }

    fn get_now(&self, key: &str) -> Count {
        let now = Instant::now();
        match lock(&self.counters).get(key) {
            Some(&(count, end)) if end > now => Count {
                count,
                resets_in: end.saturating_duration_since(now),
            },
            _ => Count::ZERO,
        }
    }

    fn mark_now(&self, key: &str, ttl: Duration) {
        let now = Instant::now();
        let mut marks = lock(&self.marks);
        if marks.len() >= PRUNE_MARKS_AT {
            marks.retain(|_, until| *until > now);
        }
        marks.insert(key.to_owned(), now.checked_add(ttl).unwrap_or(now));
    }

    fn is_marked_now(&self, key: &str) -> bool {
        lock(&self.marks)
            .get(key)
            .is_some_and(|until| *until > Instant::now())
    }

    #[cfg(test)]
    pub(crate) fn counters_len(&self) -> usize {
        lock(&self.counters).len()
    }

    #[cfg(test)]
    pub(crate) fn marks_len(&self) -> usize {
        lock(&self.marks).len()
    }
}

impl Store for MemoryStore {
    fn add<'a>(&'a self, key: &'a str, n: u64, window: Duration) -> StoreFuture<'a, Count> {
        let r = self.add_now(key, n, window);
        Box::pin(std::future::ready(Ok(r)))
    }

    fn get<'a>(&'a self, key: &'a str) -> StoreFuture<'a, Count> {
        let r = self.get_now(key);
        Box::pin(std::future::ready(Ok(r)))
    }

    fn clear<'a>(&'a self, key: &'a str) -> StoreFuture<'a, ()> {
        lock(&self.counters).remove(key);
        Box::pin(std::future::ready(Ok(())))
    }

    fn mark<'a>(&'a self, key: &'a str, ttl: Duration) -> StoreFuture<'a, ()> {
        self.mark_now(key, ttl);
        Box::pin(std::future::ready(Ok(())))
    }

    fn is_marked<'a>(&'a self, key: &'a str) -> StoreFuture<'a, bool> {
        let r = self.is_marked_now(key);
        Box::pin(std::future::ready(Ok(r)))
    }
}

#[cfg(feature = "redis")]
pub use self::redis_store::RedisStore;

#[cfg(feature = "redis")]
mod redis_store {
    use std::time::Duration;

    use redis::aio::{ConnectionManager, ConnectionManagerConfig};
    use tokio::sync::OnceCell;

    use super::{Count, Store, StoreError, StoreFuture};

    /// `INCRBY` and, for a key without expiry (a new window), `PEXPIRE`, in one
    /// script: atomic, so concurrent instances never leave a counter without expiry.
    /// Returns `{count, pttl}`.
    const ADD: &str = r"
local c = redis.call('INCRBY', KEYS[1], ARGV[1])
local t = redis.call('PTTL', KEYS[1])
if t < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  t = tonumber(ARGV[2])
end
return {c, t}
";

    /// `GET` and `PTTL` together. Returns `{count, pttl}` (`{0, -2}` for no key).
    const GET: &str = r"
local c = redis.call('GET', KEYS[1])
if not c then return {0, -2} end
return {tonumber(c), redis.call('PTTL', KEYS[1])}
";

    /// Counters and marks in Redis, shared by every instance pointing at it, kept
    /// across restarts of the apps. Keys are `PREFIX:count:key` and
    /// `PREFIX:mark:key`; marks and counters
    /// expire in Redis by themselves (`PX`), so nothing needs pruning.
    ///
    /// The connection is made on first use and re-made after Redis restarts; each
    /// command times out after a few seconds. While Redis is unreachable every
    /// operation returns [`StoreError::Unavailable`] at once or within that timeout.
    pub struct RedisStore {
        client: redis::Client,
        conn: OnceCell<ConnectionManager>,
        prefix: String,
        timeout: Duration,
    }

    impl std::fmt::Debug for RedisStore {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            // The client holds the URL, which may carry a password: not shown.
            f.debug_struct("RedisStore")
                .field("prefix", &self.prefix)
                .finish_non_exhaustive()
        }
    }

    fn unavailable(e: &redis::RedisError) -> StoreError {
        // The kind and category only: a RedisError's text never holds the URL, but
        // the kind is all an operator needs beside Redis's own logs.
        StoreError::Unavailable(format!("redis: {:?}", e.kind()))
    }

    impl RedisStore {
        /// A store at `url` (`redis://host:port/db`, `rediss://…`, `unix:///path`),
        /// keys under `prefix:`. Connects lazily: an app starts while Redis is still
        /// down and fails closed until it is up.
        ///
        /// # Errors
        /// [`StoreError::Unavailable`] for a URL that cannot be parsed.
        pub fn new(url: &twilio_types::Secret, prefix: &str) -> Result<Self, StoreError> {
            let client = redis::Client::open(url.expose())
                .map_err(|_| StoreError::Unavailable("invalid REDIS_URL".to_owned()))?;
            Ok(Self {
                client,
                conn: OnceCell::new(),
                prefix: prefix.to_owned(),
                timeout: Duration::from_secs(3),
            })
        }

        async fn conn(&self) -> Result<ConnectionManager, StoreError> {
            let config = ConnectionManagerConfig::new()
                .set_connection_timeout(Some(self.timeout))
                .set_response_timeout(Some(self.timeout))
                .set_number_of_retries(2)
                .set_max_delay(Duration::from_millis(500));
            self.conn
                .get_or_try_init(|| async {
                    self.client
                        .get_connection_manager_with_config(config)
                        .await
                        .map_err(|e| unavailable(&e))
                })
                .await
                .cloned()
        }

        /// Counters and marks in separate namespaces, as in the memory store.
        fn key(&self, key: &str) -> String {
            format!("{}:count:{key}", self.prefix)
        }

        fn mark_key(&self, key: &str) -> String {
            format!("{}:mark:{key}", self.prefix)
        }

        async fn query<T: redis::FromRedisValue>(&self, cmd: redis::Cmd) -> Result<T, StoreError> {
            let mut conn = self.conn().await?;
            cmd.query_async(&mut conn)
                .await
                .map_err(|e| unavailable(&e))
        }

        async fn counter(
            &self,
            script: &'static str,
            key: &str,
            args: Vec<u64>,
        ) -> Result<Count, StoreError> {
            let mut cmd = redis::cmd("EVAL");
            cmd.arg(script).arg(1).arg(self.key(key)).arg(args);
            let (count, pttl): (i64, i64) = self.query(cmd).await?;
            Ok(match (u64::try_from(count), u64::try_from(pttl)) {
                (Ok(count), Ok(ms)) if count > 0 => Count {
                    count,
                    resets_in: Duration::from_millis(ms),
                },
                _ => Count::ZERO,
            })
        }
    }

    fn millis(d: Duration) -> u64 {
        // PX needs at least 1 ms; windows are far below u64::MAX ms.
        u64::try_from(d.as_millis()).unwrap_or(u64::MAX).max(1)
    }

    impl Store for RedisStore {
        fn add<'a>(&'a self, key: &'a str, n: u64, window: Duration) -> StoreFuture<'a, Count> {
            Box::pin(self.counter(ADD, key, vec![n, millis(window)]))
        }

        fn get<'a>(&'a self, key: &'a str) -> StoreFuture<'a, Count> {
            Box::pin(self.counter(GET, key, Vec::new()))
        }

        fn clear<'a>(&'a self, key: &'a str) -> StoreFuture<'a, ()> {
            Box::pin(async move {
                let mut cmd = redis::cmd("DEL");
                cmd.arg(self.key(key));
                self.query::<i64>(cmd).await.map(drop)
            })
        }

        fn mark<'a>(&'a self, key: &'a str, ttl: Duration) -> StoreFuture<'a, ()> {
            Box::pin(async move {
                let mut cmd = redis::cmd("SET");
                cmd.arg(self.mark_key(key))
                    .arg(1)
                    .arg("PX")
                    .arg(millis(ttl));
                self.query::<()>(cmd).await
            })
        }

        fn is_marked<'a>(&'a self, key: &'a str) -> StoreFuture<'a, bool> {
            Box::pin(async move {
                let mut cmd = redis::cmd("EXISTS");
                cmd.arg(self.mark_key(key));
                self.query::<i64>(cmd).await.map(|n| n > 0)
            })
        }
    }
}
