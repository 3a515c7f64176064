//! The app's error type: every refusal is a clear 4xx JSON body, every failure a 5xx
//! without internals.

use actix_web::{HttpResponse, ResponseError, http::StatusCode};

/// A configuration problem found at startup.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// A required setting is missing.
    #[error("missing required setting {0}")]
    Missing(&'static str),
    /// A setting has an invalid value (the value itself is not echoed: it may be a secret).
    #[error("invalid setting {0}: {1}")]
    Invalid(&'static str, &'static str),
    /// A destination-policy variable is wrong (the error names it).
    #[error("invalid setting {0}")]
    Destinations(#[from] twilio_app_guard::GuardError),
    /// Settings refused by the app's table, all at once.
    #[error("{0}")]
    Settings(#[from] twilio_app_env::spec::Errors),
    /// A setting refused while being read (it names the variable).
    #[error("{0}")]
    Env(#[from] twilio_app_env::Error),
}

/// Why a request failed.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The request is malformed (missing or invalid field).
    #[error("{0}")]
    BadRequest(String),
    /// A JSON body (or form, or query) refused by the shared strict extractors: not
    /// JSON, not the route's type, too large, or not `application/json`.
    #[error(transparent)]
    Input(#[from] twilio_app_env::input::InputError),
    /// A webhook without an `X-Twilio-Signature` header.
    #[error("missing X-Twilio-Signature")]
    MissingSignature,
    /// A webhook whose signature does not match.
    #[error("invalid X-Twilio-Signature")]
    Forbidden,
    /// Login problems (401/429), from the auth crate.
    #[error(transparent)]
    Auth(#[from] twilio_app_auth::AuthRejection),
    /// The presence store failed; Twilio should retry.
    #[error("presence store unavailable")]
    Store(#[source] twilio_presence::Error),
    /// Anything else on our side.
    #[error("internal error")]
    Internal(String),
}

impl AppError {
    fn code(&self) -> &'static str {
        match self {
            Self::BadRequest(_) => "bad_request",
            Self::Input(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => "too_large",
            Self::Input(e) if e.status() == StatusCode::UNSUPPORTED_MEDIA_TYPE => {
                "unsupported_media_type"
            }
            Self::Input(_) => "bad_request",
            Self::MissingSignature => "missing_signature",
            Self::Forbidden => "invalid_signature",
            Self::Auth(_) => "unauthorized",
            Self::Store(_) => "store_unavailable",
            Self::Internal(_) => "internal",
        }
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            // Twilio's documented behaviour for a missing signature is a client error;
            // we answer 400 so it is told apart from a forged one (403).
            Self::BadRequest(_) | Self::MissingSignature => StatusCode::BAD_REQUEST,
            Self::Input(e) => e.status(),
            Self::Forbidden => StatusCode::FORBIDDEN,
            Self::Auth(a) => a.status_code(),
            Self::Store(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let Self::Auth(a) = self {
            return a.error_response();
        }
        if let Self::Store(e) = self {
            tracing::error!(error = %e, "presence store failed");
        }
        if let Self::Internal(e) = self {
            tracing::error!(error = %e, "internal error");
        }
        HttpResponse::build(self.status_code())
            .json(serde_json::json!({ "error": self.code(), "message": self.to_string() }))
    }
}

impl From<twilio_types::Error> for AppError {
    fn from(e: twilio_types::Error) -> Self {
        Self::BadRequest(e.to_string())
    }
}

impl From<twilio_presence::Error> for AppError {
    fn from(e: twilio_presence::Error) -> Self {
        match e {
            twilio_presence::Error::Invalid { .. } | twilio_presence::Error::InvalidSid(_) => {
                Self::BadRequest(e.to_string())
            }
            other => Self::Store(other),
        }
    }
}
