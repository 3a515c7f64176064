//! A signing secret that never shows in logs.

use std::fmt;

/// A signing key: an API key secret (Access Tokens) or an Auth Token (capability tokens).
///
/// `Debug` prints `Secret(<redacted>)`, so a secret cannot leak through `{:?}` of a
/// builder, a token or an error.
///
/// ```
/// let secret = twilio_token::Secret::new("hunter2");
/// assert_eq!(format!("{secret:?}"), "Secret(<redacted>)");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(secret: impl Into<String>) -> Self {
        Self(secret.into())
    }

    /// The raw secret, for code that must hand it on (e.g. to another signer).
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub(crate) fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }

    /// Fails with [`Error::EmptySecret`](crate::Error::EmptySecret) when empty.
    pub(crate) fn check(&self) -> Result<&[u8], crate::Error> {
        if self.0.is_empty() {
            Err(crate::Error::EmptySecret)
        } else {
            Ok(self.as_bytes())
        }
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl From<String> for Secret {
    fn from(s: String) -> Self {
        Self(s)
    }
}

impl From<&str> for Secret {
    fn from(s: &str) -> Self {
        Self(s.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_is_redacted() {
        let s = Secret::new("very-secret-value");
        let shown = format!("{s:?} {s:#?}");
        assert!(!shown.contains("very-secret-value"), "{shown}");
        assert_eq!(s.expose(), "very-secret-value");
    }

    #[test]
    fn empty_secret_is_rejected() {
        assert!(matches!(
            Secret::new("").check(),
            Err(crate::Error::EmptySecret)
        ));
    }
}
