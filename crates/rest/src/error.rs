//! The crate's one error type.

use std::time::Duration;

use serde::Deserialize;

/// Everything a call through [`Client`](crate::Client) can fail with.
///
/// No variant carries credentials: the Basic-auth header is never part of an error.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Twilio answered with a non-success status (after any retries).
    #[error("Twilio API error: HTTP {status}{}: {message}", code.map(|c| format!(", code {c}")).unwrap_or_default())]
    Api {
        /// HTTP status code.
        status: u16,
        /// Twilio error code (see `more_info`), when the body carried one.
        code: Option<u32>,
        /// Twilio's message, or the raw body when it was not a Twilio error document.
        message: String,
        /// Link to the error's documentation page.
        more_info: Option<String>,
        /// Extra details Twilio attaches to some errors.
        details: Option<serde_json::Value>,
    },
    /// The request could not be sent or the response not read.
    #[error("transport error: {0}")]
    Transport(#[source] reqwest::Error),
    /// No complete response within the client's timeout.
    #[error("request timed out after {0:?}")]
    Timeout(Duration),
    /// The response was not the JSON we expected; `body` is what Twilio sent.
    #[error("could not decode Twilio's response: {source}")]
    Decode {
        /// Why decoding failed.
        #[source]
        source: serde_json::Error,
        /// The raw response body (lossily converted to UTF-8).
        body: String,
    },
    /// An argument was rejected before any request was made.
    #[error("invalid input: {0}")]
    InvalidInput(String),
}

/// A SID or phone number that does not parse is invalid input (the message names
/// what was expected, never the value).
impl From<twilio_types::Error> for Error {
    fn from(e: twilio_types::Error) -> Self {
        Error::InvalidInput(e.to_string())
    }
}

impl Error {
    /// The HTTP status of an [`Error::Api`].
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The Twilio error code of an [`Error::Api`], e.g. `20404` for "not found".
    pub fn code(&self) -> Option<u32> {
        match self {
            Error::Api { code, .. } => *code,
            _ => None,
        }
    }

    /// Builds an [`Error::Api`] from a failed response, reading Twilio's JSON error
    /// document when there is one.
    pub(crate) fn from_response(status: u16, body: &[u8]) -> Self {
        #[derive(Deserialize)]
        struct Doc {
            code: Option<u32>,
            message: Option<String>,
            more_info: Option<String>,
            details: Option<serde_json::Value>,
        }
        match serde_json::from_slice::<Doc>(body) {
            Ok(doc) => Error::Api {
                status,
                code: doc.code,
                message: doc.message.unwrap_or_default(),
                more_info: doc.more_info,
                details: doc.details,
            },
            Err(_) => Error::Api {
                status,
                code: None,
                message: String::from_utf8_lossy(body).into_owned(),
                more_info: None,
                details: None,
            },
        }
    }

    /// Decodes a success body, keeping the raw body on failure.
    pub(crate) fn decode<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, Self> {
        serde_json::from_slice(body).map_err(|source| Error::Decode {
            source,
            body: String::from_utf8_lossy(body).into_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twilio_error_document_is_decoded() {
        let body = br#"{"code": 20404, "message": "not found", "more_info": "https://www.twilio.com/docs/errors/20404", "status": 404}"#;
        let err = Error::from_response(404, body);
        assert_eq!(err.status(), Some(404));
        assert_eq!(err.code(), Some(20404));
        assert_eq!(
            err.to_string(),
            "Twilio API error: HTTP 404, code 20404: not found"
        );
    }

    #[test]
    fn non_json_error_body_is_kept_as_message() {
        let err = Error::from_response(502, b"<html>bad gateway</html>");
        assert!(
            matches!(err, Error::Api { code: None, ref message, .. } if message.contains("bad gateway"))
        );
    }
}
