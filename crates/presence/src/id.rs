//! Validated identifiers: [`Identity`], [`EndpointId`], [`CallSid`], and [`Timestamp`].

use std::borrow::Borrow;
use std::fmt;
use std::str::FromStr;
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::error::{Error, InvalidReason};

/// Checks length and character set, reporting the first problem found.
fn check(
    what: &'static str,
    s: &str,
    max: usize,
    allowed: impl Fn(char) -> bool,
) -> Result<(), Error> {
    let invalid = |reason| Error::Invalid { what, reason };
    if s.is_empty() {
        return Err(invalid(InvalidReason::Empty));
    }
    if s.len() > max {
        return Err(invalid(InvalidReason::TooLong { len: s.len(), max }));
    }
    match s.char_indices().find(|&(_, c)| !allowed(c)) {
        Some((index, ch)) => Err(invalid(InvalidReason::BadChar { ch, index })),
        None => Ok(()),
    }
}

macro_rules! string_newtype {
    ($name:ident) => {
        impl $name {
            /// The identifier as a string slice.
            pub fn as_str(&self) -> &str {
                &self.0
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
        // Lets maps keyed by the newtype be queried with a plain `&str`.
        impl Borrow<str> for $name {
            fn borrow(&self) -> &str {
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
                Self::validate(&s)?;
                Ok(Self(s))
            }
        }
        impl TryFrom<&str> for $name {
            type Error = Error;
            fn try_from(s: &str) -> Result<Self, Error> {
                Self::new(s)
            }
        }
        impl From<$name> for String {
            fn from(v: $name) -> String {
                v.0
            }
        }
    };
}

/// A user's identity: the `identity` of their Access Token and their Voice client name.
///
/// 1 to [`Identity::MAX_LEN`] bytes of ASCII letters, digits, `_`, `-`, `.` and `@`.
/// That set is a subset of what Twilio accepts in a client name (no control, space,
/// delimiter or "unwise" characters), safe in a `<Client>` noun, in `client:NAME`
/// addresses and in a URL query without escaping, and it excludes the `:` that
/// separates `client:` from the name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Identity(String);

impl Identity {
    /// Longest identity accepted: Twilio's limit for Voice client names (error 31105).
    pub const MAX_LEN: usize = 256;

    /// Validates and wraps an identity.
    ///
    /// # Errors
    /// [`Error::Invalid`] when it is empty, too long or has a disallowed character.
    pub fn new(s: &str) -> Result<Self, Error> {
        Self::validate(s)?;
        Ok(Self(s.to_owned()))
    }

    /// Parses a Voice address such as `client:alice` (as in a status callback's `To`/`From`).
    ///
    /// # Errors
    /// [`Error::Invalid`] when the `client:` prefix is missing or the name is invalid.
    pub fn from_client_address(address: &str) -> Result<Self, Error> {
        match address.strip_prefix("client:") {
            Some(name) => Self::new(name),
            None => Err(Error::Invalid {
                what: "identity",
                reason: InvalidReason::Format("a client address starts with `client:`"),
            }),
        }
    }

    fn validate(s: &str) -> Result<(), Error> {
        check("identity", s, Self::MAX_LEN, |c| {
            c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '@')
        })
    }
}
string_newtype!(Identity);

/// A Sync endpoint id, as sent in reachability webhooks (`EndpointId`).
///
/// Twilio assigns it per client connection; its format is not documented, so any
/// 1 to [`EndpointId::MAX_LEN`] bytes of visible ASCII (no spaces or controls) are accepted.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct EndpointId(String);

impl EndpointId {
    /// Longest endpoint id accepted.
    pub const MAX_LEN: usize = 256;

    /// Validates and wraps an endpoint id.
    ///
    /// # Errors
    /// [`Error::Invalid`] when it is empty, too long or has a space or control character.
    pub fn new(s: &str) -> Result<Self, Error> {
        Self::validate(s)?;
        Ok(Self(s.to_owned()))
    }

    fn validate(s: &str) -> Result<(), Error> {
        check("endpoint id", s, Self::MAX_LEN, |c| c.is_ascii_graphic())
    }
}
string_newtype!(EndpointId);

/// A Call SID (`CA` and 32 hex digits), the type `twilio-rest` and `twilio-token` use.
pub use twilio_types::CallSid;

/// Milliseconds since the Unix epoch.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Timestamp(u64);

impl Timestamp {
    /// The current wall-clock time (0 if the clock is before 1970).
    pub fn now() -> Self {
        let ms = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX));
        Self(ms)
    }

    /// A timestamp from milliseconds since the epoch.
    pub const fn from_millis(ms: u64) -> Self {
        Self(ms)
    }

    /// Milliseconds since the epoch.
    pub const fn as_millis(self) -> u64 {
        self.0
    }

    /// This time minus `ms` milliseconds, saturating at the epoch.
    pub const fn minus_millis(self, ms: u64) -> Self {
        Self(self.0.saturating_sub(ms))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_rules() {
        assert!(Identity::new("alice").is_ok());
        assert!(Identity::new("a.b-c_d@example.com").is_ok());
        assert!(matches!(
            Identity::new(""),
            Err(Error::Invalid {
                reason: InvalidReason::Empty,
                ..
            })
        ));
        assert!(matches!(
            Identity::new("al ice"),
            Err(Error::Invalid {
                reason: InvalidReason::BadChar { ch: ' ', index: 2 },
                ..
            })
        ));
        assert!(Identity::new("client:alice").is_err());
        assert!(Identity::new("ä").is_err());
        assert!(Identity::new(&"a".repeat(256)).is_ok());
        assert!(matches!(
            Identity::new(&"a".repeat(257)),
            Err(Error::Invalid {
                reason: InvalidReason::TooLong { len: 257, max: 256 },
                ..
            })
        ));
    }

    #[test]
    fn client_address() {
        assert_eq!(
            Identity::from_client_address("client:bob")
                .unwrap()
                .as_str(),
            "bob"
        );
        assert!(Identity::from_client_address("+15005550006").is_err());
        assert!(Identity::from_client_address("client:").is_err());
    }

    #[test]
    fn endpoint_rules() {
        assert!(EndpointId::new("TwilioSyncDemo::alice:1b4e28ba-2fa1-11d2-883f").is_ok());
        assert!(EndpointId::new("a b").is_err());
        assert!(EndpointId::new("a\nb").is_err());
        assert!(EndpointId::new("").is_err());
        assert!(EndpointId::new(&"e".repeat(257)).is_err());
    }

    #[test]
    fn call_sid_rules() {
        assert!(CallSid::new("CA0123456789abcdef0123456789abcdef").is_ok());
        assert!(CallSid::new("CA0123456789abcdef0123456789abcde").is_err());
        assert!(CallSid::new("SM0123456789abcdef0123456789abcdef").is_err());
        assert!(CallSid::new("CA0123456789abcdef0123456789abcdeg").is_err());
    }

    #[test]
    fn serde_validates() {
        assert!(serde_json::from_str::<Identity>("\"bob\"").is_ok());
        assert!(serde_json::from_str::<Identity>("\"b b\"").is_err());
    }
}
