//! The crate's one error type, and how each variant answers an HTTP client.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};

/// Everything the app can fail with: configuration at startup, and each refused or
/// failed request.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A setting is missing or malformed; the app refuses to start.
    #[error("configuration: {var}: {reason}")]
    Config {
        /// The environment variable at fault.
        var: &'static str,
        /// What is wrong with it (never its value).
        reason: String,
    },
    /// Several settings are missing or malformed, all reported at once.
    #[error("configuration: {0}")]
    Settings(#[from] twilio_app_env::spec::Errors),
    /// A field is missing or malformed; the message names it.
    #[error("{0}")]
    BadRequest(String),
    /// A form or query the shared strict extractors refused (repeated key, invalid
    /// UTF-8, too large, wrong type).
    #[error(transparent)]
    Input(#[from] twilio_app_env::input::InputError),
    /// The request is well formed but not allowed (e.g. a sender not on the list).
    #[error("{0}")]
    Forbidden(String),
    /// A POST whose `Origin`/`Referer` is not this app (cross-site request forgery).
    /// The message says where the app lives, since the usual honest cause is a page
    /// opened under another name for the same host (`localhost` vs `127.0.0.1`).
    #[error(
        "cross-site request refused: this app's address is {expected} (PUBLIC_BASE_URL), \
         but {seen}; open the app at {expected} (to a browser, localhost and 127.0.0.1 \
         are different sites)"
    )]
    CrossSite {
        /// The app's public origin.
        expected: String,
        /// What the browser sent, described (never more than a short origin).
        seen: String,
    },
    /// A feature that needs optional configuration (click-to-call, SMS senders).
    #[error("{0}")]
    NotConfigured(&'static str),
    /// The destination policy refused a message (403 naming the rule, 429 with
    /// `Retry-After` for a rate).
    #[error("{0}")]
    Guard(#[from] twilio_app_guard::GuardError),
    /// Twilio refused or could not be reached.
    #[error("Twilio: {0}")]
    Twilio(#[from] twilio_rest::Error),
    /// The Access Token could not be built.
    #[error("token: {0}")]
    Token(#[from] twilio_token::Error),
    /// TwiML could not be rendered.
    #[error("TwiML: {0}")]
    Twiml(#[from] twilio_twiml::Error),
    /// A page template failed to render.
    #[error("template: {0}")]
    Template(#[from] askama::Error),
}

impl Error {
    /// What the client is told: Twilio's own message for its 4xx answers (it explains
    /// what was wrong), only the kind for internal failures.
    pub(crate) fn public_message(&self) -> String {
        match self {
            Error::Twilio(twilio_rest::Error::Api {
                status, message, ..
            }) if is_passed_on(*status) && !message.is_empty() => message.clone(),
            Error::Twilio(twilio_rest::Error::Api {
                status: 401 | 403, ..
            }) => "Twilio refused the app's credentials".to_owned(),
            // Every argument is checked before a call, so these come from Twilio's
            // answer (a body or a next-page link we cannot read).
            Error::Twilio(
                twilio_rest::Error::Decode { .. } | twilio_rest::Error::InvalidInput(_),
            ) => "Twilio's answer could not be used".to_owned(),
            Error::Twilio(_) => "Twilio could not be reached".to_owned(),
            Error::Config { .. }
            | Error::Settings(_)
            | Error::Token(_)
            | Error::Twiml(_)
            | Error::Template(_) => "internal error".to_owned(),
            other => other.to_string(),
        }
    }
}

/// Twilio statuses that are about the user's request and are passed on as they are;
/// 401/403 concern our credentials and 5xx Twilio itself (both become 502).
fn is_passed_on(status: u16) -> bool {
    (400..500).contains(&status) && status != 401 && status != 403
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
            Error::BadRequest(_) => StatusCode::BAD_REQUEST,
            Error::Input(e) => e.status(),
            Error::Forbidden(_) | Error::CrossSite { .. } => StatusCode::FORBIDDEN,
            Error::NotConfigured(_) => StatusCode::NOT_IMPLEMENTED,
            Error::Guard(e) => {
                StatusCode::from_u16(e.http_status()).unwrap_or(StatusCode::FORBIDDEN)
            }
            Error::Twilio(twilio_rest::Error::Api { status, .. }) if is_passed_on(*status) => {
                StatusCode::from_u16(*status).unwrap_or(StatusCode::BAD_GATEWAY)
            }
            Error::Twilio(_) => StatusCode::BAD_GATEWAY,
            Error::Config { .. }
            | Error::Settings(_)
            | Error::Token(_)
            | Error::Twiml(_)
            | Error::Template(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Plain text, as the seed's AJAX routes answered (the page shows it as is).
    fn error_response(&self) -> HttpResponse {
        let status = self.status_code();
        if status.is_server_error() {
            tracing::error!(error = %self, "request failed");
        } else {
            tracing::info!(error = %self, %status, "request refused");
        }
        let mut res = HttpResponse::build(status);
        if let Error::Guard(e) = self
            && let Some(secs) = e.retry_after_secs()
        {
            res.insert_header(("Retry-After", secs.to_string()));
        }
        res.content_type("text/plain; charset=utf-8")
            .insert_header(("Cache-Control", "no-store"))
            .body(self.public_message())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(status: u16, message: &str) -> Error {
        Error::Twilio(twilio_rest::Error::Api {
            status,
            code: Some(20404),
            message: message.to_owned(),
            more_info: None,
            details: None,
        })
    }

    #[test]
    fn twilio_client_errors_keep_status_and_message() {
        let e = api(404, "The requested resource was not found");
        assert_eq!(e.status_code(), StatusCode::NOT_FOUND);
        assert_eq!(e.public_message(), "The requested resource was not found");
    }

    #[test]
    fn credential_and_server_errors_are_bad_gateway_without_detail() {
        for status in [401, 403, 500, 503] {
            let e = api(status, "secret detail");
            assert_eq!(e.status_code(), StatusCode::BAD_GATEWAY);
            assert!(!e.public_message().contains("secret"));
        }
    }

    #[test]
    fn unusable_twilio_answers_are_not_blamed_on_the_request_or_the_network() {
        // E.g. a next-page link Twilio sent that is not a URL: neither the admin's
        // input (400) nor an unreachable Twilio.
        let e = Error::Twilio(twilio_rest::Error::InvalidInput(
            "next page link `::`: relative URL without a base".into(),
        ));
        assert_eq!(e.status_code(), StatusCode::BAD_GATEWAY);
        assert_eq!(e.public_message(), "Twilio's answer could not be used");
    }

    #[test]
    fn internal_errors_say_little() {
        let e = Error::Config {
            var: "TWILIO_AUTH_TOKEN",
            reason: "detail".into(),
        };
        assert_eq!(e.status_code(), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(e.public_message(), "internal error");
    }
}
