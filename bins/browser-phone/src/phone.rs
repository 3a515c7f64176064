//! Phone numbers: E.164 validation and the destination allow-list (toll-fraud guard).

use twilio_rest::sid::PhoneNumber;

use crate::Error;

/// Parses `value` as an E.164 number; `field` names it in the error.
///
/// # Errors
/// [`Error::InvalidNumber`] when it is missing, empty or not `+` and 1 to 15 digits.
pub fn parse_e164(field: &'static str, value: Option<&str>) -> Result<PhoneNumber, Error> {
    let value = value.map(str::trim).unwrap_or_default();
    PhoneNumber::new(value).map_err(|_| Error::InvalidNumber { field })
}

/// Which destinations the app may call or text: numbers starting with one of the
/// configured prefixes (e.g. `+1` for the NANP, `+4420` for London). Premium and
/// far-away ranges stay out unless someone lists them on purpose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DestinationPolicy {
    prefixes: Vec<String>,
}

impl DestinationPolicy {
    /// A policy allowing the given prefixes, each `+` and 1 to 15 digits.
    ///
    /// # Errors
    /// [`Error::Config`] for an empty list or a malformed prefix.
    pub fn new<I, S>(prefixes: I) -> Result<Self, Error>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut out = Vec::new();
        for prefix in prefixes {
            let prefix = prefix.as_ref().trim();
            if prefix.is_empty() {
                continue;
            }
            if PhoneNumber::new(prefix).is_err() {
                return Err(Error::Config {
                    var: "ALLOWED_DESTINATION_PREFIXES",
                    reason: format!("`{prefix}` is not `+` followed by digits"),
                });
            }
            out.push(prefix.to_owned());
        }
        if out.is_empty() {
            return Err(Error::Config {
                var: "ALLOWED_DESTINATION_PREFIXES",
                reason: "list at least one prefix, e.g. +1".to_owned(),
            });
        }
        Ok(Self { prefixes: out })
    }

    /// The allowed prefixes.
    pub fn prefixes(&self) -> &[String] {
        &self.prefixes
    }

    /// Parses `value` as E.164 and checks it against the allow-list.
    ///
    /// # Errors
    /// [`Error::InvalidNumber`] (400) or [`Error::DestinationNotAllowed`] (403).
    pub fn check(&self, field: &'static str, value: Option<&str>) -> Result<PhoneNumber, Error> {
        let number = parse_e164(field, value)?;
        if self.prefixes.iter().any(|p| number.as_str().starts_with(p)) {
            Ok(number)
        } else {
            Err(Error::DestinationNotAllowed {
                number: number.as_str().to_owned(),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn e164_rules() {
        for ok in ["+15551234567", "+447911123456", "+1", "+123456789012345"] {
            assert!(parse_e164("to", Some(ok)).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "15551234567",
            "+",
            "+0123",
            "+1234567890123456",
            "+1 555 123",
            "+1555abc",
            "++1555",
        ] {
            assert!(
                matches!(
                    parse_e164("to", Some(bad)),
                    Err(Error::InvalidNumber { field: "to" })
                ),
                "{bad}"
            );
        }
        assert!(parse_e164("to", None).is_err());
        // Surrounding blanks from a form field are forgiven.
        assert_eq!(
            parse_e164("to", Some(" +15551234567 "))
                .map(|n| n.as_str().to_owned())
                .ok(),
            Some("+15551234567".to_owned())
        );
    }

    #[test]
    fn allow_list() {
        let policy = DestinationPolicy::new(["+1", " +4420 ", ""]).unwrap();
        assert_eq!(policy.prefixes(), ["+1", "+4420"]);
        assert!(policy.check("to", Some("+15551234567")).is_ok());
        assert!(policy.check("to", Some("+442071234567")).is_ok());
        assert!(matches!(
            policy.check("to", Some("+447911123456")),
            Err(Error::DestinationNotAllowed { .. })
        ));
        assert!(matches!(
            policy.check("to", Some("+882345678")),
            Err(Error::DestinationNotAllowed { .. })
        ));
        assert!(matches!(
            policy.check("to", Some("nope")),
            Err(Error::InvalidNumber { .. })
        ));
    }

    #[test]
    fn bad_policies() {
        assert!(DestinationPolicy::new(Vec::<String>::new()).is_err());
        assert!(DestinationPolicy::new([" , "]).is_err());
        assert!(DestinationPolicy::new(["1"]).is_err());
        assert!(DestinationPolicy::new(["+1x"]).is_err());
    }
}
