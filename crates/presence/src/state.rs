//! The pure presence state of one user and how events change it.
//!
//! Endpoints form a two-phase set: a connect adds an endpoint id unless that id was
//! already disconnected; a disconnect removes it for good and leaves a tombstone.
//! Twilio assigns a fresh `EndpointId` to every client connection, so a disconnect is
//! final for its id, and the result does not depend on arrival order or clocks.
//! Calls move forward through their lifecycle only (a max-register per Call SID), and a
//! terminal status is final. Both rules make [`UserState::apply`] idempotent and
//! commutative, so duplicated and reordered webhooks converge to the same state.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::event::Event;
use crate::id::{CallSid, EndpointId, Timestamp};
use crate::status::{CallStatus, Status};

/// What is known about one endpoint id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EndpointMark {
    /// `false` once a disconnect was seen: a tombstone.
    pub connected: bool,
    /// When the mark was last set (for pruning tombstones).
    pub at: Timestamp,
}

/// The latest known status of one call leg.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallMark {
    /// Furthest status in the call's lifecycle seen so far.
    pub status: CallStatus,
    /// When that status was reported (for pruning ended calls).
    pub at: Timestamp,
}

/// The stored presence state of one user.
///
/// The derived [`Status`] is a pure function of this value: see [`UserState::status`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserState {
    endpoints: BTreeMap<EndpointId, EndpointMark>,
    calls: BTreeMap<CallSid, CallMark>,
    updated_at: Timestamp,
}

impl UserState {
    /// A safe age for pruning tombstones: one day.
    pub const TOMBSTONE_HORIZON: std::time::Duration = std::time::Duration::from_secs(86_400);

    /// An empty state: no endpoints, no calls.
    pub fn new() -> Self {
        Self::default()
    }

    /// Applies one event; returns whether the state changed.
    ///
    /// The event's identity is not checked: callers route events to the right user.
    pub fn apply(&mut self, event: &Event) -> bool {
        let before_at = self.updated_at;
        self.updated_at = self.updated_at.max(event.at());
        let changed = match event {
            Event::EndpointConnected { endpoint, at, .. } => self.connect(endpoint, *at),
            Event::EndpointDisconnected { endpoint, at, .. } => self.disconnect(endpoint, *at),
            Event::CallStatus {
                call_sid,
                status,
                at,
                ..
            } => self.call(call_sid, status, *at),
        };
        changed || before_at != self.updated_at
    }

    fn connect(&mut self, endpoint: &EndpointId, at: Timestamp) -> bool {
        match self.endpoints.get_mut(endpoint) {
            // Already connected (duplicate) or already disconnected (final): only the
            // time can move forward.
            Some(mark) => bump(&mut mark.at, at),
            None => {
                let mark = EndpointMark {
                    connected: true,
                    at,
                };
                self.endpoints.insert(endpoint.clone(), mark);
                true
            }
        }
    }

    fn disconnect(&mut self, endpoint: &EndpointId, at: Timestamp) -> bool {
        match self.endpoints.get_mut(endpoint) {
            Some(mark) => {
                let was_connected = std::mem::replace(&mut mark.connected, false);
                bump(&mut mark.at, at) | was_connected
            }
            None => {
                let tombstone = EndpointMark {
                    connected: false,
                    at,
                };
                self.endpoints.insert(endpoint.clone(), tombstone);
                true
            }
        }
    }

    fn call(&mut self, call_sid: &CallSid, status: &CallStatus, at: Timestamp) -> bool {
        let Some(rank) = status.rank() else {
            return false; // unknown status: no effect
        };
        let key = (rank, status.tie_break());
        match self.calls.get_mut(call_sid) {
            Some(mark) => {
                let current = (mark.status.rank().unwrap_or(0), mark.status.tie_break());
                let advanced = key > current;
                if advanced {
                    mark.status = status.clone();
                }
                bump(&mut mark.at, at) | advanced
            }
            None => {
                let mark = CallMark {
                    status: status.clone(),
                    at,
                };
                self.calls.insert(call_sid.clone(), mark);
                true
            }
        }
    }

    /// The derived status: busy while any call is active, else available while any
    /// endpoint is connected, else unavailable.
    ///
    /// A call ending therefore never makes a user without endpoints available.
    pub fn status(&self) -> Status {
        if self.calls.values().any(|c| c.status.is_active()) {
            Status::Busy
        } else if self.endpoints.values().any(|e| e.connected) {
            Status::Available
        } else {
            Status::Unavailable
        }
    }

    /// The connected endpoint ids, sorted.
    pub fn endpoints(&self) -> impl Iterator<Item = &EndpointId> {
        self.endpoints
            .iter()
            .filter(|(_, m)| m.connected)
            .map(|(id, _)| id)
    }

    /// Every endpoint id seen, including tombstones.
    pub fn endpoint_marks(&self) -> impl Iterator<Item = (&EndpointId, &EndpointMark)> {
        self.endpoints.iter()
    }

    /// Calls that still occupy the user.
    pub fn active_calls(&self) -> impl Iterator<Item = (&CallSid, &CallStatus)> {
        self.calls
            .iter()
            .filter(|(_, c)| c.status.is_active())
            .map(|(sid, c)| (sid, &c.status))
    }

