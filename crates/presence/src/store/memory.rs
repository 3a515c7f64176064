//! An in-memory store for tests and the local demo.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};

use super::{Store, StoredUser, next_record};
use crate::error::Error;
use crate::event::Event;
use crate::id::{Identity, Timestamp};

/// Keeps records in a mutex-guarded map; lost when the process exits.
#[derive(Debug, Default)]
pub struct MemoryStore {
    users: Mutex<HashMap<Identity, StoredUser>>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<Identity, StoredUser>> {
        // A panic elsewhere cannot leave a record half-written (apply works on a
        // copy), so a poisoned lock is still consistent.
        self.users.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Store for MemoryStore {
    async fn apply(&self, event: &Event) -> Result<StoredUser, Error> {
        let mut users = self.lock();
        let current = users.get(event.identity()).cloned();
        let (write, record) = next_record(current, event);
        if let Some(w) = write {
            users.insert(w.identity.clone(), w);
        }
        Ok(record)
    }

    async fn load(&self, identity: &Identity) -> Result<Option<StoredUser>, Error> {
        Ok(self.lock().get(identity).cloned())
    }

    async fn load_all(&self) -> Result<Vec<StoredUser>, Error> {
        Ok(self.lock().values().cloned().collect())
    }

    async fn prune(&self, before: Timestamp) -> Result<Vec<StoredUser>, Error> {
        let mut changed = Vec::new();
        for record in self.lock().values_mut() {
            if record.state.prune(before) {
                record.version += 1;
                changed.push(record.clone());
            }
        }
        Ok(changed)
    }
}
