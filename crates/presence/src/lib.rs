//! Presence logic: who is online, on which endpoints, busy or not. No web framework inside.
//!
//! (Being built: see docs/architecture.md.)
