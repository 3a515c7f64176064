//! Twilio identifiers shared by the `twilio-*` crates.
//!
//! A SID is a two-letter prefix naming the resource type followed by 32 hex digits;
//! each resource type has its own newtype, so a `CallSid` can never be passed where a
//! `ConferenceSid` belongs and a malformed value is caught where it enters the program.
//! [`PhoneNumber`] is an E.164 number. `twilio-token`, `twilio-rest` and the apps use
//! these same types, so a SID read from configuration serves all of them.
//!
//! ```
//! use twilio_types::{AccountSid, MessageSid, PhoneNumber};
//!
//! let account: AccountSid = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".parse()?;
//! assert_eq!(account.as_str(), "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
//! // A message is `SM…` (SMS) or `MM…` (MMS).
//! assert!("MMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".parse::<MessageSid>().is_ok());
//! // Errors name what was expected, never the value (it may be a secret pasted in
//! // the wrong place).
//! let err = "0123456789abcdef0123456789abcdef".parse::<AccountSid>().unwrap_err();
//! assert_eq!(err.to_string(), "not an account SID: expected AC and 32 hex digits (got 32 characters)");
//! assert!(PhoneNumber::new("+15005550006").is_ok());
//! assert!(PhoneNumber::new("5005550006").is_err());
//! # Ok::<(), twilio_types::Error>(())
//! ```
#![cfg_attr(docsrs, feature(doc_cfg))]

mod phone;
mod secret;
mod sid;

pub use phone::PhoneNumber;
pub use secret::Secret;
pub use sid::*;

/// A value that is not the identifier it should be.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Not a SID of the expected type.
    #[error("not {kind} SID: expected {} and 32 hex digits (got {len} characters)", .prefixes.join(" or "))]
    InvalidSid {
        /// The resource type with its article, e.g. `an account`.
        kind: &'static str,
        /// The prefixes a SID of that type starts with.
        prefixes: &'static [&'static str],
        /// The length of the value given (the value itself is not kept).
        len: usize,
    },
    /// Not an E.164 phone number.
    #[error(
        "not an E.164 phone number: expected + and 1 to 15 digits, no leading 0 (got {len} characters)"
    )]
    InvalidPhoneNumber {
        /// The length of the value given.
        len: usize,
    },
}
