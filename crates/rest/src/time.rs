//! Dates and times as Twilio sends and takes them, as [`jiff`] types.
//!
//! The 2010-04-01 API (`api`) writes date-times in RFC 2822
//! (`Tue, 10 Mar 2020 19:27:45 +0000`), the v1 APIs (Sync, Proxy, TaskRouter) in ISO 8601
//! (`2020-03-10T19:27:45Z`). Response fields are [`Timestamp`]s; filters take a
//! [`Timestamp`] where the API compares instants and a [`Date`] where it compares days
//! (`DateCreated<` on conferences, `MessageDate>` on notifications).

use std::borrow::Cow;
use std::fmt;

use serde::{Deserialize, Deserializer};

pub use jiff::Timestamp;
pub use jiff::civil::Date;

/// Parses an RFC 2822 date-time (`Tue, 10 Mar 2020 19:27:45 +0000`).
fn parse_rfc2822(text: &str) -> Option<Timestamp> {
    jiff::fmt::rfc2822::DateTimeParser::new()
        .parse_timestamp(text)
        .ok()
}

/// Parses an ISO 8601 date-time: with an offset (`2020-03-10T19:27:45Z`), or without
/// one, which Twilio means as UTC.
fn parse_iso8601(text: &str) -> Option<Timestamp> {
    if let Ok(ts) = text.parse::<Timestamp>() {
        return Some(ts);
    }
    let civil = text.parse::<jiff::civil::DateTime>().ok()?;
    jiff::tz::TimeZone::UTC.to_timestamp(civil).ok()
}

/// The shared shape of the two deserializers: `null`, a missing field and `""` are
/// `None`; text is tried in the API's own format first and then in the other one,
/// since a few fields of each API have been seen in the other's format.
fn deserialize<'de, D: Deserializer<'de>>(
    d: D,
    first: fn(&str) -> Option<Timestamp>,
    second: fn(&str) -> Option<Timestamp>,
) -> Result<Option<Timestamp>, D::Error> {
    let Some(text) = Option::<Cow<'de, str>>::deserialize(d)? else {
        return Ok(None);
    };
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    first(text)
        .or_else(|| second(text))
        .map(Some)
        .ok_or_else(|| serde::de::Error::custom(format!("`{text}` is not a date-time")))
}

/// An optional date-time of the 2010-04-01 API (RFC 2822), for
/// `#[serde(default, deserialize_with = "crate::time::rfc2822")]`.
pub(crate) fn rfc2822<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Timestamp>, D::Error> {
    deserialize(d, parse_rfc2822, parse_iso8601)
}

/// An optional date-time of a v1 API (ISO 8601), for
/// `#[serde(default, deserialize_with = "crate::time::iso8601")]`.
pub(crate) fn iso8601<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Timestamp>, D::Error> {
    deserialize(d, parse_iso8601, parse_rfc2822)
}

/// A date-time parameter on the wire: ISO 8601 in UTC to the second
/// (`2020-03-10T19:27:45Z`), the form every Twilio API accepts in filters and bodies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct WireTime(pub(crate) Timestamp);

impl fmt::Display for WireTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.strftime("%Y-%m-%dT%H:%M:%SZ"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct V2010 {
        #[serde(default, deserialize_with = "super::rfc2822")]
        at: Option<Timestamp>,
    }

    #[derive(Deserialize)]
    struct V1 {
        #[serde(default, deserialize_with = "super::iso8601")]
        at: Option<Timestamp>,
    }

    fn v2010(json: &str) -> Result<Option<Timestamp>, serde_json::Error> {
        serde_json::from_str::<V2010>(json).map(|v| v.at)
    }

    fn v1(json: &str) -> Result<Option<Timestamp>, serde_json::Error> {
        serde_json::from_str::<V1>(json).map(|v| v.at)
    }

    fn ts(iso: &str) -> Option<Timestamp> {
        Some(iso.parse().unwrap())
    }

    /// Values from the examples of Twilio's OpenAPI specs (tests/contract).
    #[test]
    fn reads_the_2010_api_format() {
        let cases = [
            ("Fri, 18 Feb 2011 21:07:19 +0000", "2011-02-18T21:07:19Z"),
            ("Tue, 31 Aug 2010 20:36:29 +0000", "2010-08-31T20:36:29Z"),
            ("Mon, 14 Feb 2022 22:23:00 +0100", "2022-02-14T21:23:00Z"),
            ("Thu, 30 Jul 2015 20:00:00 +0000", "2015-07-30T20:00:00Z"),
        ];
        for (wire, want) in cases {
            let json = format!(r#"{{"at": "{wire}"}}"#);
            assert_eq!(v2010(&json).unwrap(), ts(want), "{wire}");
        }
    }

    #[test]
    fn reads_the_v1_api_format() {
        assert_eq!(
            v1(r#"{"at": "2015-07-30T20:00:00Z"}"#).unwrap(),
            ts("2015-07-30T20:00:00Z")
        );
        assert_eq!(
            v1(r#"{"at": "2014-05-14T10:50:02Z"}"#).unwrap(),
            ts("2014-05-14T10:50:02Z")
        );
        assert_eq!(
            v1(r#"{"at": "2016-04-14T17:35:54.123+02:00"}"#).unwrap(),
            ts("2016-04-14T15:35:54.123Z")
        );
        assert_eq!(
            v1(r#"{"at": "2015-02-07T00:32:41"}"#).unwrap(),
            ts("2015-02-07T00:32:41Z"),
            "no offset means UTC"
        );
    }

    #[test]
    fn tolerates_the_other_format_and_reads_nothing_as_none() {
        assert_eq!(
            v2010(r#"{"at": "2020-03-10T19:27:45Z"}"#).unwrap(),
            ts("2020-03-10T19:27:45Z")
        );
        assert_eq!(
            v1(r#"{"at": "Tue, 10 Mar 2020 19:27:45 +0000"}"#).unwrap(),
            ts("2020-03-10T19:27:45Z")
        );
        for none in [r#"{"at": null}"#, r#"{"at": ""}"#, "{}"] {
            assert_eq!(v2010(none).unwrap(), None, "{none}");
            assert_eq!(v1(none).unwrap(), None, "{none}");
        }
    }

    #[test]
    fn rejects_text_that_is_no_date() {
        for bad in [r#"{"at": "yesterday"}"#, r#"{"at": 1583868465}"#] {
            assert!(v2010(bad).is_err(), "{bad}");
            assert!(v1(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn parameters_go_out_in_utc_to_the_second() {
        let at: Timestamp = "2020-03-10T20:27:45.678+01:00".parse().unwrap();
        assert_eq!(WireTime(at).to_string(), "2020-03-10T19:27:45Z");
        let day: Date = "2020-03-10".parse().unwrap();
        assert_eq!(day.to_string(), "2020-03-10");
    }
}
