//! HTTP handlers.

use actix_web::{HttpRequest, HttpResponse, http::header, web};
use bytes::Bytes;
use serde::Deserialize;
use twilio_app_auth::{Auth, AuthRejection, AuthenticatedUser};
use twilio_app_guard::{Channel, GuardError};
use twilio_presence::{CallSid, CallStatus, EndpointId, Event, Identity, Timestamp};
use twilio_webhook::{SIGNATURE_HEADER, parse_form};

use crate::{AppState, error::AppError, phone, twiml};

type Params = Vec<(String, String)>;

fn param<'a>(params: &'a Params, name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .filter(|v| !v.is_empty())
}

fn required<'a>(params: &'a Params, name: &str) -> Result<&'a str, AppError> {
    param(params, name).ok_or_else(|| AppError::BadRequest(format!("missing {name}")))
}

/// Checks `X-Twilio-Signature` against the public URL of this request and
/// returns the form parameters. Nothing is changed before this passes.
fn verify(state: &AppState, req: &HttpRequest, body: &[u8]) -> Result<Params, AppError> {
    let signature = req
        .headers()
        .get(SIGNATURE_HEADER)
        .and_then(|v| v.to_str().ok())
        .ok_or(AppError::MissingSignature)?;
    let path = req.uri().path_and_query().map_or("/", |p| p.as_str());
    let url = format!("{}{path}", state.public_base_url);
    let params = parse_form(body);
    state
        .validator
        .validate(&url, &params, signature)
        .map_err(|_| AppError::Forbidden)?;
    Ok(params)
}

fn query_params(req: &HttpRequest) -> Params {
    parse_form(req.query_string().as_bytes())
}

fn xml(body: String) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/xml; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(body)
}

/// `POST /api/sync-callback`: reachability events change presence; other events are ignored.
pub async fn sync_callback(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: Bytes,
) -> Result<HttpResponse, AppError> {
    let params = verify(&state, &req, &body)?;
    let event_type = required(&params, "EventType")?;
    let connected = match event_type {
        "endpoint_connected" => true,
        "endpoint_disconnected" => false,
        _ => return Ok(HttpResponse::Ok().finish()),
    };
    let identity = Identity::new(required(&params, "Identity")?)?;
    let endpoint = EndpointId::new(required(&params, "EndpointId")?)?;
    let now = Timestamp::now();
    let event = if connected {
        Event::connected(identity, endpoint, now)
    } else {
        Event::disconnected(identity, endpoint, now)
    };
    // A store failure answers 503 so Twilio retries (the event is idempotent).
    state.presence.apply(event).await?;
    Ok(HttpResponse::Ok().finish())
}

/// `GET|POST /api/phone/incoming?name=`: ring the user or say why not.
pub async fn incoming(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: Bytes,
) -> Result<HttpResponse, AppError> {
    verify(&state, &req, &body)?;
    let query = query_params(&req);
    let name = required(&query, "name")?;
    let identity = Identity::new(name)?;
    let status = state.presence.status(identity.as_str());
    let callback = format!(
        "{}/api/phone/status-callback?identity={}",
        state.public_base_url,
        identity.as_str()
    );
    Ok(xml(twiml::incoming(
        identity.as_str(),
        status,
        &callback,
        &state.messages,
    )?))
}

/// The user a call status callback is about: our own signed `identity` query
/// parameter first, then `To`, then `From` when they are `client:` addresses.
fn callback_identity(query: &Params, params: &Params) -> Result<Identity, AppError> {
    if let Some(name) = param(query, "identity") {
        return Ok(Identity::new(name)?);
    }
    ["To", "From"]
        .iter()
        .filter_map(|k| param(params, k))
        .find_map(|addr| Identity::from_client_address(addr).ok())
        .ok_or_else(|| AppError::BadRequest("no client identity in To/From".to_owned()))
}

