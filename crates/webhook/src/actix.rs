//! actix-web integration: the [`TwilioWebhook`] extractor.
//!
//! Register a [`WebhookConfig`] as app data, then take `TwilioWebhook<T>` in a
//! handler. The extractor rebuilds the public URL Twilio requested from the configured
//! base URL (apps sit behind TLS-terminating proxies and tunnels, so the socket's view
//! is wrong), reads the body up to a limit, validates the signature and hands the
//! handler a typed payload. Rejections carry no body: missing signature → 400,
//! invalid signature or body → 403, body too large → 413, a signed payload that does
//! not fit `T` → 400, no `WebhookConfig` registered → 500.
//!
//! ```
//! use actix_web::{App, HttpResponse, web};
//! use twilio_webhook::actix::{TwilioWebhook, WebhookConfig};
//! use twilio_webhook::payload::{CallStatus, CallStatusCallback};
//! use twilio_webhook::Validator;
//!
//! async fn status(hook: TwilioWebhook<CallStatusCallback>) -> HttpResponse {
//!     if hook.call_status == Some(CallStatus::Completed) {
//!         // mark the agent available again...
//!     }
//!     HttpResponse::Ok().content_type("text/xml").body("<Response/>")
//! }
//!
//! # fn main() -> Result<(), twilio_webhook::Error> {
//! let config = WebhookConfig::builder(Validator::new("auth-token")?)
//!     .public_base_url("https://phone.example.com")
//!     .build()?;
//! let app = App::new()
//!     .app_data(web::Data::new(config))
//!     .route("/api/phone/status-callback", web::post().to(status));
//! # let _ = app;
//! # Ok(())
//! # }
//! ```

use std::fmt;
use std::ops::Deref;

use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::web::{BytesMut, Data};
use actix_web::{FromRequest, HttpRequest, HttpResponse, ResponseError};
use futures_util::StreamExt as _;
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;

use crate::{
    Error, IDEMPOTENCY_TOKEN_HEADER, SIGNATURE_HEADER, SignatureSettings, Validator, WebhookRequest,
};

/// Default body limit: far above any Twilio form webhook.
pub const DEFAULT_BODY_LIMIT: usize = 64 * 1024;

/// How the extractor validates: the validator, the public base URL and the limits.
#[derive(Debug, Clone)]
pub struct WebhookConfig {
    validator: Validator,
    public_base_url: Option<String>,
    trust_forwarded_headers: bool,
    body_limit: usize,
}

/// Builds a [`WebhookConfig`].
#[derive(Debug, Clone)]
pub struct WebhookConfigBuilder {
    config: WebhookConfig,
}

impl WebhookConfig {
    /// Starts a configuration around a validator.
    pub fn builder(validator: Validator) -> WebhookConfigBuilder {
        WebhookConfigBuilder {
            config: Self {
                validator,
                public_base_url: None,
                trust_forwarded_headers: false,
                body_limit: DEFAULT_BODY_LIMIT,
            },
        }
    }

    /// A configuration from the environment: the Auth Token `TWILIO_AUTH_TOKEN` (as
    /// twilio-node's `webhook()` reads it) and, when set, the public base URL
    /// `TWILIO_WEBHOOK_BASE_URL` (see [`WebhookConfigBuilder::public_base_url`]).
    /// Register it as app data: `App::new().app_data(config.clone())`.
    ///
    /// # Errors
    /// [`Error::MissingVariable`] when `TWILIO_AUTH_TOKEN` is unset or empty;
    /// [`Error::InvalidBaseUrl`] as [`WebhookConfigBuilder::build`].
    pub fn from_env() -> Result<Self, Error> {
        Self::from_lookup(|name| std::env::var(name).ok().filter(|v| !v.is_empty()))
    }

    fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, Error> {
        let token = get("TWILIO_AUTH_TOKEN").ok_or(Error::MissingVariable("TWILIO_AUTH_TOKEN"))?;
        let mut builder = Self::builder(Validator::new(token)?);
        if let Some(base) = get("TWILIO_WEBHOOK_BASE_URL") {
            builder = builder.public_base_url(base);
        }
        builder.build()
    }

    /// The validator in use.
    pub fn validator(&self) -> &Validator {
        &self.validator
    }

