//! Local mode's click-to-call: without a Twilio account the browser cannot use the
//! Voice SDK, so the Dial dialog asks the server to place the call instead. The call
//! goes through the REST client to the embedded fake (from the Participant's number
//! to its proxy number, answered with the dial TwiML the TwiML App's webhook would
//! give); the fake's signed status callbacks (`/localCall/callback`) move its status,
//! which the dialog reads (`/localCall/status`) until the call is over.
//!
//! Outside local mode every route answers 501: a real console calls from the
//! browser.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use serde_json::json;
use twilio_app_env::input::StrictForm;
use twilio_rest::api::calls::{
    CallEvent, CallInstructions, CallUpdateStatus, CreateCall, UpdateCall,
};
use twilio_rest::sid::CallSid;
use twilio_webhook::actix::TwilioWebhook;
use twilio_webhook::payload::CallStatusCallback;

use crate::guard::AdminAction;
use crate::hooks::dial_target;
use crate::{AppState, Error};

/// Calls remembered at once; the oldest is forgotten beyond this.
const MAX_CALLS: usize = 256;

/// The refusal outside local mode.
const NOT_LOCAL: &str = "simulated calls exist only in local mode (no TWILIO_ACCOUNT_SID); \
     with a Twilio account the Dial button calls from the browser";

/// Statuses after which nothing changes.
fn is_final(status: &str) -> bool {
    matches!(
        status,
        "completed" | "busy" | "failed" | "no-answer" | "canceled"
    )
}

/// One simulated call: who placed it and its last status.
#[derive(Debug, Clone)]
struct LocalCall {
    admin: String,
    status: String,
    /// The last `SequenceNumber` applied (callbacks may come twice).
    sequence: Option<u64>,
    /// Insertion order, to forget the oldest.
    order: u64,
}

/// The simulated calls placed by this process, by CallSid.
#[derive(Debug, Default)]
pub(crate) struct LocalCalls {
    inner: Mutex<Calls>,
}

type Calls = (HashMap<String, LocalCall>, u64);

/// The call `sid`, added with `status` (and the oldest call forgotten when the map
/// is full) if it is new.
fn entry<'a>(guard: &'a mut MutexGuard<'_, Calls>, sid: &str, status: &str) -> &'a mut LocalCall {
    let (calls, counter) = &mut **guard;
    if !calls.contains_key(sid) {
        *counter += 1;
        if calls.len() >= MAX_CALLS
            && let Some(oldest) = calls
                .iter()
                .min_by_key(|(_, c)| c.order)
                .map(|(k, _)| k.clone())
        {
            calls.remove(&oldest);
        }
    }
    let order = *counter;
    calls.entry(sid.to_owned()).or_insert_with(|| LocalCall {
        admin: String::new(),
        status: status.to_owned(),
        sequence: None,
        order,
    })
}

impl LocalCalls {
    fn lock(&self) -> MutexGuard<'_, Calls> {
        // A poisoned map is still a valid map: statuses only.
        self.inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Records a call `admin` placed (its status so far kept if a callback came
    /// before the create answered).
    fn insert(&self, sid: &str, admin: &str, status: &str) {
        let mut guard = self.lock();
        let call = entry(&mut guard, sid, status);
        call.admin = admin.to_owned();
    }

    /// Applies a signed status callback. A call not placed yet is kept without an
    /// owner (its create may not have answered yet); nobody can read it until then.
    fn update(&self, sid: &str, status: &str, sequence: Option<u64>) {
        let mut guard = self.lock();
        let call = entry(&mut guard, sid, status);
        let stale = matches!((call.sequence, sequence), (Some(seen), Some(new)) if new <= seen);
        if stale || is_final(&call.status) {
            return;
        }
        call.status = status.to_owned();
        call.sequence = sequence.or(call.sequence);
    }

    /// The status of `sid` if `admin` placed it.
    fn status(&self, sid: &str, admin: &str) -> Option<String> {
        let guard = self.lock();
        guard
            .0
            .get(sid)
            .filter(|c| !c.admin.is_empty() && c.admin == admin)
            .map(|c| c.status.clone())
    }
}

fn local_only() -> Result<(), Error> {
    if crate::local::active() {
        Ok(())
    } else {
        Err(Error::NotConfigured(NOT_LOCAL))
    }
}

/// Body of `POST /localCall`: the Dial button's participant.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PlaceForm {
    service_sid: Option<String>,
    session_sid: Option<String>,
    participant_sid: Option<String>,
}

/// Body of `POST /localCall/status` and `/localCall/hangup`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CallForm {
    call_sid: Option<String>,
}

fn call_json(
    sid: &str,
    status: &str,
    call: Option<&twilio_rest::api::calls::Call>,
) -> HttpResponse {
    let resource = call.map(|c| {
        json!({
            "status": c.status.as_ref().map(|s| s.as_str().to_owned()),
            "from": c.from,
            "to": c.to,
            "duration": c.duration,
        })
    });
    HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(json!({
            "callSid": sid,
            "status": status,
            "final": is_final(status),
            "call": resource,
        }))
}