/// `POST /api/phone/status-callback`: the call makes its user busy, its end frees them.
pub async fn status_callback(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: Bytes,
) -> Result<HttpResponse, AppError> {
    let params = verify(&state, &req, &body)?;
    let identity = callback_identity(&query_params(&req), &params)?;
    let call = CallSid::new(required(&params, "CallSid")?)?;
    let status = CallStatus::from(required(&params, "CallStatus")?);
    state
        .presence
        .apply(Event::call(identity, call, status, Timestamp::now()))
        .await?;
    Ok(xml(twiml_empty()))
}

fn twiml_empty() -> String {
    r#"<?xml version="1.0" encoding="UTF-8"?><Response/>"#.to_owned()
}

/// `POST /api/phone/outgoing`: the TwiML App's Voice URL; dials a validated number.
pub async fn outgoing(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: Bytes,
) -> Result<HttpResponse, AppError> {
    let params = verify(&state, &req, &body)?;
    let raw = param(&params, "phoneNumber")
        .or_else(|| param(&params, "To"))
        .ok_or_else(|| AppError::BadRequest("missing phoneNumber".to_owned()))?;
    let number =
        phone::parse(raw).map_err(|e| AppError::BadRequest(format!("phoneNumber: {e}")))?;
    let Some(caller_id) = &state.caller_id else {
        return Ok(xml(twiml::say("Outgoing calls are not configured.")?));
    };
    let caller = param(&params, "From").and_then(|a| Identity::from_client_address(a).ok());
    let user = caller.as_ref().map_or("-", |c| c.as_str());
    if let Err(refusal) = state
        .destinations
        .admit(Channel::Call, user, number.as_str())
        .await
    {
        tracing::warn!(user, %refusal, "outgoing call refused");
        return Ok(refused(&refusal));
    }
    let mut callback = format!("{}/api/phone/status-callback", state.public_base_url);
    if let Some(caller) = caller {
        callback.push_str("?identity=");
        callback.push_str(caller.as_str());
    }
    Ok(xml(twiml::outgoing(&number, caller_id, &callback)?))
}

/// A refusal of the destination policy: its status (403, 429 with `Retry-After`)
/// and JSON naming the rule.
fn refused(refusal: &GuardError) -> HttpResponse {
    let status = actix_web::http::StatusCode::from_u16(refusal.http_status())
        .unwrap_or(actix_web::http::StatusCode::FORBIDDEN);
    let mut res = HttpResponse::build(status);
    if let Some(secs) = refusal.retry_after_secs() {
        res.insert_header((header::RETRY_AFTER, secs.to_string()));
    }
    res.json(serde_json::json!({ "error": refusal.kind(), "message": refusal.to_string() }))
}

/// The login form: a user name and password.
#[derive(Debug, Deserialize)]
pub struct LoginBody {
    username: String,
    password: String,
}

/// `POST /api/login`: JSON `{username, password}`; sets the session cookie.
pub async fn login(
    auth: web::Data<Auth>,
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Json<LoginBody>,
) -> Result<HttpResponse, AppError> {
    let LoginBody { username, password } = body.into_inner();
    if username.len() > 64 || password.len() > 1024 {
        return Err(AppError::BadRequest(
            "username or password too long".to_owned(),
        ));
    }
    // The peer, or what the TRUSTED_PROXIES in front say (never a client's own claim).
    let client = twilio_app_env::http::client_ip(&req, &state.proxies).map(|ip| ip.to_string());
    // Argon2 runs on the blocking pool inside `login`.
    let session = auth
        .login(&username, &password, client.as_deref())
        .await
        .map_err(AuthRejection)?;
    tracing::info!(user = %session.username, "login");
    Ok(HttpResponse::Ok()
        .insert_header((header::SET_COOKIE, auth.set_cookie(&session)))
        .json(serde_json::json!({ "username": session.username.as_str(), "expiresAt": session.expires_at })))
}

