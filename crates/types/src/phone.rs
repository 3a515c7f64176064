//! E.164 phone numbers.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize};

use crate::Error;

/// A phone number in E.164 form: `+` and 1 to 15 digits, the first not `0`.
///
/// ```
/// use twilio_types::PhoneNumber;
///
/// let n: PhoneNumber = "+14155550100".parse()?;
/// assert_eq!(n.as_str(), "+14155550100");
/// for bad in ["14155550100", "+", "+0123", "+1 415 555 0100", "+1234567890123456"] {
///     assert!(PhoneNumber::new(bad).is_err(), "{bad}");
/// }
/// # Ok::<(), twilio_types::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct PhoneNumber(String);

impl PhoneNumber {
    /// Validates an E.164 number.
    ///
    /// # Errors
    /// [`Error::InvalidPhoneNumber`] when `value` is not `+` and 1 to 15 digits with
    /// no leading zero.
    pub fn new(value: impl Into<String>) -> Result<Self, Error> {
        let value = value.into();
        let digits = value.strip_prefix('+').unwrap_or("");
        let ok = (1..=15).contains(&digits.len())
            && digits.bytes().all(|b| b.is_ascii_digit())
            && !digits.starts_with('0');
        if ok {
            Ok(Self(value))
        } else {
            Err(Error::InvalidPhoneNumber { len: value.len() })
        }
    }

    /// The number as sent on the wire.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The number as an owned string.
    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PhoneNumber({})", self.0)
    }
}

impl AsRef<str> for PhoneNumber {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl FromStr for PhoneNumber {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        Self::new(s)
    }
}

impl TryFrom<String> for PhoneNumber {
    type Error = Error;
    fn try_from(s: String) -> Result<Self, Error> {
        Self::new(s)
    }
}

impl<'de> Deserialize<'de> for PhoneNumber {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Self::new(String::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}
