//! Lenient deserializers for Twilio's response quirks.

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
/// strings like `"-0.0025"` in some resources and numbers in others).
pub(crate) fn opt_number<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: std::str::FromStr + Deserialize<'de>,
{
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw<T> {
        Number(T),
        Text(String),
    }
    match Option::<Raw<T>>::deserialize(d)? {
        None => Ok(None),
        Some(Raw::Number(n)) => Ok(Some(n)),
        Some(Raw::Text(s)) if s.is_empty() => Ok(None),
        Some(Raw::Text(s)) => s
            .parse()
            .map(Some)
            .map_err(|_| serde::de::Error::custom(format!("`{s}` is not a number"))),
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
