//! Twilio Access Tokens with every grant, and the legacy Client Capability Token: sign and verify.
//!
//! (Being built: see docs/architecture.md.)
