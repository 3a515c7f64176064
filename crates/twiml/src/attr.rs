//! How typed attribute values are written and read back, and the two open-ended
//! value types (`LanguageCode`, `Voice`) whose twilio-node lists are too long for enums.

use std::borrow::Cow;
use std::fmt;

use crate::Error;
use crate::render::{Sink, escape_attr};

/// A typed attribute value: written the way twilio-node stringifies it, parsed back.
pub(crate) trait AttrValue: Sized {
    fn write_value<S: Sink + ?Sized>(&self, out: &mut S) -> Result<(), Error>;
    fn parse_value(value: &str) -> Option<Self>;
}

/// Values that may appear in a space-separated list attribute (twilio-node joins
/// arrays with a single space).
pub(crate) trait ListItem: AttrValue {}

impl AttrValue for String {
    #[inline]
    fn write_value<S: Sink + ?Sized>(&self, out: &mut S) -> Result<(), Error> {
        escape_attr(self, out)
    }
    fn parse_value(value: &str) -> Option<Self> {
        Some(value.to_owned())
    }
}

impl AttrValue for bool {
    #[inline]
    fn write_value<S: Sink + ?Sized>(&self, out: &mut S) -> Result<(), Error> {
        out.put(if *self { "true" } else { "false" })
    }
    fn parse_value(value: &str) -> Option<Self> {
        match value {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        }
    }
}

impl AttrValue for u32 {
    #[inline]
    fn write_value<S: Sink + ?Sized>(&self, out: &mut S) -> Result<(), Error> {
        // Decimal digits without going through `fmt` (this is on the hot path): values
        // below 100 are slices of a static string.
        let n = *self as usize;
        if n < 100 {
            let from = if n < 10 { 2 * n + 1 } else { 2 * n };
            if let Some(digits) = TWO_DIGITS.get(from..2 * n + 2) {
                return out.put(digits);
            }
        }
        write_large_u32(*self, out)
    }
    fn parse_value(value: &str) -> Option<Self> {
        // twilio-node writes numbers with `"" + n`: plain decimal digits.
        if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        value.parse().ok()
    }
}

impl ListItem for u32 {}

/// Numbers from 100 up, kept out of line so the common case above stays small.
#[cold]
fn write_large_u32<S: Sink + ?Sized>(mut n: u32, out: &mut S) -> Result<(), Error> {
    let mut buf = [0u8; 10];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.put(std::str::from_utf8(&buf[i..]).map_err(|_| Error::Fmt)?)
}

/// `"00" "01" ... "99"` in one string.
const TWO_DIGITS: &str = {
    const BYTES: [u8; 200] = {
        let mut bytes = [0u8; 200];
        let mut n = 0;
        while n < 100 {
            bytes[2 * n] = b'0' + (n / 10) as u8;
            bytes[2 * n + 1] = b'0' + (n % 10) as u8;
            n += 1;
        }
        bytes
    };
    match std::str::from_utf8(&BYTES) {
        Ok(digits) => digits,
        Err(_) => "",
    }
};

impl<T: ListItem> AttrValue for Vec<T> {
    #[inline]
    fn write_value<S: Sink + ?Sized>(&self, out: &mut S) -> Result<(), Error> {
        for (i, item) in self.iter().enumerate() {
            if i > 0 {
                out.put(" ")?;
            }
            item.write_value(out)?;
        }
        Ok(())
    }
    fn parse_value(value: &str) -> Option<Self> {
        if value.is_empty() {
            return Some(Vec::new());
        }
        value.split(' ').map(T::parse_value).collect()
    }
}

/// Parses one attribute value, or says which attribute held what.
pub(crate) fn parse_attr<T: AttrValue>(
    element: &'static str,
    attribute: &'static str,
    value: String,
) -> Result<T, Error> {
    T::parse_value(&value).ok_or(Error::InvalidAttributeValue {
        element,
        attribute,
        value,
    })
}

/// A BCP-47 language tag for `language` / `xml:lang` attributes.
///
/// twilio-node lists a different set of tags per verb (over a hundred for `<Gather>`),
/// so this is an open newtype with an associated constant for every listed tag:
///
/// ```
/// use twilio_twiml::LanguageCode;
/// assert_eq!(LanguageCode::EN_US.as_str(), "en-US");
/// assert_eq!(LanguageCode::new("xx-YY").as_str(), "xx-YY");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LanguageCode(Cow<'static, str>);

