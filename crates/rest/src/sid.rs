//! Typed identifiers: SIDs (two-letter prefix + 32 hex digits) and phone numbers.
//!
//! Every resource module uses these newtypes, so a `CallSid` can never be passed where a
//! `ConferenceSid` is expected, and malformed input is caught before a request is sent.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::Error;

/// Length of every SID: two prefix letters and 32 hex digits.
const SID_LEN: usize = 34;

fn is_sid(value: &str, prefixes: &[&str]) -> bool {
    value.len() == SID_LEN
        && prefixes.iter().any(|p| value.starts_with(p))
        && value.as_bytes()[2..].iter().all(u8::is_ascii_hexdigit)
}

macro_rules! sid {
    ($(#[$meta:meta])* $name:ident, [$($prefix:literal),+]) => {
        $(#[$meta])*
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            /// The prefixes a SID of this kind starts with.
            pub const PREFIXES: &'static [&'static str] = &[$($prefix),+];

            /// Validates `value` (prefix and 32 hex digits).
            ///
            /// # Errors
            /// [`Error::InvalidInput`] when the prefix or shape is wrong.
            pub fn new(value: impl Into<String>) -> Result<Self, Error> {
                let value = value.into();
                if is_sid(&value, Self::PREFIXES) {
                    Ok(Self(value))
                } else {
                    Err(Error::InvalidInput(format!(
                        "`{value}` is not a {} (expected {} + 32 hex digits)",
                        stringify!($name),
                        Self::PREFIXES.join("/"),
                    )))
                }
            }

            /// The SID as sent on the wire.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl FromStr for $name {
            type Err = Error;
            fn from_str(s: &str) -> Result<Self, Error> {
                Self::new(s)
            }
        }

        impl TryFrom<String> for $name {
            type Error = Error;
            fn try_from(s: String) -> Result<Self, Error> {
                Self::new(s)
            }
        }

        impl TryFrom<&str> for $name {
            type Error = Error;
            fn try_from(s: &str) -> Result<Self, Error> {
                Self::new(s)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                Self::new(s).map_err(serde::de::Error::custom)
            }
        }
    };
}

sid!(/// An account (`AC…`).
    AccountSid, ["AC"]);
sid!(/// An API key (`SK…`), used as the Basic-auth user name with its secret.
    ApiKeySid, ["SK"]);
sid!(/// A call (`CA…`).
    CallSid, ["CA"]);
sid!(/// A message: `SM…` for SMS, `MM…` for MMS.
    MessageSid, ["SM", "MM"]);
sid!(/// A media item attached to a message (`ME…`).
    MediaSid, ["ME"]);
sid!(/// A recording (`RE…`).
    RecordingSid, ["RE"]);
sid!(/// A transcription of a recording (`TR…`).
    TranscriptionSid, ["TR"]);
sid!(/// A notification (log entry) of a call (`NO…`).
    NotificationSid, ["NO"]);
sid!(/// A media stream of a call (`MZ…`).
    StreamSid, ["MZ"]);
sid!(/// A SIPREC session of a call (`SR…`).
    SiprecSid, ["SR"]);
sid!(/// A real-time transcription of a call (`GT…`).
    RealtimeTranscriptionSid, ["GT"]);
sid!(/// A user-defined message sent to a call's SDK (`KX…`).
    UserDefinedMessageSid, ["KX"]);
sid!(/// A subscription to a call's user-defined messages (`ZY…`).
    UserDefinedMessageSubscriptionSid, ["ZY"]);
sid!(/// A payment session on a call (`PK…`).
    PaymentSid, ["PK"]);
sid!(/// The result of an add-on run on a recording (`XR…`).
    AddOnResultSid, ["XR"]);
sid!(/// A payload of an add-on result (`XH…`).
    AddOnResultPayloadSid, ["XH"]);
sid!(/// A conference (`CF…`).
    ConferenceSid, ["CF"]);
sid!(/// A TwiML application (`AP…`).
    ApplicationSid, ["AP"]);
sid!(/// An incoming phone number (`PN…`), e.g. one added to a Proxy service.
    PhoneNumberSid, ["PN"]);
sid!(/// A queue (`QU…`).
    QueueSid, ["QU"]);
sid!(/// A Messaging service (`MG…`).
    MessagingServiceSid, ["MG"]);
sid!(/// A Sync service (`IS…`).
    SyncServiceSid, ["IS"]);
sid!(/// A Sync document (`ET…`).
    SyncDocumentSid, ["ET"]);
sid!(/// A Sync map (`MP…`).
    SyncMapSid, ["MP"]);
sid!(/// A Sync list (`ES…`).
    SyncListSid, ["ES"]);
sid!(/// A Proxy service (`KS…`).
    ProxyServiceSid, ["KS"]);
sid!(/// A Proxy session (`KC…`).
    ProxySessionSid, ["KC"]);
sid!(/// A Proxy participant (`KP…`).
    ProxyParticipantSid, ["KP"]);
sid!(/// A Proxy interaction (`KI…`).
    ProxyInteractionSid, ["KI"]);
sid!(/// A TaskRouter workspace (`WS…`).
    WorkspaceSid, ["WS"]);
sid!(/// A TaskRouter workflow (`WW…`).
    WorkflowSid, ["WW"]);
sid!(/// A TaskRouter activity (`WA…`).
    ActivitySid, ["WA"]);
sid!(/// A TaskRouter task queue (`WQ…`).
    TaskQueueSid, ["WQ"]);
sid!(/// A TaskRouter worker (`WK…`).
    WorkerSid, ["WK"]);
sid!(/// A TaskRouter task (`WT…`).
    TaskSid, ["WT"]);
sid!(/// A TaskRouter reservation (`WR…`).
    ReservationSid, ["WR"]);
sid!(/// A TaskRouter task channel (`TC…`).
    TaskChannelSid, ["TC"]);

/// A phone number in E.164 form (`+` and 1 to 15 digits, no leading zero).
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct PhoneNumber(String);

impl PhoneNumber {
    /// Validates an E.164 number.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when `value` is not `+` followed by 1–15 digits.
    pub fn new(value: impl Into<String>) -> Result<Self, Error> {
        let value = value.into();
        let digits = value.strip_prefix('+').unwrap_or("");
        let ok = (1..=15).contains(&digits.len())
            && digits.bytes().all(|b| b.is_ascii_digit())
            && !digits.starts_with('0');
        if ok {
            Ok(Self(value))
        } else {
            Err(Error::InvalidInput(format!(
                "`{value}` is not an E.164 phone number"
            )))
        }
    }

    /// The number as sent on the wire.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PhoneNumber({})", self.0)
    }
}

impl FromStr for PhoneNumber {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        Self::new(s)
    }
}

impl<'de> Deserialize<'de> for PhoneNumber {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Self::new(String::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

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
        Self(n.0)
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
    }
}
