//! The TwiML this app answers with.

use twilio_presence::Status;
use twilio_twiml::{
    CallEvent,
    voice::{Client, Dial, Number, Say, VoiceResponse},
};
use twilio_types::PhoneNumber;

use crate::{config::Messages, error::AppError};

/// Every `<Client>`/`<Number>` status event, so a user is busy from the first ring.
const EVENTS: [CallEvent; 4] = [
    CallEvent::Initiated,
    CallEvent::Ringing,
    CallEvent::Answered,
    CallEvent::Completed,
];

fn render(doc: &VoiceResponse) -> Result<String, AppError> {
    doc.to_xml()
        .map_err(|e| AppError::Internal(format!("TwiML rendering: {e}")))
}

/// The incoming-call decision (§1.4): ring an available user's clients, otherwise
/// say why not.
pub fn incoming(
    identity: &str,
    status: Option<Status>,
    status_callback: &str,
    messages: &Messages,
) -> Result<String, AppError> {
    let doc = match status {
        Some(Status::Available) => VoiceResponse::new().dial(
            Dial::new().client(
                Client::new()
                    .status_callback(status_callback)
                    .status_callback_event(EVENTS)
                    .text(identity),
            ),
        ),
        Some(Status::Unavailable) => {
            VoiceResponse::new().say(Say::new(messages.unavailable.as_str()))
        }
        Some(Status::Busy) => VoiceResponse::new().say(Say::new(messages.busy.as_str())),
        None => VoiceResponse::new().say(Say::new(messages.unknown.as_str())),
    };
    render(&doc)
}

/// The outgoing call from a browser: dial a PSTN number with our caller id.
pub fn outgoing(
    number: &PhoneNumber,
    caller_id: &PhoneNumber,
    status_callback: &str,
) -> Result<String, AppError> {
    let doc = VoiceResponse::new().dial(
        Dial::new().caller_id(caller_id.as_str()).number(
            Number::new(number.as_str())
                .status_callback(status_callback)
                .status_callback_event(EVENTS),
        ),
    );
    render(&doc)
}

/// Said when outgoing calls are not configured (local mode without a caller id).
pub fn say(text: &str) -> Result<String, AppError> {
    render(&VoiceResponse::new().say(Say::new(text)))
}
