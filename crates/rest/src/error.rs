//! The crate's one error type.

use std::fmt;
use std::time::Duration;

use serde::Deserialize;

/// How many bytes of a response body an error keeps; a longer body is cut there (on a
/// character boundary) and marked `… (cut, N bytes in all)`.
pub const BODY_EXCERPT_LIMIT: usize = 4 * 1024;

/// Everything a call through [`Client`](crate::Client) can fail with.
///
/// No variant carries credentials: the Basic-auth header is never part of an error. A
/// response body kept in an error (the `message` of a non-JSON [`Error::Api`], the
/// `body` of [`Error::Decode`]) is cut to [`BODY_EXCERPT_LIMIT`] bytes and marked as
/// cut, so a 10 MB gateway page never ends up whole in a log line.
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
        /// Twilio's message, or the raw body when it was not a Twilio error document;
        /// either cut to [`BODY_EXCERPT_LIMIT`] bytes with a `… (cut, N bytes in all)`
        /// mark.
        message: String,
        /// Link to the error's documentation page.
        more_info: Option<String>,
        /// Extra details Twilio attaches to some errors (dropped when the error
        /// document is larger than [`BODY_EXCERPT_LIMIT`]).
        details: Option<serde_json::Value>,
    },
    /// The request could not be sent or the response not read. The underlying HTTP
    /// library's error is the [`source`](std::error::Error::source).
    #[error("transport error ({kind}): {message}")]
    Transport {
        /// What failed.
        kind: TransportKind,
        /// The HTTP library's description (URL included, credentials never).
        message: String,
        /// The HTTP library's error, opaque so that its type is not part of this API.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync + 'static>,
    },
    /// No complete response within the time the attempt had: the client's timeout,
    /// or less when the retry policy's total deadline was nearer.
    #[error("request timed out after {0:?}")]
    Timeout(Duration),
    /// The response was not the JSON we expected; `body` is what Twilio sent.
    #[error("could not decode Twilio's response: {source}")]
    Decode {
        /// Why decoding failed (serde_json's error, opaque so that its type is not
        /// part of this API).
        #[source]
        source: Box<dyn std::error::Error + Send + Sync + 'static>,
        /// The raw response body (lossily converted to UTF-8), cut to
        /// [`BODY_EXCERPT_LIMIT`] bytes with a `… (cut, N bytes in all)` mark.
        body: String,
    },
    /// A list's next-page link named a page this stream had already fetched: the
    /// pages link in a cycle, and following them would never end.
    #[error("list pages link in a cycle: `{link}` was already fetched (after {pages} pages)")]
    RepeatedPage {
        /// The repeated link (path and query).
        link: String,
        /// Pages fetched before the repeat was seen.
        pages: usize,
    },
    /// A list stream fetched its page cap and the last page still linked to another
    /// (see [`Lister::max_pages`](crate::page::Lister::max_pages)).
    #[error("list still had more pages after the cap of {max_pages} pages")]
    TooManyPages {
        /// The cap that was reached.
        max_pages: usize,
    },
    /// An argument was rejected before any request was made.
    #[error("invalid input: {0}")]
    InvalidInput(String),
}

/// What part of an HTTP exchange failed, in an [`Error::Transport`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TransportKind {
    /// The connection could not be opened (refused, DNS, TLS handshake): nothing was
    /// sent.
    Connect,
    /// The request failed after the connection was opened (reset, protocol error): it
    /// may have reached Twilio.
    Request,
    /// The response body could not be read to its end.
    Body,
    /// Too many redirects, or a redirect loop.
    Redirect,
    /// The HTTP client could not be built (e.g. the TLS backend).
    Builder,
}

impl fmt::Display for TransportKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TransportKind::Connect => "connect",
            TransportKind::Request => "request",
            TransportKind::Body => "body",
            TransportKind::Redirect => "redirect",
            TransportKind::Builder => "client setup",
        })
    }
}

/// A SID or phone number that does not parse is invalid input (the message names
/// what was expected, never the value).
impl From<twilio_types::Error> for Error {
    fn from(e: twilio_types::Error) -> Self {
        Error::InvalidInput(e.to_string())
    }
}

