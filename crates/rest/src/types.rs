//! Small value types shared by every API: string enums, HTTP methods, TwiML.

use std::fmt;

/// Defines a string-valued enum with an `Other(String)` fallback, so values Twilio adds
/// later still deserialize.
macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $value:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $($(#[$vmeta])* #[doc = concat!("`", $value, "`")] $variant,)+
            /// A value this version of the crate does not know.
            Other(String),
        }

        impl $name {
            /// The value as Twilio spells it.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $value,)+
                    Self::Other(other) => other,
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Ok(match s {
                    $($value => Self::$variant,)+
                    other => Self::Other(other.to_owned()),
                })
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                match s.parse() {
                    Ok(v) => v,
                    Err(never) => match never {},
                }
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <::std::borrow::Cow<'de, str>>::deserialize(d)?;
                Ok(Self::from(s.as_ref()))
            }
        }
    };
}
pub(crate) use string_enum;

string_enum! {
    /// The HTTP method Twilio uses to call one of your URLs.
    HttpMethod {
        Get => "GET",
        Post => "POST",
    }
}

/// A TwiML document, sent as the `Twiml` parameter.
///
/// Any string is accepted (Twilio validates it); with the `twiml` feature, a
/// `twilio_twiml::VoiceResponse` converts into it.
#[derive(Clone, PartialEq, Eq)]
pub struct Twiml(String);

impl Twiml {
    /// Wraps a TwiML document.
    pub fn new(xml: impl Into<String>) -> Self {
        Self(xml.into())
    }

    /// The document text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Twiml {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Twiml({:?})", self.0)
    }
}

impl fmt::Display for Twiml {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<String> for Twiml {
    fn from(xml: String) -> Self {
        Self(xml)
    }
}

impl From<&str> for Twiml {
    fn from(xml: &str) -> Self {
        Self(xml.to_owned())
    }
}

#[cfg(feature = "twiml")]
impl TryFrom<&twilio_twiml::VoiceResponse> for Twiml {
    type Error = crate::Error;
    fn try_from(doc: &twilio_twiml::VoiceResponse) -> Result<Self, crate::Error> {
        doc.to_xml()
            .map(Self)
            .map_err(|e| crate::Error::InvalidInput(format!("TwiML document: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_enums_round_trip_and_keep_unknown_values() {
        assert_eq!(serde_json::to_string(&HttpMethod::Get).unwrap(), "\"GET\"");
        let m: HttpMethod = serde_json::from_str("\"PUT\"").unwrap();
        assert_eq!(m, HttpMethod::Other("PUT".into()));
        assert_eq!(m.to_string(), "PUT");
        assert_eq!(HttpMethod::from("POST"), HttpMethod::Post);
    }
}

#[cfg(all(test, feature = "twiml"))]
mod twiml_feature_tests {
    use super::Twiml;

    #[test]
    fn voice_response_renders_into_twiml() {
        let doc = twilio_twiml::VoiceResponse::new();
        let twiml = Twiml::try_from(&doc).unwrap();
        assert_eq!(twiml.as_str(), doc.to_xml().unwrap());
        assert!(twiml.as_str().contains("<Response"));
    }
}
