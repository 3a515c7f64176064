//! The [`Presence`] service: one owner task, a cloneable handle, a lock-light read cache.

use std::collections::HashMap;
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tokio::sync::{broadcast, mpsc, oneshot};

use crate::error::Error;
use crate::event::Event;
use crate::id::{EndpointId, Identity, Timestamp};
use crate::status::Status;
use crate::store::{Store, StoredUser, Updates};

/// What others may see of one user: broadcast on every change, returned by lookups.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserPresence {
    /// Who.
    pub identity: Identity,
    /// Derived status.
    pub status: Status,
    /// Connected endpoint ids, sorted.
    pub endpoints: Vec<EndpointId>,
    /// Time of the latest event about this user.
    pub updated_at: Timestamp,
}

/// A visible change, as sent to [`Presence::subscribe`]rs.
pub type Change = UserPresence;

impl UserPresence {
    /// The visible part of a stored record.
    pub fn from_record(record: &StoredUser) -> Self {
        Self {
            identity: record.identity.clone(),
            status: record.state.status(),
            endpoints: record.state.endpoints().cloned().collect(),
            updated_at: record.state.updated_at(),
        }
    }

    /// Same status and endpoints (ignores `updated_at`).
    fn same_view(&self, other: &Self) -> bool {
        self.status == other.status && self.endpoints == other.endpoints
    }
}

#[derive(Debug)]
struct CacheEntry {
    version: u64,
    view: Arc<UserPresence>,
}

/// Read cache: written only by the owner task, read by any handle without awaiting.
#[derive(Debug, Default)]
struct Cache(RwLock<HashMap<Identity, CacheEntry>>);

impl Cache {
    fn read(&self) -> RwLockReadGuard<'_, HashMap<Identity, CacheEntry>> {
        // Writers replace whole entries, so a poisoned lock still holds valid data.
        self.0.read().unwrap_or_else(|e| e.into_inner())
    }

    fn write(&self) -> RwLockWriteGuard<'_, HashMap<Identity, CacheEntry>> {
        self.0.write().unwrap_or_else(|e| e.into_inner())
    }

    /// Stores `record` unless the cache already has a newer version; returns the
    /// new view when what others see changed.
    ///
    /// An `authoritative` record (just read or written by this instance's owner task)
    /// replaces the entry whatever its version: after a Redis restart lost the data,
    /// versions start again from 1.
    fn merge(&self, record: &StoredUser, authoritative: bool) -> Option<Arc<UserPresence>> {
        let view = Arc::new(UserPresence::from_record(record));
        let mut map = self.write();
        let visible = match map.get(&record.identity) {
            Some(old) if old.version == record.version && old.view.same_view(&view) => {
                return None;
            }
            Some(old) if old.version > record.version && !authoritative => return None,
            Some(old) => !old.view.same_view(&view),
            None => true,
        };
        let entry = CacheEntry {
            version: record.version,
            view: Arc::clone(&view),
        };
        map.insert(record.identity.clone(), entry);
        visible.then_some(view)
    }
}

enum Command {
    Apply(Event, oneshot::Sender<Result<Option<Change>, Error>>),
    Prune(Timestamp, oneshot::Sender<Result<usize, Error>>),
    Reload(oneshot::Sender<Result<(), Error>>),
}

/// Configures and starts a [`Presence`] service.
#[derive(Debug, Clone)]
pub struct PresenceBuilder {
    queue: usize,
    broadcast: usize,
}

impl Default for PresenceBuilder {
    fn default() -> Self {
        Self {
            queue: 1024,
            broadcast: 1024,
        }
    }
}

impl PresenceBuilder {
    /// How many events may wait for the owner task (default 1024); senders wait beyond.
    #[must_use]
    pub fn queue(mut self, capacity: usize) -> Self {
        self.queue = capacity.max(1);
        self
    }

    /// How many changes a slow subscriber may lag behind before it misses some
    /// (default 1024; it then gets `RecvError::Lagged` and should take a snapshot).
    #[must_use]
    pub fn broadcast(mut self, capacity: usize) -> Self {
        self.broadcast = capacity.max(1);
        self
    }

    /// Loads every record from `store` into the cache, subscribes to the store's
    /// updates (Redis), and spawns the owner task. Needs a tokio runtime.
    ///
    /// # Errors
    /// The store's error when the initial load or subscription fails.
    pub async fn start<S: Store>(self, store: S) -> Result<Presence, Error> {
        let cache = Arc::new(Cache::default());
        for record in store.load_all().await? {
            cache.merge(&record, true);
        }
        let updates = store.updates().await?;
        let (tx, rx) = mpsc::channel(self.queue);
        let (changes, _) = broadcast::channel(self.broadcast);
        let owner = Owner {
            store,
            cache: Arc::clone(&cache),
            changes: changes.clone(),
        };
        tokio::spawn(owner.run(rx, updates));
        Ok(Presence { tx, cache, changes })
    }
}

/// A cloneable handle to the presence service.
///
/// One owner task applies events to the store in arrival order and keeps an
/// in-memory cache of every user's visible presence; [`Presence::lookup`] reads that
/// cache directly (a shared read lock, no message round trip), so the incoming-call
/// route never waits for the store. The task stops when the last handle is dropped.
#[derive(Debug, Clone)]
pub struct Presence {
    tx: mpsc::Sender<Command>,
    cache: Arc<Cache>,
    changes: broadcast::Sender<Change>,
}

impl Presence {
    /// Default settings; see [`PresenceBuilder`].
    pub fn builder() -> PresenceBuilder {
        PresenceBuilder::default()
    }

