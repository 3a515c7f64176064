#![doc = include_str!("../README.md")]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod access_token;
mod capability;
mod error;
mod grants;
mod json_map;
mod jwt;
mod verify;

pub use access_token::{
    AccessToken, AccessTokenBuilder, AccessTokenClaims, CONTENT_TYPE, DEFAULT_TTL, Header,
    MAX_IDENTITY_CHARS, Region,
};
pub use capability::{CapabilityClaims, ClientCapability, OutgoingScope};
pub use error::Error;
pub use grants::{
    ChatGrant, Grant, Grants, PlaybackGrant, SyncGrant, TaskRouterGrant, VideoGrant, VoiceGrant,
};
pub use json_map::JsonMap;
pub use jwt::Algorithm;
/// The workspace's one credential type: zeroised on drop, `Debug` and `Display`
/// redacted, compared in constant time.
pub use twilio_types::Secret;
/// The SIDs tokens carry, from `twilio-types` (the same types `twilio-rest` uses).
pub use twilio_types::{
    AccountSid, ApiKeySid, ApplicationSid, ChatServiceSid, CredentialSid, RoleSid, SyncServiceSid,
    WorkerSid, WorkspaceSid,
};
pub use verify::{Verified, Verifier};
