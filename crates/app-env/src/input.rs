//! Strict request input for the apps' own routes: one place that decides what a form,
//! a query string or a JSON body may look like.
//!
//! * [`StrictForm`] and [`StrictQuery`] refuse a key given twice (so "the last one
//!   wins" can never pick a different resource than the one checked) and a key or
//!   value that is not UTF-8 once percent-decoded (never replaced by `U+FFFD`), each
//!   with a 400 naming the key.
//! * [`InputConfig::json_config`] makes `web::Json<T>` answer 400 for a body that is
//!   not JSON or not `T` (wrong types, `[]` for an object), 413 for one over the
//!   limit and 415 without `Content-Type: application/json`.
//!
//! Every refusal is an [`InputError`]; an app turns it into its own error body with
//! [`InputConfig::error_handler`]. Twilio's webhooks do not come through here:
//! `twilio-webhook` checks their signature over every parameter, repeats included.
//!
//! ```
//! use actix_web::{App, HttpResponse, test, web};
//! use twilio_app_env::input::{InputConfig, StrictForm};
//!
//! #[derive(serde::Deserialize)]
//! struct Delete {
//!     #[serde(rename = "serviceSid")]
//!     service_sid: String,
//! }
//!
//! async fn delete(form: StrictForm<Delete>) -> HttpResponse {
//!     HttpResponse::Ok().body(form.into_inner().service_sid)
//! }
//!
//! # actix_web::rt::System::new().block_on(async {
//! let app = test::init_service(
//!     App::new()
//!         .configure(|cfg| InputConfig::new().register(cfg))
//!         .route("/delete", web::post().to(delete)),
//! )
//! .await;
//! let req = test::TestRequest::post()
//!     .uri("/delete")
//!     .insert_header(("content-type", "application/x-www-form-urlencoded"))
//!     .set_payload("serviceSid=KS0&serviceSid=KS1")
//!     .to_request();
//! let res = test::call_service(&app, req).await;
//! assert_eq!(res.status(), 400);
//! let body = test::read_body(res).await;
//! assert_eq!(body, "form body: `serviceSid` is given more than once");
//! # });
//! ```

use std::collections::HashSet;
use std::fmt;
use std::sync::Arc;

use actix_web::dev::Payload;
use actix_web::error::JsonPayloadError;
use actix_web::http::{StatusCode, header};
use actix_web::{FromRequest, HttpRequest, HttpResponse, ResponseError, web};
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;

/// Default largest form body: the apps' forms are a few short fields.
pub const DEFAULT_FORM_LIMIT: usize = 16 * 1024;

/// Default largest JSON body.
pub const DEFAULT_JSON_LIMIT: usize = 16 * 1024;

/// Longest key quoted back in an error message (a key is whatever the client sent).
const MAX_QUOTED_KEY: usize = 64;

/// Which part of the request was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Part {
    /// The URL's query string.
    Query,
    /// An `application/x-www-form-urlencoded` body.
    Form,
    /// An `application/json` body.
    Json,
}

impl fmt::Display for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Part::Query => "query",
            Part::Form => "form body",
            Part::Json => "JSON body",
        })
    }
}

/// Why request input was refused. The message names the part and the key, and never
/// repeats a value (values may be passwords).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum InputError {
    /// A key appears more than once.
    #[error("{part}: `{key}` is given more than once")]
    DuplicateKey {
        /// Where.
        part: Part,
        /// The key (shortened when long).
        key: String,
    },
    /// A key or value is not UTF-8 once percent-decoded.
    #[error("{part}: `{key}` is not valid UTF-8 (percent-decoded)")]
    InvalidUtf8 {
        /// Where.
        part: Part,
        /// The key (lossily decoded, shortened when long).
        key: String,
    },
    /// Well-formed input that does not fit the route: a missing field, a wrong type,
    /// bad JSON. The message is serde's (it names the field).
    #[error("{part}: {message}")]
    Invalid {
        /// Where.
        part: Part,
        /// What does not fit.
        message: String,
    },
    /// The body is larger than the route reads.
    #[error("{part}: larger than {limit} bytes")]
    TooLarge {
        /// Where.
        part: Part,
        /// The limit in bytes.
        limit: usize,
    },
    /// The body is not of the media type the route reads.
    #[error("{part}: Content-Type must be {expected}")]
    ContentType {
        /// Where.
        part: Part,
        /// The media type the route reads.
        expected: &'static str,
    },
    /// The body could not be read (connection error, bad chunked encoding).
    #[error("{part}: the body could not be read")]
    Unreadable {
        /// Where.
        part: Part,
    },
}

