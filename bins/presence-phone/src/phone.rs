//! E.164 phone numbers for outgoing calls, typed as `twilio_types::PhoneNumber`.

use twilio_types::PhoneNumber;

/// Why a phone number was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("expected an E.164 number such as +15551230000")]
pub struct InvalidNumber;

/// Checks a number typed by a person. Spaces, dashes, dots and parentheses are
/// dropped first so that `+1 (555) 123-0000` is accepted; on top of
/// [`PhoneNumber`]'s rule, a country code alone (`+1`) is refused: nothing to dial.
pub fn parse(input: &str) -> Result<PhoneNumber, InvalidNumber> {
    let cleaned: String = input
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')'))
        .collect();
    if cleaned.len() < 3 {
        return Err(InvalidNumber);
    }
    PhoneNumber::new(cleaned).map_err(|_| InvalidNumber)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_e164() {
        assert_eq!(parse("+15551230000").unwrap().as_str(), "+15551230000");
        assert_eq!(parse("+1 (555) 123-0000").unwrap().as_str(), "+15551230000");
        for bad in [
            "",
            "+",
            "15551230000",
            "+0555",
            "+1",
            "+1234567890123456",
            "+1555abc",
            "+1\n2",
        ] {
            assert_eq!(parse(bad), Err(InvalidNumber), "{bad:?}");
        }
    }
}
