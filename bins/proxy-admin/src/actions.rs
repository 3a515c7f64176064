//! The seed's AJAX routes, same paths and form fields (§5.2). Each needs a logged-in
//! admin and a same-origin request, checks every field, and answers 200 with the new
//! SID as text (or the updated resource as JSON), or an error status with a message.

use std::collections::HashMap;

use actix_web::{HttpResponse, web};
use serde_json::json;
use twilio_app_env::input::StrictForm;
use twilio_app_guard::Channel;
use twilio_rest::api::messages::CreateMessage;
use twilio_rest::proxy::participants::CreateParticipant;
use twilio_rest::proxy::phone_numbers::UpdatePhoneNumber;
use twilio_rest::proxy::services::{
    CreateService, ServiceGeoMatchLevel, ServiceNumberSelectionBehavior, ServiceRef,
};
use twilio_rest::proxy::sessions::{
    CreateSession, SessionMode, SessionRef, SessionStatus, UpdateSession,
};
use twilio_rest::sid::{PhoneNumberSid, ProxyParticipantSid, ProxyServiceSid, ProxySessionSid};
use twilio_token::{AccessToken, ChatGrant, VoiceGrant};

use crate::guard::AdminAction;
use crate::validate::{self, MAX_FRIENDLY_NAME, MAX_UNIQUE_NAME};
use crate::{AppState, Error, TOKEN_TTL};

/// The posted form, as the seed's pages send it (every value a string); a field
/// given twice is refused, never "the last one wins".
type Fields = StrictForm<HashMap<String, String>>;

fn get<'a>(form: &'a Fields, name: &str) -> Option<&'a str> {
    form.get(name).map(String::as_str)
}

fn service_sid(form: &Fields) -> Result<ProxyServiceSid, Error> {
    validate::sid(
        "serviceSid",
        get(form, "serviceSid"),
        ProxyServiceSid::new,
        "Proxy Service (KS…)",
    )
}

fn session_sid(form: &Fields) -> Result<ProxySessionSid, Error> {
    validate::sid(
        "sessionSid",
        get(form, "sessionSid"),
        ProxySessionSid::new,
        "Proxy Session (KC…)",
    )
}

/// The Proxy Service named by the form's `serviceSid`.
fn service_ref(state: &AppState, form: &Fields) -> Result<ServiceRef, Error> {
    Ok(state.rest.proxy().service(service_sid(form)?))
}

/// The Session named by the form's `serviceSid` and `sessionSid`, and its SID (for
/// the log).
fn session_ref(state: &AppState, form: &Fields) -> Result<(SessionRef, ProxySessionSid), Error> {
    let service = service_ref(state, form)?;
    let sid = session_sid(form)?;
    Ok((service.session(sid.clone()), sid))
}

fn text(sid: &str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .insert_header(("Cache-Control", "no-store"))
        .body(sid.to_owned())
}

/// `POST /createService` `uniqueName, geoMatchLevel, numberSelectionBehavior`
pub(crate) async fn create_service(
    admin: AdminAction,
    state: web::Data<AppState>,
    form: Fields,
) -> Result<HttpResponse, Error> {
    let name = validate::text("uniqueName", get(&form, "uniqueName"), MAX_UNIQUE_NAME)?;
    let geo = validate::one_of(
        "geoMatchLevel",
        get(&form, "geoMatchLevel"),
        &["country", "area-code"],
    )?;
    let behavior = validate::one_of(
        "numberSelectionBehavior",
        get(&form, "numberSelectionBehavior"),
        &["prefer-sticky", "avoid-sticky"],
    )?;
    let params = CreateService::new(name)
        .geo_match_level(ServiceGeoMatchLevel::from(geo))
        .number_selection_behavior(ServiceNumberSelectionBehavior::from(behavior));
    let service = state.rest.proxy().services().create(&params).await?;
    tracing::info!(admin = %admin.0, sid = %service.sid, "service created");
    Ok(text(service.sid.as_str()))
}

/// `POST /serviceDelete` `serviceSid`
pub(crate) async fn delete_service(
    admin: AdminAction,
    state: web::Data<AppState>,
    form: Fields,
) -> Result<HttpResponse, Error> {
    let sid = service_sid(&form)?;
    state.rest.proxy().service(sid.clone()).delete().await?;
    tracing::info!(admin = %admin.0, %sid, "service deleted");
    Ok(text("true"))
}

