//! Typed async client for Twilio's REST APIs: Voice and Messaging (the 2010-04-01 core
//! API), Sync, Proxy, TaskRouter and Flex token validation.
//!
//! * [`Client`] holds credentials, hosts (edge, region, per-domain base URL), timeout
//!   and a [`RetryPolicy`]; it is cheap to clone.
//! * Each API is a module with one submodule per resource: typed parameters (builders
//!   that encode themselves as Twilio's form body) and typed responses.
//! * Lists page lazily: [`page::Lister`] gives pages or a `Stream` of items.
//! * [`Client::request`] reaches any endpoint not wrapped here.
//! * One error type, [`Error`]; credentials never appear in `Debug` output or errors.
//!
//! ```no_run
//! use futures_util::TryStreamExt;
//! use twilio_rest::api::calls::{CallInstructions, CreateCall, ListCalls};
//! use twilio_rest::sid::PhoneNumber;
//! use twilio_rest::{Client, Error};
//!
//! # async fn run() -> Result<(), Error> {
//! let client = Client::from_env()?;
//! let call = client
//!     .api()
//!     .calls()
//!     .create(&CreateCall::new(
//!         PhoneNumber::new("+15005550006")?,
//!         PhoneNumber::new("+15005550001")?,
//!         CallInstructions::twiml("<Response><Say>Hello from Rust</Say></Response>"),
//!     ))
//!     .await?;
//! println!("started {}", call.sid);
//!
//! let recent: Vec<_> = client.api().calls().list(ListCalls::default()).limit(20).collect().await?;
//! println!("{} recent calls", recent.len());
//! # Ok(()) }
//! ```
//!
//! Pointing a domain at a local mock (as the tests do):
//!
//! ```
//! use twilio_rest::{Client, Credentials, Domain, RetryPolicy, sid::AccountSid};
//! # fn main() -> Result<(), twilio_rest::Error> {
//! let client = Client::builder()
//!     .credentials(Credentials::auth_token(
//!         AccountSid::new("AC00000000000000000000000000000000")?,
//!         "auth-token",
//!     ))
//!     .base_url(Domain::Api, "http://127.0.0.1:4010")
//!     .retry(RetryPolicy::none())
//!     .build()?;
//! assert_eq!(client.base_url(Domain::Api), "http://127.0.0.1:4010");
//! assert_eq!(client.base_url(Domain::Sync), "https://sync.twilio.com");
//! assert!(!format!("{client:?}").contains("auth-token"));
//! # Ok(()) }
//! ```
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

pub use client::{Client, ClientBuilder, Credentials, DEFAULT_TIMEOUT, Domain, Secret, hostname};
pub use error::Error;
pub use ops::NoParams;
pub use retry::RetryPolicy;
pub use types::{HttpMethod, Twiml};
