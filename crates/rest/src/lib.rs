//! Typed async client for Twilio's REST APIs: Voice, Messaging, Sync, Proxy, TaskRouter, Flex token validation.
//!
//! (Being built: see docs/architecture.md.)
