//! Twilio tokens, signed and checked in Rust: Access Tokens with every grant
//! twilio-node offers, the legacy Client Capability Token, and verification.
//!
//! * [`AccessToken`]: an HS256 (or HS384/HS512) JWT signed with an API key secret,
//!   byte-compatible with twilio-node 6: header `cty: twilio-fpa;v=1` (and `twr`
//!   for a region), claims `jti`, `grants`, `nbf`, `iat`, `exp`, `iss`, `sub`, and
//!   the [`VoiceGrant`], [`SyncGrant`], [`ChatGrant`], [`VideoGrant`],
//!   [`TaskRouterGrant`] and [`PlaybackGrant`].
//! * [`ClientCapability`]: the Twilio Client 1.x capability token, with the scope
//!   strings of Twilio's Apex helper (seed 003), `exp` as a JSON number.
//! * [`Verifier`]: checks the signature (in constant time), algorithm, `exp` and
//!   `nbf` of any HMAC-signed Twilio-style token and returns typed claims.
//!
//! Secrets live in [`Secret`], whose `Debug` is redacted; errors never contain one.
//!
//! # Example: the presence phone's token
//!
//! One token for the browser: its identity, Sync (with an endpoint id for
//! reachability webhooks), and Voice (incoming calls, and outgoing calls through a
//! TwiML App).
//!
//! ```
//! use std::time::Duration;
//! use twilio_token::{AccessToken, SyncGrant, Verifier, VoiceGrant};
//!
//! let token = AccessToken::builder(
//!     "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".parse()?,
//!     "SKaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".parse()?,
//!     "api-key-secret",
//! )
//! .identity("alice")
//! .grant(
//!     SyncGrant::new()
//!         .service_sid("ISaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".parse()?)
//!         .endpoint_id("TwilioSyncDemo::alice:0b6c4f3e"),
//! )
//! .grant(
//!     VoiceGrant::new()
//!         .incoming(true)
//!         .outgoing_application_sid("APaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".parse()?),
//! )
//! .ttl(Duration::from_secs(3600))
//! .build()?;
//! let jwt = token.to_jwt()?;
//!
//! let claims = Verifier::new("api-key-secret").verify_access_token(&jwt)?.claims;
//! assert_eq!(claims.grants.identity.as_deref(), Some("alice"));
//! assert!(claims.grants.voice().is_some_and(|v| v.incoming));
//! assert_eq!(claims.exp - claims.iat.unwrap_or_default(), 3600);
//! # Ok::<(), twilio_token::Error>(())
//! ```
//!
//! # Example: a capability token
//!
//! The first presence phone (seed 000 at `bbd87e4`) gave the browser a capability
//! token signed with the Auth Token, valid for 30 minutes, with only an incoming
//! scope:
//!
//! ```
//! use std::time::Duration;
//! use twilio_token::{ClientCapability, Verifier};
//!
//! let capability = ClientCapability::new("ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".parse()?, "auth-token")
//!     .allow_client_incoming("alice")
//!     .ttl(Duration::from_secs(1800));
//! assert_eq!(capability.scopes()?, ["scope:client:incoming?clientName=alice"]);
//! let jwt = capability.to_jwt()?;
//!
//! let claims = Verifier::new("auth-token").verify_capability_token(&jwt)?.claims;
//! assert_eq!(claims.scope, "scope:client:incoming?clientName=alice");
//! # Ok::<(), twilio_token::Error>(())
//! ```
#![cfg_attr(docsrs, feature(doc_cfg))]

mod access_token;
mod capability;
mod error;
mod grants;
mod json_map;
mod jwt;
mod secret;
mod verify;

pub use access_token::{
    AccessToken, AccessTokenBuilder, AccessTokenClaims, CONTENT_TYPE, DEFAULT_TTL, Header,
    MAX_IDENTITY_CHARS, Region,
};
pub use capability::{CapabilityClaims, ClientCapability};
pub use error::Error;
pub use grants::{
    ChatGrant, Grant, Grants, PlaybackGrant, SyncGrant, TaskRouterGrant, VideoGrant, VoiceGrant,
};
pub use json_map::JsonMap;
pub use jwt::Algorithm;
pub use secret::Secret;
/// The SIDs tokens carry, from `twilio-types` (the same types `twilio-rest` uses).
pub use twilio_types::{
    AccountSid, ApiKeySid, ApplicationSid, ChatServiceSid, CredentialSid, RoleSid, SyncServiceSid,
    WorkerSid, WorkspaceSid,
};
pub use verify::{Verified, Verifier};
