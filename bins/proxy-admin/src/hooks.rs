//! Twilio's webhooks. `TwilioWebhook` has already checked the signature against
//! `PUBLIC_BASE_URL` (missing → 400, wrong → 403) before these run.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError, web};
use twilio_rest::sid::{
    CallSid, PhoneNumber, ProxyParticipantSid, ProxyServiceSid, ProxySessionSid,
};
use twilio_twiml::voice::{Dial, Hangup, Number, Say, VoiceResponse};
use twilio_webhook::actix::TwilioWebhook;
use twilio_webhook::payload::{ProxyInteraction, VoiceRequest};

use crate::validate::e164;
use crate::views::SessionRules;
use crate::{AppState, Error};

/// `POST /proxyDemoOutboundDial`, the TwiML App's Voice URL (click-to-call).
///
/// The rule (toll-fraud fix, §5.5.2): the browser names a Participant by
/// `serviceSid`, `sessionSid` and `participantSid` (custom `connect()` params); the
/// call must come from this account's TwiML App, from `client:<admin>` with a
/// configured admin's identity; the Session must be open and allow voice; the
/// Participant's number and proxy number must be E.164 and the proxy number must be
/// in the Service's pool. Then, and only then, the answer is the seed's
/// `<Dial callerId="{participant's number}"><Number>{its proxy number}</Number></Dial>`:
/// Proxy bridges that call to the other Participant. The browser's own `To`/`From`
/// are never dialled.
pub(crate) async fn outbound_dial(
    hook: TwilioWebhook<VoiceRequest>,
    state: web::Data<AppState>,
) -> HttpResponse {
    match dial(&hook, &state).await {
        Ok(twiml) => twiml_response(StatusCode::OK, &twiml),
        Err(error) => refuse(&error),
    }
}

async fn dial(hook: &VoiceRequest, state: &AppState) -> Result<VoiceResponse, Error> {
    let config = &state.config;
    let Some(app_sid) = &config.twiml_app_sid else {
        return Err(Error::NotConfigured("click-to-call is not configured"));
    };
    same_account(hook.account_sid.as_ref().map(|s| s.as_str()), state)?;
    if hook.application_sid.as_ref().map(|s| s.as_str()) != Some(app_sid.as_str()) {
        return Err(Error::Forbidden(
            "not a call from this app's TwiML App".into(),
        ));
    }
    let admin = hook
        .from
        .as_ref()
        .and_then(|from| from.client_identity())
        .filter(|id| {
            twilio_app_auth::Username::new(*id).is_ok_and(|u| state.auth.users().contains(&u))
        })
        .ok_or_else(|| Error::Forbidden("the caller is not an admin of this app".into()))?;
    let param = |name: &'static str| hook.extra.get(name).map(String::as_str);
    let target = dial_target(
        state,
        param("serviceSid"),
        param("sessionSid"),
        param("participantSid"),
    )
    .await?;
    tracing::info!(admin, participant = %target.participant, "click-to-call");
    Ok(target.twiml())
}

/// Who a click-to-call reaches: a Participant's own number (the caller id) and its
/// proxy number (what is dialled).
#[derive(Debug, Clone)]
pub(crate) struct DialTarget {
    /// The Participant.
    pub(crate) participant: ProxyParticipantSid,
    /// Its own number, the caller id.
    pub(crate) number: PhoneNumber,
    /// Its proxy number, from the Service's pool.
    pub(crate) proxy: PhoneNumber,
}

impl DialTarget {
    /// The seed's `<Dial callerId="{number}"><Number>{proxy}</Number></Dial>`.
    pub(crate) fn twiml(&self) -> VoiceResponse {
        VoiceResponse::new().dial(
            Dial::new()
                .caller_id(self.number.as_str())
                .number(Number::new(self.proxy.as_str())),
        )
    }
}