impl InputError {
    /// 413 for a body over the limit, 415 for a wrong media type, 400 otherwise.
    pub fn status(&self) -> StatusCode {
        match self {
            InputError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            InputError::ContentType { .. } => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            _ => StatusCode::BAD_REQUEST,
        }
    }

    /// The JSON extractor's error in these terms.
    fn from_json(error: &JsonPayloadError) -> Self {
        let part = Part::Json;
        match error {
            JsonPayloadError::OverflowKnownLength { limit, .. }
            | JsonPayloadError::Overflow { limit } => InputError::TooLarge {
                part,
                limit: *limit,
            },
            JsonPayloadError::ContentType => InputError::ContentType {
                part,
                expected: "application/json",
            },
            JsonPayloadError::Deserialize(e) => InputError::Invalid {
                part,
                message: e.to_string(),
            },
            _ => InputError::Unreadable { part },
        }
    }
}

/// Without an app's [`InputConfig::error_handler`]: the message as plain text.
impl ResponseError for InputError {
    fn status_code(&self) -> StatusCode {
        self.status()
    }

    fn error_response(&self) -> HttpResponse {
        HttpResponse::build(self.status())
            .content_type("text/plain; charset=utf-8")
            .insert_header((header::CACHE_CONTROL, "no-store"))
            .body(self.to_string())
    }
}

type Handler = dyn Fn(InputError, &HttpRequest) -> actix_web::Error + Send + Sync;

/// Limits and the error body for [`StrictForm`], [`StrictQuery`] and `web::Json`;
/// register it once per app with [`InputConfig::register`].
#[derive(Clone)]
pub struct InputConfig {
    form_limit: usize,
    json_limit: usize,
    handler: Option<Arc<Handler>>,
}

impl fmt::Debug for InputConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("InputConfig")
            .field("form_limit", &self.form_limit)
            .field("json_limit", &self.json_limit)
            .field("handler", &self.handler.is_some())
            .finish()
    }
}

impl Default for InputConfig {
    fn default() -> Self {
        Self::new()
    }
}

impl InputConfig {
    /// [`DEFAULT_FORM_LIMIT`], [`DEFAULT_JSON_LIMIT`], plain-text errors.
    pub fn new() -> Self {
        Self {
            form_limit: DEFAULT_FORM_LIMIT,
            json_limit: DEFAULT_JSON_LIMIT,
            handler: None,
        }
    }

    /// Largest form body in bytes.
    #[must_use]
    pub fn form_limit(mut self, bytes: usize) -> Self {
        self.form_limit = bytes;
        self
    }

    /// Largest JSON body in bytes.
    #[must_use]
    pub fn json_limit(mut self, bytes: usize) -> Self {
        self.json_limit = bytes;
        self
    }

    /// Turns a refusal into the app's own error (and so its own body format); keep
    /// [`InputError::status`].
    #[must_use]
    pub fn error_handler(
        mut self,
        f: impl Fn(InputError, &HttpRequest) -> actix_web::Error + Send + Sync + 'static,
    ) -> Self {
        self.handler = Some(Arc::new(f));
        self
    }

    /// The app's error for `error`.
    fn error(&self, error: InputError, req: &HttpRequest) -> actix_web::Error {
        match &self.handler {
            Some(handler) => handler(error, req),
            None => error.into(),
        }
    }

