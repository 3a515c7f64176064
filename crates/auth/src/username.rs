use std::{fmt, str::FromStr};

use crate::AuthError;

/// A validated login name: 1 to 64 characters from `[A-Za-z0-9_.@-]`.
///
/// The same character set is safe as a Twilio Client identity and inside a
/// session cookie, so apps can use it as the token identity directly.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Username(String);

impl Username {
    /// Checks and wraps a username.
    pub fn new(name: impl Into<String>) -> Result<Self, AuthError> {
        let name = name.into();
        let ok = !name.is_empty()
            && name.len() <= 64
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'@' | b'-'));
        if ok {
            Ok(Self(name))
        } else {
            Err(AuthError::InvalidUsername)
        }
    }

    /// The name as a string slice.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for Username {
    type Err = AuthError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::new(s)
    }
}

impl fmt::Display for Username {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for Username {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_and_rejects() {
        assert!(Username::new("alice").is_ok());
        assert!(Username::new("a.b-c_d@x").is_ok());
        assert_eq!(Username::new(""), Err(AuthError::InvalidUsername));
        assert_eq!(Username::new("a b"), Err(AuthError::InvalidUsername));
        assert_eq!(Username::new("al:ice"), Err(AuthError::InvalidUsername));
        assert_eq!(
            Username::new("x".repeat(65)),
            Err(AuthError::InvalidUsername)
        );
        assert_eq!(Username::new("é"), Err(AuthError::InvalidUsername));
    }
}
