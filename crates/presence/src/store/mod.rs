//! Where presence state lives: the [`Store`] trait and its backends.
//!
//! Every backend applies an event as one atomic read-apply-write of the user's
//! [`UserState`], so concurrent writers (tasks, or app instances sharing Redis) never
//! lose an update.

use std::future::Future;

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::event::Event;
use crate::id::{Identity, Timestamp};
use crate::state::UserState;

mod memory;
pub use memory::MemoryStore;

#[cfg(feature = "sqlite")]
mod sqlite;
#[cfg(feature = "sqlite")]
pub use sqlite::SqliteStore;

#[cfg(feature = "redis")]
mod redis;
#[cfg(feature = "redis")]
pub use self::redis::{RedisStore, RedisStoreBuilder};

/// One user's stored record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredUser {
    /// Whose record.
    pub identity: Identity,
    /// Bumped on every write; lets caches ignore stale notifications.
    pub version: u64,
    /// The presence state.
    pub state: UserState,
}

/// A stream of records written by other writers (e.g. other app instances).
///
/// Use [`Updates::next`], or (feature `redis`) it as a `futures::Stream`.
/// [`crate::UserPresence::from_record`] turns a record into what others see.
#[derive(Debug)]
pub struct Updates {
    rx: tokio::sync::mpsc::Receiver<Result<StoredUser, Error>>,
}

impl Updates {
    /// Wraps a channel fed by a backend (for custom [`Store`] implementations).
    pub fn new(rx: tokio::sync::mpsc::Receiver<Result<StoredUser, Error>>) -> Self {
        Self { rx }
    }

    /// The next update; `None` once the subscription has ended (e.g. the connection
    /// dropped, after which callers should resubscribe and reload).
    pub async fn next(&mut self) -> Option<Result<StoredUser, Error>> {
        self.rx.recv().await
    }
}

#[cfg(feature = "redis")]
impl futures_util::Stream for Updates {
    type Item = Result<StoredUser, Error>;

    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        self.rx.poll_recv(cx)
    }
}

/// A presence store: atomic per-user updates, full reads, and optional notifications.
///
/// Implementations must be safe to share between tasks.
pub trait Store: Send + Sync + 'static {
    /// Atomically applies `event` to its user's record and returns the record after
    /// it. When the event changes nothing the record is returned unwritten (same version).
    fn apply(&self, event: &Event) -> impl Future<Output = Result<StoredUser, Error>> + Send;

    /// One user's record, if any event about them was ever stored.
    fn load(
        &self,
        identity: &Identity,
    ) -> impl Future<Output = Result<Option<StoredUser>, Error>> + Send;

    /// Every stored record.
    fn load_all(&self) -> impl Future<Output = Result<Vec<StoredUser>, Error>> + Send;

    /// Drops tombstones older than `before` (see [`UserState::prune`]); returns the
    /// records that changed.
    fn prune(
        &self,
        before: Timestamp,
    ) -> impl Future<Output = Result<Vec<StoredUser>, Error>> + Send;

    /// Records written by *other* writers, for stores shared between processes.
    /// `Ok(None)` when the store is private to this process.
    fn updates(&self) -> impl Future<Output = Result<Option<Updates>, Error>> + Send {
        async { Ok(None) }
    }
}

/// Applies `event` to `current` and returns the new record, or `None` when unchanged.
pub(crate) fn next_record(
    current: Option<StoredUser>,
    event: &Event,
) -> (Option<StoredUser>, StoredUser) {
    let mut record = current.unwrap_or_else(|| StoredUser {
        identity: event.identity().clone(),
        version: 0,
        state: UserState::new(),
    });
    if record.state.apply(event) {
        record.version += 1;
        (Some(record.clone()), record)
    } else {
        (None, record)
    }
}

/// A shared store is a store (e.g. one SQLite handle used by a service and a CLI).
impl<S: Store> Store for std::sync::Arc<S> {
    async fn apply(&self, event: &Event) -> Result<StoredUser, Error> {
        S::apply(self, event).await
    }
    async fn load(&self, identity: &Identity) -> Result<Option<StoredUser>, Error> {
        S::load(self, identity).await
    }
    async fn load_all(&self) -> Result<Vec<StoredUser>, Error> {
        S::load_all(self).await
    }
    async fn prune(&self, before: Timestamp) -> Result<Vec<StoredUser>, Error> {
        S::prune(self, before).await
    }
    async fn updates(&self) -> Result<Option<Updates>, Error> {
        S::updates(self).await
    }
}

/// A store chosen at run time (e.g. from configuration).
#[derive(Debug)]
#[non_exhaustive]
pub enum AnyStore {
    /// In memory.
    Memory(MemoryStore),
    /// SQLite.
    #[cfg(feature = "sqlite")]
    Sqlite(SqliteStore),
    /// Redis (boxed: it is much larger than the others).
    #[cfg(feature = "redis")]
    Redis(Box<RedisStore>),
}

macro_rules! dispatch {
    ($self:ident, $s:ident => $e:expr) => {
        match $self {
            AnyStore::Memory($s) => $e,
            #[cfg(feature = "sqlite")]
            AnyStore::Sqlite($s) => $e,
            #[cfg(feature = "redis")]
            AnyStore::Redis($s) => $e,
        }
    };
}

impl Store for AnyStore {
    async fn apply(&self, event: &Event) -> Result<StoredUser, Error> {
        dispatch!(self, s => s.apply(event).await)
    }
    async fn load(&self, identity: &Identity) -> Result<Option<StoredUser>, Error> {
        dispatch!(self, s => s.load(identity).await)
    }
    async fn load_all(&self) -> Result<Vec<StoredUser>, Error> {
        dispatch!(self, s => s.load_all().await)
    }
    async fn prune(&self, before: Timestamp) -> Result<Vec<StoredUser>, Error> {
        dispatch!(self, s => s.prune(before).await)
    }
    async fn updates(&self) -> Result<Option<Updates>, Error> {
        dispatch!(self, s => s.updates().await)
    }
}
