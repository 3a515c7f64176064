//! `api.twilio.com/2010-04-01`: Calls (with their progress and status callbacks),
//! call Recordings, Messages.

use actix_web::http::Method;
use jiff::Timestamp;
use serde_json::{Value, json};

use crate::Shared;
use crate::http::{ApiError, Reply, Req, created, deleted, ok, page_v2010};
use crate::store::{Call, Recording, Stage, rfc2822, sid};

/// Longest message body Twilio accepts.
const MAX_BODY: usize = 1600;

pub(crate) fn route(shared: &Shared, req: &Req<'_>, rest: &[&str]) -> Reply {
    let m = req.method;
    match rest {
        ["Calls.json"] if m == Method::POST => create_call(shared, req),
        ["Calls.json"] if m == Method::GET => {
            let keys = [("To", "to"), ("From", "from"), ("Status", "status")];
            let calls = shared
                .store()
                .calls
                .iter()
                .rev()
                .map(|c| c.json.clone())
                .filter(|c| matches_filter(c, req, &keys))
                .collect();
            page_v2010(req, "calls", calls)
        }
        ["Calls", call] if call.ends_with(".json") => {
            let sid = call.trim_end_matches(".json");
            match *m {
                Method::GET => fetch_call(shared, sid, req),
                Method::POST => update_call(shared, sid, req),
                _ => Err(ApiError::not_found(req.path)),
            }
        }
        ["Calls", call, "Recordings.json"] => {
            if m == Method::POST {
                start_recording(shared, call, req)
            } else {
                let store = shared.store();
                let items = store
                    .recordings
                    .iter()
                    .rev()
                    .filter(|r| r.call_sid == *call)
                    .map(Recording::call_json)
                    .collect();
                page_v2010(req, "recordings", items)
            }
        }
        ["Recordings.json"] if m == Method::GET => {
            let store = shared.store();
            let wanted = req.query.get("CallSid");
            let items = store
                .recordings
                .iter()
                .rev()
                .filter(|r| wanted.is_none_or(|c| r.call_sid == c))
                .map(Recording::json)
                .collect();
            page_v2010(req, "recordings", items)
        }
        ["Recordings", rec] if rec.ends_with(".json") => {
            let sid = rec.trim_end_matches(".json");
            let mut store = shared.store();
            let index = store
                .recordings
                .iter()
                .position(|r| r.sid == sid)
                .ok_or_else(|| ApiError::not_found(req.path))?;
            match *m {
                Method::GET => ok(store.recordings[index].json()),
                Method::DELETE => {
                    store.recordings.remove(index);
                    deleted()
                }
                _ => Err(ApiError::not_found(req.path)),
            }
        }
        ["Messages.json"] if m == Method::POST => create_message(shared, req),
        ["Messages.json"] if m == Method::GET => {
            let store = shared.store();
            let items = store
                .messages
                .iter()
                .rev()
                .filter(|msg| matches_filter(msg, req, &[("To", "to"), ("From", "from")]))
                .cloned()
                .collect();
            page_v2010(req, "messages", items)
        }
        ["Messages", msg] if msg.ends_with(".json") => {
            let sid = msg.trim_end_matches(".json");
            let mut store = shared.store();
            let index = store
                .messages
                .iter()
                .position(|x| x["sid"] == sid)
                .ok_or_else(|| ApiError::not_found(req.path))?;
            match *m {
                Method::GET => ok(store.messages[index].clone()),
                Method::DELETE => {
                    store.messages.remove(index);
                    deleted()
                }
                _ => Err(ApiError::not_found(req.path)),
            }
        }
        _ => Err(ApiError::not_found(req.path)),
    }
}

/// A list filter: every given query key must equal the resource's field.
fn matches_filter(item: &Value, req: &Req<'_>, keys: &[(&str, &str)]) -> bool {
    keys.iter().all(|(param, field)| {
        req.query
            .get(param)
            .is_none_or(|wanted| item[*field].as_str() == Some(wanted))
    })
}

