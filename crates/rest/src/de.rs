//! Lenient deserializers for Twilio's response quirks.

use serde::{Deserialize, Deserializer};

/// An optional SID: `null`, a missing field and `""` (which Twilio sends for "none")
/// all become `None`; anything else must be a valid SID.
pub(crate) fn opt_sid<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: TryFrom<String, Error = crate::Error>,
{
    match Option::<String>::deserialize(d)? {
        None => Ok(None),
        Some(s) if s.is_empty() => Ok(None),
        Some(s) => T::try_from(s).map(Some).map_err(serde::de::Error::custom),
    }
}