    /// The URL Twilio requested: base URL (or forwarded/Host headers) + path and query
    /// exactly as received.
    pub fn public_url(&self, req: &HttpRequest) -> String {
        let path_and_query = req.uri().path_and_query().map_or("/", |pq| pq.as_str());
        let (scheme, host, prefix) = self.origin(req);
        format!("{scheme}://{host}{prefix}{path_and_query}")
    }

    fn origin(&self, req: &HttpRequest) -> (String, String, String) {
        let (mut scheme, mut host, prefix) =
            match self.public_base_url.as_deref().and_then(split_base) {
                Some((s, h, p)) => (s.to_owned(), h.to_owned(), p.to_owned()),
                // Not `connection_info()`: it reads X-Forwarded-* even when untrusted.
                None => {
                    let scheme = if req.app_config().secure() {
                        "https"
                    } else {
                        "http"
                    };
                    let host = req
                        .headers()
                        .get(actix_web::http::header::HOST)
                        .and_then(|h| h.to_str().ok())
                        .unwrap_or_else(|| req.app_config().host());
                    (scheme.to_owned(), host.to_owned(), String::new())
                }
            };
        if self.trust_forwarded_headers {
            if let Some(p) = first_header_value(req, "x-forwarded-proto") {
                scheme = p;
            }
            if let Some(h) = first_header_value(req, "x-forwarded-host") {
                host = h;
            }
        }
        (scheme, host, prefix)
    }
}

impl WebhookConfigBuilder {
    /// The public base URL Twilio is configured with, e.g. `https://abc.ngrok.app`
    /// (optionally with a path prefix a proxy strips). Without it the URL is rebuilt
    /// from the connection and the `Host` header, which is wrong behind a proxy.
    #[must_use]
    pub fn public_base_url(mut self, url: impl Into<String>) -> Self {
        self.config.public_base_url = Some(url.into());
        self
    }

    /// Trust `X-Forwarded-Proto` and `X-Forwarded-Host` (only behind a proxy that
    /// sets them; otherwise a caller could choose the URL that gets validated).
    #[must_use]
    pub fn trust_forwarded_headers(mut self, trust: bool) -> Self {
        self.config.trust_forwarded_headers = trust;
        self
    }

    /// The largest body read, in bytes (default [`DEFAULT_BODY_LIMIT`]).
    #[must_use]
    pub fn body_limit(mut self, bytes: usize) -> Self {
        self.config.body_limit = bytes;
        self
    }

    /// Finishes the configuration.
    ///
    /// # Errors
    /// [`Error::InvalidBaseUrl`] unless the base URL is `http(s)://host[:port][/prefix]`
    /// with no query or fragment.
    pub fn build(mut self) -> Result<WebhookConfig, Error> {
        if let Some(base) = self.config.public_base_url.take() {
            let trimmed = base.trim_end_matches('/');
            let valid = split_base(trimmed).is_some_and(|(_, host, _)| valid_authority(host))
                && !trimmed.contains(['?', '#'])
                && !trimmed.contains(|c: char| c.is_whitespace() || c.is_control());
            if !valid {
                return Err(Error::InvalidBaseUrl(base));
            }
            self.config.public_base_url = Some(trimmed.to_owned());
        }
        Ok(self.config)
    }
}

/// `(scheme, host[:port], path prefix)` of an `http(s)://` base URL.
fn split_base(base: &str) -> Option<(&str, &str, &str)> {
    let (scheme, rest) = base.split_once("://")?;
    if !(scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https")) {
        return None;
    }
    let (host, prefix) = rest.find('/').map_or((rest, ""), |i| rest.split_at(i));
    (!host.is_empty()).then_some((scheme, host, prefix.trim_end_matches('/')))
}

/// `host[:port]` of a base URL: a non-empty host of URL characters (a bracketed IPv6
/// address included), and a port, when given, of digits up to 65535. What `url` would
/// reject there, without needing `url` (and its IDNA tables) for it.
fn valid_authority(authority: &str) -> bool {
    let (host, port) = match authority.rfind(':') {
        Some(i) if !authority[i..].contains(']') => (&authority[..i], Some(&authority[i + 1..])),
        _ => (authority, None),
    };
    let host_ok = !host.is_empty()
        && !host.contains(['@', '/', '\\'])
        && host
            .chars()
            .all(|c| !c.is_ascii() || c.is_ascii_alphanumeric() || "-._~[]:%".contains(c));
    let port_ok = port.is_none_or(|p| {
        p.is_empty() || (p.bytes().all(|b| b.is_ascii_digit()) && p.parse::<u16>().is_ok())
    });
    host_ok && port_ok
}

