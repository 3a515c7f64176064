use std::fmt;

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use subtle::ConstantTimeEq;
use twilio_types::Secret;

use crate::{AuthError, Username};

/// The HMAC-SHA256 key that signs session cookies: at least 32 bytes, held in a
/// [`Secret`] (zeroised on drop, redacted in `Debug`).
#[derive(Clone)]
pub struct SessionKey(Secret);

impl SessionKey {
    /// Wraps a key of at least 32 bytes (e.g. the `SESSION_SECRET` variable).
    pub fn new(key: impl Into<Secret>) -> Result<Self, AuthError> {
        let key = key.into();
        if key.expose().len() < 32 {
            return Err(AuthError::WeakSessionKey);
        }
        Ok(Self(key))
    }

    fn mac(&self, username: &str, expires_at: u64) -> Vec<u8> {
        // A key of any length is valid for HMAC, so this never falls back in practice.
        let Ok(mut mac) = <Hmac<Sha256> as KeyInit>::new_from_slice(self.0.expose().as_bytes())
        else {
            return Vec::new();
        };
        mac.update(format!("v1|{username}|{expires_at}").as_bytes());
        mac.finalize().into_bytes().to_vec()
    }

    /// Signs a session value: `username.expires_at.mac` (mac base64url).
    pub(crate) fn sign(&self, username: &Username, expires_at: u64) -> String {
        let mac = URL_SAFE_NO_PAD.encode(self.mac(username.as_str(), expires_at));
        format!("{username}.{expires_at}.{mac}")
    }

    /// Checks the signature first (constant time), then the expiry; the user and
    /// the expiry.
    pub(crate) fn verify(&self, value: &str, now: u64) -> Result<(Username, u64), AuthError> {
        let mut parts = value.rsplitn(3, '.');
        let (Some(mac), Some(exp), Some(name)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(AuthError::InvalidSession);
        };
        let expires_at: u64 = exp.parse().map_err(|_| AuthError::InvalidSession)?;
        let given = URL_SAFE_NO_PAD
            .decode(mac)
            .map_err(|_| AuthError::InvalidSession)?;
        let expected = self.mac(name, expires_at);
        if expected.is_empty() || !bool::from(expected.ct_eq(&given)) {
            return Err(AuthError::InvalidSession);
        }
        let user = Username::new(name).map_err(|_| AuthError::InvalidSession)?;
        if now >= expires_at {
            return Err(AuthError::SessionExpired);
        }
        Ok((user, expires_at))
    }
}

impl fmt::Debug for SessionKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SessionKey(<redacted>)")
    }
}

/// A freshly issued session: who, until when, and the signed cookie value.
#[derive(Clone, PartialEq, Eq)]
pub struct Session {
    /// The logged-in user.
    pub username: Username,
    /// Expiry, seconds since the Unix epoch.
    pub expires_at: u64,
    pub(crate) value: String,
}

impl fmt::Debug for Session {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Session")
            .field("username", &self.username)
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

/// Finds cookie `name` in a `Cookie:` request header value.
pub fn cookie_value<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    header.split(';').find_map(|pair| {
        let (k, v) = pair.trim().split_once('=')?;
        (k == name).then(|| v.trim_matches('"'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "7777777777777777777777777777777777";

    fn key() -> SessionKey {
        SessionKey::new(KEY).unwrap()
    }

    #[test]
    fn sign_verify_roundtrip() {
        let alice = Username::new("a.lice").unwrap();
        let v = key().sign(&alice, 1000);
        assert_eq!(key().verify(&v, 999), Ok((alice, 1000)));
        assert_eq!(key().verify(&v, 1000), Err(AuthError::SessionExpired));
    }

    #[test]
    fn tampering_is_rejected() {
        let alice = Username::new("alice").unwrap();
        let v = key().sign(&alice, 1000);
        let forged = v.replacen("alice", "bob", 1);
        assert_eq!(key().verify(&forged, 1), Err(AuthError::InvalidSession));
        let extended = v.replacen("1000", "9999", 1);
        assert_eq!(key().verify(&extended, 1), Err(AuthError::InvalidSession));
        let other = SessionKey::new("8".repeat(32)).unwrap();
        assert_eq!(other.verify(&v, 1), Err(AuthError::InvalidSession));
        for junk in ["", "a", "a.b", "a.1.!!", "alice.x.AAAA"] {
            assert_eq!(
                key().verify(junk, 1),
                Err(AuthError::InvalidSession),
                "{junk}"
            );
        }
    }

    #[test]
    fn short_keys_are_refused_and_redacted() {
        assert_eq!(
            SessionKey::new("1".repeat(31)).unwrap_err(),
            AuthError::WeakSessionKey
        );
        assert_eq!(format!("{:?}", key()), "SessionKey(<redacted>)");
    }

    #[test]
    fn no_debug_print_shows_a_key_or_a_hash() {
        let hash = crate::hash_password("pw").unwrap();
        let users = crate::Users::parse(&format!("alice:{hash}")).unwrap();
        let builder = crate::Auth::builder(users.clone(), key());
        let builder_shown = format!("{builder:?}");
        let shown = format!(
            "{:?} {builder_shown} {:?} {users:?}",
            key(),
            builder.build()
        );
        let phc_tag = hash.rsplit('$').next().unwrap();
        assert!(!shown.contains(KEY), "{shown}");
        assert!(
            !shown.contains(phc_tag) && !shown.contains("argon2"),
            "{shown}"
        );
    }

    #[test]
    fn finds_cookie() {
        let h = "a=1; session=xyz.1.abc ; b=2";
        assert_eq!(cookie_value(h, "session"), Some("xyz.1.abc"));
        assert_eq!(cookie_value(h, "c"), None);
    }
}
