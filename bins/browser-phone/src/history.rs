//! Who sent what: the SIDs of the messages and calls each user sent through this
//! process, so `GET /api/messages` and `GET /api/calls` list a user's own items out
//! of Twilio's list of the number's traffic (every user shares the one number).

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::Mutex;

/// How many SIDs are kept per user and kind (the oldest are forgotten first).
pub(crate) const KEPT_PER_USER: usize = 200;

/// The SIDs each user sent, newest last. In memory: a restart forgets them.
#[derive(Debug, Default)]
pub(crate) struct Sent {
    by_user: Mutex<HashMap<String, VecDeque<String>>>,
}

impl Sent {
    /// Records that `user` sent `sid`.
    pub(crate) fn record(&self, user: &str, sid: &str) {
        let mut map = self.by_user.lock().unwrap_or_else(|p| p.into_inner());
        let sids = map.entry(user.to_owned()).or_default();
        sids.push_back(sid.to_owned());
        while sids.len() > KEPT_PER_USER {
            sids.pop_front();
        }
    }

    /// The SIDs `user` sent (empty for a user who sent nothing).
    pub(crate) fn of(&self, user: &str) -> HashSet<String> {
        let map = self.by_user.lock().unwrap_or_else(|p| p.into_inner());
        map.get(user)
            .map(|sids| sids.iter().cloned().collect())
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_user_sees_only_their_own_and_old_ones_go() {
        let sent = Sent::default();
        sent.record("alice", "SM1");
        sent.record("bob", "SM2");
        assert_eq!(sent.of("alice"), HashSet::from(["SM1".to_owned()]));
        assert_eq!(sent.of("bob"), HashSet::from(["SM2".to_owned()]));
        assert!(sent.of("carol").is_empty());
        for n in 0..KEPT_PER_USER {
            sent.record("alice", &format!("SMx{n}"));
        }
        let alice = sent.of("alice");
        assert_eq!(alice.len(), KEPT_PER_USER);
        assert!(!alice.contains("SM1"));
    }
}
