//! The one rate-limit mechanism of the apps: named counters in fixed windows.
//!
//! A [`LimitStore`] keeps `key → (count, window end)`; [`Limits`] is the cloneable
//! handle the apps share (login throttling, Flex token checks, call and message
//! rates). Keys, counts and windows are plain values, so a Redis store is a
//! direct translation (`INCRBY key n` + `PEXPIRE key window NX` / `GET` + `PTTL` /
//! `DEL`) and instances behind one load balancer can share the counters.
//!
//! Fixed windows (not sliding ones) on purpose: one counter per key, one round
//! trip per decision, and at most twice the budget across a window boundary,
//! which every documented number accounts for.
//!
//! ```
//! use std::time::Duration;
//! use twilio_app_auth::limit::{Limits, Rate};
//!
//! let limits = Limits::memory();
//! let rate = Rate::new(2, Duration::from_secs(60));
//! assert!(limits.hit("sms:alice", rate).is_ok());
//! assert!(limits.hit("sms:alice", rate).is_ok());
//! let wait = limits.hit("sms:alice", rate).unwrap_err();
//! assert!(wait.retry_after_secs() <= 60);
//! assert!(limits.hit("sms:bob", rate).is_ok(), "keys are counted apart");
//! ```

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex};
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

/// Where counters live: memory now ([`MemoryStore`]); any store with the same three
/// operations (Redis: `INCRBY` + `PEXPIRE NX`, `GET` + `PTTL`, `DEL`) can replace it.
///
/// Calls are short (a lock or one round trip): the apps call them on the async
/// executor for rate checks and on the blocking pool for logins.
pub trait LimitStore: Send + Sync + fmt::Debug {
    /// Adds `n` to `key`'s count, starting a `window` if the key has none live,
    /// and returns the state after the addition.
    fn add(&self, key: &str, n: u64, window: Duration) -> Count;
    /// `key`'s current state ([`Count::ZERO`] when it has no live window).
    fn get(&self, key: &str) -> Count;
    /// Forgets `key`.
    fn clear(&self, key: &str);
}

/// A budget: at most `max` hits per `window`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    /// Hits allowed per window (0 refuses everything).
    pub max: u64,
    /// The window's length.
    pub window: Duration,
}

impl Rate {
    /// `max` hits per `window`.
    pub const fn new(max: u64, window: Duration) -> Self {
        Self { max, window }
    }

    /// `max` hits per minute.
    pub const fn per_minute(max: u64) -> Self {
        Self::new(max, Duration::from_secs(60))
    }
}

/// A budget is spent: the wait until its window ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exceeded {
    /// Time until the window ends.
    pub retry_after: Duration,
}

impl Exceeded {
    /// The wait in whole seconds, at least 1 (for a `Retry-After` header).
    pub fn retry_after_secs(&self) -> u64 {
        let secs = self.retry_after.as_secs();
        if self.retry_after.subsec_nanos() > 0 {
            secs.saturating_add(1).max(1)
        } else {
            secs.max(1)
        }
    }
}

/// The cloneable handle on one [`LimitStore`]: every limiter of an app shares it,
/// each under its own key prefix.
#[derive(Clone)]
pub struct Limits(Arc<dyn LimitStore>);

impl fmt::Debug for Limits {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Limits").field(&self.0).finish()
    }
}

impl Default for Limits {
    fn default() -> Self {
        Self::memory()
    }
}

impl Limits {
    /// Limits kept in this process ([`MemoryStore`] with its default size).
    pub fn memory() -> Self {
        Self::new(MemoryStore::default())
    }

    /// Limits kept in `store`.
    pub fn new(store: impl LimitStore + 'static) -> Self {
        Self(Arc::new(store))
    }

    /// Counts one hit on `key` and accepts it while the window's count is within
    /// `rate.max` (refused hits are counted too: hammering does not shorten the wait).
    ///
    /// # Errors
    /// [`Exceeded`] with the wait when the budget is spent.
    pub fn hit(&self, key: &str, rate: Rate) -> Result<(), Exceeded> {
        if rate.max == 0 {
            return Err(Exceeded {
                retry_after: rate.window,
            });
        }
        let after = self.0.add(key, 1, rate.window);
        if after.count <= rate.max {
            Ok(())
        } else {
            Err(Exceeded {
                retry_after: after.resets_in,
            })
        }
    }