    /// A `web::JsonConfig` with this limit and these errors; a `Content-Type` other
    /// than JSON is refused.
    pub fn json_config(&self) -> web::JsonConfig {
        let this = self.clone();
        web::JsonConfig::default()
            .limit(self.json_limit)
            .content_type_required(true)
            .error_handler(move |error, req| this.error(InputError::from_json(&error), req))
    }

    /// Registers this config and its [`InputConfig::json_config`] as app data.
    pub fn register(self, cfg: &mut web::ServiceConfig) {
        cfg.app_data(self.json_config()).app_data(self);
    }
}

/// The config registered on the app, or the defaults.
fn config_of(req: &HttpRequest) -> InputConfig {
    req.app_data::<InputConfig>().cloned().unwrap_or_default()
}

/// Decodes `input` (`k=v&k=v`, `+` for space) into pairs, refusing invalid UTF-8 and
/// repeated keys. Empty pieces (`a=1&&b=2`) are skipped, as browsers do.
///
/// # Errors
/// [`InputError::InvalidUtf8`] or [`InputError::DuplicateKey`], naming the key.
pub fn strict_pairs(part: Part, input: &[u8]) -> Result<Vec<(String, String)>, InputError> {
    let mut pairs = Vec::new();
    let mut seen = HashSet::new();
    for piece in input.split(|b| *b == b'&').filter(|p| !p.is_empty()) {
        let (raw_key, raw_value) = match piece.iter().position(|b| *b == b'=') {
            Some(i) => (&piece[..i], &piece[i + 1..]),
            None => (piece, &b""[..]),
        };
        let key = decode(raw_key).map_err(|bytes| InputError::InvalidUtf8 {
            part,
            key: quote(&String::from_utf8_lossy(&bytes)),
        })?;
        let value = decode(raw_value).map_err(|_| InputError::InvalidUtf8 {
            part,
            key: quote(&key),
        })?;
        if !seen.insert(key.clone()) {
            return Err(InputError::DuplicateKey {
                part,
                key: quote(&key),
            });
        }
        pairs.push((key, value));
    }
    Ok(pairs)
}

/// `+` to space, then percent-decoding; the decoded bytes when they are not UTF-8.
fn decode(raw: &[u8]) -> Result<String, Vec<u8>> {
    let plus_as_space: Vec<u8> = raw
        .iter()
        .map(|b| if *b == b'+' { b' ' } else { *b })
        .collect();
    let bytes: Vec<u8> = percent_encoding::percent_decode(&plus_as_space).collect();
    String::from_utf8(bytes).map_err(|e| e.into_bytes())
}

/// A key as it may appear in a message: shortened, control characters escaped.
fn quote(key: &str) -> String {
    let mut out: String = key
        .chars()
        .take(MAX_QUOTED_KEY)
        .flat_map(char::escape_default)
        .collect();
    if key.chars().count() > MAX_QUOTED_KEY {
        out.push('…');
    }
    out
}

/// Checks `input` strictly, then deserializes it as `T`.
fn parse<T: DeserializeOwned>(part: Part, input: &[u8]) -> Result<T, InputError> {
    strict_pairs(part, input)?;
    // The checks above mean the (lenient) standard parser sees exactly these pairs.
    serde_urlencoded::from_bytes(input).map_err(|e| InputError::Invalid {
        part,
        message: e.to_string(),
    })
}

/// A query string deserialized as `T` after [`strict_pairs`]' checks; refusals go
/// through the app's [`InputConfig`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StrictQuery<T>(pub T);

impl<T> StrictQuery<T> {
    /// The deserialized query.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> std::ops::Deref for StrictQuery<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: DeserializeOwned> FromRequest for StrictQuery<T> {
    type Error = actix_web::Error;
    type Future = std::future::Ready<Result<Self, actix_web::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let result = parse(Part::Query, req.query_string().as_bytes())
            .map(StrictQuery)
            .map_err(|e| config_of(req).error(e, req));
        std::future::ready(result)
    }
}

/// An `application/x-www-form-urlencoded` body deserialized as `T` after
/// [`strict_pairs`]' checks, read up to [`InputConfig::form_limit`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StrictForm<T>(pub T);

