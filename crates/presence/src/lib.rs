#![doc = include_str!("../README.md")]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod error;
mod event;
mod id;
mod service;
mod state;
mod status;
pub mod store;

pub use error::{BoxError, Error, InvalidReason};
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