    /// Checks `key` without counting: refused once `rate.max` hits are counted.
    ///
    /// # Errors
    /// [`Exceeded`] with the wait when the budget is spent.
    pub fn peek(&self, key: &str, rate: Rate) -> Result<(), Exceeded> {
        let now = self.0.get(key);
        if now.count < rate.max {
            Ok(())
        } else {
            Err(Exceeded {
                retry_after: if now.resets_in.is_zero() {
                    rate.window
                } else {
                    now.resets_in
                },
            })
        }
    }

    /// Counts one hit on `key` (e.g. a failure) without deciding anything.
    pub fn record(&self, key: &str, window: Duration) -> Count {
        self.0.add(key, 1, window)
    }

    /// `key`'s current state.
    pub fn count(&self, key: &str) -> Count {
        self.0.get(key)
    }

    /// Forgets `key`.
    pub fn clear(&self, key: &str) {
        self.0.clear(key);
    }
}

/// Counters in a `HashMap` behind a mutex. Bounded: past `max_keys` live keys the
/// expired ones go, then the one whose window ends first (so a spray of random keys
/// costs memory up to the bound, never more).
#[derive(Debug)]
pub struct MemoryStore {
    max_keys: usize,
    entries: Mutex<HashMap<String, (u64, Instant)>>,
}

impl Default for MemoryStore {
    fn default() -> Self {
        Self::with_max_keys(100_000)
    }
}

impl MemoryStore {
    /// A store keeping at most `max_keys` counters (at least 1).
    pub fn with_max_keys(max_keys: usize) -> Self {
        Self {
            max_keys: max_keys.max(1),
            entries: Mutex::new(HashMap::new()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, (u64, Instant)>> {
        // A poisoned lock only means a panic elsewhere mid-update; counts stay valid.
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Makes room for one more key.
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
}

impl LimitStore for MemoryStore {
    fn add(&self, key: &str, n: u64, window: Duration) -> Count {
        let now = Instant::now();
        let mut entries = self.lock();
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

    fn get(&self, key: &str) -> Count {
        let now = Instant::now();
        match self.lock().get(key) {
            Some(&(count, end)) if end > now => Count {
                count,
                resets_in: end.saturating_duration_since(now),
            },
            _ => Count::ZERO,
        }
    }

    fn clear(&self, key: &str) {
        self.lock().remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn budget_then_refusal_with_the_wait() {
        let limits = Limits::memory();
        let rate = Rate::new(2, Duration::from_secs(60));
        assert!(limits.hit("k", rate).is_ok());
        assert!(limits.peek("k", rate).is_ok());
        assert!(limits.hit("k", rate).is_ok());
        let refused = limits.peek("k", rate).unwrap_err();
        assert!(
            (59..=60).contains(&refused.retry_after_secs()),
            "{refused:?}"
        );
        assert!(limits.hit("k", rate).is_err());
        assert_eq!(limits.count("k").count, 3, "refused hits are counted");
        assert!(limits.hit("other", rate).is_ok());
        limits.clear("k");
        assert!(limits.hit("k", rate).is_ok());
        assert!(limits.hit("z", Rate::per_minute(0)).is_err());
    }

    #[test]
    fn windows_end() {
        let limits = Limits::memory();
        let rate = Rate::new(1, Duration::from_millis(30));
        assert!(limits.hit("k", rate).is_ok());
        assert!(limits.hit("k", rate).is_err());
        // Waits for the condition (the window's end), not for a fixed time.
        let started = Instant::now();
        while limits.count("k") != Count::ZERO {
            assert!(started.elapsed() < Duration::from_secs(30));
            std::thread::yield_now();
        }
        assert!(limits.hit("k", rate).is_ok());
    }

    #[test]
    fn memory_is_bounded() {
        let store = MemoryStore::with_max_keys(3);
        let long = Duration::from_secs(600);
        store.add("a", 1, Duration::from_secs(60));
        store.add("b", 1, long);
        store.add("c", 1, long);
        store.add("d", 1, long);
        assert_eq!(store.lock().len(), 3);
        assert_eq!(
            store.get("a"),
            Count::ZERO,
            "the earliest window went first"
        );
        assert_eq!(store.get("d").count, 1);
    }

    #[test]
    fn exceeded_rounds_up() {
        let e = Exceeded {
            retry_after: Duration::from_millis(1500),
        };
        assert_eq!(e.retry_after_secs(), 2);
        let e = Exceeded {
            retry_after: Duration::ZERO,
        };
        assert_eq!(e.retry_after_secs(), 1);
    }
}
