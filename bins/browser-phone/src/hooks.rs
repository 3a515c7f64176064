//! Twilio's webhooks. The `TwilioWebhook` extractor has already checked the
//! signature against `PUBLIC_BASE_URL` (missing → 400, wrong → 403) before these run.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError, web};
use twilio_twiml::voice::{Client, Dial, Hangup, Number, Say, VoiceResponse};
use twilio_webhook::actix::TwilioWebhook;
use twilio_webhook::payload::VoiceRequest;

use crate::{AppState, Error};

/// The TwiML App parameter naming the number a browser wants to call.
const PHONE_NUMBER_PARAM: &str = "phoneNumber";

/// `POST /hooks/call/connect`, the TwiML App's Voice URL: a logged-in user's browser
/// calls `phoneNumber`, shown with the app's number as caller id.
pub(crate) async fn connect(
    hook: TwilioWebhook<VoiceRequest>,
    state: web::Data<AppState>,
) -> HttpResponse {
    match dial_number(&hook, &state).await {
        Ok(twiml) => twiml_response(StatusCode::OK, twiml),
        Err(error) => refuse(&error),
    }
}

async fn dial_number(hook: &VoiceRequest, state: &AppState) -> Result<VoiceResponse, Error> {
    let config = &state.config;
    check_account(hook, state)?;
    // Only our TwiML App's calls, from a browser holding one of our users' tokens.
    let app_ok = hook
        .application_sid
        .as_ref()
        .is_some_and(|sid| sid.as_str() == config.app_sid.as_str());
    if !app_ok {
        return Err(Error::BadRequest(
            "not a call from this app's TwiML App".into(),
        ));
    }
    let identity = hook
        .from
        .as_ref()
        .and_then(|from| from.client_identity())
        .filter(|id| state.is_user(id))
        .ok_or_else(|| Error::BadRequest("the caller is not a user of this app".into()))?;
    let number = config.destinations.check(
        "phoneNumber",
        hook.extra.get(PHONE_NUMBER_PARAM).map(String::as_str),
    )?;
    state
        .guard
        .admit(twilio_app_guard::Channel::Call, identity, number.as_str())
        .await?;
    tracing::info!(user = identity, to = number.as_str(), "browser call");
    Ok(VoiceResponse::new().dial(
        Dial::new()
            .caller_id(config.phone_number.as_str())
            .number(Number::new(number.as_str())),
    ))
}

/// `POST /hooks/voice`, the phone number's Voice URL: rings the one user the routing
/// picks for the called number.
pub(crate) async fn incoming(
    hook: TwilioWebhook<VoiceRequest>,
    state: web::Data<AppState>,
) -> HttpResponse {
    if let Err(error) = check_account(&hook, &state) {
        return refuse(&error);
    }
    let called = hook
        .called
        .as_ref()
        .or(hook.to.as_ref())
        .map(|a| a.as_str());
    let twiml = match state.config.routing.user_for(called) {
        Some(user) => {
            tracing::info!(user, "incoming call");
            VoiceResponse::new().dial(Dial::new().client(Client::new().text(user)))
        }
        None => VoiceResponse::new()
            .say(Say::new(
                "Sorry, nobody can take your call right now. Goodbye.",
            ))
            .hangup(Hangup::new()),
    };
    twiml_response(StatusCode::OK, twiml)
}

/// A signed webhook from another account (same auth token reused) is still refused.
fn check_account(hook: &VoiceRequest, state: &AppState) -> Result<(), Error> {
    let ok = hook
        .account_sid
        .as_ref()
        .is_some_and(|sid| sid.as_str() == state.config.account_sid.as_str());
    if ok {
        Ok(())
    } else {
        Err(Error::BadRequest("webhook for another account".into()))
    }
}

/// A 4xx with TwiML that says why and hangs up: Twilio logs the status (and plays
/// its generic error to the caller), and anyone reading the debugger sees the reason.
fn refuse(error: &Error) -> HttpResponse {
    tracing::warn!(%error, "webhook refused");
    let twiml = VoiceResponse::new()
        .say(Say::new(error.to_string()))
        .hangup(Hangup::new());
    twiml_response(error.status_code(), twiml)
}

fn twiml_response(status: StatusCode, twiml: VoiceResponse) -> HttpResponse {
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
