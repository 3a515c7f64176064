//! Twilio webhook security: X-Twilio-Signature validation and signing, typed payloads, an actix-web extractor.
//!
//! (Being built: see docs/architecture.md.)
