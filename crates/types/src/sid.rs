//! SID newtypes: a two-letter prefix and 32 hex digits.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::Error;

/// Length of every SID: two prefix letters and 32 hex digits.
const SID_LEN: usize = 34;

fn is_sid(value: &str, prefixes: &[&str]) -> bool {
    value.len() == SID_LEN
        && prefixes.iter().any(|p| value.starts_with(p))
        && value.bytes().skip(2).all(|b| b.is_ascii_hexdigit())
}

macro_rules! sid {
    ($(#[$meta:meta])* $name:ident, $kind:literal, [$($prefix:literal),+]) => {
        $(#[$meta])*
        #[doc = concat!("\n\nStarts with ", $("`", $prefix, "` ",)+ "and 32 hex digits.")]
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            /// The prefixes a SID of this type starts with.
            pub const PREFIXES: &'static [&'static str] = &[$($prefix),+];

            /// Validates and wraps a SID.
            ///
            /// # Errors
            /// [`Error::InvalidSid`] when the prefix or the 32 hex digits are missing.
            pub fn new(value: impl Into<String>) -> Result<Self, Error> {
                let value = value.into();
                if is_sid(&value, Self::PREFIXES) {
                    Ok(Self(value))
                } else {
                    Err(Error::InvalidSid { kind: $kind, prefixes: Self::PREFIXES, len: value.len() })
                }
            }

            /// The SID as text, as sent on the wire.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The SID as an owned string.
            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), self.0)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
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
                Self::new(String::deserialize(d)?).map_err(serde::de::Error::custom)
            }
        }
    };
}

// Accounts and credentials.
sid!(/// An account: the `sub` of an Access Token, the user name of Basic auth.
    AccountSid, "an account", ["AC"]);
sid!(/// An API key: the `iss` of an Access Token, a Basic-auth user name with its secret.
    ApiKeySid, "an API key", ["SK"]);
sid!(/// A push credential (Voice and Chat grants).
    CredentialSid, "a credential", ["CR"]);
sid!(/// A TwiML application: where a Voice grant's or capability token's outgoing calls go.
    ApplicationSid, "an application", ["AP"]);
sid!(/// An incoming phone number, e.g. one added to a Proxy service.
    PhoneNumberSid, "a phone number", ["PN"]);

// Voice and Messaging (2010-04-01 API).
sid!(/// A call.
    CallSid, "a call", ["CA"]);
sid!(/// A message: `SM…` for SMS, `MM…` for MMS.
    MessageSid, "a message", ["SM", "MM"]);
sid!(/// A media item attached to a message.
    MediaSid, "a media", ["ME"]);
sid!(/// A recording.
    RecordingSid, "a recording", ["RE"]);
sid!(/// A transcription of a recording.
    TranscriptionSid, "a transcription", ["TR"]);
sid!(/// A notification (log entry) of a call.
    NotificationSid, "a notification", ["NO"]);
sid!(/// A media stream of a call.
    StreamSid, "a stream", ["MZ"]);
sid!(/// A SIPREC session of a call.
    SiprecSid, "a SIPREC", ["SR"]);
sid!(/// A real-time transcription of a call.
    RealtimeTranscriptionSid, "a real-time transcription", ["GT"]);
sid!(/// A user-defined message sent to a call's SDK.
    UserDefinedMessageSid, "a user-defined message", ["KX"]);
sid!(/// A subscription to a call's user-defined messages.
    UserDefinedMessageSubscriptionSid, "a user-defined message subscription", ["ZY"]);
sid!(/// A payment session on a call.
    PaymentSid, "a payment", ["PK"]);
sid!(/// The result of an add-on run on a recording.
    AddOnResultSid, "an add-on result", ["XR"]);
sid!(/// A payload of an add-on result.
    AddOnResultPayloadSid, "an add-on result payload", ["XH"]);
