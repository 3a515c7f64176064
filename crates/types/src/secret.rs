//! One type for every credential: auth tokens, API key secrets, signing keys, passwords.

use std::fmt;

use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

/// A credential: an Auth Token, an API key secret, a signing key, a SIP password.
///
/// It never prints: `Debug` and `Display` show `Secret(***)`, so a config struct or a
/// request that holds one can be logged whole. The bytes are wiped from memory when
/// the value is dropped, and two secrets compare in constant time. The value is only
/// reachable through [`Secret::expose`], which makes every use easy to find in review.
///
/// ```
/// use twilio_types::Secret;
///
/// let token = Secret::new("my auth token");
/// assert_eq!(format!("{token:?} {token}"), "Secret(***) Secret(***)");
/// assert_eq!(token.expose(), "my auth token");
/// ```
#[derive(Clone, Default)]
pub struct Secret(Zeroizing<String>);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(Zeroizing::new(value.into()))
    }

    /// The secret itself. Call it only where the value is used (signing, the wire).
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// `true` when the secret is the empty string (a variable set but left blank).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl PartialEq for Secret {
    /// Constant time in the content (the length may show), so comparing a presented
    /// credential with the real one does not leak how many leading bytes matched.
    fn eq(&self, other: &Self) -> bool {
        self.0.as_bytes().ct_eq(other.0.as_bytes()).into()
    }
}

impl Eq for Secret {}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self::new(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self::new(value)
    }
}

impl<'de> serde::Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self::new)
    }
}

#[cfg(test)]
mod tests {
    use super::Secret;

    #[test]
    fn never_prints() {
        let s = Secret::new("hunter2-hunter2");
        let shown = format!("{s:?} {s} {:?}", Some(&s));
        assert!(!shown.contains("hunter2"), "{shown}");
        assert_eq!(s.expose(), "hunter2-hunter2");
    }

    #[test]
    fn compares_by_content() {
        assert_eq!(Secret::new("abc"), Secret::from("abc"));
        assert_ne!(Secret::new("abc"), Secret::new("abd"));
        assert_ne!(Secret::new("abc"), Secret::new("abcd"));
        assert!(Secret::default().is_empty());
    }

    #[test]
    fn deserializes_from_a_string() {
        let s: Secret = serde_json::from_str("\"tok\"").unwrap_or_default();
        assert_eq!(s.expose(), "tok");
    }
}