fn first_header_value(req: &HttpRequest, name: &str) -> Option<String> {
    let value = req.headers().get(name)?.to_str().ok()?;
    let first = value.split(',').next()?.trim();
    (!first.is_empty()).then(|| first.to_owned())
}

/// Why the extractor refused a request. The response has a status and no body;
/// `Display` (for logs) says which check failed, never a secret.
#[derive(Debug)]
pub struct WebhookRejection {
    status: StatusCode,
    reason: RejectionReason,
}

/// The check that failed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RejectionReason {
    /// Validation failed (see the error).
    Validation(Error),
    /// The body was larger than the configured limit.
    BodyTooLarge,
    /// Reading the body failed.
    BodyRead,
    /// No [`WebhookConfig`] is registered as app data.
    NotConfigured,
}

impl WebhookRejection {
    fn new(status: StatusCode, reason: RejectionReason) -> Self {
        Self { status, reason }
    }

    fn validation(error: Error) -> Self {
        let status = match error {
            Error::MissingSignature | Error::Payload(_) | Error::UnsupportedAlgorithm(_) => {
                StatusCode::BAD_REQUEST
            }
            _ => StatusCode::FORBIDDEN,
        };
        Self::new(status, RejectionReason::Validation(error))
    }

    /// The check that failed.
    pub fn reason(&self) -> &RejectionReason {
        &self.reason
    }
}

impl fmt::Display for WebhookRejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.reason {
            RejectionReason::Validation(e) => write!(f, "twilio webhook rejected: {e}"),
            RejectionReason::BodyTooLarge => f.write_str("twilio webhook rejected: body too large"),
            RejectionReason::BodyRead => {
                f.write_str("twilio webhook rejected: body could not be read")
            }
            RejectionReason::NotConfigured => {
                f.write_str("twilio webhook: no WebhookConfig app data")
            }
        }
    }
}

/// So `?` carries a rejection into `Box<dyn Error>` or `anyhow` like any other error.
impl std::error::Error for WebhookRejection {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.reason {
            RejectionReason::Validation(e) => Some(e),
            _ => None,
        }
    }
}

impl ResponseError for WebhookRejection {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        HttpResponse::build(self.status).finish()
    }
}

/// A validated Twilio webhook with its payload deserialised into `T`.
///
/// `T` is deserialised from the form parameters (POST), the query (GET), or the JSON
/// body (when the URL carries `bodySHA256`). Use [`crate::payload::Extra`] for the
/// raw parameter map.
#[derive(Debug, Clone)]
pub struct TwilioWebhook<T> {
    payload: T,
    params: Vec<(String, String)>,
    idempotency_token: Option<String>,
    url: String,
}

impl<T> TwilioWebhook<T> {
    /// The payload.
    pub fn into_inner(self) -> T {
        self.payload
    }

    /// `I-Twilio-Idempotency-Token`: the same on every retry of one delivery, so a
    /// handler can drop duplicates.
    pub fn idempotency_token(&self) -> Option<&str> {
        self.idempotency_token.as_deref()
    }

    /// All signed parameters, in the order received (form body or query).
    pub fn params(&self) -> &[(String, String)] {
        &self.params
    }

    /// The public URL the signature was checked against.
    pub fn url(&self) -> &str {
        &self.url
    }
}

impl<T> Deref for TwilioWebhook<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.payload
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for TwilioWebhook<T> {
    type Error = WebhookRejection;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let mut payload = payload.take();
        Box::pin(async move {
            let config = config(&req)?;
            let signature = header(&req, SIGNATURE_HEADER)
                .ok_or_else(|| WebhookRejection::validation(Error::MissingSignature))?;
            let body = read_body(&mut payload, config.body_limit).await?;
            extract(&config, &req, &signature, &body)
        })
    }
}

