//! Presence logic: who is online, on which endpoints, busy or not. No web framework
//! and no Twilio HTTP inside.
//!
//! * [`UserState`] is the pure state machine: per [`Identity`] a set of connected
//!   [`EndpointId`]s and the calls in progress; [`UserState::status`] derives
//!   [`Status`] (`available` / `unavailable` / `busy`) from it. Applying an [`Event`] is
//!   idempotent and order-independent, so duplicated or reordered webhooks converge.
//! * [`Store`] keeps the state: [`MemoryStore`], [`SqliteStore`] (feature `sqlite`),
//!   [`RedisStore`] (feature `redis`, shared by several instances, changes published).
//! * [`Presence`] is the service: one owner task behind a cloneable handle, an
//!   in-memory read cache for fast lookups, and a broadcast of every visible [`Change`].
//!
//! ```
//! use twilio_presence::{Event, EndpointId, Identity, MemoryStore, Presence, Status, Timestamp};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), twilio_presence::Error> {
//! let presence = Presence::start(MemoryStore::new()).await?;
//! let mut changes = presence.subscribe();
//!
//! let alice = Identity::new("alice")?;
//! let laptop = EndpointId::new("TwilioSyncDemo::alice:laptop")?;
//! presence
//!     .apply(Event::connected(alice.clone(), laptop, Timestamp::now()))
//!     .await?;
//!
//! assert_eq!(presence.status("alice"), Some(Status::Available));
//! assert_eq!(presence.status("bob"), None); // unknown user
//! let change = changes.recv().await.map_err(|_| twilio_presence::Error::Closed)?;
//! assert_eq!(change.endpoints.len(), 1);
//! # Ok(())
//! # }
//! ```
#![cfg_attr(docsrs, feature(doc_cfg))]

mod error;
mod event;
mod id;
mod service;
mod state;
mod status;
pub mod store;

pub use error::{Error, InvalidReason};
pub use event::Event;
pub use id::{CallSid, EndpointId, Identity, Timestamp};
pub use service::{Change, Presence, PresenceBuilder, UserPresence};
pub use state::{CallMark, EndpointMark, UserState};
pub use status::{CallStatus, Status};
#[cfg(feature = "sqlite")]
pub use store::SqliteStore;
pub use store::{AnyStore, MemoryStore, Store, StoredUser, Updates};
#[cfg(feature = "redis")]
pub use store::{RedisStore, RedisStoreBuilder};