/// Checks a click-to-call request (both the TwiML App's webhook and local mode's
/// simulated call): the SIDs are well formed, the Session is open and allows voice,
/// the Participant has a phone number and a proxy number from the Service's pool.
pub(crate) async fn dial_target(
    state: &AppState,
    service_sid: Option<&str>,
    session_sid: Option<&str>,
    participant_sid: Option<&str>,
) -> Result<DialTarget, Error> {
    let bad = |name: &str| Error::BadRequest(format!("`{name}` is missing or malformed"));
    let service_sid = service_sid
        .and_then(|s| ProxyServiceSid::new(s).ok())
        .ok_or_else(|| bad("serviceSid"))?;
    let session_sid = session_sid
        .and_then(|s| ProxySessionSid::new(s).ok())
        .ok_or_else(|| bad("sessionSid"))?;
    let participant_sid = participant_sid
        .and_then(|s| ProxyParticipantSid::new(s).ok())
        .ok_or_else(|| bad("participantSid"))?;

    let service = state.rest.proxy().service(service_sid);
    let session = service.session(session_sid);
    let participant = session.participant(participant_sid);
    let (info, participant, pool) = futures_util::future::try_join3(
        session.fetch(),
        participant.fetch(),
        service.phone_numbers().list().collect(),
    )
    .await?;
    let rules = SessionRules::of(&info, true);
    if rules.closed || !rules.voice {
        return Err(Error::Forbidden(
            "the session is closed or does not allow voice".into(),
        ));
    }
    let number = participant.identifier.as_deref().and_then(e164);
    let proxy = participant.proxy_identifier.as_deref().and_then(e164);
    let in_pool = participant
        .proxy_identifier_sid
        .as_ref()
        .is_some_and(|pn| pool.iter().any(|n| &n.sid == pn));
    let (Some(number), Some(proxy), true) = (number, proxy, in_pool) else {
        return Err(Error::Forbidden(
            "the participant has no phone number and proxy number from this service's pool".into(),
        ));
    };
    Ok(DialTarget {
        participant: participant.sid,
        number,
        proxy,
    })
}

/// `POST /recordCall`, the Proxy Service's Callback URL: answers 200 at once and
/// starts the bounded recording job when the outbound leg is `initiated` (§5.4).
pub(crate) async fn record_call(
    hook: TwilioWebhook<ProxyInteraction>,
    state: web::Data<AppState>,
) -> HttpResponse {
    // Twilio's Proxy webhooks send `interactionAccountSid`; `accountSid` is kept for
    // payloads shaped like the other Proxy resources.
    let account = hook.account().map(|s| s.as_str());
    if let Err(error) = same_account(account, &state) {
        tracing::warn!(%error, "proxy callback refused");
        return HttpResponse::Forbidden().finish();
    }
    let inbound = hook.inbound_resource_sid.as_ref().map(|s| s.as_str());
    let outbound_status = hook.outbound_resource_status.as_deref();
    tracing::info!(
        inbound = inbound.unwrap_or_default(),
        inbound_status = hook.inbound_resource_status.as_deref().unwrap_or_default(),
        outbound_status = outbound_status.unwrap_or_default(),
        "proxy callback"
    );
    if outbound_status == Some("initiated")
        && let Some(call) = inbound.and_then(|s| CallSid::new(s).ok())
    {
        state.recorder.spawn(call);
    }
    HttpResponse::Ok().finish()
}

/// A signed webhook from another account (the same auth token reused) is refused.
fn same_account(account: Option<&str>, state: &AppState) -> Result<(), Error> {
    if account == Some(state.config.account_sid.as_str()) {
        Ok(())
    } else {
        Err(Error::Forbidden("webhook for another account".into()))
    }
}

/// TwiML that says why and hangs up, as a 200: Twilio runs TwiML only from a 2xx
/// (on a 4xx/5xx it logs error 11217 and plays its generic "application error"), so
/// the reason would never be heard. The status the error carries goes to the log.
fn refuse(error: &Error) -> HttpResponse {
    tracing::warn!(%error, status = %error.status_code(), "click-to-call refused");
    let twiml = VoiceResponse::new()
        .say(Say::new(error.public_message()))
        .hangup(Hangup::new());
    twiml_response(StatusCode::OK, &twiml)
}

fn twiml_response(status: StatusCode, twiml: &VoiceResponse) -> HttpResponse {
    match twiml.to_xml() {
        Ok(xml) => HttpResponse::build(status)
            .content_type("text/xml; charset=utf-8")
            .body(xml),
        Err(error) => {
            tracing::error!(%error, "TwiML rendering failed");
            HttpResponse::InternalServerError().finish()
        }
    }
}
