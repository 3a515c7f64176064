//! Typed, complete TwiML (Voice and Messaging): build, render and parse Twilio's markup.
//!
//! (Being built: see docs/architecture.md.)
