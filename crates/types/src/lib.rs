#![doc = include_str!("../README.md")]
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