/// `POST /createSession` `serviceSid, uniqueName, mode, ttl (optional)`
pub(crate) async fn create_session(
    admin: AdminAction,
    state: web::Data<AppState>,
    form: Fields,
) -> Result<HttpResponse, Error> {
    let service = service_ref(&state, &form)?;
    let name = validate::text("uniqueName", get(&form, "uniqueName"), MAX_UNIQUE_NAME)?;
    let mode = validate::one_of(
        "mode",
        get(&form, "mode"),
        &["voice-and-message", "voice-only", "message-only"],
    )?;
    let mut params = CreateSession::default()
        .unique_name(name)
        .mode(SessionMode::from(mode));
    if let Some(ttl) = validate::ttl(get(&form, "ttl"))? {
        params = params.ttl(ttl);
    }
    let session = service.sessions().create(&params).await?;
    tracing::info!(admin = %admin.0, sid = %session.sid, "session created");
    Ok(text(session.sid.as_str()))
}

/// `POST /sessionDelete` `serviceSid, sessionSid`
pub(crate) async fn delete_session(
    admin: AdminAction,
    state: web::Data<AppState>,
    form: Fields,
) -> Result<HttpResponse, Error> {
    let (session, sid) = session_ref(&state, &form)?;
    session.delete().await?;
    tracing::info!(admin = %admin.0, %sid, "session deleted");
    Ok(text("true"))
}

/// `POST /sessionUpdate` `serviceSid, sessionSid, updateStatus`: `closed` (the
/// session is closed now) re-opens it as `in-progress`; `notClosed` closes it.
pub(crate) async fn update_session(
    admin: AdminAction,
    state: web::Data<AppState>,
    form: Fields,
) -> Result<HttpResponse, Error> {
    let (session, sid) = session_ref(&state, &form)?;
    let current = validate::one_of(
        "updateStatus",
        get(&form, "updateStatus"),
        &["closed", "notClosed"],
    )?;
    let status = if current == "closed" {
        SessionStatus::InProgress
    } else {
        SessionStatus::Closed
    };
    let session = session
        .update(&UpdateSession::default().status(status.clone()))
        .await?;
    tracing::info!(admin = %admin.0, %sid, %status, "session updated");
    Ok(HttpResponse::Ok().json(json!({
        "sid": session.sid.as_str(),
        "status": session.status.as_ref().map(|s| s.as_str()),
        "uniqueName": session.unique_name,
        "mode": session.mode.as_ref().map(|m| m.as_str()),
    })))
}

/// `POST /createParticipant` `serviceSid, sessionSid, friendlyName, identifier,
/// proxyIdentifier (optional), chatParticipant`. Phone identifiers always go out in
/// E.164 with their `+` (the seed's truthy `"false"` dropped it, §5.5.10); a chat
/// participant's identifier is its channel SID.
pub(crate) async fn create_participant(
    admin: AdminAction,
    state: web::Data<AppState>,
    form: Fields,
) -> Result<HttpResponse, Error> {
    let (session, _) = session_ref(&state, &form)?;
    let name = validate::text(
        "friendlyName",
        get(&form, "friendlyName"),
        MAX_FRIENDLY_NAME,
    )?;
    let chat = match get(&form, "chatParticipant") {
        None | Some("") => false,
        value => validate::boolean("chatParticipant", value)?,
    };
    let identifier = if chat {
        let raw = validate::required("identifier", get(&form, "identifier"))?;
        if !is_channel_sid(raw) {
            return Err(Error::BadRequest(
                "`identifier` must be a Chat Channel SID (CH + 32 hex digits)".into(),
            ));
        }
        raw.to_owned()
    } else {
        validate::phone("identifier", get(&form, "identifier"))?.into_string()
    };
    let mut params = CreateParticipant::new(identifier).friendly_name(name);
    if get(&form, "proxyIdentifier").is_some_and(|v| !v.trim().is_empty()) {
        let proxy = validate::phone("proxyIdentifier", get(&form, "proxyIdentifier"))?;
        params = params.proxy_identifier(proxy.as_str());
    }
    let participant = session.participants().create(&params).await?;
    tracing::info!(admin = %admin.0, sid = %participant.sid, "participant created");
    Ok(text(participant.sid.as_str()))
}