/// `POST /localCall` `serviceSid, sessionSid, participantSid` (local mode): the same
/// checks as the TwiML App's webhook, then a call from the Participant's number to
/// its proxy number on the fake. Answers `{callSid, status, final, call}`.
pub(crate) async fn place(
    admin: AdminAction,
    state: web::Data<AppState>,
    form: StrictForm<PlaceForm>,
) -> Result<HttpResponse, Error> {
    local_only()?;
    let target = dial_target(
        &state,
        form.service_sid.as_deref(),
        form.session_sid.as_deref(),
        form.participant_sid.as_deref(),
    )
    .await?;
    let twiml = target.twiml().to_xml()?;
    let callback = format!("{}/localCall/callback", state.config.public_base_url);
    let params = CreateCall::new(
        target.proxy.clone(),
        target.number.clone(),
        CallInstructions::twiml(twiml),
    )
    .status_callback(callback)
    .status_callback_event([
        CallEvent::Initiated,
        CallEvent::Ringing,
        CallEvent::Answered,
        CallEvent::Completed,
    ]);
    let call = state.rest.api().calls().create(&params).await?;
    let status = call.status.as_ref().map_or("queued", |s| s.as_str());
    state
        .local_calls
        .insert(call.sid.as_str(), admin.0.as_str(), status);
    tracing::info!(admin = %admin.0, participant = %target.participant, call = %call.sid, "local click-to-call");
    let status = state
        .local_calls
        .status(call.sid.as_str(), admin.0.as_str())
        .unwrap_or_else(|| status.to_owned());
    Ok(call_json(call.sid.as_str(), &status, Some(&call)))
}

/// The CallSid of the form, placed by this admin.
fn own_call(
    state: &AppState,
    admin: &AdminAction,
    form: &CallForm,
) -> Result<(CallSid, String), Error> {
    let sid = form
        .call_sid
        .as_deref()
        .and_then(|s| CallSid::new(s).ok())
        .ok_or_else(|| Error::BadRequest("`callSid` is missing or not a call SID (CA…)".into()))?;
    let status = state
        .local_calls
        .status(sid.as_str(), admin.0.as_str())
        .ok_or_else(|| Error::Forbidden("not a call you placed from this console".into()))?;
    Ok((sid, status))
}

/// `POST /localCall/status` `callSid` (local mode): the status the callbacks set,
/// and the fake's call resource.
pub(crate) async fn status(
    admin: AdminAction,
    state: web::Data<AppState>,
    form: StrictForm<CallForm>,
) -> Result<HttpResponse, Error> {
    local_only()?;
    let (sid, status) = own_call(&state, &admin, &form)?;
    let call = state.rest.api().call(sid.clone()).fetch().await?;
    Ok(call_json(sid.as_str(), &status, Some(&call)))
}

/// `POST /localCall/hangup` `callSid` (local mode): ends a call this admin placed.
pub(crate) async fn hangup(
    admin: AdminAction,
    state: web::Data<AppState>,
    form: StrictForm<CallForm>,
) -> Result<HttpResponse, Error> {
    local_only()?;
    let (sid, status) = own_call(&state, &admin, &form)?;
    if is_final(&status) {
        return Ok(call_json(sid.as_str(), &status, None));
    }
    let call = state
        .rest
        .api()
        .call(sid.clone())
        .update(&UpdateCall::end(CallUpdateStatus::Completed))
        .await?;
    tracing::info!(admin = %admin.0, call = %sid, "local call hung up");
    Ok(call_json(sid.as_str(), &status, Some(&call)))
}

/// `POST /localCall/callback`: the fake's signed status callback (signature checked
/// by `TwilioWebhook`, account checked here). Calls not placed here are ignored.
pub(crate) async fn callback(
    hook: TwilioWebhook<CallStatusCallback>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, Error> {
    local_only()?;
    if hook.account_sid.as_ref().map(|s| s.as_str()) != Some(state.config.account_sid.as_str()) {
        return Err(Error::Forbidden("webhook for another account".into()));
    }
    let (Some(call), Some(status)) = (&hook.call_sid, &hook.call_status) else {
        return Err(Error::BadRequest(
            "`CallSid` and `CallStatus` are required".into(),
        ));
    };
    state
        .local_calls
        .update(call.as_str(), status.as_str(), hook.sequence());
    Ok(HttpResponse::Ok().finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_move_forward_and_stop_at_the_end() {
        let calls = LocalCalls::default();
        // A callback before the create answered: kept, nobody's yet.
        calls.update("CA1", "initiated", Some(0));
        assert_eq!(calls.status("CA1", ""), None);
        calls.insert("CA1", "alice", "queued");
        assert_eq!(calls.status("CA1", "alice").as_deref(), Some("initiated"));
        calls.update("CA1", "ringing", Some(1));
        calls.update("CA1", "initiated", Some(0));
        assert_eq!(calls.status("CA1", "alice").as_deref(), Some("ringing"));
        assert_eq!(calls.status("CA1", "bob"), None, "another admin's call");
        calls.update("CA1", "completed", Some(3));
        calls.update("CA1", "in-progress", None);
        assert_eq!(calls.status("CA1", "alice").as_deref(), Some("completed"));
    }

    #[test]
    fn the_map_is_bounded() {
        let calls = LocalCalls::default();
        for i in 0..MAX_CALLS + 10 {
            calls.insert(&format!("CA{i}"), "alice", "queued");
        }
        assert_eq!(calls.lock().0.len(), MAX_CALLS);
        assert_eq!(calls.status("CA0", "alice"), None, "the oldest went first");
        assert!(
            calls
                .status(&format!("CA{}", MAX_CALLS + 9), "alice")
                .is_some()
        );
    }
}
