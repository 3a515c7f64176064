//! The crate's one error type.

use std::time::Duration;

/// Everything that can go wrong while building, signing or verifying a token.
///
/// Messages never contain a secret: the signing key is only ever held by
/// [`Secret`](crate::Secret), whose `Debug` output is redacted.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A SID did not have the expected two-letter prefix followed by 32 hex digits.
    ///
    /// The rejected text is not kept: a secret passed by mistake where a SID
    /// belongs must not end up in a log.
    #[error(transparent)]
    InvalidSid(#[from] twilio_types::Error),
    /// An environment variable that [`AccessToken::from_env`](crate::AccessToken::from_env)
    /// needs is unset or empty (the error names the variable).
    #[error("the environment variable {0} is not set")]
    MissingVariable(&'static str),
    /// The signing secret (API key secret or Auth Token) is empty.
    #[error("the signing secret is empty")]
    EmptySecret,
    /// The Access Token has no identity, or an empty one.
    #[error("the identity is missing or empty")]
    EmptyIdentity,
    /// The identity is longer than Twilio accepts.
    #[error("the identity has {chars} characters; at most {max} are allowed")]
    IdentityTooLong {
        /// Length of the rejected identity, in characters.
        chars: usize,
        /// The limit, [`MAX_IDENTITY_CHARS`](crate::MAX_IDENTITY_CHARS).
        max: usize,
    },
    /// A capability token asked for incoming calls with an empty client name.
    #[error("the client name for incoming calls is empty")]
    EmptyClientName,
    /// The time to live is zero or longer than Twilio's 24 hour maximum.
    #[error("the time to live {ttl:?} is out of range (1 s to 24 h)")]
    TtlOutOfRange {
        /// The rejected time to live.
        ttl: Duration,
    },
    /// A time (now, not-before) lies before 1970 or too far in the future.
    #[error("a timestamp is out of range (before 1970 or after year 2^64 s)")]
    TimeOutOfRange,
    /// The HMAC implementation refused the key (HMAC takes any length, so this
    /// should not happen).
    #[error("the signing key was rejected")]
    InvalidKey,
    /// Serialising the header or claims failed (a custom claim's `Serialize` failed).
    #[error("cannot serialise the token as JSON: {source}")]
    Json {
        /// serde_json's error, opaque so that its type is not part of this API.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync + 'static>,
    },
    /// The token is not a well-formed JWT (segments, base64url, JSON, claim types).
    #[error("malformed token ({part}): {reason}")]
    Malformed {
        /// Which part was wrong: "token", "header", "claims" or "signature".
        part: &'static str,
        /// What was wrong with it.
        reason: String,
    },
    /// The header names an algorithm this crate does not accept (only HMAC-SHA2).
    #[error("unsupported or disallowed algorithm {0:?}")]
    UnsupportedAlgorithm(String),
    /// The signature does not match the token and the secret.
    #[error("the signature does not match")]
    BadSignature,
    /// The token has no `exp` claim (every Twilio token has one).
    #[error("the token has no `{0}` claim")]
    MissingClaim(&'static str),
    /// The token expired (`exp` plus leeway is not after now).
    #[error("the token expired at {exp} (now {now})")]
    Expired {
        /// The token's `exp`, seconds since the epoch.
        exp: u64,
        /// The verifier's clock, seconds since the epoch.
        now: u64,
    },
    /// The token's `nbf` lies in the future, beyond the leeway.
    #[error("the token is not valid before {nbf} (now {now})")]
    NotYetValid {
        /// The token's `nbf`, seconds since the epoch.
        nbf: u64,
        /// The verifier's clock, seconds since the epoch.
        now: u64,
    },
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        Self::Json {
            source: Box::new(e),
        }
    }
}

impl Error {
    pub(crate) fn malformed(part: &'static str, reason: impl Into<String>) -> Self {
        Self::Malformed {
            part,
            reason: reason.into(),
        }
    }
}
