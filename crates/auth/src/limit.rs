//! The one rate-limit mechanism of the apps: named counters in fixed windows.
//!
//! A [`Store`] keeps `key → (count, window end)`; [`Limits`] is the cloneable
//! handle the apps share (login throttling, logout revocations, Flex token checks,
//! call and message rates). [`Limits::memory`] keeps them in this process;
//! `Limits::redis` (feature `redis`) in Redis, shared by every instance behind one
//! load balancer and kept across restarts.
//!
//! Every operation is async and fallible: when the store cannot answer
//! ([`StoreError`]) callers refuse (503), they never allow uncounted.
//!
//! Fixed windows (not sliding ones) on purpose: one counter per key, one round
//! trip per decision, and at most twice the budget across a window boundary,
//! which every documented number accounts for.
//!
//! ```
//! use std::time::Duration;
//! use twilio_app_auth::limit::{Limits, Rate};
//!
//! # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
//! let limits = Limits::memory();
//! let rate = Rate::new(2, Duration::from_secs(60));
//! assert!(limits.hit("sms:alice", rate).await.is_ok());
//! assert!(limits.hit("sms:alice", rate).await.is_ok());
//! let wait = limits.hit("sms:alice", rate).await.unwrap_err();
//! assert!(wait.retry_after_secs().is_some_and(|s| s <= 60));
//! assert!(limits.hit("sms:bob", rate).await.is_ok(), "keys are counted apart");
//! # });
//! ```

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

#[cfg(feature = "redis")]
pub use crate::store::RedisStore;
pub use crate::store::{Count, MemoryStore, Store, StoreError, StoreFuture};

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

/// Why a hit was refused: the budget is spent, or the store cannot tell (refused
/// too: fail closed).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LimitError {
    /// The budget is spent.
    #[error("rate limit exceeded, retry in {} s", .0.retry_after_secs())]
    Exceeded(Exceeded),
    /// The store did not answer.
    #[error(transparent)]
    Unavailable(#[from] StoreError),
}

impl LimitError {
    /// The wait in whole seconds when the budget is spent (`None` when the store
    /// is unavailable).
    pub fn retry_after_secs(&self) -> Option<u64> {
        match self {
            LimitError::Exceeded(e) => Some(e.retry_after_secs()),
            LimitError::Unavailable(_) => None,
        }
    }
}

/// The cloneable handle on one [`Store`]: every limiter of an app shares it,
/// each under its own key prefix.
#[derive(Clone)]
pub struct Limits(Arc<dyn Store>);

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

    /// Limits kept in Redis at `url`, keys under `prefix:` (feature `redis`); see
    /// [`RedisStore`].
    ///
    /// # Errors
    /// [`StoreError`] for a URL that cannot be parsed.
    #[cfg(feature = "redis")]
    pub fn redis(url: &twilio_types::Secret, prefix: &str) -> Result<Self, StoreError> {
        RedisStore::new(url, prefix).map(Self::new)
    }

    /// Limits kept in `store`.
    pub fn new(store: impl Store + 'static) -> Self {
        Self(Arc::new(store))
    }

    /// Counts one hit on `key` and accepts it while the window's count is within
    /// `rate.max` (refused hits are counted too: hammering does not shorten the wait).
    ///
    /// # Errors
    /// [`LimitError::Exceeded`] with the wait when the budget is spent,
    /// [`LimitError::Unavailable`] when the store cannot answer.
    pub async fn hit(&self, key: &str, rate: Rate) -> Result<(), LimitError> {
        if rate.max == 0 {
            return Err(LimitError::Exceeded(Exceeded {
                retry_after: rate.window,
            }));
        }
        let after = self.0.add(key, 1, rate.window).await?;
        if after.count <= rate.max {
            Ok(())
        } else {
            Err(LimitError::Exceeded(Exceeded {
                retry_after: after.resets_in,
            }))
        }
    }

    /// Checks `key` without counting: refused once `rate.max` hits are counted.
    ///
    /// # Errors
    /// As [`Limits::hit`].
    pub async fn peek(&self, key: &str, rate: Rate) -> Result<(), LimitError> {
        let now = self.0.get(key).await?;
        if now.count < rate.max {
            Ok(())
        } else {
            Err(LimitError::Exceeded(Exceeded {
                retry_after: if now.resets_in.is_zero() {
                    rate.window
                } else {
                    now.resets_in
                },
            }))
        }
    }

    /// Counts one hit on `key` (e.g. a failure) without deciding anything.
    ///
    /// # Errors
    /// [`StoreError`] when the store cannot answer.
    pub async fn record(&self, key: &str, window: Duration) -> Result<Count, StoreError> {
        self.0.add(key, 1, window).await
    }

    /// `key`'s current state.
    ///
    /// # Errors
    /// [`StoreError`] when the store cannot answer.
    pub async fn count(&self, key: &str) -> Result<Count, StoreError> {
        self.0.get(key).await
    }

    /// Forgets `key`.
    ///
    /// # Errors
    /// [`StoreError`] when the store cannot answer.
    pub async fn clear(&self, key: &str) -> Result<(), StoreError> {
        self.0.clear(key).await
    }

    /// Sets the mark `key` for `ttl` (see [`Store::mark`]).
    ///
    /// # Errors
    /// [`StoreError`] when the store cannot answer.
    pub async fn mark(&self, key: &str, ttl: Duration) -> Result<(), StoreError> {
        self.0.mark(key, ttl).await
    }

    /// Whether the mark `key` is set.
    ///
    /// # Errors
    /// [`StoreError`] when the store cannot answer.
    pub async fn is_marked(&self, key: &str) -> Result<bool, StoreError> {
        self.0.is_marked(key).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[tokio::test]
    async fn memory_counters_are_bounded_marks_are_not_evicted() {
        let store = MemoryStore::with_max_keys(3);
        let long = Duration::from_secs(600);
        store.mark("revoked", long).await.unwrap();
        store.add("a", 1, Duration::from_secs(60)).await.unwrap();
        store.add("b", 1, long).await.unwrap();
        store.add("c", 1, long).await.unwrap();
        store.add("d", 1, long).await.unwrap();
        assert_eq!(store.counters_len(), 3);
        assert_eq!(store.marks_len(), 1);
        assert_eq!(
            store.get("a").await.unwrap(),
            Count::ZERO,
            "the earliest window went first"
        );
        assert_eq!(store.get("d").await.unwrap().count, 1);
        assert!(store.is_marked("revoked").await.unwrap());
    }
}
