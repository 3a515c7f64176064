//! Who sent what: every user sends from the one configured number, so Twilio cannot
//! say which user sent a message or placed a call. Each send is marked in the app's
//! shared store (memory, or Redis with `REDIS_URL`), so `GET /api/messages` and
//! `GET /api/calls` pick a user's own items out of Twilio's list of the number's
//! traffic on every instance, and after a restart when the store is Redis.

use std::time::Duration;

use twilio_app_auth::limit::{Limits, StoreError};

/// How long a send stays in its user's list (the lists show recent traffic).
pub(crate) const KEPT_FOR: Duration = Duration::from_secs(24 * 3600);

/// The sends of one kind (`messages` or `calls`), as marks in the shared store:
/// `sent:<kind>:<user>:<sid>` for each, `sent:<kind>:<user>` for "sent anything"
/// (so a user who sent nothing costs no request to Twilio).
#[derive(Debug, Clone)]
pub(crate) struct Sent {
    kind: &'static str,
    limits: Limits,
}

impl Sent {
    pub(crate) fn new(kind: &'static str, limits: Limits) -> Self {
        Self { kind, limits }
    }

    // Names are `[A-Za-z0-9_.@-]` and SIDs alphanumeric, so `:` cannot be forged.
    fn any_key(&self, user: &str) -> String {
        format!("sent:{}:{user}", self.kind)
    }

    fn sid_key(&self, user: &str, sid: &str) -> String {
        format!("sent:{}:{user}:{sid}", self.kind)
    }

    /// Records that `user` sent `sid`.
    pub(crate) async fn record(&self, user: &str, sid: &str) -> Result<(), StoreError> {
        self.limits.mark(&self.sid_key(user, sid), KEPT_FOR).await?;
        self.limits.mark(&self.any_key(user), KEPT_FOR).await
    }

    /// Whether `user` sent anything in the last [`KEPT_FOR`].
    pub(crate) async fn any(&self, user: &str) -> Result<bool, StoreError> {
        self.limits.is_marked(&self.any_key(user)).await
    }

    /// Whether `user` sent `sid`.
    pub(crate) async fn owns(&self, user: &str, sid: &str) -> Result<bool, StoreError> {
        self.limits.is_marked(&self.sid_key(user, sid)).await
    }

    /// The first `limit` of `items` (in their order) that `user` sent.
    pub(crate) async fn pick<T>(
        &self,
        user: &str,
        items: Vec<T>,
        sid: impl Fn(&T) -> &str,
        limit: usize,
    ) -> Result<Vec<T>, StoreError> {
        let mut own = Vec::new();
        for item in items {
            if own.len() == limit {
                break;
            }
            if self.owns(user, sid(&item)).await? {
                own.push(item);
            }
        }
        Ok(own)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn each_user_sees_only_their_own_and_kinds_are_apart() {
        let limits = Limits::memory();
        let messages = Sent::new("messages", limits.clone());
        let calls = Sent::new("calls", limits);
        messages.record("alice", "SM1").await.unwrap();
        messages.record("bob", "SM2").await.unwrap();
        assert!(messages.owns("alice", "SM1").await.unwrap());
        assert!(!messages.owns("alice", "SM2").await.unwrap());
        assert!(messages.owns("bob", "SM2").await.unwrap());
        assert!(messages.any("alice").await.unwrap());
        assert!(!messages.any("carol").await.unwrap());
        assert!(!calls.any("alice").await.unwrap());
        assert!(!calls.owns("alice", "SM1").await.unwrap());
        messages.record("alice", "SM3").await.unwrap();
        let page = ["SM3", "SM2", "SM1"];
        let picked = messages.pick("alice", page.to_vec(), |s| s, 5).await;
        assert_eq!(picked.unwrap(), ["SM3", "SM1"]);
        let picked = messages.pick("alice", page.to_vec(), |s| s, 1).await;
        assert_eq!(picked.unwrap(), ["SM3"]);
    }
}
