//! The inputs of the presence logic.

use serde::{Deserialize, Serialize};

use crate::id::{CallSid, EndpointId, Identity, Timestamp};
use crate::status::CallStatus;

/// One thing that happened to a user.
///
/// `at` is when it happened (or, when Twilio sends no time, when it was received). The
/// ordering logic never depends on it (see the crate docs); it feeds `updated_at` and
/// the age of tombstones.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Event {
    /// A Sync `endpoint_connected` reachability event.
    EndpointConnected {
        /// Whose endpoint.
        identity: Identity,
        /// The server-assigned endpoint id.
        endpoint: EndpointId,
        /// When.
        at: Timestamp,
    },
    /// A Sync `endpoint_disconnected` reachability event.
    EndpointDisconnected {
        /// Whose endpoint.
        identity: Identity,
        /// The server-assigned endpoint id.
        endpoint: EndpointId,
        /// When.
        at: Timestamp,
    },
    /// A status callback of a call to or from the user's client.
    CallStatus {
        /// The user on the `client:` side of the call.
        identity: Identity,
        /// The call leg.
        call_sid: CallSid,
        /// Its status.
        status: CallStatus,
        /// When.
        at: Timestamp,
    },
}

impl Event {
    /// Shorthand for [`Event::EndpointConnected`].
    pub fn connected(identity: Identity, endpoint: EndpointId, at: Timestamp) -> Self {
        Self::EndpointConnected {
            identity,
            endpoint,
            at,
        }
    }

    /// Shorthand for [`Event::EndpointDisconnected`].
    pub fn disconnected(identity: Identity, endpoint: EndpointId, at: Timestamp) -> Self {
        Self::EndpointDisconnected {
            identity,
            endpoint,
            at,
        }
    }

    /// Shorthand for [`Event::CallStatus`].
    pub fn call(identity: Identity, call_sid: CallSid, status: CallStatus, at: Timestamp) -> Self {
        Self::CallStatus {
            identity,
            call_sid,
            status,
            at,
        }
    }

    /// The user the event is about.
    pub fn identity(&self) -> &Identity {
        match self {
            Self::EndpointConnected { identity, .. }
            | Self::EndpointDisconnected { identity, .. }
            | Self::CallStatus { identity, .. } => identity,
        }
    }

    /// When it happened.
    pub fn at(&self) -> Timestamp {
        match self {
            Self::EndpointConnected { at, .. }
            | Self::EndpointDisconnected { at, .. }
            | Self::CallStatus { at, .. } => *at,
        }
    }
}