sid!(/// A conference.
    ConferenceSid, "a conference", ["CF"]);
sid!(/// A queue.
    QueueSid, "a queue", ["QU"]);
sid!(/// A Messaging service.
    MessagingServiceSid, "a Messaging service", ["MG"]);

// Sync and Chat.
sid!(/// A Sync service (Sync grant).
    SyncServiceSid, "a Sync service", ["IS"]);
sid!(/// A Conversations/Chat service (Chat grant).
    ChatServiceSid, "a Chat service", ["IS"]);
sid!(/// A Chat deployment role (Chat grant).
    RoleSid, "a role", ["RL"]);
sid!(/// A Sync document.
    SyncDocumentSid, "a Sync document", ["ET"]);
sid!(/// A Sync map.
    SyncMapSid, "a Sync map", ["MP"]);
sid!(/// A Sync list.
    SyncListSid, "a Sync list", ["ES"]);

// Proxy.
sid!(/// A Proxy service.
    ProxyServiceSid, "a Proxy service", ["KS"]);
sid!(/// A Proxy session.
    ProxySessionSid, "a Proxy session", ["KC"]);
sid!(/// A Proxy participant.
    ProxyParticipantSid, "a Proxy participant", ["KP"]);
sid!(/// A Proxy interaction.
    ProxyInteractionSid, "a Proxy interaction", ["KI"]);

// TaskRouter.
sid!(/// A TaskRouter workspace (TaskRouter grant).
    WorkspaceSid, "a workspace", ["WS"]);
sid!(/// A TaskRouter workflow.
    WorkflowSid, "a workflow", ["WW"]);
sid!(/// A TaskRouter activity.
    ActivitySid, "an activity", ["WA"]);
sid!(/// A TaskRouter task queue.
    TaskQueueSid, "a task queue", ["WQ"]);
sid!(/// A TaskRouter worker (TaskRouter grant).
    WorkerSid, "a worker", ["WK"]);
sid!(/// A TaskRouter task.
    TaskSid, "a task", ["WT"]);
sid!(/// A TaskRouter reservation.
    ReservationSid, "a reservation", ["WR"]);
sid!(/// A TaskRouter task channel.
    TaskChannelSid, "a task channel", ["TC"]);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_each_prefix_and_32_hex_digits() {
        let hex = "0123456789abcdefABCDEF0123456789";
        assert!(AccountSid::new(format!("AC{hex}")).is_ok());
        assert!(MessageSid::new(format!("SM{hex}")).is_ok());
        assert!(MessageSid::new(format!("MM{hex}")).is_ok());
        assert!(MessageSid::new(format!("CA{hex}")).is_err());
    }

    #[test]
    fn rejects_wrong_prefix_length_and_digits() {
        for bad in [
            "",
            "AC",
            "SKaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "ACgaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "acaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaé",
        ] {
            let err = AccountSid::new(bad).unwrap_err();
            assert!(
                matches!(
                    err,
                    Error::InvalidSid {
                        prefixes: ["AC"],
                        kind: "an account",
                        ..
                    }
                ),
                "{bad}: {err}"
            );
        }
    }

    #[test]
    fn errors_never_repeat_the_input() {
        let secret = "0123456789abcdef0123456789abcdef";
        let err = AccountSid::new(secret).unwrap_err();
        assert!(!format!("{err} {err:?}").contains(secret));
        let err = MessageSid::new("nope").unwrap_err();
        assert_eq!(
            err.to_string(),
            "not a message SID: expected SM or MM and 32 hex digits (got 4 characters)"
        );
    }

    #[test]
    fn serde_round_trip_validates() {
        let sid: ApplicationSid =
            serde_json::from_str("\"APaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"").unwrap();
        assert_eq!(
            serde_json::to_string(&sid).unwrap(),
            "\"APaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\""
        );
        assert!(serde_json::from_str::<ApplicationSid>("\"AP1\"").is_err());
    }
}