    /// Every call seen, including ended ones kept as tombstones.
    pub fn call_marks(&self) -> impl Iterator<Item = (&CallSid, &CallMark)> {
        self.calls.iter()
    }

    /// The latest event time seen for this user.
    pub fn updated_at(&self) -> Timestamp {
        self.updated_at
    }

    /// Drops tombstones (disconnected endpoints, ended calls) last touched before
    /// `before`; returns whether anything was dropped.
    ///
    /// Only safe once no webhook about them can still arrive: a connect delivered after
    /// its tombstone was pruned would bring the endpoint back. Keep a generous horizon
    /// such as [`UserState::TOMBSTONE_HORIZON`] (Twilio does not deliver webhooks that late).
    pub fn prune(&mut self, before: Timestamp) -> bool {
        let (e, c) = (self.endpoints.len(), self.calls.len());
        self.endpoints.retain(|_, m| m.connected || m.at >= before);
        self.calls
            .retain(|_, m| !m.status.is_terminal() || m.at >= before);
        e != self.endpoints.len() || c != self.calls.len()
    }
}

/// Moves `slot` forward to `at`; returns whether it moved.
fn bump(slot: &mut Timestamp, at: Timestamp) -> bool {
    let moved = at > *slot;
    if moved {
        *slot = at;
    }
    moved
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::id::Identity;

    fn id() -> Identity {
        Identity::new("alice").unwrap()
    }
    fn ep(s: &str) -> EndpointId {
        EndpointId::new(s).unwrap()
    }
    fn sid(n: u8) -> CallSid {
        CallSid::new(format!("CA{:032x}", n)).unwrap()
    }
    fn t(ms: u64) -> Timestamp {
        Timestamp::from_millis(ms)
    }

    #[test]
    fn connect_disconnect() {
        let mut s = UserState::new();
        assert_eq!(s.status(), Status::Unavailable);
        assert!(s.apply(&Event::connected(id(), ep("e1"), t(1))));
        assert!(s.apply(&Event::connected(id(), ep("e2"), t(2))));
        assert_eq!(s.status(), Status::Available);
        assert!(!s.apply(&Event::connected(id(), ep("e2"), t(2))));
        s.apply(&Event::disconnected(id(), ep("e1"), t(3)));
        assert_eq!(s.endpoints().collect::<Vec<_>>(), vec![&ep("e2")]);
        s.apply(&Event::disconnected(id(), ep("e2"), t(4)));
        assert_eq!(s.status(), Status::Unavailable);
    }

    #[test]
    fn disconnect_before_connect_leaves_no_ghost() {
        let mut s = UserState::new();
        s.apply(&Event::disconnected(id(), ep("e1"), t(5)));
        s.apply(&Event::connected(id(), ep("e1"), t(9)));
        assert_eq!(s.endpoints().count(), 0);
        assert_eq!(s.status(), Status::Unavailable);
    }

    #[test]
    fn every_call_status() {
        for status in CallStatus::KNOWN {
            let mut s = UserState::new();
            s.apply(&Event::connected(id(), ep("e1"), t(1)));
            s.apply(&Event::call(id(), sid(1), status.clone(), t(2)));
            let want = if status.is_active() {
                Status::Busy
            } else {
                Status::Available
            };
            assert_eq!(s.status(), want, "{status}");
        }
    }

    #[test]
    fn call_ending_without_endpoints_is_unavailable() {
        let mut s = UserState::new();
        s.apply(&Event::connected(id(), ep("e1"), t(1)));
        s.apply(&Event::call(id(), sid(1), CallStatus::Ringing, t(2)));
        s.apply(&Event::disconnected(id(), ep("e1"), t(3)));
        assert_eq!(s.status(), Status::Busy);
        s.apply(&Event::call(id(), sid(1), CallStatus::Completed, t(4)));
        assert_eq!(s.status(), Status::Unavailable);
    }

    #[test]
    fn late_ringing_does_not_revive_a_call() {
        let mut s = UserState::new();
        s.apply(&Event::connected(id(), ep("e1"), t(1)));
        s.apply(&Event::call(id(), sid(1), CallStatus::Completed, t(5)));
        s.apply(&Event::call(id(), sid(1), CallStatus::Ringing, t(3)));
        assert_eq!(s.status(), Status::Available);
    }

    #[test]
    fn unknown_status_is_ignored() {
        let mut s = UserState::new();
        s.apply(&Event::connected(id(), ep("e1"), t(1)));
        let before = s.clone();
        assert!(!s.apply(&Event::call(id(), sid(1), CallStatus::from("weird"), t(1))));
        assert_eq!(s, before);
    }

    #[test]
    fn prune_drops_old_tombstones_only() {
        let mut s = UserState::new();
        s.apply(&Event::connected(id(), ep("live"), t(1)));
        s.apply(&Event::disconnected(id(), ep("old"), t(2)));
        s.apply(&Event::disconnected(id(), ep("new"), t(20)));
        s.apply(&Event::call(id(), sid(1), CallStatus::Completed, t(3)));
        s.apply(&Event::call(id(), sid(2), CallStatus::Ringing, t(3)));
        assert!(s.prune(t(10)));
        assert_eq!(s.endpoint_marks().count(), 2);
        assert_eq!(s.call_marks().count(), 1);
        assert_eq!(s.status(), Status::Busy);
        assert!(!s.prune(t(10)));
    }
}
