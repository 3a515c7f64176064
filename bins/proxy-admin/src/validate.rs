//! Input checks shared by the routes: every field is checked before Twilio sees it,
//! and a refusal names the field.

use twilio_rest::sid::PhoneNumber;

use crate::Error;

/// Longest SMS body Twilio accepts.
pub const MAX_BODY_CHARS: usize = 1600;
/// Longest Proxy `UniqueName` (Services and Sessions).
pub(crate) const MAX_UNIQUE_NAME: usize = 191;
/// Longest Participant `FriendlyName`.
pub(crate) const MAX_FRIENDLY_NAME: usize = 255;

/// A phone number in E.164 form, at least 2 digits long: [`PhoneNumber`] alone takes
/// `+1`, a country code without a number, which no participant or sender can be.
pub fn e164(raw: &str) -> Option<PhoneNumber> {
    PhoneNumber::new(raw).ok().filter(|n| n.as_str().len() >= 3)
}

/// [`e164`] that also accepts the seed's form (digits only, the `+` stripped by its
/// input mask) and always answers with the `+` (the §5.5.10 fix).
pub(crate) fn e164_lenient(raw: &str) -> Option<PhoneNumber> {
    let raw = raw.trim();
    if raw.starts_with('+') {
        e164(raw)
    } else {
        e164(&format!("+{raw}"))
    }
}

/// A required form field, trimmed and not blank.
pub(crate) fn required<'a>(field: &'static str, value: Option<&'a str>) -> Result<&'a str, Error> {
    match value.map(str::trim) {
        Some(v) if !v.is_empty() => Ok(v),
        _ => Err(Error::BadRequest(format!("`{field}` is required"))),
    }
}

/// A SID of the type `T` (prefix + 32 hex digits), via the REST crate's newtypes.
pub(crate) fn sid<T, E>(
    field: &'static str,
    value: Option<&str>,
    parse: impl Fn(String) -> Result<T, E>,
    expected: &str,
) -> Result<T, Error> {
    let raw = required(field, value)?;
    parse(raw.to_owned()).map_err(|_| {
        Error::BadRequest(format!(
            "`{field}` must be a {expected} SID (34 characters)"
        ))
    })
}

/// Text of 1 to `max` characters without control characters.
pub(crate) fn text<'a>(
    field: &'static str,
    value: Option<&'a str>,
    max: usize,
) -> Result<&'a str, Error> {
    let v = required(field, value)?;
    let len = v.chars().count();
    if len > max {
        return Err(Error::BadRequest(format!(
            "`{field}` must be at most {max} characters (got {len})"
        )));
    }
    if v.chars().any(char::is_control) {
        return Err(Error::BadRequest(format!(
            "`{field}` must not contain control characters"
        )));
    }
    Ok(v)
}

/// A message body: 1 to 1,600 characters (line breaks allowed).
pub(crate) fn body(value: Option<&str>) -> Result<&str, Error> {
    let v = value.unwrap_or_default();
    let len = v.chars().count();
    if v.trim().is_empty() || len > MAX_BODY_CHARS {
        return Err(Error::BadRequest(format!(
            "`body` must be 1 to {MAX_BODY_CHARS} characters (got {len})"
        )));
    }
    Ok(v)
}

/// A phone number field: E.164, or the seed's digits-only form.
pub(crate) fn phone(field: &'static str, value: Option<&str>) -> Result<PhoneNumber, Error> {
    let raw = required(field, value)?;
    e164_lenient(raw).ok_or_else(|| {
        Error::BadRequest(format!(
            "`{field}` must be a phone number in E.164 form, like +15551234567"
        ))
    })
}

/// One of a closed set of values (`allowed` as the API spells them).
pub(crate) fn one_of<'a>(
    field: &'static str,
    value: Option<&'a str>,
    allowed: &[&str],
) -> Result<&'a str, Error> {
    let v = required(field, value)?;
    if allowed.contains(&v) {
        Ok(v)
    } else {
        Err(Error::BadRequest(format!(
            "`{field}` must be one of: {}",
            allowed.join(", ")
        )))
    }
}

/// An optional time to live: 1 to 6 digits, as the seed's form allowed.
pub(crate) fn ttl(value: Option<&str>) -> Result<Option<u32>, Error> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) if v.len() <= 6 && v.bytes().all(|b| b.is_ascii_digit()) => v
            .parse()
            .map(Some)
            .map_err(|_| Error::BadRequest("`ttl` must be 1 to 6 digits (seconds)".into())),
        Some(_) => Err(Error::BadRequest(
            "`ttl` must be 1 to 6 digits (seconds)".into(),
        )),
    }
}

/// `"true"` / `"false"` (the seed's checkbox and toggle values).
pub(crate) fn boolean(field: &'static str, value: Option<&str>) -> Result<bool, Error> {
    match value.map(str::trim) {
        Some("true") => Ok(true),
        Some("false") => Ok(false),
        _ => Err(Error::BadRequest(format!(
            "`{field}` must be true or false"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn e164_needs_a_number_after_the_country_code() {
        assert!(e164("+15551234567").is_some());
        assert!(e164("+44").is_some());
        assert!(e164("+1").is_none(), "a country code alone");
        assert!(e164("15551234567").is_none());
        assert!(e164("+0555").is_none());
        assert!(e164("+1234567890123456").is_none());
        assert!(e164("+1555 123").is_none());
        assert_eq!(
            e164_lenient(" 15551234567").map(PhoneNumber::into_string),
            Some("+15551234567".to_owned())
        );
    }

    #[test]
    fn ttl_digits() {
        assert_eq!(ttl(None).ok(), Some(None));
        assert_eq!(ttl(Some("")).ok(), Some(None));
        assert_eq!(ttl(Some("3600")).ok(), Some(Some(3600)));
        assert!(ttl(Some("1234567")).is_err());
        assert!(ttl(Some("-1")).is_err());
        assert!(ttl(Some("1e3")).is_err());
    }

    #[test]
    fn texts() {
        assert!(text("n", Some("ok"), 3).is_ok());
        assert!(text("n", Some("four"), 3).is_err());
        assert!(text("n", Some("a\u{0}b"), 3).is_err());
        assert!(text("n", Some("  "), 3).is_err());
        assert!(body(Some(&"x".repeat(1600))).is_ok());
        assert!(body(Some(&"x".repeat(1601))).is_err());
        assert!(body(Some("line\nbreak")).is_ok());
    }
}
