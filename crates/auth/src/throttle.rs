use std::{
    collections::HashMap,
    sync::Mutex,
    time::{Duration, Instant},
};

use crate::AuthError;

/// Counts failed logins per key (a username or a client address) in a fixed
/// window; once `max_failures` is reached the key is refused until the window
/// ends.
#[derive(Debug)]
pub(crate) struct Throttle {
    max_failures: u32,
    window: Duration,
    entries: Mutex<HashMap<String, (u32, Instant)>>,
}

/// Beyond this many tracked keys, expired ones are dropped (bounds memory
/// under a spray of random usernames).
const PRUNE_AT: usize = 10_000;

impl Throttle {
    pub(crate) fn new(max_failures: u32, window: Duration) -> Self {
        Self {
            max_failures,
            window,
            entries: Mutex::new(HashMap::new()),
        }
    }

    pub(crate) fn check(&self, key: &str, now: Instant) -> Result<(), AuthError> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        match entries.get(key) {
            Some(&(count, start)) if count >= self.max_failures => {
                let left = self
                    .window
                    .saturating_sub(now.saturating_duration_since(start));
                if left.is_zero() {
                    Ok(())
                } else {
                    Err(AuthError::Throttled {
                        retry_after_secs: left.as_secs().max(1),
                    })
                }
            }
            _ => Ok(()),
        }
    }

    pub(crate) fn fail(&self, key: &str, now: Instant) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= PRUNE_AT {
            let window = self.window;
            entries.retain(|_, (_, start)| now.saturating_duration_since(*start) < window);
        }
        let entry = entries.entry(key.to_owned()).or_insert((0, now));
        if now.saturating_duration_since(entry.1) >= self.window {
            *entry = (0, now);
        }
        entry.0 = entry.0.saturating_add(1);
    }

    pub(crate) fn reset(&self, key: &str) {
        self.entries
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_after_max_then_unlocks() {
        let t = Throttle::new(3, Duration::from_secs(60));
        let t0 = Instant::now();
        for _ in 0..3 {
            assert!(t.check("u:alice", t0).is_ok());
            t.fail("u:alice", t0);
        }
        assert!(matches!(
            t.check("u:alice", t0),
            Err(AuthError::Throttled {
                retry_after_secs: 60
            })
        ));
        assert!(t.check("u:bob", t0).is_ok());
        assert!(t.check("u:alice", t0 + Duration::from_secs(61)).is_ok());
        t.reset("u:alice");
        assert!(t.check("u:alice", t0).is_ok());
    }
}