fn is_e164(raw: &str) -> bool {
    raw.strip_prefix('+').is_some_and(|digits| {
        (8..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit())
    })
}

/// `to`/`from` of a call: E.164, `client:NAME` or `sip:…`.
fn is_address(raw: &str) -> bool {
    is_e164(raw) || raw.starts_with("client:") || raw.starts_with("sip:")
}

fn call_json(shared: &Shared, sid: &str, to: &str, from: &str, now: Timestamp) -> Value {
    let account = &shared.account_sid;
    let base = format!("/2010-04-01/Accounts/{account}/Calls/{sid}");
    json!({
        "sid": sid,
        "date_created": rfc2822(now),
        "date_updated": rfc2822(now),
        "parent_call_sid": null,
        "account_sid": account,
        "to": to,
        "to_formatted": to,
        "from": from,
        "from_formatted": from,
        "phone_number_sid": null,
        "status": "queued",
        "start_time": null,
        "end_time": null,
        "duration": null,
        "price": null,
        "price_unit": "USD",
        "direction": "outbound-api",
        "answered_by": null,
        "api_version": "2010-04-01",
        "forwarded_from": null,
        "group_sid": null,
        "caller_name": null,
        "queue_time": "0",
        "trunk_sid": null,
        "uri": format!("{base}.json"),
        "subresource_uris": {
            "notifications": format!("{base}/Notifications.json"),
            "recordings": format!("{base}/Recordings.json"),
            "events": format!("{base}/Events.json"),
        },
    })
}

/// `POST Calls.json`: answers `queued` and sets the call on its way.
fn create_call(shared: &Shared, req: &Req<'_>) -> Reply {
    let f = &req.form;
    let to = f
        .get("To")
        .ok_or_else(|| ApiError::bad(21201, "No 'To' number is specified"))?;
    let from = f
        .get("From")
        .ok_or_else(|| ApiError::bad(21213, "No 'From' number is specified"))?;
    if !is_address(to) {
        return Err(ApiError::bad(
            21217,
            format!("Phone number {to} is not a valid phone number"),
        ));
    }
    if !is_address(from) {
        return Err(ApiError::bad(
            21212,
            format!("Invalid From Number (caller ID): {from}"),
        ));
    }
    if f.get("Url").is_none() && f.get("Twiml").is_none() && f.get("ApplicationSid").is_none() {
        return Err(ApiError::bad(21205, "Url parameter is required."));
    }
    let sid = sid("CA");
    let json = call_json(shared, &sid, to, from, Timestamp::now());
    let call = Call {
        json: json.clone(),
        stage: Stage::Queued,
        url: f.get("Url").map(str::to_owned),
        twiml: f.get("Twiml").map(str::to_owned),
        held: false,
        status_callback: f.get("StatusCallback").map(str::to_owned),
        events: f.all("StatusCallbackEvent"),
        end_requested: false,
        sequence: 0,
        answered_at: None,
    };
    shared.store().calls.push(call);
    let runner = shared.clone();
    actix_web::rt::spawn(async move { progress(runner, sid).await });
    created(json)
}

fn fetch_call(shared: &Shared, sid: &str, req: &Req<'_>) -> Reply {
    let mut store = shared.store();
    let call = store
        .call_mut(sid)
        .ok_or_else(|| ApiError::not_found(req.path))?;
    ok(call.json.clone())
}

