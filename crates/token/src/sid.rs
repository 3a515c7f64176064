//! Newtypes for the Twilio SIDs that appear in tokens.
//!
//! A SID is a two-letter prefix naming the resource type followed by 32 hex digits.
//! Parsing checks both, so a token can never carry, say, an Auth Token where an
//! account SID belongs.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::Error;

/// Number of hex digits after the prefix.
const SID_HEX_LEN: usize = 32;

fn is_valid(value: &str, prefix: &str) -> bool {
    value.len() == prefix.len() + SID_HEX_LEN
        && value.starts_with(prefix)
        && value.as_bytes()[prefix.len()..]
            .iter()
            .all(u8::is_ascii_hexdigit)
}

macro_rules! sid_type {
    ($(#[$doc:meta])* $name:ident, $prefix:literal, $kind:literal, $example:literal) => {
        $(#[$doc])*
        #[doc = concat!("\n\nStarts with `", $prefix, "`, followed by 32 hex digits.\n\n```\n",
            "let sid: twilio_token::", stringify!($name), " = \"", $example, "\".parse()?;\n",
            "assert_eq!(sid.as_str(), \"", $example, "\");\n",
            "assert!(\"", $prefix, "123\".parse::<twilio_token::", stringify!($name), ">().is_err());\n",
            "# Ok::<(), twilio_token::Error>(())\n```")]
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            /// The two-letter prefix every SID of this type starts with.
            pub const PREFIX: &'static str = $prefix;

            /// Validates and wraps a SID.
            ///
            /// # Errors
            /// [`Error::InvalidSid`] when the prefix or the 32 hex digits are missing.
            pub fn new(value: impl Into<String>) -> Result<Self, Error> {
                let value = value.into();
                if is_valid(&value, $prefix) {
                    Ok(Self(value))
                } else {
                    Err(Error::InvalidSid { kind: $kind, prefix: $prefix, len: value.len() })
                }
            }

            /// The SID as text.
            pub fn as_str(&self) -> &str {
                &self.0
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

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
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

sid_type!(
    /// An account SID: the `sub` of an Access Token, the `iss` of a capability token.
    AccountSid, "AC", "account", "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
);
sid_type!(
    /// An API key SID: the `iss` of an Access Token (its secret signs the token).
    ApiKeySid, "SK", "API key", "SKaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
);
sid_type!(
    /// A TwiML App SID: where outgoing calls of a Voice grant or capability token go.
    ApplicationSid, "AP", "application", "APaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
);
sid_type!(
    /// A Sync service SID (Sync grant).
    SyncServiceSid, "IS", "Sync service", "ISaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
);
sid_type!(
    /// A Conversations/Chat service SID (Chat grant).
    ChatServiceSid, "IS", "Chat service", "ISaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
);
sid_type!(
    /// A push credential SID (Voice and Chat grants).
    CredentialSid, "CR", "credential", "CRaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
);
sid_type!(
    /// A Chat deployment role SID (Chat grant).
    RoleSid, "RL", "role", "RLaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
);
sid_type!(
    /// A TaskRouter workspace SID (TaskRouter grant).
    WorkspaceSid, "WS", "workspace", "WSaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
);
sid_type!(
    /// A TaskRouter worker SID (TaskRouter grant).
    WorkerSid, "WK", "worker", "WKaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_prefix_and_32_hex_digits() {
        let sid = AccountSid::new(format!("AC{}", "0123456789abcdefABCDEF0123456789")).unwrap();
        assert_eq!(sid.as_str().len(), 34);
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
                matches!(err, Error::InvalidSid { prefix: "AC", .. }),
                "{bad}: {err}"
            );
        }
    }

    #[test]
    fn error_does_not_repeat_the_input() {
        let secret = "0123456789abcdef0123456789abcdef";
        let err = AccountSid::new(secret).unwrap_err();
        assert!(!format!("{err} {err:?}").contains(secret));
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
