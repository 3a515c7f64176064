//! The inputs of the presence logic.

use serde::{Deserialize, Serialize};

use crate::error::Error;
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

    /// The event for a Sync webhook (`EventType`, `Identity`, `EndpointId`).
    ///
    /// `Ok(None)` for event types that are not about reachability (document, list and
    /// map events), which presence ignores.
    ///
    /// # Errors
    /// [`Error::Invalid`] when a reachability event has an invalid identity or endpoint id.
    pub fn from_sync_webhook(
        event_type: &str,
        identity: &str,
        endpoint: &str,
        at: Timestamp,
    ) -> Result<Option<Self>, Error> {
        let connected = match event_type {
            "endpoint_connected" => true,
            "endpoint_disconnected" => false,
            _ => return Ok(None),
        };
        let (identity, endpoint) = (Identity::new(identity)?, EndpointId::new(endpoint)?);
        Ok(Some(if connected {
            Self::connected(identity, endpoint, at)
        } else {
            Self::disconnected(identity, endpoint, at)
        }))
    }

    /// The event for a status callback of a `<Dial><Client>` leg or of a call placed
    /// from the browser: the user is `From` when it is a `client:` address (outgoing),
    /// else `To` (incoming).
    ///
    /// # Errors
    /// [`Error::Invalid`] when neither side is a valid `client:` address or the Call SID
    /// is malformed.
    pub fn from_status_callback(
        from: &str,
        to: &str,
        call_sid: &str,
        call_status: &str,
        at: Timestamp,
    ) -> Result<Self, Error> {
        let identity =
            Identity::from_client_address(from).or_else(|_| Identity::from_client_address(to))?;
        let call_sid = CallSid::new(call_sid)?;
        Ok(Self::call(
            identity,
            call_sid,
            CallStatus::from(call_status),
            at,
        ))
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

#[cfg(test)]
mod tests {
    use super::*;

    const SID: &str = "CA0123456789abcdef0123456789abcdef";

    #[test]
    fn sync_webhooks() {
        let t = Timestamp::from_millis(1);
        let e = Event::from_sync_webhook("endpoint_connected", "alice", "EP1", t).unwrap();
        assert!(matches!(e, Some(Event::EndpointConnected { .. })));
        let e = Event::from_sync_webhook("endpoint_disconnected", "alice", "EP1", t).unwrap();
        assert!(matches!(e, Some(Event::EndpointDisconnected { .. })));
        assert!(
            Event::from_sync_webhook("document_updated", "", "", t)
                .unwrap()
                .is_none()
        );
        assert!(Event::from_sync_webhook("endpoint_connected", "a b", "EP1", t).is_err());
        assert!(Event::from_sync_webhook("endpoint_connected", "alice", "", t).is_err());
    }

    #[test]
    fn status_callbacks() {
        let t = Timestamp::from_millis(1);
        let incoming = Event::from_status_callback("+15005550006", "client:bob", SID, "ringing", t);
        assert_eq!(incoming.unwrap().identity().as_str(), "bob");
        let outgoing =
            Event::from_status_callback("client:alice", "+15005550006", SID, "initiated", t);
        assert_eq!(outgoing.unwrap().identity().as_str(), "alice");
        assert!(Event::from_status_callback("+1500", "+1501", SID, "ringing", t).is_err());
        assert!(Event::from_status_callback("client:a", "x", "CAxyz", "ringing", t).is_err());
    }
}