/// `POST /api/logout`: ends the session (a copy of the cookie is refused from now
/// on) and clears the cookie.
pub async fn logout(req: HttpRequest, auth: web::Data<Auth>) -> HttpResponse {
    match auth.logout(&req).await {
        Ok(clear) => HttpResponse::Ok()
            .insert_header((header::SET_COOKIE, clear))
            .json(serde_json::json!({})),
        // Not recorded (store down): say so, the cookie would stay valid elsewhere.
        Err(error) => actix_web::ResponseError::error_response(&AuthRejection(error)),
    }
}

/// `GET /api/me`: who is logged in, and the mode (for the page).
pub async fn me(state: web::Data<AppState>, user: AuthenticatedUser) -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({
        "username": user.0.as_str(),
        "mode": state.mode(),
    }))
}

/// Body of `POST /api/phone/token`: a JSON object, `{}` or `{"endpoint": "…"}`;
/// anything else (not JSON, `[]`, a number for `endpoint`) is a 400.
#[derive(Debug, Deserialize, Default)]
pub struct TokenBody {
    endpoint: Option<String>,
}

fn endpoint_suffix(raw: Option<String>) -> Result<String, AppError> {
    match raw {
        None => Ok(uuid::Uuid::new_v4().to_string()),
        Some(e)
            if !e.is_empty()
                && e.len() <= 64
                && e.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') =>
        {
            Ok(e)
        }
        Some(_) => Err(AppError::BadRequest(
            "endpoint: 1 to 64 characters from A-Z a-z 0-9 -".to_owned(),
        )),
    }
}

/// `POST /api/phone/token`: one Access Token for the logged-in user (never a
/// caller-chosen identity). The body is checked like every JSON body: a malformed
/// one is refused, never replaced by a random endpoint.
pub async fn token(
    state: web::Data<AppState>,
    user: AuthenticatedUser,
    body: web::Json<TokenBody>,
) -> Result<HttpResponse, AppError> {
    let identity = user.0.as_str();
    let suffix = endpoint_suffix(body.into_inner().endpoint)?;
    let endpoint_id = format!("PresencePhone::{identity}:{suffix}");
    let jwt = state.tokens.issue(identity, &endpoint_id)?;
    if let Some(mirror) = state.mirror.clone() {
        let who = identity.to_owned();
        tokio::spawn(async move {
            if let Err(e) = mirror.grant_read(&who).await {
                tracing::warn!(error = %e, "granting Sync read permission failed");
            }
        });
    }
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(serde_json::json!({
            "token": jwt,
            "identity": identity,
            "endpointId": endpoint_id,
            "ttl": state.tokens.ttl().as_secs(),
            "mapName": state.sync_map,
            "mode": state.mode(),
        })))
}

/// `GET /api/presence`: everyone's status (login required).
pub async fn snapshot(state: web::Data<AppState>, _user: AuthenticatedUser) -> HttpResponse {
    let users: Vec<_> = state
        .presence
        .snapshot()
        .iter()
        .map(crate::mirror::item_data)
        .collect();
    HttpResponse::Ok().json(serde_json::json!({ "users": users }))
}

/// `GET /api/presence/events`: Server-Sent Events, one `data:` JSON per change
/// (login required). Starts with a snapshot, then every change; a `: ping`
/// comment every 15 s keeps proxies from closing the stream. Each change is
/// encoded once for all streams and handed out per worker ([`crate::fanout`]).
pub async fn events(state: web::Data<AppState>, _user: AuthenticatedUser) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/event-stream")
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header(("X-Accel-Buffering", "no"))
        .streaming(state.frames.stream())
}

/// `GET /api/config`: what the page needs before login, and who is logged in
/// (`username`, `null` without a session). Always 200, so a page finding out
/// whether it must show the login form causes no 401 in the browser's console.
pub async fn config(state: web::Data<AppState>, user: Option<AuthenticatedUser>) -> HttpResponse {
    let username = user.as_ref().map(|u| u.0.as_str());
    HttpResponse::Ok().json(serde_json::json!({ "mode": state.mode(), "username": username }))
}