    /// Starts the service with default settings (see [`PresenceBuilder::start`]).
    ///
    /// # Errors
    /// The store's error when the initial load fails.
    pub async fn start<S: Store>(store: S) -> Result<Self, Error> {
        Self::builder().start(store).await
    }

    /// Applies an event durably; returns the change others see, or `None` when the
    /// visible presence did not change (duplicate, stale or no-op event).
    ///
    /// # Errors
    /// The store's error (the event is then not applied; the caller should make
    /// Twilio retry, e.g. answer 500), or [`Error::Closed`].
    pub async fn apply(&self, event: Event) -> Result<Option<Change>, Error> {
        let (reply, rx) = oneshot::channel();
        self.call(Command::Apply(event, reply), rx).await?
    }

    /// The user's visible presence; `None` for an identity never seen.
    pub fn lookup(&self, identity: &str) -> Option<Arc<UserPresence>> {
        self.cache.read().get(identity).map(|e| Arc::clone(&e.view))
    }

    /// Just the status (the incoming-call decision); `None` for an unknown identity.
    pub fn status(&self, identity: &str) -> Option<Status> {
        self.cache.read().get(identity).map(|e| e.view.status)
    }

    /// Every known user, sorted by identity (e.g. to reconcile a mirror at startup).
    pub fn snapshot(&self) -> Vec<UserPresence> {
        let mut all: Vec<UserPresence> = self
            .cache
            .read()
            .values()
            .map(|e| UserPresence::clone(&e.view))
            .collect();
        all.sort_by(|a, b| a.identity.cmp(&b.identity));
        all
    }

    /// Receives every visible change from now on (including ones written by other
    /// instances sharing a Redis store).
    pub fn subscribe(&self) -> broadcast::Receiver<Change> {
        self.changes.subscribe()
    }

    /// Drops tombstones older than `before` from the store; returns how many
    /// records changed. Run it periodically, e.g. with a one-day horizon.
    ///
    /// # Errors
    /// The store's error, or [`Error::Closed`].
    pub async fn prune(&self, before: Timestamp) -> Result<usize, Error> {
        let (reply, rx) = oneshot::channel();
        self.call(Command::Prune(before, reply), rx).await?
    }

    /// Rereads every record from the store into the cache, broadcasting what changed.
    ///
    /// # Errors
    /// The store's error, or [`Error::Closed`].
    pub async fn reload(&self) -> Result<(), Error> {
        let (reply, rx) = oneshot::channel();
        self.call(Command::Reload(reply), rx).await?
    }

    async fn call<T>(&self, cmd: Command, rx: oneshot::Receiver<T>) -> Result<T, Error> {
        self.tx.send(cmd).await.map_err(|_| Error::Closed)?;
        rx.await.map_err(|_| Error::Closed)
    }
}

struct Owner<S> {
    store: S,
    cache: Arc<Cache>,
    changes: broadcast::Sender<Change>,
}

impl<S: Store> Owner<S> {
    async fn run(self, mut rx: mpsc::Receiver<Command>, mut updates: Option<Updates>) {
        // Only shared stores have an update stream; when it drops, commands keep being
        // served while resubscribing is retried with backoff.
        let mut retry: Option<Duration> = None;
        loop {
            tokio::select! {
                cmd = rx.recv() => match cmd {
                    Some(cmd) => self.handle(cmd).await,
                    None => break, // every handle dropped
                },
                update = next_update(&mut updates) => match update {
                    Some(Ok(record)) => {
                        self.publish(&record, false);
                    }
                    Some(Err(_)) => {} // undecodable message: the next write repairs it
                    None => {
                        updates = None; // ended: stop polling it
                        retry = Some(Duration::from_millis(100));
                    }
                },
                () = wait(retry) => {
                    updates = self.resubscribe().await;
                    retry = match updates {
                        Some(_) => None,
                        None => retry.map(|d| (d * 2).min(Duration::from_secs(10))),
                    };
                }
            }
        }
    }

    async fn handle(&self, cmd: Command) {
        match cmd {
            Command::Apply(event, reply) => {
                let result = self.store.apply(&event).await;
                let _ = reply.send(result.map(|record| self.publish(&record, true)));
            }
            Command::Prune(before, reply) => {
                let result = self.store.prune(before).await;
                let _ = reply.send(result.map(|changed| {
                    changed.iter().for_each(|r| {
                        self.publish(r, true);
                    });
                    changed.len()
                }));
            }
            Command::Reload(reply) => {
                let _ = reply.send(self.reload().await);
            }
        }
    }

    async fn reload(&self) -> Result<(), Error> {
        for record in self.store.load_all().await? {
            self.publish(&record, true);
        }
        Ok(())
    }

    /// Merges a record into the cache and broadcasts it if others would see a change.
    fn publish(&self, record: &StoredUser, authoritative: bool) -> Option<Change> {
        let view = self.cache.merge(record, authoritative)?;
        let change = UserPresence::clone(&view);
        // No subscribers is fine: the cache is still up to date.
        let _ = self.changes.send(change.clone());
        Some(change)
    }

    /// The update stream ended (connection lost): subscribe again, then reload so
    /// nothing written meanwhile is missed. `None` when that failed.
    async fn resubscribe(&self) -> Option<Updates> {
        let updates = self.store.updates().await.ok()??;
        self.reload().await.ok()?;
        Some(updates)
    }
}

/// Sleeps for `delay`, or forever when there is nothing to retry.
async fn wait(delay: Option<Duration>) {
    match delay {
        Some(d) => tokio::time::sleep(d).await,
        None => std::future::pending().await,
    }
}

/// The next update, or never when the store has no update stream.
async fn next_update(updates: &mut Option<Updates>) -> Option<Result<StoredUser, Error>> {
    match updates {
        Some(u) => u.next().await,
        None => std::future::pending().await,
    }
}
