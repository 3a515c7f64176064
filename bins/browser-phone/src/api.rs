//! The JSON API the page uses. Every route needs a logged-in user.

use std::time::{SystemTime, UNIX_EPOCH};

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};
use serde_json::json;
use twilio_app_auth::AuthenticatedUser;
use twilio_app_env::input::StrictQuery;
use twilio_app_guard::Channel;
use twilio_rest::api::calls::{Call, CallInstructions, CreateCall, ListCalls};
use twilio_rest::api::messages::{CreateMessage, ListMessages, Message};
use twilio_token::{AccessToken, VoiceGrant};
use twilio_twiml::voice::{Say, VoiceResponse};

use crate::{AppState, Error, TOKEN_TTL};

/// Body of `POST /api/messages` and `POST /api/calls`. A client `from` is ignored:
/// the sender is always the configured number.
#[derive(Debug, Deserialize)]
pub(crate) struct SendRequest {
    to: Option<String>,
    message: Option<String>,
}

/// What the page learns about a sent message.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct MessageView {
    sid: String,
    status: Option<String>,
    to: Option<String>,
    from: Option<String>,
    body: Option<String>,
    num_segments: Option<String>,
    date_created: Option<String>,
}

impl From<Message> for MessageView {
    fn from(m: Message) -> Self {
        Self {
            sid: m.sid,
            status: m.status.map(|s| s.as_str().to_owned()),
            to: m.to,
            from: m.from,
            body: m.body,
            num_segments: m.num_segments.map(|n| n.to_string()),
            date_created: m.date_created.map(|t| t.to_string()),
        }
    }
}

/// What the page learns about a placed call.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct CallView {
    sid: String,
    status: Option<String>,
    to: Option<String>,
    from: Option<String>,
    date_created: Option<String>,
}

impl From<Call> for CallView {
    fn from(c: Call) -> Self {
        Self {
            sid: c.sid.as_str().to_owned(),
            status: c.status.map(|s| s.as_str().to_owned()),
            to: c.to,
            from: c.from,
            date_created: c.date_created.map(|t| t.to_string()),
        }
    }
}

/// `POST /api/token/generate`: an Access Token with a Voice grant for the user's own
/// identity, valid for one hour.
pub(crate) async fn generate_token(
    user: AuthenticatedUser,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    let config = &state.config;
    let identity = user.username().as_str();
    let token = AccessToken::builder(
        config.account_sid.clone(),
        config.api_key_sid.clone(),
        config.api_key_secret.clone(),
    )
    .identity(identity)
    .grant(
        VoiceGrant::new()
            .incoming(true)
            .outgoing_application_sid(config.app_sid.clone()),
    )
    .ttl(TOKEN_TTL)
    .build()?;
    let now = SystemTime::now();
    let jwt = token.to_jwt_at(now)?;
    let issued = now.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(json!({
            "token": jwt,
            "identity": identity,
            "ttl": TOKEN_TTL.as_secs(),
            "expiresAt": issued + TOKEN_TTL.as_secs(),
        })))
}

/// `GET /api/config`: the number messages and calls come from.
pub(crate) async fn config(user: AuthenticatedUser, state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok().json(json!({
        "phoneNumber": state.config.phone_number.as_str(),
        "identity": user.username().as_str(),
        "allowedPrefixes": state.config.destinations.prefixes(),
        "maxSmsChars": state.config.max_sms_chars,
        "maxVoiceChars": state.config.max_voice_chars,
        "mode": if state.local.is_some() { "local" } else { "twilio" },
    }))
}

/// `POST /api/messages`: sends an SMS from the configured number.
pub(crate) async fn send_message(
    user: AuthenticatedUser,
    state: web::Data<AppState>,
    body: web::Json<SendRequest>,
) -> Result<HttpResponse, Error> {
    let config = &state.config;
    let to = config.destinations.check("to", body.to.as_deref())?;
    let text = message_text(body.message.as_deref(), config.max_sms_chars)?;
    state
        .guard
        .admit(Channel::Message, user.username().as_str(), to.as_str())
        .await?;
    let params = CreateMessage::text(to, config.phone_number.clone(), text);
    let message = state.rest.api().messages().create(&params).await?;
    // The message is sent: a store failure here only hides it from the list.
    if let Err(e) = state
        .sent_messages
        .record(user.username().as_str(), &message.sid)
        .await
    {
        tracing::warn!(sid = %message.sid, error = %e, "sent message not recorded for the list");
    }
    tracing::info!(user = %user.username(), sid = %message.sid, "message sent");
    Ok(HttpResponse::Ok().json(MessageView::from(message)))
}