/// `POST Calls/{Sid}.json`: `Status=completed|canceled` ends the call (the progress
/// task sends the final callback); `Url`/`Twiml` on an active call are accepted.
fn update_call(shared: &Shared, sid: &str, req: &Req<'_>) -> Reply {
    let mut store = shared.store();
    let call = store
        .call_mut(sid)
        .ok_or_else(|| ApiError::not_found(req.path))?;
    match req.form.get("Status") {
        Some("completed" | "canceled") => {
            if call.held {
                call.held = false;
                call.end_requested = true;
                let runner = shared.clone();
                let sid = sid.to_owned();
                actix_web::rt::spawn(async move { run_step(&runner, &sid, Stage::Over).await });
            } else if call.stage != Stage::Over {
                call.end_requested = true;
            }
        }
        Some(other) => {
            return Err(ApiError::bad(21218, format!("Invalid Status: {other}")));
        }
        None if call.stage == Stage::Over => {
            return Err(ApiError::bad(
                21220,
                "Call is not in-progress. Cannot redirect.",
            ));
        }
        None => {
            if let Some(url) = req.form.get("Url") {
                call.url = Some(url.to_owned());
            }
        }
    }
    ok(call.json.clone())
}

fn start_recording(shared: &Shared, call_sid: &str, req: &Req<'_>) -> Reply {
    let mut store = shared.store();
    let call = store
        .call_mut(call_sid)
        .ok_or_else(|| ApiError::not_found(req.path))?;
    if call.stage != Stage::InProgress {
        return Err(ApiError::bad(
            21220,
            "Requested resource is not eligible for recording",
        ));
    }
    let recording = Recording {
        sid: sid("RE"),
        call_sid: call_sid.to_owned(),
        account_sid: shared.account_sid.clone(),
        created: Timestamp::now(),
        ended: None,
    };
    let json = recording.call_json();
    store.recordings.push(recording);
    created(json)
}

/// The steps of a call after `queued`, in order.
const STEPS: [Stage; 4] = [
    Stage::Initiated,
    Stage::Ringing,
    Stage::InProgress,
    Stage::Over,
];

/// Walks a call through its life: each step's webhook is delivered before the next
/// step starts, so the app sees them in Twilio's order and nothing waits on a clock.
/// A call whose answer TwiML enqueues or dials stays in progress until it is hung up.
async fn progress(shared: Shared, sid: String) {
    for step in STEPS {
        match run_step(&shared, &sid, step).await {
            StepOutcome::Next => {}
            StepOutcome::Over => return,
            StepOutcome::Waits => {
                let mut store = shared.store();
                let Some(call) = store.call_mut(&sid) else {
                    return;
                };
                if !call.end_requested {
                    // `update_call` sends the last step when someone hangs up.
                    call.held = true;
                    return;
                }
            }
        }
    }
}

/// What a call does after a step.
#[derive(Debug, PartialEq, Eq)]
enum StepOutcome {
    Next,
    /// Answered by TwiML that keeps it up (`<Enqueue>`, `<Dial>`).
    Waits,
    Over,
}

async fn run_step(shared: &Shared, sid: &str, step: Stage) -> StepOutcome {
    let Some(plan) = advance(shared, sid, step) else {
        return StepOutcome::Over;
    };
    let mut outcome = if plan.over {
        StepOutcome::Over
    } else {
        StepOutcome::Next
    };
    if plan.answered {
        let twiml = match &plan.answer_url {
            Some(url) => deliver(shared, url, &plan.params).await,
            None => plan.twiml.clone(),
        };
        let twiml = twiml.unwrap_or_default();
        if twiml.contains("<Enqueue") {
            shared.store().taskrouter.task_entered();
        }
        if twiml.contains("<Enqueue") || twiml.contains("<Dial") {
            outcome = StepOutcome::Waits;
        }
    }
    if let Some(callback) = &plan.callback {
        deliver(shared, callback, &plan.params).await;
    }
    outcome
}

/// What one step sends.
#[derive(Debug)]
struct Plan {
    params: Vec<(String, String)>,
    callback: Option<String>,
    answered: bool,
    answer_url: Option<String>,
    twiml: Option<String>,
    over: bool,
}