impl LanguageCode {
    /// Any tag, including ones Twilio adds later.
    pub fn new(tag: impl Into<String>) -> Self {
        Self(Cow::Owned(tag.into()))
    }

    /// Only for the associated constants: rendering writes these without escaping.
    pub(crate) const fn from_static(tag: &'static str) -> Self {
        Self(Cow::Borrowed(tag))
    }

    /// The tag as written in TwiML.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<&str> for LanguageCode {
    fn from(tag: &str) -> Self {
        Self::new(tag)
    }
}

impl From<String> for LanguageCode {
    fn from(tag: String) -> Self {
        Self::new(tag)
    }
}

impl fmt::Display for LanguageCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AttrValue for LanguageCode {
    #[inline]
    fn write_value<S: Sink + ?Sized>(&self, out: &mut S) -> Result<(), Error> {
        match &self.0 {
            // The associated constants: plain `[A-Za-z0-9-]` tags, nothing to escape.
            Cow::Borrowed(tag) => out.put(tag),
            Cow::Owned(tag) => escape_attr(tag, out),
        }
    }
    fn parse_value(value: &str) -> Option<Self> {
        Some(Self::new(value))
    }
}

/// The `voice` of `<Say>`.
///
/// twilio-node lists about 900 names: the three classic voices plus Amazon Polly
/// (`Polly.<name>`) and Google (`Google.<name>`) voices, so the provider voices carry
/// their name:
///
/// ```
/// use twilio_twiml::Voice;
/// assert_eq!(Voice::polly("Joanna-Neural").to_string(), "Polly.Joanna-Neural");
/// assert_eq!(Voice::from("Google.en-US-Standard-C"), Voice::Google("en-US-Standard-C".into()));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Voice {
    /// `man`
    Man,
    /// `woman`
    Woman,
    /// `alice`
    Alice,
    /// `Polly.<name>`: an Amazon Polly voice.
    Polly(String),
    /// `Google.<name>`: a Google voice.
    Google(String),
    /// Any other voice, written as given.
    Other(String),
}

impl Voice {
    /// An Amazon Polly voice, e.g. `Voice::polly("Joanna-Neural")`.
    pub fn polly(name: impl Into<String>) -> Self {
        Self::Polly(name.into())
    }

    /// A Google voice, e.g. `Voice::google("en-US-Chirp3-HD-Aoede")`.
    pub fn google(name: impl Into<String>) -> Self {
        Self::Google(name.into())
    }

    fn parts(&self) -> (&'static str, &str) {
        match self {
            Self::Man => ("", "man"),
            Self::Woman => ("", "woman"),
            Self::Alice => ("", "alice"),
            Self::Polly(name) => ("Polly.", name),
            Self::Google(name) => ("Google.", name),
            Self::Other(other) => ("", other),
        }
    }
}

impl From<&str> for Voice {
    fn from(value: &str) -> Self {
        match value {
            "man" => Self::Man,
            "woman" => Self::Woman,
            "alice" => Self::Alice,
            _ => {
                if let Some(name) = value.strip_prefix("Polly.") {
                    Self::Polly(name.to_owned())
                } else if let Some(name) = value.strip_prefix("Google.") {
                    Self::Google(name.to_owned())
                } else {
                    Self::Other(value.to_owned())
                }
            }
        }
    }
}

impl fmt::Display for Voice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (prefix, name) = self.parts();
        f.write_str(prefix)?;
        f.write_str(name)
    }
}

impl AttrValue for Voice {
    #[inline]
    fn write_value<S: Sink + ?Sized>(&self, out: &mut S) -> Result<(), Error> {
        match self {
            // The classic voices are plain words: nothing to escape.
            Self::Man | Self::Woman | Self::Alice => out.put(self.parts().1),
            _ => {
                let (prefix, name) = self.parts();
                out.put(prefix)?;
                escape_attr(name, out)
            }
        }
    }
    fn parse_value(value: &str) -> Option<Self> {
        Some(Self::from(value))
    }
}
