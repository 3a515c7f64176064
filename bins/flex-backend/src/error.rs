//! The crate's one error type, and how each variant answers an HTTP client.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde_json::json;

/// Everything the app can fail with: configuration at startup, and each rejected
/// request.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A setting is missing or malformed; the app refuses to start.
    #[error("configuration: {var}: {reason}")]
    Config {
        /// The environment variable at fault.
        var: &'static str,
        /// What is wrong with it (never its value when it is a secret).
        reason: String,
    },
    /// Several settings are missing or malformed, all reported at once.
    #[error("configuration: {0}")]
    Settings(#[from] twilio_app_env::spec::Errors),
    /// The request is not what the route takes.
    #[error("{0}")]
    BadRequest(String),
    /// A query refused by the shared strict extractor (a repeated key, invalid
    /// UTF-8, a wrong type).
    #[error(transparent)]
    Input(#[from] twilio_app_env::input::InputError),
    /// A websocket request without a Flex token.
    #[error("missing Flex token")]
    MissingToken,
    /// Twilio says the Flex token is not valid (or not a Flex user's).
    #[error("invalid Flex token")]
    InvalidToken,
    /// A token check cannot start now (the budget of new-token checks stayed spent,
    /// the network's queue is full, the address has too many checks in flight):
    /// why, and the seconds after which to retry.
    #[error("{why}; retry in {retry_after} s")]
    Throttled {
        /// Seconds to wait (`Retry-After`).
        retry_after: u64,
        /// Why, for the client.
        why: &'static str,
    },
    /// Too many token checks in flight overall.
    #[error("too many token checks in flight; retry shortly")]
    Busy,
    /// The token could not be checked (Twilio's IAM endpoint failed or is unreachable).
    #[error("token validation unavailable: {0}")]
    ValidationUnavailable(#[source] twilio_rest::Error),
    /// The shared counters' store (Redis) did not answer: refused, 503, retry.
    #[error("shared state unavailable; retry shortly")]
    StoreUnavailable(String),
    /// No such route.
    #[error("not found")]
    NotFound,
    /// Twilio refused or could not be reached.
    #[error("Twilio: {0}")]
    Twilio(#[from] twilio_rest::Error),
    /// TwiML could not be rendered (e.g. a control character in a parameter).
    #[error("TwiML: {0}")]
    Twiml(#[from] twilio_twiml::Error),
}

impl Error {
    /// Twilio's own message when it gave one (it explains a bad `To`); internal
    /// failures are not described beyond their kind.
    pub fn public_message(&self) -> String {
        match self {
            // A Twilio error document: its message explains (e.g. a bad `To`).
            Error::Twilio(twilio_rest::Error::Api {
                message,
                code: Some(_),
                ..
            }) if !message.is_empty() => clip(message),
            // Anything else (a proxy's HTML page) is the raw body: name the status only.
            Error::Twilio(twilio_rest::Error::Api { status, .. }) => {
                format!("Twilio answered HTTP {status}")
            }
            Error::Twilio(twilio_rest::Error::InvalidInput(reason)) => reason.clone(),
            Error::Twilio(_) => "Twilio could not be reached".to_owned(),
            Error::Config { .. } | Error::Settings(_) | Error::ValidationUnavailable(_) => {
                "internal error".to_owned()
            }
            other => other.to_string(),
        }
    }
}

/// Longest message passed on from Twilio.
const MAX_PUBLIC_MESSAGE: usize = 300;

fn clip(message: &str) -> String {
    match message.char_indices().nth(MAX_PUBLIC_MESSAGE) {
        Some((end, _)) => format!("{}…", &message[..end]),
        None => message.to_owned(),
    }
}

/// The shared store failed: fail closed.
impl From<twilio_app_auth::limit::StoreError> for Error {
    fn from(e: twilio_app_auth::limit::StoreError) -> Self {
        Error::StoreUnavailable(e.to_string())
    }
}

/// A setting read through `twilio-app-env`: the same variable and reason.
impl From<twilio_app_env::Error> for Error {
    fn from(e: twilio_app_env::Error) -> Self {
        Error::Config {
            var: e.var,
            reason: e.reason,
        }
    }
}

impl ResponseError for Error {
    fn status_code(&self) -> StatusCode {
        match self {
            Error::BadRequest(_) | Error::Twiml(_) => StatusCode::BAD_REQUEST,
            Error::Input(e) => e.status(),
            Error::MissingToken => StatusCode::UNAUTHORIZED,
            Error::InvalidToken => StatusCode::FORBIDDEN,
            Error::NotFound => StatusCode::NOT_FOUND,
            Error::ValidationUnavailable(_) | Error::Busy | Error::StoreUnavailable(_) => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            Error::Throttled { .. } => StatusCode::TOO_MANY_REQUESTS,
            Error::Twilio(_) => StatusCode::BAD_GATEWAY,
            Error::Config { .. } | Error::Settings(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let status = self.status_code();
        if status.is_server_error() {
            tracing::error!(error = %self, "request failed");
        }
        match self {
            Error::Throttled { retry_after, .. } => HttpResponse::build(status)
                .insert_header(("retry-after", retry_after.to_string()))
                .json(json!({ "error": self.public_message() })),
            Error::Busy | Error::StoreUnavailable(_) => HttpResponse::build(status)
                .insert_header(("retry-after", "1"))
                .json(json!({ "error": self.public_message() })),
            // Authentication failures say nothing more than their status.
            Error::MissingToken | Error::InvalidToken | Error::ValidationUnavailable(_) => {
                HttpResponse::build(status).finish()
            }
            _ => HttpResponse::build(status).json(json!({ "error": self.public_message() })),
        }
    }
}