/// Applies `step` (or the hang-up that was asked for) to the call's state and says
/// which webhooks go out.
fn advance(shared: &Shared, sid: &str, step: Stage) -> Option<Plan> {
    let mut store = shared.store();
    let call = store.call_mut(sid)?;
    if call.stage == Stage::Over {
        return None;
    }
    let now = Timestamp::now();
    let step = if call.end_requested {
        Stage::Over
    } else {
        step
    };
    let (status, event) = match step {
        Stage::Queued | Stage::Initiated => ("initiated", "initiated"),
        Stage::Ringing => ("ringing", "ringing"),
        Stage::InProgress => ("in-progress", "answered"),
        Stage::Over if call.answered_at.is_some() => ("completed", "completed"),
        Stage::Over => ("canceled", "completed"),
    };
    let answered = step == Stage::InProgress;
    if answered {
        call.answered_at = Some(now);
        call.json["start_time"] = json!(rfc2822(now));
    }
    let mut duration = None;
    if step == Stage::Over {
        let seconds = call
            .answered_at
            .map_or(0, |at| (now.as_second() - at.as_second()).max(1));
        duration = Some(seconds.to_string());
        call.json["end_time"] = json!(rfc2822(now));
        call.json["duration"] = json!(seconds.to_string());
    }
    call.stage = step;
    // The resource's enum has no `initiated`: it stays `queued` until it rings.
    if step != Stage::Initiated {
        call.json["status"] = json!(status);
    }
    call.json["date_updated"] = json!(rfc2822(now));
    call.sequence += 1;
    let wanted = event == "completed" || call.events.iter().any(|e| e == event);
    let mut params = vec![
        ("AccountSid".to_owned(), shared.account_sid.clone()),
        ("ApiVersion".to_owned(), "2010-04-01".to_owned()),
        ("CallSid".to_owned(), sid.to_owned()),
        ("CallStatus".to_owned(), status.to_owned()),
        ("Called".to_owned(), call.field("to")),
        ("Caller".to_owned(), call.field("from")),
        ("Direction".to_owned(), "outbound-api".to_owned()),
        ("From".to_owned(), call.field("from")),
        ("To".to_owned(), call.field("to")),
        ("Timestamp".to_owned(), rfc2822(now)),
        ("SequenceNumber".to_owned(), (call.sequence - 1).to_string()),
        (
            "CallbackSource".to_owned(),
            "call-progress-events".to_owned(),
        ),
    ];
    if let Some(d) = duration {
        params.push(("CallDuration".to_owned(), d.clone()));
        params.push(("Duration".to_owned(), d));
    }
    let plan = Plan {
        callback: call.status_callback.clone().filter(|_| wanted),
        answered,
        answer_url: call.url.clone().filter(|_| answered),
        twiml: call.twiml.clone(),
        over: step == Stage::Over,
        params,
    };
    if plan.over {
        for rec in store.recordings.iter_mut().filter(|r| r.call_sid == sid) {
            rec.ended.get_or_insert(now);
        }
    }
    Some(plan)
}

/// POSTs a signed form webhook as Twilio would; the body of a 2xx answer.
pub(crate) async fn deliver(
    shared: &Shared,
    url: &str,
    params: &[(String, String)],
) -> Option<String> {
    let signature = shared.signer.sign(url, params);
    let sent = shared
        .http
        .post(url)
        .header("X-Twilio-Signature", signature)
        .header(
            "I-Twilio-Idempotency-Token",
            uuid::Uuid::new_v4().to_string(),
        )
        .form(params)
        .send()
        .await;
    match sent {
        Ok(response) if response.status().is_success() => response.text().await.ok(),
        Ok(response) => {
            tracing::warn!(%url, status = %response.status(), "twilio fake: webhook refused");
            None
        }
        Err(error) => {
            tracing::warn!(%url, %error, "twilio fake: webhook not delivered");
            None
        }
    }
}

