//! The crate's one error type, and how each variant answers an HTTP client.

use std::time::Duration;

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use serde_json::json;

/// Everything the app can fail with: configuration at startup, and each rejected
/// request (which becomes a JSON error answer).
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
    /// The request body is not what the route takes.
    #[error("{0}")]
    BadRequest(String),
    /// A JSON body refused by the shared strict config: not JSON, not the route's
    /// type, too large, or not `application/json`.
    #[error(transparent)]
    Input(#[from] twilio_app_env::input::InputError),
    /// A number is missing or not in E.164 form (`+` and 1 to 15 digits).
    #[error("`{field}` must be a phone number in E.164 form, like +15551234567")]
    InvalidNumber {
        /// The JSON field or webhook parameter that held it.
        field: &'static str,
    },
    /// The number is valid, but its prefix is not on the destination allow-list.
    #[error("calls and messages to {number} are not allowed from this app")]
    DestinationNotAllowed {
        /// The rejected destination.
        number: String,
    },
    /// The message text is missing or only spaces.
    #[error("message is empty")]
    MessageEmpty,
    /// The message text is longer than the configured limit.
    #[error("message is too long: {len} characters, at most {max}")]
    MessageLength {
        /// Characters received.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// The user sent too many messages or calls in the current window.
    #[error("too many {what}; try again in {}", human_wait(*retry_after))]
    RateLimited {
        /// `messages` or `calls`.
        what: &'static str,
        /// When the next one will be allowed.
        retry_after: Duration,
    },
    /// The shared destination policy refused the number (403 naming the rule).
    #[error("{0}")]
    Guard(twilio_app_guard::GuardError),
    /// Twilio refused or could not be reached.
    #[error("Twilio: {0}")]
    Twilio(#[from] twilio_rest::Error),
    /// The Access Token could not be built (e.g. an identity Twilio would reject).
    #[error("token: {0}")]
    Token(#[from] twilio_token::Error),
    /// TwiML could not be rendered (e.g. a control character in the message).
    #[error("TwiML: {0}")]
    Twiml(#[from] twilio_twiml::Error),
}

impl Error {
    /// A short machine-readable name for the JSON answer.
    fn kind(&self) -> &'static str {
        match self {
            Error::Config { .. } | Error::Settings(_) => "config",
            Error::BadRequest(_) | Error::Input(_) => "bad_request",
            Error::InvalidNumber { .. } => "invalid_number",
            Error::DestinationNotAllowed { .. } => "destination_not_allowed",
            Error::MessageEmpty => "message_empty",
            Error::MessageLength { .. } => "message_length",
            Error::RateLimited { .. } => "rate_limited",
            Error::Guard(e) => e.kind(),
            Error::Twilio(_) => "twilio",
            Error::Token(_) => "token",
            Error::Twiml(_) => "twiml",
        }
    }

    /// What the client is told. Twilio's own message is passed on (it explains a bad
    /// `To`); internal failures are not described beyond their kind.
    fn public_message(&self) -> String {
        match self {
            Error::Twilio(twilio_rest::Error::Api { message, .. }) if !message.is_empty() => {
                message.clone()
            }
            Error::Twilio(_) => "Twilio could not be reached".to_owned(),
            Error::Config { .. } | Error::Settings(_) | Error::Token(_) => {
                "internal error".to_owned()
            }
            other => other.to_string(),
        }
    }
}

/// A wait as a person says it: "40 seconds", "2 minutes", "about 1 hour" (rounded
/// up, so the user is never told to come back too early).
fn human_wait(wait: Duration) -> String {
    let secs = wait.as_secs().max(1);
    let plural = |n: u64, unit: &str| format!("{n} {unit}{}", if n == 1 { "" } else { "s" });
    match secs {
        0..90 => plural(secs, "second"),
        90..5400 => plural(secs.div_ceil(60), "minute"),
        _ => format!("about {}", plural(secs.div_ceil(3600), "hour")),
    }
}

/// The policy's refusals: rates become [`Error::RateLimited`] (429, `Retry-After`),
/// the rest [`Error::Guard`].
impl From<twilio_app_guard::GuardError> for Error {
    fn from(e: twilio_app_guard::GuardError) -> Self {
        match e {
            twilio_app_guard::GuardError::RateLimited {
                channel,
                retry_after_secs,
                ..
            } => Error::RateLimited {
                what: match channel {
                    twilio_app_guard::Channel::Message => "messages",
                    _ => "calls",
                },
                retry_after: Duration::from_secs(retry_after_secs),
            },
            other => Error::Guard(other),
        }
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
            Error::BadRequest(_)
            | Error::InvalidNumber { .. }
            | Error::MessageEmpty
            | Error::MessageLength { .. }
            | Error::Twiml(_) => StatusCode::BAD_REQUEST,
            Error::Input(e) => e.status(),
            Error::DestinationNotAllowed { .. } => StatusCode::FORBIDDEN,
            Error::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            Error::Guard(e) => {
                StatusCode::from_u16(e.http_status()).unwrap_or(StatusCode::FORBIDDEN)
            }
            // A 400 from Twilio is about the request (e.g. an unreachable `To`); any other
            // failure is Twilio's or our credentials', not the user's: a bad gateway.
            Error::Twilio(e) if e.status() == Some(400) => StatusCode::BAD_REQUEST,
            Error::Twilio(_) => StatusCode::BAD_GATEWAY,
            Error::Config { .. } | Error::Settings(_) | Error::Token(_) => {
                StatusCode::INTERNAL_SERVER_ERROR
            }
        }
    }

    fn error_response(&self) -> HttpResponse {
        let status = self.status_code();
        if status.is_server_error() {
            tracing::error!(error = %self, "request failed");
        }
        let mut body = json!({ "error": self.public_message(), "kind": self.kind() });
        if let Error::Twilio(e) = self
            && let Some(code) = e.code()
        {
            body["twilioCode"] = json!(code);
        }
        let mut response = HttpResponse::build(status);
        if let Error::RateLimited { retry_after, .. } = self {
            response.insert_header((
                header::RETRY_AFTER,
                HeaderValue::from(retry_after.as_secs().max(1)),
            ));
        }
        response.json(body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn twilio(status: u16, code: Option<u32>, message: &str) -> Error {
        Error::Twilio(twilio_rest::Error::Api {
            status,
            code,
            message: message.to_owned(),
            more_info: None,
            details: None,
        })
    }

    fn body(error: &Error) -> serde_json::Value {
        let response = error.error_response();
        let bytes = actix_web::body::to_bytes(response.into_body());
        let bytes = futures_executor_block_on(bytes).unwrap();
        serde_json::from_slice(&bytes).unwrap()
    }

    /// The body futures here are ready at once; poll them without a runtime.
    fn futures_executor_block_on<F: std::future::Future>(f: F) -> F::Output {
        let mut f = std::pin::pin!(f);
        let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
        match f.as_mut().poll(&mut cx) {
            std::task::Poll::Ready(out) => out,
            std::task::Poll::Pending => panic!("body not ready"),
        }
    }

    #[test]
    fn twilio_400_passes_its_message_and_code_on() {
        let error = twilio(
            400,
            Some(21211),
            "The 'To' number +15005550001 is not a valid phone number.",
        );
        assert_eq!(error.status_code(), StatusCode::BAD_REQUEST);
        let json = body(&error);
        assert_eq!(
            json["error"],
            "The 'To' number +15005550001 is not a valid phone number."
        );
        assert_eq!(json["twilioCode"], 21211);
        assert_eq!(json["kind"], "twilio");
    }

    #[test]
    fn other_twilio_failures_are_bad_gateway() {
        for status in [401, 403, 404, 429, 500, 503] {
            assert_eq!(
                twilio(status, None, "x").status_code(),
                StatusCode::BAD_GATEWAY
            );
        }
        let timeout = Error::Twilio(twilio_rest::Error::Timeout(Duration::from_secs(3)));
        assert_eq!(timeout.status_code(), StatusCode::BAD_GATEWAY);
        assert_eq!(body(&timeout)["error"], "Twilio could not be reached");
    }

    #[test]
    fn rate_limit_sets_retry_after_in_whole_seconds() {
        let error = Error::RateLimited {
            what: "calls",
            retry_after: Duration::from_millis(400),
        };
        let response = error.error_response();
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(response.headers().get(header::RETRY_AFTER).unwrap(), "1");
    }

    #[test]
    fn internal_errors_say_little() {
        let error = Error::Config {
            var: "TWILIO_AUTH_TOKEN",
            reason: "secret detail".into(),
        };
        assert_eq!(error.status_code(), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(body(&error)["error"], "internal error");
    }

    #[test]
    fn waits_are_said_once_and_humanly() {
        let said = |secs| {
            Error::RateLimited {
                what: "messages",
                retry_after: Duration::from_secs(secs),
            }
            .to_string()
        };
        assert_eq!(said(1), "too many messages; try again in 1 second");
        assert_eq!(said(45), "too many messages; try again in 45 seconds");
        assert_eq!(said(91), "too many messages; try again in 2 minutes");
        assert_eq!(said(3598), "too many messages; try again in 60 minutes");
        assert_eq!(said(7200), "too many messages; try again in about 2 hours");
        assert_eq!(Error::MessageEmpty.to_string(), "message is empty");
    }
}
