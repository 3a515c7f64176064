//! Which HMAC a webhook was signed with.

use crate::Error;

/// The HMAC behind an `X-Twilio-Signature`.
///
/// Twilio signs with HMAC-SHA1 keyed by the Auth Token unless the request carries an
/// `X-Twilio-Webhooks-Signature-Settings` header naming another algorithm (then the
/// key is a SharedKey secret). Unknown algorithms are an error, never a silent SHA1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Algorithm {
    /// `HMAC_SHA1`, the Auth Token signature.
    #[default]
    HmacSha1,
    /// `HMAC_SHA256`, used with SharedKey-signed webhooks.
    HmacSha256,
}

impl Algorithm {
    /// The name used in the settings header.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::HmacSha1 => "HMAC_SHA1",
            Self::HmacSha256 => "HMAC_SHA256",
        }
    }

    /// Parses an algorithm name, case-insensitively (as twilio-python does).
    ///
    /// # Errors
    /// [`Error::UnsupportedAlgorithm`] for any other name.
    pub fn parse(name: &str) -> Result<Self, Error> {
        if name.eq_ignore_ascii_case("HMAC_SHA1") {
            Ok(Self::HmacSha1)
        } else if name.eq_ignore_ascii_case("HMAC_SHA256") {
            Ok(Self::HmacSha256)
        } else {
            Err(Error::UnsupportedAlgorithm(name.to_owned()))
        }
    }
}

/// The parsed `X-Twilio-Webhooks-Signature-Settings` header:
/// `key=<sharedKeyId>,algorithm=<algorithm>`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SignatureSettings {
    /// The SharedKey id from `key=`, if any.
    pub key_id: Option<String>,
    /// The algorithm from `algorithm=`; HMAC-SHA1 when absent or empty.
    pub algorithm: Algorithm,
}

impl SignatureSettings {
    /// The header's name.
    pub const HEADER: &'static str = "X-Twilio-Webhooks-Signature-Settings";

    /// Parses the header value. An absent or empty header means HMAC-SHA1.
    ///
    /// # Errors
    /// [`Error::UnsupportedAlgorithm`] when `algorithm=` names an unknown algorithm.
    pub fn parse(header: Option<&str>) -> Result<Self, Error> {
        let mut settings = Self::default();
        let mut algorithm_seen = false;
        for part in header.unwrap_or_default().split(',') {
            let Some((name, value)) = part.split_once('=') else {
                continue;
            };
            let value = value.trim();
            match name.trim() {
                "algorithm" if !value.is_empty() && !algorithm_seen => {
                    settings.algorithm = Algorithm::parse(value)?;
                    algorithm_seen = true;
                }
                "key" if !value.is_empty() && settings.key_id.is_none() => {
                    settings.key_id = Some(value.to_owned());
                }
                _ => {}
            }
        }
        Ok(settings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_header() {
        let s = SignatureSettings::parse(Some("key=webhooks_sharedkey_1, algorithm=hmac_sha256"));
        assert_eq!(
            s,
            Ok(SignatureSettings {
                key_id: Some("webhooks_sharedkey_1".into()),
                algorithm: Algorithm::HmacSha256
            })
        );
        assert_eq!(
            SignatureSettings::parse(None).map(|s| s.algorithm),
            Ok(Algorithm::HmacSha1)
        );
        assert_eq!(
            SignatureSettings::parse(Some("algorithm=")).map(|s| s.algorithm),
            Ok(Algorithm::HmacSha1)
        );
        assert_eq!(
            SignatureSettings::parse(Some("algorithm=HMAC_MD5")),
            Err(Error::UnsupportedAlgorithm("HMAC_MD5".into()))
        );
    }
}