fn is_channel_sid(raw: &str) -> bool {
    raw.len() == 34 && raw.starts_with("CH") && raw[2..].bytes().all(|b| b.is_ascii_hexdigit())
}

/// `POST /participantDelete` `serviceSid, sessionSid, participantSid`
pub(crate) async fn delete_participant(
    admin: AdminAction,
    state: web::Data<AppState>,
    form: Fields,
) -> Result<HttpResponse, Error> {
    let (session, _) = session_ref(&state, &form)?;
    let sid = validate::sid(
        "participantSid",
        get(&form, "participantSid"),
        ProxyParticipantSid::new,
        "Proxy Participant (KP…)",
    )?;
    session.participant(sid.clone()).delete().await?;
    tracing::info!(admin = %admin.0, %sid, "participant deleted");
    Ok(text("true"))
}

/// `POST /reservePhone` `serviceSid, phoneSid, isReserved` (the *current* value; the
/// number is set to its negation).
pub(crate) async fn reserve_phone(
    admin: AdminAction,
    state: web::Data<AppState>,
    form: Fields,
) -> Result<HttpResponse, Error> {
    let service = service_ref(&state, &form)?;
    let phone = validate::sid(
        "phoneSid",
        get(&form, "phoneSid"),
        PhoneNumberSid::new,
        "Phone Number (PN…)",
    )?;
    let reserved = validate::boolean("isReserved", get(&form, "isReserved"))?;
    let number = service
        .phone_number(phone.clone())
        .update(&UpdatePhoneNumber::default().is_reserved(!reserved))
        .await?;
    tracing::info!(admin = %admin.0, %phone, reserved = !reserved, "proxy number updated");
    Ok(HttpResponse::Ok().json(json!({
        "sid": number.sid.as_str(),
        "phoneNumber": number.phone_number,
        "isReserved": number.is_reserved,
        "inUse": number.in_use,
    })))
}

/// `POST /createMessage` `from, to, body`: only from a number on
/// `ALLOWED_SMS_SENDERS` (no open relay, §5.5.2).
pub(crate) async fn create_message(
    admin: AdminAction,
    state: web::Data<AppState>,
    form: Fields,
) -> Result<HttpResponse, Error> {
    let senders = &state.config.sms_senders;
    if senders.is_empty() {
        return Err(Error::NotConfigured(
            "sending SMS is off: set ALLOWED_SMS_SENDERS",
        ));
    }
    let from = validate::phone("from", get(&form, "from"))?;
    let to = validate::phone("to", get(&form, "to"))?;
    let body = validate::body(get(&form, "body"))?;
    if !senders.contains(&from) {
        return Err(Error::Forbidden(format!(
            "{from} is not an allowed sender (ALLOWED_SMS_SENDERS)"
        )));
    }
    state
        .destinations
        .admit(Channel::Message, admin.0.as_str(), to.as_str())
        .await?;
    let params = CreateMessage::text(to, from, body);
    let message = state.rest.api().messages().create(&params).await?;
    tracing::info!(admin = %admin.0, sid = %message.sid, "message sent");
    Ok(text(&message.sid))
}

/// `POST /proxyClientAccessToken`: `{DialConfig, ChatConfig, JwtToken}` for the
/// logged-in admin's own identity (not the shared `ProxyClientDemo`, §5.5.3); the
/// token is never logged.
pub(crate) async fn access_token(
    admin: AdminAction,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let config = &state.config;
    let dial = config.twiml_app_sid.as_ref();
    let chat = config.chat_service_sid.as_ref();
    let jwt = if dial.is_none() && chat.is_none() {
        String::new()
    } else {
        let mut builder = AccessToken::builder(
            config.account_sid.clone(),
            config.api_key_sid.clone(),
            config.api_key_secret.clone(),
        )
        .identity(admin.0.as_str())
        .ttl(TOKEN_TTL);
        if let Some(app) = dial {
            builder = builder.grant(
                VoiceGrant::new()
                    .incoming(true)
                    .outgoing_application_sid(app.clone()),
            );
        }
        if let Some(service) = chat {
            builder = builder.grant(ChatGrant::new().service_sid(service.clone()));
        }
        builder.build()?.to_jwt()?
    };
    tracing::info!(admin = %admin.0, "access token issued");
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(json!({
            "DialConfig": dial.is_some(),
            "ChatConfig": chat.is_some(),
            "JwtToken": jwt,
            "Identity": admin.0.as_str(),
        })))
}
