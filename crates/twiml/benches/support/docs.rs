//! The two benchmark documents, shared by `benches/render.rs` and the test that checks
//! them against `tests/oracle/bench-twiml.js` (which builds the same two with twilio-node).

use twilio_twiml::voice::{
    Client, Dial, Gather, Identity, Parameter, Pause, Play, Record, Say, VoiceResponse,
};
use twilio_twiml::{CallEvent, GatherInput, LanguageCode, Method, Voice};

/// A typical incoming-call answer: greeting, then ring two browser clients with
/// status callbacks.
pub(crate) fn incoming_call() -> VoiceResponse {
    let client = |name: &str| {
        Client::new()
            .status_callback("https://example.com/voice/client-events")
            .status_callback_event([
                CallEvent::Initiated,
                CallEvent::Ringing,
                CallEvent::Answered,
                CallEvent::Completed,
            ])
            .status_callback_method(Method::Post)
            .identity(Identity::new(name))
            .parameter(Parameter::new().name("ticket").value("T-1234"))
    };
    VoiceResponse::new()
        .say(
            Say::new("Thanks for calling Example & Co. Connecting you to an agent.")
                .language(LanguageCode::EN_US)
                .voice(Voice::polly("Joanna-Neural")),
        )
        .dial(
            Dial::new()
                .action("https://example.com/voice/dial-status")
                .answer_on_bridge(true)
                .caller_id("+15551230000")
                .timeout(20u32)
                .client(client("alice"))
                .client(client("bob")),
        )
}

/// Fifty verbs: Say, Play, Pause, Gather (with a Say inside) and Record in turn.
pub(crate) fn fifty_verbs() -> VoiceResponse {
    let mut doc = VoiceResponse::new();
    for i in 0..50u32 {
        doc = match i % 5 {
            0 => doc.say(
                Say::new(format!("Message number {i}: <please> listen & wait."))
                    .voice(Voice::Alice),
            ),
            1 => doc.play(
                Play::new()
                    .loop_count(2u32)
                    .text(format!("https://example.com/audio/{i}.mp3")),
            ),
            2 => doc.pause(Pause::new().length(1u32)),
            3 => doc.gather(
                Gather::new()
                    .action(format!("https://example.com/menu/{i}"))
                    .input([GatherInput::Dtmf, GatherInput::Speech])
                    .num_digits(1u32)
                    .say(Say::new("Press 1 for sales, 2 for support.")),
            ),
            _ => doc.record(
                Record::new()
                    .max_length(30u32)
                    .play_beep(true)
                    .transcribe(false),
            ),
        };
    }
    doc
}
