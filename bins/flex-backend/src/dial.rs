//! The outbound-dial protocol (seed §3.4) for one authenticated socket: `call` and
//! `hangup` requests, `callUpdate` and `error` answers.
//!
//! The server owns the caller ID (`from` must be one of `FLEX_CALLER_IDS`, default the
//! first) and the worker: the task targets the contact URI Flex derives from the
//! token's identity; a client-sent `workerContactUri` must equal it.

use std::sync::Arc;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Deserialize;
use serde_json::Value;
use tokio::sync::Semaphore;
use twilio_app_guard::Channel;
use twilio_rest::api::calls::{
    CallEvent, CallInstructions, CallUpdateStatus, CreateCall, UpdateCall,
};
use twilio_rest::sid::{CallSid, PhoneNumber};

use crate::auth::FlexUser;
use crate::calls::{CallUpdate, Outbox, SocketId};
use crate::ws::{error_message, error_with_status, js_string};
use crate::{AppState, Error};

/// Characters left as they are in a query value: RFC 3986 unreserved.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Calls and hang-ups of one socket being sent to Twilio at once; more are refused
/// (the plugin sends one at a time).
pub(crate) const IN_FLIGHT: usize = 4;
/// `{"method":"call", to, from, workerContactUri}`
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct CallRequest {
    to: Option<Value>,
    from: Option<Value>,
    worker_contact_uri: Option<Value>,
}

/// Answers one text frame: the immediate reply, if any. Calls and hang-ups run on
/// their own task and answer through `outbox`.
pub(crate) fn handle(
    state: &AppState,
    user: &Arc<FlexUser>,
    socket: SocketId,
    outbox: &Outbox,
    in_flight: &Arc<Semaphore>,
    text: &str,
) -> Option<String> {
    let Ok(message) = serde_json::from_str::<Value>(text) else {
        return Some(format!("echo: {text}"));
    };
    let method = message.get("method").and_then(Value::as_str);
    let known = matches!(method, Some("call"))
        || (method == Some("hangup") && message.get("callSid").is_some_and(Value::is_string));
    // Each request is a task and a Twilio call: a bounded number per socket.
    let permit = if known {
        match in_flight.clone().try_acquire_owned() {
            Ok(permit) => Some(permit),
            Err(_) => {
                return Some(error_message(
                    "too many requests in flight; wait for the previous answers",
                ));
            }
        }
    } else {
        None
    };
    match method {
        Some("call") => {
            let request = serde_json::from_value::<CallRequest>(message).ok()?;
            let (state, user, outbox) = (state.clone(), user.clone(), outbox.clone());
            tokio::spawn(async move {
                let _permit = permit;
                let reply = match place_call(&state, &user, socket, &outbox, request).await {
                    Ok(()) => return,
                    Err(refusal) => error_with_status(refusal.status, &refusal.message),
                };
                let _ = outbox.send(reply).await;
            });
            None
        }
        Some("hangup") if message.get("callSid").is_some_and(Value::is_string) => {
            let call = message["callSid"].as_str().unwrap_or_default().to_owned();
            let (state, user, outbox) = (state.clone(), user.clone(), outbox.clone());
            tokio::spawn(async move {
                let _permit = permit;
                if let Err(message) = hang_up(&state, &user, &call).await {
                    let _ = outbox.send(error_message(&message)).await;
                }
            });
            None
        }
        _ => Some(format!("Unrecognized payload: {}", js_string(&message))),
    }
}

fn text_field(value: Option<&Value>) -> Option<&str> {
    value.and_then(Value::as_str).filter(|s| !s.is_empty())
}

/// Why a call was not placed: the message for the client, and the HTTP status of
/// the destination policy's refusals.
struct Refusal {
    status: Option<u16>,
    message: String,
}

impl From<String> for Refusal {
    fn from(message: String) -> Self {
        Self {
            status: None,
            message,
        }
    }
}

impl From<&str> for Refusal {
    fn from(message: &str) -> Self {
        message.to_owned().into()
    }
}

/// Validates the request, creates the call, reports its first status and maps it to
/// this socket.
async fn place_call(
    state: &AppState,
    user: &FlexUser,
    socket: SocketId,
    outbox: &Outbox,
    request: CallRequest,
) -> Result<(), Refusal> {
    let to = text_field(request.to.as_ref())
        .and_then(|to| PhoneNumber::new(to).ok())
        .ok_or("`to` must be a phone number in E.164 form, like +15551234567")?;
    let caller_ids = &state.config.caller_ids;
    let from = match text_field(request.from.as_ref()) {
        None => caller_ids
            .first()
            .cloned()
            .ok_or("no caller ID is configured")?,
        Some(from) => caller_ids
            .iter()
            .find(|id| id.as_str() == from)
            .cloned()
            .ok_or_else(|| format!("`from` {from} is not a caller ID this backend may use"))?,
    };
    let contact_uri = user.contact_uri();
    if let Some(sent) = text_field(request.worker_contact_uri.as_ref())
        && sent != contact_uri
    {
        return Err(format!("`workerContactUri` must be your own ({contact_uri})").into());
    }
    state
        .destinations
        .admit(Channel::Call, &user.identity, to.as_str())
        .await
        .map_err(|refusal| {
            tracing::warn!(identity = %user.identity, %refusal, "call refused");
            Refusal {
                status: Some(refusal.http_status()),
                message: refusal.to_string(),
            }
        })?;
    let base = &state.config.public_base_url;
    let answer_url = format!(
        "{base}/twilio-webhook/callHandlerTwiml?workerContactUri={}",
        utf8_percent_encode(&contact_uri, QUERY_VALUE)
    );
    let params = CreateCall::new(to, from, CallInstructions::url(answer_url))
        .status_callback(format!("{base}/twilio-webhook/callStatusCallbackHandler"))
        .status_callback_event([
            CallEvent::Ringing,
            CallEvent::Answered,
            CallEvent::Completed,
        ]);
    let call = state
        .rest
        .api()
        .calls()
        .create(&params)
        .await
        .map_err(|e| twilio_message(e, "call"))?;
    let status = call.status.as_ref().map_or("queued", |s| s.as_str());
    tracing::info!(identity = %user.identity, call = %call.sid.as_str(), "outbound call placed");
    // The first update goes out before any early callback the registry holds.
    let _ = outbox
        .send(CallUpdate::new(call.sid.as_str(), status).to_json())
        .await;
    state
        .transport
        .register(
            &state.calls,
            call.sid.as_str(),
            socket,
            user.identity.as_str().into(),
            outbox.clone(),
        )
        .await;
    Ok(())
}

/// Ends a call this user placed (and whose socket is still open). `Err` is the message
/// for the client; another user's call and an unknown one read the same.
async fn hang_up(state: &AppState, user: &FlexUser, call: &str) -> Result<(), String> {
    let sid = CallSid::new(call).map_err(|_| "`callSid` is not a call SID".to_owned())?;
    match state.calls.owner(sid.as_str()).await {
        Some(owner) if *owner == *user.identity => {}
        _ => {
            tracing::warn!(identity = %user.identity, call, "hangup of a call not placed by this user refused");
            return Err("you can only hang up calls you placed".into());
        }
    }
    state
        .rest
        .api()
        .call(sid)
        .update(&UpdateCall::end(CallUpdateStatus::Completed))
        .await
        .map(|_| ())
        .map_err(|e| twilio_message(e, "hangup"))
}

fn twilio_message(error: twilio_rest::Error, what: &str) -> String {
    let error = Error::Twilio(error);
    tracing::warn!(%error, what, "Twilio refused");
    error.public_message()
}
