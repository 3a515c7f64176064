//! E.164 phone numbers for outgoing calls.

use std::fmt;

/// A validated E.164 number: `+`, a non-zero digit, then 1 to 14 more digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct E164(String);

/// Why a phone number was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("expected an E.164 number such as +15551230000")]
pub struct InvalidNumber;

impl E164 {
    /// Checks and wraps a number. Spaces, dashes, dots and parentheses are
    /// dropped first so that `+1 (555) 123-0000` is accepted.
    pub fn parse(input: &str) -> Result<Self, InvalidNumber> {
        let cleaned: String = input
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')'))
            .collect();
        let digits = cleaned.strip_prefix('+').ok_or(InvalidNumber)?;
        let ok = (2..=15).contains(&digits.len())
            && digits.bytes().all(|b| b.is_ascii_digit())
            && !digits.starts_with('0');
        if ok {
            Ok(Self(cleaned))
        } else {
            Err(InvalidNumber)
        }
    }

    /// The number as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for E164 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_e164() {
        assert_eq!(
            E164::parse("+15551230000").unwrap().as_str(),
            "+15551230000"
        );
        assert_eq!(
            E164::parse("+1 (555) 123-0000").unwrap().as_str(),
            "+15551230000"
        );
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
            assert_eq!(E164::parse(bad), Err(InvalidNumber), "{bad:?}");
        }
    }
}
