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
//! `tests/differential.rs`). Typed attributes are written in a fixed order, the order
//! of twilio-node's attribute declarations (`ATTRIBUTES` on each struct), then the
//! escape-hatch attributes in insertion order. twilio-node writes attributes in the
//! order the caller's object lists them, so the two agree when that object follows
//! the same order.
//!
//! Rendering is fallible: characters XML 1.0 forbids give [`Error::InvalidCharacter`]
//! instead of broken XML (twilio-node throws for text, and writes them unchecked in
//! attribute values).
//!
//! # Feature `actix`
//!
//! Makes [`voice::VoiceResponse`] and [`messaging::MessagingResponse`] actix-web
//! `Responder`s with `Content-Type: text/xml`.

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
