//! Compact JWS with HMAC-SHA2: the byte-exact encoding both token kinds share, and
//! the bridge to `jsonwebtoken`, which computes and checks every signature.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{EncodingKey, crypto};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::{Error, Secret};

/// The HMAC algorithms Twilio tokens are signed with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Algorithm {
    /// HMAC-SHA256, what Twilio and its helper libraries use by default.
    #[default]
    Hs256,
    /// HMAC-SHA384.
    Hs384,
    /// HMAC-SHA512.
    Hs512,
}

impl Algorithm {
    /// Every algorithm this crate signs and verifies.
    pub const ALL: [Algorithm; 3] = [Algorithm::Hs256, Algorithm::Hs384, Algorithm::Hs512];

    /// The JOSE name (`alg` header value), e.g. `"HS256"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Hs256 => "HS256",
            Self::Hs384 => "HS384",
            Self::Hs512 => "HS512",
        }
    }

    /// Parses a JOSE name; anything but the three HMAC-SHA2 names is unsupported.
    ///
    /// # Errors
    /// [`Error::UnsupportedAlgorithm`] for `none`, `RS256`, unknown names, etc.
    pub fn from_name(name: &str) -> Result<Self, Error> {
        match name {
            "HS256" => Ok(Self::Hs256),
            "HS384" => Ok(Self::Hs384),
            "HS512" => Ok(Self::Hs512),
            other => Err(Error::UnsupportedAlgorithm(other.to_owned())),
        }
    }

    /// Signs everything in `out` with `key` (through `jsonwebtoken`), then appends
    /// `.` and the base64url signature.
    pub(crate) fn sign_appending(self, key: &[u8], out: &mut String) -> Result<(), Error> {
        let signature = crypto::sign(
            out.as_bytes(),
            &EncodingKey::from_secret(key),
            self.theirs(),
        )
        .map_err(|_| Error::InvalidKey)?;
        out.push('.');
        out.push_str(&signature);
        Ok(())
    }

    /// The same algorithm as `jsonwebtoken` names it.
    pub(crate) fn theirs(self) -> jsonwebtoken::Algorithm {
        match self {
            Self::Hs256 => jsonwebtoken::Algorithm::HS256,
            Self::Hs384 => jsonwebtoken::Algorithm::HS384,
            Self::Hs512 => jsonwebtoken::Algorithm::HS512,
        }
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Algorithm {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Algorithm {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        Self::from_name(&name).map_err(serde::de::Error::custom)
    }
}

/// Serialises `header` and `claims`, signs them, and returns the compact JWT.
pub(crate) fn encode<H: Serialize, C: Serialize>(
    alg: Algorithm,
    key: &[u8],
    header: &H,
    claims: &C,
) -> Result<String, Error> {
    let header = serde_json::to_vec(header)?;
    let claims = serde_json::to_vec(claims)?;
    // Base64 grows by 4/3; plus two dots and a 64-byte (at most) signature.
    let mut out = String::with_capacity((header.len() + claims.len()) * 4 / 3 + 96);
    URL_SAFE_NO_PAD.encode_string(&header, &mut out);
    out.push('.');
    URL_SAFE_NO_PAD.encode_string(&claims, &mut out);
    alg.sign_appending(key, &mut out)?;
    Ok(out)
}

/// A token split into its decoded parts, signature not yet checked.
pub(crate) struct Parts {
    pub(crate) header: Vec<u8>,
    pub(crate) claims: Vec<u8>,
}

/// Splits a compact JWT into its base64url-decoded header and claims, checking that
/// the signature segment is base64url too, so a bad token gets an error naming the
/// part at fault before `jsonwebtoken` sees it.
pub(crate) fn split(token: &str) -> Result<Parts, Error> {
    let mut segments = token.split('.');
    let (Some(h), Some(c), Some(s), None) = (
        segments.next(),
        segments.next(),
        segments.next(),
        segments.next(),
    ) else {
        return Err(Error::malformed(
            "token",
            "expected three dot-separated segments",
        ));
    };
    let decode = |part: &'static str, seg: &str| {
        URL_SAFE_NO_PAD
            .decode(seg)
            .map_err(|e| Error::malformed(part, format!("invalid base64url: {e}")))
    };
    let parts = Parts {
        header: decode("header", h)?,
        claims: decode("claims", c)?,
    };
    decode("signature", s)?;
    Ok(parts)
}

/// The key bytes of a signing secret; an empty secret is refused.
pub(crate) fn key_bytes(secret: &Secret) -> Result<&[u8], Error> {
    if secret.is_empty() {
        Err(Error::EmptySecret)
    } else {
        Ok(secret.expose().as_bytes())
    }
}

/// Whole seconds since the Unix epoch.
pub(crate) fn unix_seconds(t: SystemTime) -> Result<u64, Error> {
    t.duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .map_err(|_| Error::TimeOutOfRange)
}

/// Twilio's maximum token lifetime.
pub(crate) const MAX_TTL: Duration = Duration::from_secs(24 * 60 * 60);

/// Validates a time to live and returns it in whole seconds.
pub(crate) fn ttl_seconds(ttl: Duration) -> Result<u64, Error> {
    let secs = ttl.as_secs();
    if secs == 0 || ttl > MAX_TTL {
        Err(Error::TtlOutOfRange { ttl })
    } else {
        Ok(secs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64url_vectors_from_spec() {
        // §4.1: base64url without padding.
        for (input, want) in [("", ""), ("A", "QQ"), ("AB", "QUI"), ("ABCD", "QUJDRA")] {
            assert_eq!(URL_SAFE_NO_PAD.encode(input), want);
        }
    }

    #[test]
    fn hs256_matches_rfc_7515_example() {
        // RFC 7515 appendix A.1: header/payload/key and the expected signature.
        let key = URL_SAFE_NO_PAD
            .decode("AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow")
            .unwrap();
        let input = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ";
        let mut token = input.to_owned();
        Algorithm::Hs256.sign_appending(&key, &mut token).unwrap();
        let sig = &token[input.len() + 1..];
        assert_eq!(sig, "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
    }

    #[test]
    fn algorithm_names() {
        for alg in Algorithm::ALL {
            assert_eq!(Algorithm::from_name(alg.as_str()).unwrap(), alg);
        }
        for bad in ["none", "RS256", "hs256", ""] {
            assert!(matches!(
                Algorithm::from_name(bad),
                Err(Error::UnsupportedAlgorithm(_))
            ));
        }
    }

    #[test]
    fn split_rejects_bad_shapes() {
        for bad in [
            "",
            "a.b",
            "a.b.c.d",
            "!!.e30.sig",
            "e30.!!.c2ln",
            "e30.e30.!!",
        ] {
            assert!(matches!(split(bad), Err(Error::Malformed { .. })), "{bad}");
        }
    }

    #[test]
    fn ttl_range() {
        assert!(ttl_seconds(Duration::ZERO).is_err());
        assert!(ttl_seconds(Duration::from_millis(999)).is_err());
        assert_eq!(ttl_seconds(Duration::from_secs(1)).unwrap(), 1);
        assert_eq!(ttl_seconds(MAX_TTL).unwrap(), 86_400);
        assert!(ttl_seconds(MAX_TTL + Duration::from_secs(1)).is_err());
    }
}