/// Lets the `&str`-taking shortcuts also take the already-typed value (whose
/// conversion cannot fail).
impl From<std::convert::Infallible> for Error {
    fn from(never: std::convert::Infallible) -> Self {
        match never {}
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

    /// The [`TransportKind`] of an [`Error::Transport`].
    pub fn transport_kind(&self) -> Option<TransportKind> {
        match self {
            Error::Transport { kind, .. } => Some(*kind),
            _ => None,
        }
    }

    /// Wraps an error of the HTTP library, classified by what failed.
    pub(crate) fn transport(err: reqwest::Error) -> Self {
        let kind = if err.is_connect() {
            TransportKind::Connect
        } else if err.is_builder() {
            TransportKind::Builder
        } else if err.is_redirect() {
            TransportKind::Redirect
        } else if err.is_body() || err.is_decode() {
            TransportKind::Body
        } else {
            TransportKind::Request
        };
        Error::Transport {
            kind,
            message: err.to_string(),
            source: Box::new(err),
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
                message: doc
                    .message
                    .map(|m| excerpt(m.as_bytes()))
                    .unwrap_or_default(),
                more_info: doc.more_info.map(|m| excerpt(m.as_bytes())),
                details: doc.details.filter(|_| body.len() <= BODY_EXCERPT_LIMIT),
            },
            Err(_) => Error::Api {
                status,
                code: None,
                message: excerpt(body),
                more_info: None,
                details: None,
            },
        }
    }

    /// Decodes a success body, keeping (an excerpt of) the raw body on failure.
    pub(crate) fn decode<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, Self> {
        serde_json::from_slice(body).map_err(|source| Error::decode_failed(source, body))
    }

    /// An [`Error::Decode`] for `body`.
    pub(crate) fn decode_failed(source: serde_json::Error, body: &[u8]) -> Self {
        Error::Decode {
            source: Box::new(source),
            body: excerpt(body),
        }
    }
}

/// `body` as text for an error: lossily converted to UTF-8 and, when longer than
/// [`BODY_EXCERPT_LIMIT`] bytes, cut there (on a character boundary) and marked
/// `… (cut, N bytes in all)`.
pub(crate) fn excerpt(body: &[u8]) -> String {
    if body.len() <= BODY_EXCERPT_LIMIT {
        return String::from_utf8_lossy(body).into_owned();
    }
    let head = String::from_utf8_lossy(&body[..BODY_EXCERPT_LIMIT]);
    // A character split by the cut decodes as U+FFFD at the end: drop it.
    let head = head.strip_suffix('\u{FFFD}').unwrap_or(&head);
    format!("{head}… (cut, {} bytes in all)", body.len())
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
            matches!(err, Error::Api { code: None, ref message, .. } if message == "<html>bad gateway</html>")
        );
    }

    #[test]
    fn long_bodies_are_cut_on_a_char_boundary_and_marked() {
        // 'é' is two bytes: the limit falls inside one.
        let body = format!("a{}", "é".repeat(BODY_EXCERPT_LIMIT));
        let cut = excerpt(body.as_bytes());
        let mark = format!("… (cut, {} bytes in all)", body.len());
        let head = cut.strip_suffix(&mark).unwrap_or_else(|| panic!("{cut}"));
        assert_eq!(head, format!("a{}", "é".repeat(BODY_EXCERPT_LIMIT / 2 - 1)));
        assert!(head.len() <= BODY_EXCERPT_LIMIT);
        let exact = "x".repeat(BODY_EXCERPT_LIMIT);
        assert_eq!(excerpt(exact.as_bytes()), exact, "at the limit: whole");
    }

    #[test]
    fn a_huge_error_document_keeps_code_but_not_its_bulk() {
        let big = "m".repeat(100_000);
        let body = serde_json::json!({"code": 20001, "message": big, "details": {"x": big}});
        let err = Error::from_response(400, body.to_string().as_bytes());
        let Error::Api {
            code,
            message,
            details,
            ..
        } = &err
        else {
            panic!("{err:?}")
        };
        assert_eq!(*code, Some(20001));
        assert!(
            message.ends_with("… (cut, 100000 bytes in all)"),
            "{message}"
        );
        assert_eq!(*details, None);
        assert!(format!("{err:?}").len() < 2 * BODY_EXCERPT_LIMIT);
    }
}