fn config(req: &HttpRequest) -> Result<WebhookConfig, WebhookRejection> {
    req.app_data::<Data<WebhookConfig>>()
        .map(|d| d.get_ref().clone())
        .or_else(|| req.app_data::<WebhookConfig>().cloned())
        .ok_or_else(|| {
            WebhookRejection::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                RejectionReason::NotConfigured,
            )
        })
}

fn header(req: &HttpRequest, name: &str) -> Option<String> {
    req.headers().get(name)?.to_str().ok().map(str::to_owned)
}

async fn read_body(payload: &mut Payload, limit: usize) -> Result<BytesMut, WebhookRejection> {
    let mut body = BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| {
            WebhookRejection::new(StatusCode::BAD_REQUEST, RejectionReason::BodyRead)
        })?;
        if body.len() + chunk.len() > limit {
            return Err(WebhookRejection::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                RejectionReason::BodyTooLarge,
            ));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

fn extract<T: DeserializeOwned>(
    config: &WebhookConfig,
    req: &HttpRequest,
    signature: &str,
    body: &[u8],
) -> Result<TwilioWebhook<T>, WebhookRejection> {
    let url = config.public_url(req);
    let settings = header(req, SignatureSettings::HEADER);
    let json = crate::body_sha256_param(&url).is_some();
    // POST form parameters are signed; a GET's parameters are already in the URL.
    let form = if json {
        Vec::new()
    } else {
        crate::parse_form(body)
    };
    let request = WebhookRequest::new(&url, Some(signature))
        .signature_settings(settings.as_deref())
        .form_params(&form)
        .raw_body(body);
    config
        .validator
        .validate_request(&request)
        .map_err(WebhookRejection::validation)?;
    let (payload, params) = if json {
        let payload = serde_json::from_slice(body).map_err(|e| Error::Payload(e.to_string()));
        (payload, Vec::new())
    } else if req.method() == actix_web::http::Method::GET
        || req.method() == actix_web::http::Method::HEAD
    {
        let query = crate::parse_form(req.query_string().as_bytes());
        (crate::payload::from_params(&query), query)
    } else {
        (crate::payload::from_params(&form), form)
    };
    Ok(TwilioWebhook {
        payload: payload.map_err(WebhookRejection::validation)?,
        params,
        idempotency_token: header(req, IDEMPOTENCY_TOKEN_HEADER),
        url,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_from_lookup() {
        let get = |name: &str| match name {
            "TWILIO_AUTH_TOKEN" => Some("token".to_owned()),
            "TWILIO_WEBHOOK_BASE_URL" => Some("https://example.com/hooks/".to_owned()),
            _ => None,
        };
        let config = WebhookConfig::from_lookup(get).unwrap();
        assert_eq!(
            config.public_base_url.as_deref(),
            Some("https://example.com/hooks")
        );
        let no_base = WebhookConfig::from_lookup(|n| get(n).filter(|_| n == "TWILIO_AUTH_TOKEN"));
        assert_eq!(no_base.unwrap().public_base_url, None);
        assert_eq!(
            WebhookConfig::from_lookup(|_| None).unwrap_err(),
            Error::MissingVariable("TWILIO_AUTH_TOKEN")
        );
        let bad = WebhookConfig::from_lookup(|n| match n {
            "TWILIO_WEBHOOK_BASE_URL" => Some("ftp://x".to_owned()),
            _ => get(n),
        });
        assert!(matches!(bad, Err(Error::InvalidBaseUrl(_))));
    }

    #[test]
    fn base_urls_are_checked_without_the_url_crate() {
        let base = |url: &str| {
            WebhookConfig::builder(Validator::new("t").unwrap())
                .public_base_url(url)
                .build()
        };
        for ok in [
            "https://example.com",
            "http://example.com:8080/prefix/",
            "https://[::1]:8443",
            "https://bücher.example",
            "HTTPS://A.B",
        ] {
            assert!(base(ok).is_ok(), "{ok}");
        }
        for bad in [
            "example.com",
            "ftp://example.com",
            "https://",
            "https:///path",
            "https://a.b?x=1",
            "https://a.b/#f",
            "https://a b",
            "https://a.b:99999",
            "https://a.b:x",
            "https://user@a.b",
            "https://a.b\\c",
        ] {
            assert!(matches!(base(bad), Err(Error::InvalidBaseUrl(_))), "{bad}");
        }
    }
}
