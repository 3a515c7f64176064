//! Typed identifiers: SIDs (two-letter prefix + 32 hex digits) and phone numbers.
//!
//! The SID and phone-number types are `twilio-types`' (the same types `twilio-token`
//! and `twilio-presence` use), so a `CallSid` can never be passed where a
//! `ConferenceSid` is expected, malformed input is caught before a request is sent, and
//! a parse error never repeats the rejected value. [`Endpoint`] is this crate's own:
//! any address a call or message may go to.

use std::fmt;

use serde::Serialize;

use crate::Error;

pub use twilio_types::{
    AccountSid, ActivitySid, AddOnResultPayloadSid, AddOnResultSid, ApiKeySid, ApplicationSid,
    CallSid, ConferenceSid, MediaSid, MessageSid, MessagingServiceSid, NotificationSid, PaymentSid,
    PhoneNumber, PhoneNumberSid, ProxyInteractionSid, ProxyParticipantSid, ProxyServiceSid,
    ProxySessionSid, QueueSid, RealtimeTranscriptionSid, RecordingSid, ReservationSid, SiprecSid,
    StreamSid, SyncDocumentSid, SyncListSid, SyncMapSid, SyncServiceSid, TaskChannelSid,
    TaskQueueSid, TaskSid, TranscriptionSid, UserDefinedMessageSid,
    UserDefinedMessageSubscriptionSid, WorkerSid, WorkflowSid, WorkspaceSid,
};

/// Who a call or message is addressed to or from: a phone number, a `client:` identity,
/// a `sip:` URI, or another address Twilio accepts (e.g. `whatsapp:+1…`, an
/// alphanumeric sender ID).
///
/// Twilio returns free-form strings in `to`/`from` (empty for some client calls), so
/// responses keep them as `String`; this type only guards what we send.
#[derive(Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Endpoint(String);

impl Endpoint {
    /// A Voice SDK client identity, sent as `client:{identity}`.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when the identity is empty.
    pub fn client(identity: &str) -> Result<Self, Error> {
        if identity.is_empty() {
            return Err(Error::InvalidInput("empty client identity".into()));
        }
        Ok(Self(format!("client:{identity}")))
    }

    /// Any non-empty address, passed through unchanged (`sip:…`, `whatsapp:+…`, …).
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when the address is empty or has surrounding spaces.
    pub fn parse(value: impl Into<String>) -> Result<Self, Error> {
        let value = value.into();
        if value.is_empty() || value.trim() != value {
            return Err(Error::InvalidInput(format!("`{value}` is not an address")));
        }
        Ok(Self(value))
    }

    /// The address as sent on the wire.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<PhoneNumber> for Endpoint {
    fn from(n: PhoneNumber) -> Self {
        Self(n.into_string())
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Endpoint({})", self.0)
    }
}

/// The shortcuts' `&str` form of an address: text starting with `+` must be an E.164
/// [`PhoneNumber`]; anything else is [`Endpoint::parse`]d (`client:…`, `sip:…`,
/// `whatsapp:+…`, an alphanumeric sender ID).
impl TryFrom<&str> for Endpoint {
    type Error = Error;
    fn try_from(value: &str) -> Result<Self, Error> {
        if value.starts_with('+') {
            Ok(PhoneNumber::new(value)?.into())
        } else {
            Self::parse(value)
        }
    }
}

/// As the `&str` form.
impl TryFrom<String> for Endpoint {
    type Error = Error;
    fn try_from(value: String) -> Result<Self, Error> {
        Self::try_from(value.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sid_checks_prefix_length_and_hex() {
        let ok = format!("CA{}", "a1".repeat(16));
        assert!(CallSid::new(ok.clone()).is_ok());
        assert!(ConferenceSid::new(ok.clone()).is_err());
        assert!(CallSid::new(&ok[..33]).is_err());
        assert!(CallSid::new(format!("CA{}", "zz".repeat(16))).is_err());
        assert!(MessageSid::new(format!("MM{}", "0".repeat(32))).is_ok());
        assert!(MessageSid::new(format!("SM{}", "0".repeat(32))).is_ok());
        // Multi-byte input of the right byte length must not panic on slicing.
        assert!(CallSid::new(format!("CA{}", "é".repeat(16))).is_err());
        assert!(CallSid::new("é".repeat(17)).is_err());
    }

    #[test]
    fn sid_serde_round_trip_and_rejects_bad_input() {
        let sid: CallSid = serde_json::from_str(&format!("\"CA{}\"", "f".repeat(32))).unwrap();
        assert_eq!(serde_json::to_string(&sid).unwrap(), format!("\"{sid}\""));
        assert!(serde_json::from_str::<CallSid>("\"CAxyz\"").is_err());
    }

    #[test]
    fn phone_numbers_are_e164() {
        assert!(PhoneNumber::new("+15005550006").is_ok());
        for bad in [
            "",
            "+",
            "15005550006",
            "+0123",
            "+1234567890123456",
            "+1 500",
        ] {
            assert!(PhoneNumber::new(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn endpoints() {
        assert_eq!(Endpoint::client("alice").unwrap().as_str(), "client:alice");
        assert!(Endpoint::client("").is_err());
        assert!(Endpoint::parse(" sip:a@b").is_err());
        let n: Endpoint = PhoneNumber::new("+15005550006").unwrap().into();
        assert_eq!(n.as_str(), "+15005550006");
        for ok in [
            "+15005550006",
            "client:alice",
            "whatsapp:+15005550006",
            "MyBrand",
        ] {
            assert_eq!(Endpoint::try_from(ok).unwrap().as_str(), ok);
        }
        for bad in ["", "+1 500", "+12ab", " x"] {
            assert!(
                matches!(Endpoint::try_from(bad), Err(Error::InvalidInput(_))),
                "{bad}"
            );
        }
    }
}
