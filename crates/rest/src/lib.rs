#![doc = include_str!("../README.md")]
#![cfg_attr(docsrs, feature(doc_cfg))]

#[macro_use]
mod macros;

mod client;
mod de;
mod error;
mod jitter;
mod ops;
mod types;

pub mod api;
pub mod flex;
pub mod form;
pub mod page;
pub mod proxy;
pub mod raw;
pub mod retry;
pub mod sid;
pub mod sync;
pub mod taskrouter;
pub mod time;

pub use client::{Client, ClientBuilder, Credentials, DEFAULT_TIMEOUT, Domain, Secret, hostname};
pub use error::{BODY_EXCERPT_LIMIT, Error, TransportKind};
pub use ops::NoParams;
pub use retry::RetryPolicy;
pub use types::{HttpMethod, Twiml};

/// [`Client`] under the name to import beside `twilio_twiml`'s `<Client>` noun
/// (`use twilio_rest::Twilio;`): the same type, so `Twilio::from_env()` and
/// `Client::from_env()` are one function.
pub type Twilio = Client;
