//! Twilio's webhooks. The `TwilioWebhook` extractor has already checked the signature
//! against `PUBLIC_BASE_URL` (missing → 400, wrong → 403) before these run.

use actix_web::{HttpResponse, ResponseError as _, web};
use serde::{Deserialize, Serialize};
use twilio_app_env::input::StrictQuery;
use twilio_twiml::voice::{Enqueue, Task, VoiceResponse};
use twilio_webhook::actix::TwilioWebhook;
use twilio_webhook::payload::{CallStatusCallback, VoiceRequest};

use crate::{AppState, Error};

/// Longest `workerContactUri` accepted.
const MAX_CONTACT_URI: usize = 512;

/// The query of the answer URL.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct AnswerQuery {
    worker_contact_uri: Option<String>,
}

/// The task attributes, in the seed's key order (Flex plugins read them).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct TaskAttributes<'a> {
    target_worker: &'a str,
    auto_answer: &'static str,
    r#type: &'static str,
    direction: &'static str,
    name: &'a str,
}

/// `POST /twilio-webhook/callHandlerTwiml?workerContactUri=…`: the customer answered;
/// enqueue a task the outbound workflow routes to that worker.
pub(crate) async fn call_handler_twiml(
    hook: TwilioWebhook<VoiceRequest>,
    query: StrictQuery<AnswerQuery>,
    state: web::Data<AppState>,
) -> HttpResponse {
    match enqueue(&hook, &query, &state) {
        Ok(xml) => HttpResponse::Ok().content_type("application/xml").body(xml),
        Err(error) => {
            tracing::warn!(%error, "answer webhook refused");
            error.error_response()
        }
    }
}

fn enqueue(hook: &VoiceRequest, query: &AnswerQuery, state: &AppState) -> Result<String, Error> {
    check_account(hook.account_sid.as_ref().map(|a| a.as_str()), state)?;
    let worker = query
        .worker_contact_uri
        .as_deref()
        .filter(|w| w.starts_with("client:") && w.len() <= MAX_CONTACT_URI)
        .ok_or_else(|| Error::BadRequest("`workerContactUri` must be a client: address".into()))?;
    let to = hook.to.as_ref().map_or("", |a| a.as_str());
    let attributes = serde_json::to_string(&TaskAttributes {
        target_worker: worker,
        auto_answer: "true",
        r#type: "outbound",
        direction: "outbound",
        name: to,
    })
    .map_err(|e| Error::BadRequest(e.to_string()))?;
    let twiml = VoiceResponse::new().enqueue(
        Enqueue::new()
            .workflow_sid(state.config.workflow_sid.as_str())
            .task(Task::new(attributes)),
    );
    Ok(twiml.to_xml()?)
}

/// `POST /twilio-webhook/callStatusCallbackHandler`: the update goes to the socket that
/// placed the call, on whichever instance holds it (503 when Redis cannot take it).
pub(crate) async fn call_status(
    hook: TwilioWebhook<CallStatusCallback>,
    state: web::Data<AppState>,
) -> HttpResponse {
    if let Err(error) = check_account(hook.account_sid.as_ref().map(|a| a.as_str()), &state) {
        return error.error_response();
    }
    let (Some(call), Some(status)) = (&hook.call_sid, &hook.call_status) else {
        return Error::BadRequest("`CallSid` and `CallStatus` are required".into())
            .error_response();
    };
    // 200 only once the update is stored or delivered: a 503 makes Twilio retry.
    match state
        .transport
        .status(&state.calls, call.as_str(), status.as_str())
        .await
    {
        Ok(()) => HttpResponse::Ok().finish(),
        Err(error) => error.error_response(),
    }
}

/// `OPTIONS` on both webhooks (the seed answered 200).
pub(crate) async fn options() -> HttpResponse {
    HttpResponse::Ok().finish()
}

/// A signed webhook from another account (the same auth token reused) is refused.
fn check_account(account: Option<&str>, state: &AppState) -> Result<(), Error> {
    if account == Some(state.config.account_sid.as_str()) {
        Ok(())
    } else {
        Err(Error::BadRequest("webhook for another account".into()))
    }
}
