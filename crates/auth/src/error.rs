use thiserror::Error;

/// Everything that can go wrong in this crate. Messages never contain a
/// password, a hash or a key.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum AuthError {
    /// Unknown user or wrong password (deliberately indistinguishable).
    #[error("invalid username or password")]
    InvalidCredentials,
    /// Too many failed logins for this username or client address.
    #[error("too many failed logins, retry in {retry_after_secs} s")]
    Throttled {
        /// Seconds until the next attempt is accepted.
        retry_after_secs: u64,
    },
    /// No session cookie was sent.
    #[error("login required")]
    MissingSession,
    /// The session cookie is malformed or its signature does not match.
    #[error("invalid session")]
    InvalidSession,
    /// The session cookie was valid but has expired.
    #[error("session expired")]
    SessionExpired,
    /// The session was ended by logging out.
    #[error("session ended, log in again")]
    SessionEnded,
    /// A username is empty, too long or has characters outside `[A-Za-z0-9_.@-]`.
    #[error("invalid username: 1 to 64 characters from A-Z a-z 0-9 _ . @ -")]
    InvalidUsername,
    /// A line of the users file is not `username:$argon2id$...`.
    #[error("users file line {line}: {reason}")]
    InvalidUsersFile {
        /// 1-based line (or `;`-separated entry) number.
        line: usize,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The session key is shorter than 32 bytes.
    #[error("session key must be at least 32 bytes")]
    WeakSessionKey,
    /// Hashing a password failed (argon2 parameter or RNG error).
    #[error("password hashing failed")]
    Hash,
    /// The shared store of throttles and logouts (Redis) did not answer: the login,
    /// logout or session check is refused rather than let through unchecked.
    #[error("login service temporarily unavailable (shared state store down), retry shortly")]
    Unavailable,
}

impl From<crate::limit::StoreError> for AuthError {
    fn from(_: crate::limit::StoreError) -> Self {
        AuthError::Unavailable
    }
}

impl From<crate::limit::LimitError> for AuthError {
    fn from(e: crate::limit::LimitError) -> Self {
        match e {
            crate::limit::LimitError::Exceeded(e) => AuthError::Throttled {
                retry_after_secs: e.retry_after_secs(),
            },
            _ => AuthError::Unavailable,
        }
    }
}