/// `POST /api/calls`: calls `to` and speaks the message (TwiML `<Say>`).
pub(crate) async fn send_voice_message(
    user: AuthenticatedUser,
    state: web::Data<AppState>,
    body: web::Json<SendRequest>,
) -> Result<HttpResponse, Error> {
    let config = &state.config;
    let to = config.destinations.check("to", body.to.as_deref())?;
    let text = message_text(body.message.as_deref(), config.max_voice_chars)?;
    let twiml = VoiceResponse::new().say(Say::new(text)).to_xml()?;
    state
        .guard
        .admit(Channel::Call, user.username().as_str(), to.as_str())
        .await?;
    let params = CreateCall::new(
        to,
        config.phone_number.clone(),
        CallInstructions::twiml(twiml),
    );
    let call = state.rest.api().calls().create(&params).await?;
    // The call is placed: a store failure here only hides it from the list.
    if let Err(e) = state
        .sent_calls
        .record(user.username().as_str(), call.sid.as_str())
        .await
    {
        tracing::warn!(sid = %call.sid.as_str(), error = %e, "placed call not recorded for the list");
    }
    tracing::info!(user = %user.username(), sid = %call.sid.as_str(), "voice message call placed");
    Ok(HttpResponse::Ok().json(CallView::from(call)))
}

/// Query of `GET /api/messages` and `GET /api/calls`: `?limit=N` (1 to
/// [`MAX_LIST_LIMIT`], default [`DEFAULT_LIST_LIMIT`]); any other key is refused.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ListQuery {
    limit: Option<String>,
}

/// Items a list answers with unless `limit` says otherwise.
pub(crate) const DEFAULT_LIST_LIMIT: usize = 20;
/// The most items a list answers with.
pub(crate) const MAX_LIST_LIMIT: usize = 50;
/// How many of the number's most recent messages or calls Twilio is asked for; the
/// user's own are picked out of them.
const LIST_SCAN: u32 = 200;

impl ListQuery {
    fn limit(&self) -> Result<usize, Error> {
        match self.limit.as_deref() {
            None => Ok(DEFAULT_LIST_LIMIT),
            Some(raw) => raw
                .trim()
                .parse::<usize>()
                .ok()
                .filter(|n| (1..=MAX_LIST_LIMIT).contains(n))
                .ok_or_else(|| {
                    Error::BadRequest(format!(
                        "`limit` must be a whole number from 1 to {MAX_LIST_LIMIT}"
                    ))
                }),
        }
    }
}

/// `GET /api/messages`: the user's recent messages (sent from the configured number
/// through this app), newest first, as `{"messages": [...]}`.
pub(crate) async fn list_messages(
    user: AuthenticatedUser,
    state: web::Data<AppState>,
    query: StrictQuery<ListQuery>,
) -> Result<HttpResponse, Error> {
    let limit = query.limit()?;
    let name = user.username().as_str();
    let mut messages = Vec::new();
    if state.sent_messages.any(name).await.map_err(unavailable)? {
        let filter = ListMessages::default().from(state.config.phone_number.as_str());
        let page = state
            .rest
            .api()
            .messages()
            .list(filter)
            .page_size(LIST_SCAN)
            .first_page()
            .await?;
        let own = state
            .sent_messages
            .pick(name, page.into_items(), |m| &m.sid, limit);
        messages = own.await.map_err(unavailable)?;
    }
    let messages: Vec<MessageView> = messages.into_iter().map(MessageView::from).collect();
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(json!({ "messages": messages })))
}

/// `GET /api/calls`: the user's recent voice-message calls (placed from the
/// configured number through this app), newest first, as `{"calls": [...]}`.
pub(crate) async fn list_calls(
    user: AuthenticatedUser,
    state: web::Data<AppState>,
    query: StrictQuery<ListQuery>,
) -> Result<HttpResponse, Error> {
    let limit = query.limit()?;
    let name = user.username().as_str();
    let mut calls = Vec::new();
    if state.sent_calls.any(name).await.map_err(unavailable)? {
        let filter = ListCalls::default().from(state.config.phone_number.as_str());
        let page = state
            .rest
            .api()
            .calls()
            .list(filter)
            .page_size(LIST_SCAN)
            .first_page()
            .await?;
        let own = state
            .sent_calls
            .pick(name, page.into_items(), |c| c.sid.as_str(), limit);
        calls = own.await.map_err(unavailable)?;
    }
    let calls: Vec<CallView> = calls.into_iter().map(CallView::from).collect();
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(json!({ "calls": calls })))
}

/// The shared store did not answer: 503, like every other store failure.
fn unavailable(e: twilio_app_auth::limit::StoreError) -> Error {
    Error::Guard(twilio_app_guard::GuardError::Unavailable(e))
}

/// The message text: not blank (spaces only is "message is empty"), at most `max`
/// characters.
fn message_text(message: Option<&str>, max: usize) -> Result<&str, Error> {
    let text = message.unwrap_or_default();
    if text.trim().is_empty() {
        return Err(Error::MessageEmpty);
    }
    let len = text.chars().count();
    if len > max {
        return Err(Error::MessageLength { len, max });
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_limits() {
        assert_eq!(message_text(Some("hi"), 2).ok(), Some("hi"));
        assert!(matches!(
            message_text(Some("héé"), 2),
            Err(Error::MessageLength { len: 3, max: 2 })
        ));
        // Characters, not bytes.
        assert!(message_text(Some("éé"), 2).is_ok());
        assert!(matches!(
            message_text(Some("  "), 2),
            Err(Error::MessageEmpty)
        ));
        assert!(matches!(message_text(None, 2), Err(Error::MessageEmpty)));
    }
}
