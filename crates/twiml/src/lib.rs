//! Typed, complete TwiML for Voice and Messaging: build it, render it byte-for-byte
//! as Twilio's official Node helper library does, and parse it back.
//!
//! ```
//! use twilio_twiml::voice::{Client, Dial, Say, VoiceResponse};
//! use twilio_twiml::{CallEvent, Voice};
//!
//! let twiml = VoiceResponse::new()
//!     .say(Say::new("Connecting you now.").voice(Voice::Alice))
//!     .dial(Dial::new().caller_id("+15551230000").client(
//!         Client::new()
//!             .status_callback("https://example.com/events")
//!             .status_callback_event([CallEvent::Ringing, CallEvent::Answered])
//!             .text("alice"),
//!     ));
//! let xml = twiml.to_xml()?;
//! assert_eq!(
//!     xml,
//!     r#"<?xml version="1.0" encoding="UTF-8"?><Response><Say voice="alice">Connecting you now.</Say><Dial callerId="+15551230000"><Client statusCallback="https://example.com/events" statusCallbackEvent="ringing answered">alice</Client></Dial></Response>"#
//! );
//! // Parsing gives the same typed tree back.
//! assert_eq!(VoiceResponse::from_xml(&xml)?, twiml);
//! # Ok::<(), twilio_twiml::Error>(())
//! ```
//!
//! # Shape
//!
//! * [`voice`] and [`messaging`] hold one struct per TwiML element. Each has a `new`
//!   constructor (taking the text for elements whose text is required, such as
//!   `Say::new("Hello")`), a setter per attribute, a named method per child it
//!   accepts, and a generic [`child`](voice::Dial::child). Children go into a per-parent
//!   enum ([`voice::DialChild`], [`voice::GatherChild`], ...), so a `<Number>` cannot
//!   be put inside a `<Gather>`: it does not compile.
//! * Attribute values are typed: numbers are `u32`, flags `bool`, lists `Vec`
//!   (written space-separated), closed sets are enums with an `Other(String)` variant
//!   for values Twilio adds later ([`Method`], [`CallEvent`], [`Trim`], ...).
//! * Escape hatch: [`attribute`](voice::Say::attribute) adds any attribute,
//!   [`custom`](voice::Say::custom) any [`Element`] (vendor SSML, new nouns);
//!   [`text`](voice::Say::text) and [`comment`](voice::Say::comment) add text and
//!   comments, like twilio-node's `addText`, `addChild` and `comment`.
//!
//! # Output
//!
//! `to_xml` writes what twilio-node 6.x writes for the same document: one line,
//! `<Tag/>` for empty elements, xmlbuilder's escaping (see the differential test in
//! `tests/twiml_differential.rs` in the workspace). Typed attributes are written in a fixed order, the order
//! of twilio-node's attribute declarations (`ATTRIBUTES` on each struct), then the
//! escape-hatch attributes in insertion order. twilio-node writes attributes in the
//! order the caller's object lists them, so the two agree when that object follows
//! the same order.
//!
//! Rendering is fallible: characters XML 1.0 forbids give [`Error::InvalidCharacter`]
//! instead of broken XML (twilio-node throws for text, and writes them unchecked in
//! attribute values).
//!
//! # Examples by verb group
//!
//! Say, Play, Pause (and SSML inside `<Say>`):
//!
//! ```
//! use twilio_twiml::voice::{Pause, Play, Say, SsmlBreak, SsmlProsody, VoiceResponse};
//! use twilio_twiml::{BreakStrength, Voice};
//!
//! let xml = VoiceResponse::new()
//!     .say(
//!         Say::new("Hello ")
//!             .voice(Voice::polly("Joanna-Neural"))
//!             .ssml_break(SsmlBreak::new().strength(BreakStrength::Strong))
//!             .prosody(SsmlProsody::new("slowly").rate("80%")),
//!     )
//!     .pause(Pause::new().length(2u32))
//!     .play(Play::new().loop_count(3u32).text("https://example.com/tune.mp3"))
//!     .play(Play::new().digits("wwww3"))
//!     .to_xml()?;
//! assert!(xml.contains(r#"<Say voice="Polly.Joanna-Neural">Hello <break strength="strong"/><prosody rate="80%">slowly</prosody></Say><Pause length="2"/>"#));
//! # Ok::<(), twilio_twiml::Error>(())
//! ```
//!
//! Gather (only Say, Play and Pause go inside):
//!
//! ```
//! use twilio_twiml::voice::{Gather, Say, VoiceResponse};
//! use twilio_twiml::{GatherInput, LanguageCode, Method};
//!
//! let xml = VoiceResponse::new()
//!     .gather(
//!         Gather::new()
//!             .action("/menu")
//!             .method(Method::Post)
//!             .input([GatherInput::Dtmf, GatherInput::Speech])
//!             .language(LanguageCode::EN_GB)
//!             .num_digits(1u32)
//!             .say(Say::new("Press 1 or say sales.")),
//!     )
//!     .to_xml()?;
//! assert!(xml.contains(r#"<Gather action="/menu" input="dtmf speech" language="en-GB" method="POST" numDigits="1">"#));
//! # Ok::<(), twilio_twiml::Error>(())
//! ```
//!
//! The nesting is enforced by types: a `<Number>` does not go inside a `<Gather>`.
//!
//! ```compile_fail
//! use twilio_twiml::voice::{Gather, Number};
//! let gather = Gather::new().child(Number::new("+15551230000"));
//! ```
//!
//! Dial and its nouns:
//!
//! ```
//! use twilio_twiml::voice::{Conference, Dial, Number, Sip, SipUri, VoiceResponse};
//! use twilio_twiml::{CallEvent, ConferenceBeep, DialRecord};
//!
//! let xml = VoiceResponse::new()
//!     .dial(
//!         Dial::new()
//!             .record(DialRecord::RecordFromAnswerDual)
//!             .number(Number::new("+15551230000").send_digits("ww1").status_callback_event([CallEvent::Answered]))
//!             .sip(Sip::new().uri(SipUri::new().text("sip:alice@example.com").username("alice"))),
//!     )
//!     .dial(Dial::new().conference(Conference::new("standup").beep(ConferenceBeep::OnEnter).muted(false)))
//!     .to_xml()?;
//! assert!(xml.contains(r#"<Number sendDigits="ww1" statusCallbackEvent="answered">+15551230000</Number>"#));
//! assert!(xml.contains(r#"<Conference beep="onEnter" muted="false">standup</Conference>"#));
//! # Ok::<(), twilio_twiml::Error>(())
//! ```
//!
//! Connect (Stream, Room, Conversation, VirtualAgent, ConversationRelay, ...):
//!
//! ```
//! use twilio_twiml::voice::{Connect, ConversationRelay, Language, Parameter, Stream, VoiceResponse};
//!
//! let xml = VoiceResponse::new()
//!     .connect(Connect::new().stream(
//!         Stream::new().url("wss://example.com/audio").parameter(Parameter::new().name("id").value("42")),
//!     ))
//!     .connect(Connect::new().conversation_relay(
//!         ConversationRelay::new().url("wss://example.com/ai").add_language(Language::new().code("fr-FR").voice("Lea")),
//!     ))
//!     .to_xml()?;
//! assert!(xml.contains(r#"<Stream url="wss://example.com/audio"><Parameter name="id" value="42"/></Stream>"#));
//! # Ok::<(), twilio_twiml::Error>(())
//! ```
//!
//! Start and Stop (Stream, Siprec, Transcription, Recording):
//!
//! ```
//! use twilio_twiml::voice::{Recording, Start, Stop, Stream, Transcription, VoiceResponse};
//! use twilio_twiml::{RecordingChannels, StreamTrack};
//!
//! let xml = VoiceResponse::new()
//!     .start(Start::new().stream(Stream::new().name("live").url("wss://example.com/s").track(StreamTrack::BothTracks)))
//!     .start(Start::new().transcription(Transcription::new().partial_results(true)))
//!     .start(Start::new().recording(Recording::new().channels(RecordingChannels::Dual)))
//!     .stop(Stop::new().stream(Stream::new().name("live")))
//!     .to_xml()?;
//! assert!(xml.contains(r#"<Stop><Stream name="live"/></Stop>"#));
//! # Ok::<(), twilio_twiml::Error>(())
//! ```
//!
//! Pay and Prompt:
//!
//! ```
//! use twilio_twiml::voice::{Pay, Prompt, Say, VoiceResponse};
//! use twilio_twiml::{CardType, PromptFor};
//!
//! let xml = VoiceResponse::new()
//!     .pay(
//!         Pay::new()
//!             .charge_amount("10.00")
//!             .valid_card_types([CardType::Visa, CardType::Amex])
//!             .prompt(Prompt::new().prompt_for(PromptFor::PaymentCardNumber).attempt([1u32, 2]).say(Say::new("Card number?"))),
//!     )
//!     .to_xml()?;
//! assert!(xml.contains(r#"<Pay chargeAmount="10.00" validCardTypes="visa amex"><Prompt attempt="1 2" for="payment-card-number">"#));
//! # Ok::<(), twilio_twiml::Error>(())
//! ```
//!
//! Enqueue (with a TaskRouter Task) and Queue:
//!
//! ```
//! use twilio_twiml::voice::{Dial, Enqueue, Queue, Task, VoiceResponse};
//!
//! let xml = VoiceResponse::new()
//!     .enqueue(Enqueue::new().workflow_sid("WW0123").task(Task::new(r#"{"skill":"billing"}"#).priority(5u32)))
//!     .dial(Dial::new().queue(Queue::new("support").url("/about-to-connect")))
//!     .to_xml()?;
//! assert!(xml.contains(r#"<Task priority="5">{"skill":"billing"}</Task>"#));
//! # Ok::<(), twilio_twiml::Error>(())
//! ```
//!
//! Messaging:
//!
//! ```
//! use twilio_twiml::messaging::{Body, Media, Message, MessagingResponse, Redirect};
//!
//! let xml = MessagingResponse::new()
//!     .message(Message::new("").to("+15551112222").body(Body::new("Your order shipped")).media(Media::new("https://example.com/box.png")))
//!     .redirect(Redirect::new("/sms/next"))
//!     .to_xml()?;
//! assert_eq!(xml, r#"<?xml version="1.0" encoding="UTF-8"?><Response><Message to="+15551112222"><Body>Your order shipped</Body><Media>https://example.com/box.png</Media></Message><Redirect>/sms/next</Redirect></Response>"#);
//! # Ok::<(), twilio_twiml::Error>(())
//! ```
//!
//! # Feature `actix`
//!
//! Makes [`voice::VoiceResponse`] and [`messaging::MessagingResponse`] actix-web
//! `Responder`s with `Content-Type: text/xml`.
#![cfg_attr(docsrs, feature(doc_cfg))]

mod attr;
mod error;
mod macros;
pub mod messaging;
mod parse;
mod render;
mod response;
mod tree;
mod values;
pub mod voice;

pub use attr::{LanguageCode, Voice};
pub use error::Error;
pub use messaging::MessagingResponse;
pub use tree::{Document, Element, Node};
pub use values::*;
pub use voice::VoiceResponse;

#[cfg(test)]
mod tests;
