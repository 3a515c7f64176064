//! Sessions ended by logout before their expiry.

use std::{collections::HashMap, sync::Mutex};

/// Session cookie values that logged out, each with the Unix time it would have
/// expired; after that the signature check refuses it anyway and the entry may go.
#[derive(Debug, Default)]
pub(crate) struct Revoked {
    entries: Mutex<HashMap<String, u64>>,
}

/// Beyond this many entries, expired ones are dropped on insert. Every entry is a
/// session that was valid (a login passed Argon2 and the throttle), so growth is
/// bounded by logins, and the pruning by the session lifetime.
const PRUNE_AT: usize = 1_000;

impl Revoked {
    /// Refuses `value` from now on (until `expires_at`).
    pub(crate) fn insert(&self, value: &str, expires_at: u64, now: u64) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= PRUNE_AT {
            entries.retain(|_, &mut until| until > now);
        }
        entries.insert(value.to_owned(), expires_at);
    }

    /// Whether `value` logged out.
    pub(crate) fn contains(&self, value: &str) -> bool {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries.contains_key(value)
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.entries.lock().map(|e| e.len()).unwrap_or(0)
    }
}
