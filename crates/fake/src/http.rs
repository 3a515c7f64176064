//! Routing, Basic auth, Twilio's error body and list envelopes.

use actix_web::http::{Method, StatusCode};
use actix_web::{HttpRequest, HttpResponse, web};
use serde_json::{Value, json};

use crate::Shared;

/// A successful answer: status and JSON body.
pub(crate) type Reply = Result<(StatusCode, Value), ApiError>;

/// Twilio's error answer: `{code, message, more_info, status}`.
#[derive(Debug)]
pub(crate) struct ApiError {
    pub(crate) status: StatusCode,
    pub(crate) code: u32,
    pub(crate) message: String,
}

impl ApiError {
    pub(crate) fn new(status: u16, code: u32, message: impl Into<String>) -> Self {
        Self {
            status: StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST),
            code,
            message: message.into(),
        }
    }

    pub(crate) fn not_found(path: &str) -> Self {
        Self::new(
            404,
            20404,
            format!("The requested resource {path} was not found"),
        )
    }

    /// A missing or malformed parameter (Twilio's 21xxx family).
    pub(crate) fn bad(code: u32, message: impl Into<String>) -> Self {
        Self::new(400, code, message)
    }

    fn response(&self) -> HttpResponse {
        HttpResponse::build(self.status).json(json!({
            "code": self.code,
            "message": self.message,
            "more_info": format!("https://www.twilio.com/docs/errors/{}", self.code),
            "status": self.status.as_u16(),
        }))
    }
}

/// Form or query parameters, repeated keys kept in order.
#[derive(Debug, Default)]
pub(crate) struct Params(Vec<(String, String)>);

impl Params {
    pub(crate) fn parse(raw: &[u8]) -> Self {
        Self(twilio_webhook::parse_form(raw))
    }

    /// The first value of `name`, if not empty.
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.is_empty())
    }

    /// Every value of `name` (repeated keys; a space-separated value is split too).
    pub(crate) fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .flat_map(|(_, v)| v.split([' ', ',']).map(str::to_owned).collect::<Vec<_>>())
            .filter(|v| !v.is_empty())
            .collect()
    }

    fn page(&self) -> (usize, usize) {
        let size = self
            .get("PageSize")
            .and_then(|v| v.parse().ok())
            .unwrap_or(50usize)
            .clamp(1, 1000);
        let page = self.get("Page").and_then(|v| v.parse().ok()).unwrap_or(0);
        (page, size)
    }

    /// The filters of a list request: every key but paging ones, for page links.
    fn filters(&self) -> String {
        self.0
            .iter()
            .filter(|(k, _)| !matches!(k.as_str(), "Page" | "PageSize" | "PageToken"))
            .map(|(k, v)| format!("&{}={}", k, encode(v)))
            .collect()
    }
}

fn encode(v: &str) -> String {
    v.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// One request, parsed.
#[derive(Debug)]
pub(crate) struct Req<'a> {
    pub(crate) method: &'a Method,
    pub(crate) path: &'a str,
    pub(crate) query: Params,
    pub(crate) form: Params,
    pub(crate) body: &'a [u8],
}

/// The 2010-04-01 list envelope (relative `*_uri` links).
pub(crate) fn page_v2010(req: &Req<'_>, key: &str, items: Vec<Value>) -> Reply {
    let (page, size) = req.query.page();
    let filters = req.query.filters();
    let total = items.len();
    let start = page.saturating_mul(size);
    let slice: Vec<Value> = items.into_iter().skip(start).take(size).collect();
    let link = |p: usize| format!("{}?PageSize={size}&Page={p}{filters}", req.path);
    let next = (start + slice.len() < total).then(|| link(page + 1));
    let previous = (page > 0).then(|| link(page - 1));
    Ok((
        StatusCode::OK,
        json!({
            key: &slice,
            "end": (start + slice.len()).saturating_sub(1),
            "first_page_uri": link(0),
            "next_page_uri": next,
            "page": page,
            "page_size": size,
            "previous_page_uri": previous,
            "start": start,
            "uri": link(page),
        }),
    ))
}

