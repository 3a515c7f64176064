//! The crate's one error type.

/// Why an identifier was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum InvalidReason {
    /// The value was empty.
    #[error("it is empty")]
    Empty,
    /// The value was longer than allowed.
    #[error("it is {len} bytes long, at most {max} are allowed")]
    TooLong {
        /// Length of the rejected value in bytes.
        len: usize,
        /// The maximum length.
        max: usize,
    },
    /// The value contained a character outside the allowed set.
    #[error("character {ch:?} at byte {index} is not allowed")]
    BadChar {
        /// The offending character.
        ch: char,
        /// Its byte offset.
        index: usize,
    },
    /// The value did not have the required shape (e.g. a Call SID prefix).
    #[error("{0}")]
    Format(&'static str),
}

/// A dependency's error, kept as the source without making its type part of this API
/// (a new major version of rusqlite, redis or serde_json is then not a breaking change).
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Everything that can go wrong in this crate.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An identity, endpoint id or Call SID failed validation.
    #[error("invalid {what}: {reason}")]
    Invalid {
        /// Which kind of identifier ("identity", "endpoint id", "call sid").
        what: &'static str,
        /// Why it was rejected.
        reason: InvalidReason,
    },
    /// A Call SID failed validation (`CA` and 32 hex digits).
    #[error(transparent)]
    InvalidSid(#[from] twilio_types::Error),
    /// The SQLite store failed.
    #[cfg(feature = "sqlite")]
    #[error("sqlite store: {source}")]
    Sqlite {
        /// rusqlite's error, opaque so that its type is not part of this API.
        #[source]
        source: BoxError,
    },
    /// The Redis store failed.
    #[cfg(feature = "redis")]
    #[error("redis store: {source}")]
    Redis {
        /// redis' error, opaque so that its type is not part of this API.
        #[source]
        source: BoxError,
    },
    /// Stored state could not be encoded or decoded.
    #[cfg(any(feature = "sqlite", feature = "redis"))]
    #[error("stored presence state is not valid: {source}")]
    Codec {
        /// serde_json's error, opaque so that its type is not part of this API.
        #[source]
        source: BoxError,
    },
    /// Optimistic updates kept conflicting with other writers.
    #[error("gave up after {attempts} conflicting updates of {identity}")]
    Conflict {
        /// The identity whose record kept changing.
        identity: String,
        /// How many attempts were made.
        attempts: u32,
    },
    /// A blocking store task failed (panicked or was cancelled).
    #[error("store task failed: {0}")]
    Task(String),
    /// The presence service task has stopped.
    #[error("the presence service has stopped")]
    Closed,
}

#[cfg(feature = "sqlite")]
impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        Self::Sqlite {
            source: Box::new(e),
        }
    }
}

#[cfg(feature = "redis")]
impl From<redis::RedisError> for Error {
    fn from(e: redis::RedisError) -> Self {
        Self::Redis {
            source: Box::new(e),
        }
    }
}

#[cfg(any(feature = "sqlite", feature = "redis"))]
impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        Self::Codec {
            source: Box::new(e),
        }
    }
}