/// `POST Messages.json`: stored `queued`, then `sent` and `delivered` with status
/// callbacks; a message to a Proxy number is relayed within its session.
fn create_message(shared: &Shared, req: &Req<'_>) -> Reply {
    let f = &req.form;
    let to = f
        .get("To")
        .ok_or_else(|| ApiError::bad(21604, "A 'To' phone number is required."))?;
    let from = f
        .get("From")
        .or(f.get("MessagingServiceSid"))
        .ok_or_else(|| ApiError::bad(21603, "A 'From' phone number is required."))?;
    let body = f.get("Body").unwrap_or("");
    let media = f.all("MediaUrl");
    if body.is_empty() && media.is_empty() {
        return Err(ApiError::bad(21602, "Message body is required."));
    }
    if body.chars().count() > MAX_BODY {
        return Err(ApiError::bad(
            21617,
            "The concatenated message body exceeds the 1600 character limit.",
        ));
    }
    if !is_e164(to) && !to.starts_with("whatsapp:") {
        return Err(ApiError::bad(
            21211,
            format!("Invalid 'To' Phone Number: {to}"),
        ));
    }
    let json = store_message(shared, to, from, body, media.len(), "outbound-api");
    let sid = json["sid"].as_str().unwrap_or_default().to_owned();
    let callback = f.get("StatusCallback").map(str::to_owned);
    let runner = shared.clone();
    let (to, from, body) = (to.to_owned(), from.to_owned(), body.to_owned());
    actix_web::rt::spawn(async move {
        for status in ["sent", "delivered"] {
            set_message_status(&runner, &sid, status);
            if let Some(url) = &callback {
                let params = vec![
                    ("AccountSid".to_owned(), runner.account_sid.clone()),
                    ("ApiVersion".to_owned(), "2010-04-01".to_owned()),
                    ("MessageSid".to_owned(), sid.clone()),
                    ("SmsSid".to_owned(), sid.clone()),
                    ("MessageStatus".to_owned(), status.to_owned()),
                    ("SmsStatus".to_owned(), status.to_owned()),
                    ("From".to_owned(), from.clone()),
                    ("To".to_owned(), to.clone()),
                ];
                deliver(&runner, url, &params).await;
            }
        }
        crate::proxy::relay_message(&runner, &sid, &from, &to, &body).await;
    });
    created(json)
}

/// Stores a message (queued) and returns its JSON.
pub(crate) fn store_message(
    shared: &Shared,
    to: &str,
    from: &str,
    body: &str,
    num_media: usize,
    direction: &str,
) -> Value {
    let sid = sid("SM");
    let now = Timestamp::now();
    let account = &shared.account_sid;
    let segments = body.chars().count().div_ceil(160).max(1);
    let json = json!({
        "body": body,
        "num_segments": segments.to_string(),
        "direction": direction,
        "from": from,
        "to": to,
        "date_updated": rfc2822(now),
        "price": null,
        "error_message": null,
        "uri": format!("/2010-04-01/Accounts/{account}/Messages/{sid}.json"),
        "account_sid": account,
        "num_media": num_media.to_string(),
        "status": if direction == "inbound" { "received" } else { "queued" },
        "messaging_service_sid": null,
        "sid": sid,
        "date_sent": null,
        "date_created": rfc2822(now),
        "error_code": null,
        "price_unit": "USD",
        "api_version": "2010-04-01",
        "subresource_uris": {
            "media": format!("/2010-04-01/Accounts/{account}/Messages/{sid}/Media.json"),
            "feedback": format!("/2010-04-01/Accounts/{account}/Messages/{sid}/Feedback.json"),
        },
    });
    shared.store().messages.push(json.clone());
    json
}

fn set_message_status(shared: &Shared, sid: &str, status: &str) {
    let now = rfc2822(Timestamp::now());
    let mut store = shared.store();
    if let Some(msg) = store.messages.iter_mut().find(|m| m["sid"] == sid) {
        msg["status"] = json!(status);
        msg["date_updated"] = json!(now);
        if status == "sent" {
            msg["date_sent"] = json!(now);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_checked_like_twilio() {
        assert!(is_e164("+15005550006"));
        assert!(!is_e164("15005550006"));
        assert!(!is_e164("+1500abc"));
        assert!(is_address("client:alice"));
        assert!(!is_address("alice"));
    }
}
