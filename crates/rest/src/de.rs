//! Lenient deserializers for Twilio's response quirks, for `#[serde(default,
//! deserialize_with = "crate::de::...")]` on `Option` fields: SIDs that may be `""` and
//! numbers that may come as strings (`duration`, `price`, `num_segments` are strings in
//! the spec and numbers in some responses). A field sent either way must never fail a
//! whole call. Date-times are in [`crate::time`].

use std::fmt;

use serde::de::Visitor;
use serde::{Deserialize, Deserializer};

/// An optional SID: `null`, a missing field and `""` (which Twilio sends for "none")
/// all become `None`; anything else must be a valid SID.
pub(crate) fn opt_sid<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: TryFrom<String, Error = twilio_types::Error>,
{
    match Option::<String>::deserialize(d)? {
        None => Ok(None),
        Some(s) if s.is_empty() => Ok(None),
        Some(s) => T::try_from(s).map(Some).map_err(serde::de::Error::custom),
    }
}

/// An optional number that Twilio may send as a JSON number or as a string (prices are
/// strings like `"-0.0025"` in some resources and numbers in others); `null`, a
/// missing field and `""` are `None`.
pub(crate) fn opt_number<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: std::str::FromStr,
{
    let Some(text) = d.deserialize_any(Scalar)? else {
        return Ok(None);
    };
    if text.is_empty() {
        return Ok(None);
    }
    text.parse()
        .map(Some)
        .map_err(|_| serde::de::Error::custom(format!("`{text}` is not a number")))
}

/// Any JSON scalar as text; `null` as `None`.
struct Scalar;

impl<'de> Visitor<'de> for Scalar {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string, a number, a boolean or null")
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(v.to_owned()))
    }

    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Some(v))
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }

    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Deserialize)]
    struct Price {
        #[serde(default, deserialize_with = "super::opt_number")]
        price: Option<f64>,
    }

    #[test]
    fn numbers_may_be_strings() {
        let p = |s: &str| serde_json::from_str::<Price>(s).map(|p| p.price);
        assert_eq!(p(r#"{"price": "-0.0025"}"#).unwrap(), Some(-0.0025));
        assert_eq!(p(r#"{"price": 1.5}"#).unwrap(), Some(1.5));
        assert_eq!(p(r#"{"price": null}"#).unwrap(), None);
        assert_eq!(p(r#"{"price": ""}"#).unwrap(), None);
        assert_eq!(p("{}").unwrap(), None);
        assert!(p(r#"{"price": "cheap"}"#).is_err());
        assert!(p(r#"{"price": [1]}"#).is_err());
    }

    #[derive(Deserialize)]
    struct Counts {
        #[serde(default, deserialize_with = "super::opt_number")]
        n: Option<u32>,
    }

    #[test]
    fn integers_may_be_strings() {
        let c = |s: &str| serde_json::from_str::<Counts>(s).map(|c| c.n);
        assert_eq!(c(r#"{"n": "3"}"#).unwrap(), Some(3));
        assert_eq!(c(r#"{"n": 3}"#).unwrap(), Some(3));
        assert_eq!(c(r#"{"n": null}"#).unwrap(), None);
        assert!(c(r#"{"n": "-1"}"#).is_err(), "a u32 stays a u32");
        assert!(c(r#"{"n": 1.5}"#).is_err(), "no silent truncation");
        assert!(c(r#"{"n": {"a": 1}}"#).is_err());
    }

    /// Response fields are `Option`s without `#[serde(default)]`: a field Twilio leaves
    /// out must still read as `None`, exactly like `null`.
    #[test]
    fn missing_and_null_optional_fields_read_as_none() {
        use crate::sync::lists::SyncList;
        let sid = "ES00000000000000000000000000000000";
        let bare: SyncList = serde_json::from_str(&format!(r#"{{"sid": "{sid}"}}"#)).unwrap();
        let nulls: SyncList = serde_json::from_str(&format!(
            r#"{{"sid": "{sid}", "unique_name": null, "links": null, "account_sid": null}}"#
        ))
        .unwrap();
        assert_eq!(bare, nulls);
        assert_eq!(bare.unique_name, None);
        assert_eq!(bare.links, None);
        assert_eq!(bare.account_sid, None);
        assert!(serde_json::from_str::<SyncList>(r#"{"unique_name": "x"}"#).is_err());
    }
}