/// The v1 list envelope (`meta` with absolute `*_url` links).
pub(crate) fn page_v1(shared: &Shared, req: &Req<'_>, key: &str, items: Vec<Value>) -> Reply {
    let (page, size) = req.query.page();
    let filters = req.query.filters();
    let total = items.len();
    let start = page.saturating_mul(size);
    let slice: Vec<Value> = items.into_iter().skip(start).take(size).collect();
    let link = |p: usize| {
        format!(
            "{}{}?PageSize={size}&Page={p}{filters}",
            shared.base_url, req.path
        )
    };
    let next = (start + slice.len() < total).then(|| link(page + 1));
    let previous = (page > 0).then(|| link(page - 1));
    Ok((
        StatusCode::OK,
        json!({
            key: &slice,
            "meta": {
                "first_page_url": link(0),
                "key": key,
                "next_page_url": next,
                "page": page,
                "page_size": size,
                "previous_page_url": previous,
                "url": link(page),
            },
        }),
    ))
}

pub(crate) fn ok(value: Value) -> Reply {
    Ok((StatusCode::OK, value))
}

pub(crate) fn created(value: Value) -> Reply {
    Ok((StatusCode::CREATED, value))
}

pub(crate) fn deleted() -> Reply {
    Ok((StatusCode::NO_CONTENT, Value::Null))
}

/// Every request: Basic auth as the account, then the product's routes.
pub(crate) async fn dispatch(
    req: HttpRequest,
    body: web::Bytes,
    shared: web::Data<Shared>,
) -> HttpResponse {
    let shared = shared.get_ref().clone();
    if !authorized(&req, &shared) {
        return ApiError::new(401, 20003, "Authenticate").response();
    }
    let parsed = Req {
        method: req.method(),
        path: req.path(),
        query: Params::parse(req.query_string().as_bytes()),
        form: Params::parse(&body),
        body: &body,
    };
    let segments: Vec<&str> = parsed.path.trim_matches('/').split('/').collect();
    let reply = match segments.as_slice() {
        ["2010-04-01", "Accounts", account, rest @ ..] if *account == shared.account_sid => {
            crate::api::route(&shared, &parsed, rest)
        }
        ["v1", "Services", rest @ ..] => crate::proxy::route(&shared, &parsed, rest),
        ["v1", "Workspaces", rest @ ..] => crate::taskrouter::route(&shared, &parsed, rest),
        ["v1", "Accounts", account, "Tokens", "validate"]
            if *account == shared.account_sid && parsed.method == Method::POST =>
        {
            crate::taskrouter::validate_token(&shared, &parsed)
        }
        _ => Err(ApiError::not_found(parsed.path)),
    };
    tracing::debug!(method = %parsed.method, path = parsed.path, "twilio fake");
    match reply {
        Ok((status, Value::Null)) => HttpResponse::build(status).finish(),
        Ok((status, body)) => HttpResponse::build(status).json(body),
        Err(error) => error.response(),
    }
}

fn authorized(req: &HttpRequest, shared: &Shared) -> bool {
    let Some((user, password)) = req
        .headers()
        .get(actix_web::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(decode_basic)
    else {
        return false;
    };
    // Not a timing-safe compare: the fake guards nothing of value, it only refuses
    // a client that was given the wrong credentials.
    user == shared.account_sid && password == shared.auth_token.expose()
}

/// `Basic base64(user:password)` → `(user, password)`.
fn decode_basic(header: &str) -> Option<(String, String)> {
    use base64::Engine as _;
    let encoded = header.strip_prefix("Basic ")?.trim();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let (user, password) = text.split_once(':')?;
    Some((user.to_owned(), password.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_basic_credentials() {
        // base64("AC1:tok") = "QUMxOnRvaw=="
        assert_eq!(
            decode_basic("Basic QUMxOnRvaw=="),
            Some(("AC1".into(), "tok".into()))
        );
        assert_eq!(decode_basic("Bearer x"), None);
        assert_eq!(decode_basic("Basic !!"), None);
    }

    #[test]
    fn list_envelopes_page_and_link_like_twilio() {
        let q = Params::parse(b"PageSize=1&CallSid=CA1");
        assert_eq!(q.page(), (0, 1));
        assert_eq!(q.filters(), "&CallSid=CA1");
        assert_eq!(
            Params::parse(b"StatusCallbackEvent=ringing+answered&StatusCallbackEvent=completed")
                .all("StatusCallbackEvent"),
            ["ringing", "answered", "completed"]
        );
    }
}
