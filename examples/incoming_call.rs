//! Prints the TwiML a phone number's voice webhook would answer an incoming call with:
//! a greeting, a `<Dial>` that rings two browser clients (with status callbacks and a
//! custom parameter), and voicemail if nobody answers.
//!
//! ```sh
//! cargo run -p twilio-examples --example incoming_call
//! ```

#![allow(clippy::print_stdout)] // printing the document is the point

use twilio_twiml::voice::{Client, Dial, Identity, Parameter, Record, Say, VoiceResponse};
use twilio_twiml::{CallEvent, LanguageCode, Method, Trim, Voice};

fn agent(identity: &str) -> Client {
    Client::new()
        .status_callback("https://example.com/voice/client-events")
        .status_callback_event([
            CallEvent::Ringing,
            CallEvent::Answered,
            CallEvent::Completed,
        ])
        .status_callback_method(Method::Post)
        .identity(Identity::new(identity))
        .parameter(Parameter::new().name("caller_type").value("customer"))
}

fn main() -> Result<(), twilio_twiml::Error> {
    let twiml = VoiceResponse::new()
        .say(
            Say::new("Thanks for calling. Connecting you to the next available agent.")
                .voice(Voice::polly("Joanna-Neural"))
                .language(LanguageCode::EN_US),
        )
        .dial(
            Dial::new()
                .caller_id("+15551230000")
                .answer_on_bridge(true)
                .timeout(20)
                .action("https://example.com/voice/after-dial")
                .client(agent("alice"))
                .client(agent("bob")),
        )
        .say(Say::new(
            "Nobody is available. Please leave a message after the beep.",
        ))
        .record(
            Record::new()
                .max_length(120)
                .play_beep(true)
                .trim(Trim::TrimSilence)
                .recording_status_callback("https://example.com/voice/voicemail"),
        );
    let xml = twiml.to_xml()?;
    // Typed documents parse back to the same tree.
    debug_assert_eq!(VoiceResponse::from_xml(&xml)?, twiml);
    println!("{xml}");
    Ok(())
}