impl<T> StrictForm<T> {
    /// The deserialized form.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> std::ops::Deref for StrictForm<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for StrictForm<T> {
    type Error = actix_web::Error;
    type Future = LocalBoxFuture<'static, Result<Self, actix_web::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let config = config_of(&req);
        let payload = web::Payload::from_request(&req, payload).into_inner();
        Box::pin(async move {
            let result = match payload {
                Ok(payload) => read_form(&req, payload, config.form_limit).await,
                Err(_) => Err(InputError::Unreadable { part: Part::Form }),
            };
            result.map(StrictForm).map_err(|e| config.error(e, &req))
        })
    }
}

async fn read_form<T: DeserializeOwned>(
    req: &HttpRequest,
    payload: web::Payload,
    limit: usize,
) -> Result<T, InputError> {
    let part = Part::Form;
    let is_form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|media| {
            media
                .trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        });
    if !is_form {
        return Err(InputError::ContentType {
            part,
            expected: "application/x-www-form-urlencoded",
        });
    }
    let body = payload
        .to_bytes_limited(limit)
        .await
        .map_err(|_| InputError::TooLarge { part, limit })?
        .map_err(|_| InputError::Unreadable { part })?;
    parse(part, &body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::App;
    use actix_web::test as at;
    use std::collections::HashMap;

    #[derive(Debug, serde::Deserialize, PartialEq)]
    struct Fields {
        name: String,
        n: Option<u32>,
    }

    #[test]
    fn pairs_decode_plus_and_percent_and_skip_empty_pieces() {
        let pairs = strict_pairs(Part::Form, b"a=1+2&&b=%C3%A9&c&d=").unwrap();
        let expect = [("a", "1 2"), ("b", "é"), ("c", ""), ("d", "")];
        let expect: Vec<_> = expect
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        assert_eq!(pairs, expect);
    }

    #[test]
    fn repeated_keys_are_refused_by_name_even_when_encoded_differently() {
        for input in ["sid=a&sid=b", "sid=a&%73id=b", "x=1&sid=a&sid=a"] {
            assert_eq!(
                strict_pairs(Part::Form, input.as_bytes()),
                Err(InputError::DuplicateKey {
                    part: Part::Form,
                    key: "sid".into()
                }),
                "{input}"
            );
        }
    }

    #[test]
    fn invalid_utf8_is_refused_naming_the_key_never_the_value() {
        let error = strict_pairs(Part::Query, b"uniqueName=%FF%FE").unwrap_err();
        assert_eq!(
            error,
            InputError::InvalidUtf8 {
                part: Part::Query,
                key: "uniqueName".into()
            }
        );
        assert_eq!(
            error.to_string(),
            "query: `uniqueName` is not valid UTF-8 (percent-decoded)"
        );
        // Raw (not percent-encoded) invalid bytes too, and in keys.
        assert!(strict_pairs(Part::Form, b"a=\xff").is_err());
        let error = strict_pairs(Part::Form, b"k%FF=1").unwrap_err();
        assert!(matches!(error, InputError::InvalidUtf8 { ref key, .. } if key == "k\\u{fffd}"));
    }

    #[test]
    fn quoted_keys_are_short_and_escaped() {
        let long = format!("{}=1&{}=2", "k".repeat(500), "k".repeat(500));
        let error = strict_pairs(Part::Form, long.as_bytes()).unwrap_err();
        assert!(error.to_string().len() < 120, "{error}");
        let error = strict_pairs(Part::Form, b"a%0Ab=1&a%0Ab=2").unwrap_err();
        assert_eq!(
            error.to_string(),
            "form body: `a\\nb` is given more than once"
        );
    }

    #[test]
    fn values_deserialize_with_types_and_missing_fields_are_named() {
        let fields: Fields = parse(Part::Query, b"name=x&n=7").unwrap();
        assert_eq!(
            fields,
            Fields {
                name: "x".into(),
                n: Some(7)
            }
        );
        let error = parse::<Fields>(Part::Query, b"n=7").unwrap_err();
        assert!(error.to_string().contains("name"), "{error}");
        assert!(parse::<Fields>(Part::Query, b"name=x&n=seven").is_err());
        // A map no longer means "the last one wins".
        assert!(parse::<HashMap<String, String>>(Part::Form, b"a=1&a=2").is_err());
    }

    async fn echo(form: StrictForm<Fields>, query: StrictQuery<HashMap<String, String>>) -> String {
        format!("{} {}", form.name, query.len())
    }

    #[actix_web::test]
    async fn form_extractor_checks_type_limit_and_uses_the_apps_handler() {
        let config = InputConfig::new().form_limit(32).error_handler(|e, _| {
            let status = e.status();
            actix_web::error::InternalError::from_response(
                e,
                HttpResponse::build(status).json(serde_json::json!({ "status": status.as_u16() })),
            )
            .into()
        });
        let app = at::init_service(
            App::new()
                .configure(|cfg| config.register(cfg))
                .route("/", web::post().to(echo)),
        )
        .await;
        let post = |uri: &str, ct: &str, body: Vec<u8>| {
            at::TestRequest::post()
                .uri(uri)
                .insert_header((header::CONTENT_TYPE, ct))
                .set_payload(body)
                .to_request()
        };
        let form = "application/x-www-form-urlencoded; charset=utf-8";
        let res = at::call_service(&app, post("/?q=1", form, b"name=a".to_vec())).await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(at::read_body(res).await, "a 1");
        for (uri, ct, body, status) in [
            ("/", form, b"name=a&name=b".to_vec(), 400),
            ("/?q=1&q=2", form, b"name=a".to_vec(), 400),
            ("/?q=%FF", form, b"name=a".to_vec(), 400),
            ("/", form, b"name=%FF%FE".to_vec(), 400),
            ("/", form, vec![b'a'; 33], 413),
            ("/", "application/json", b"{\"name\":\"a\"}".to_vec(), 415),
        ] {
            let res = at::call_service(&app, post(uri, ct, body)).await;
            assert_eq!(res.status().as_u16(), status, "{uri}");
            let json: serde_json::Value = at::read_body_json(res).await;
            assert_eq!(json["status"], status, "the app's handler made the body");
        }
    }

    #[derive(Debug, serde::Deserialize)]
    struct Token {
        #[allow(dead_code)]
        endpoint: Option<String>,
    }

    async fn token(_body: web::Json<Token>) -> HttpResponse {
        HttpResponse::Ok().finish()
    }

    #[actix_web::test]
    async fn json_bodies_that_do_not_fit_the_type_are_4xx_with_a_message() {
        let app = at::init_service(
            App::new()
                .configure(|cfg| InputConfig::new().json_limit(1024).register(cfg))
                .route("/", web::post().to(token)),
        )
        .await;
        let post = |ct: &str, body: Vec<u8>| {
            at::TestRequest::post()
                .uri("/")
                .insert_header((header::CONTENT_TYPE, ct))
                .set_payload(body)
                .to_request()
        };
        let json = "application/json";
        let ok = at::call_service(&app, post(json, b"{\"endpoint\":\"a\"}".to_vec())).await;
        assert_eq!(ok.status(), StatusCode::OK);
        for (ct, body, status, says) in [
            (json, b"{bad".to_vec(), 400, "JSON body: "),
            (json, b"{\"endpoint\":5}".to_vec(), 400, "expected a string"),
            (json, b"[]".to_vec(), 400, "JSON body: "),
            (json, b"".to_vec(), 400, "JSON body: "),
            (json, vec![b' '; 2048], 413, "larger than 1024 bytes"),
            ("text/plain", b"{}".to_vec(), 415, "application/json"),
        ] {
            let res = at::call_service(&app, post(ct, body)).await;
            assert_eq!(res.status().as_u16(), status, "{says}");
            let text = String::from_utf8(at::read_body(res).await.to_vec()).unwrap();
            assert!(text.contains(says), "{text}");
        }
    }
}
