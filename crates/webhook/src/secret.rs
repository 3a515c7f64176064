//! A string that never shows up in `Debug` output or error messages.

use std::fmt;

/// An auth token or shared-key secret.
///
/// `Debug` prints `Secret(***)`; the value is only reachable through
/// [`Secret::expose`], so it cannot leak through logs by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret itself, for signing.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// `true` when the secret is the empty string.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self(value.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::Secret;

    #[test]
    fn debug_redacts() {
        let s = Secret::new("12345678901234567890123456789012");
        assert_eq!(format!("{s:?}"), "Secret(***)");
        assert_eq!(s.expose(), "12345678901234567890123456789012");
    }
}
