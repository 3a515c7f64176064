//! Checking a token: `jsonwebtoken` checks the algorithm and the signature; this
//! module names the part at fault and checks expiry and not-before on its own clock.

use std::fmt;
use std::time::{Duration, SystemTime};

use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{DecodingKey, Validation};
use serde::de::{DeserializeOwned, IgnoredAny, Visitor};
use serde::{Deserialize, Deserializer};

use crate::jwt::{self, Algorithm};
use crate::{AccessTokenClaims, CapabilityClaims, Error, Header, Secret};

/// A token whose signature and validity period were checked.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Verified<T> {
    /// The header.
    pub header: Header,
    /// The claims, typed.
    pub claims: T,
}

/// Checks HMAC-signed Twilio-style tokens: ours, twilio-node's, or any other
/// HS256/384/512 JWT with an `exp` claim.
///
/// Checks, in order: three base64url segments; a JSON header whose `alg` is one of
/// the algorithms pinned for this key ([`algorithms`](Self::algorithms)); then the
/// `jsonwebtoken` crate checks the signature (constant time, with the HMAC key and
/// only the pinned algorithms) and that the claims are JSON; last `exp` (expired when
/// `now >= exp + leeway`) and `nbf` (not yet valid when `nbf > now + leeway`), the
/// same rules as node's `jsonwebtoken`, on the verifier's clock.
///
/// ```
/// use std::time::{Duration, SystemTime};
/// use twilio_token::{ClientCapability, Error, Verifier};
///
/// let jwt = ClientCapability::new("ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".parse()?, "auth-token")
///     .allow_client_incoming("alice")
///     .ttl(Duration::from_secs(60))
///     .to_jwt()?;
/// let verifier = Verifier::new("auth-token").leeway(Duration::from_secs(5));
/// assert!(verifier.verify_capability_token(&jwt).is_ok());
///
/// let later = SystemTime::now() + Duration::from_secs(120);
/// assert!(matches!(verifier.verify_capability_token_at(&jwt, later), Err(Error::Expired { .. })));
/// assert!(matches!(Verifier::new("wrong").verify_capability_token(&jwt), Err(Error::BadSignature)));
/// # Ok::<(), twilio_token::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Verifier {
    secret: Secret,
    leeway: Duration,
    algorithms: Vec<Algorithm>,
}

/// The time claims every check reads, whatever the claim type.
#[derive(Deserialize)]
struct TimeClaims {
    #[serde(default, deserialize_with = "opt_numeric_date")]
    exp: Option<u64>,
    #[serde(default, deserialize_with = "opt_numeric_date")]
    nbf: Option<u64>,
}

impl Verifier {
    /// A verifier for tokens signed with `secret`: no leeway, HS256/384/512 allowed.
    pub fn new(secret: impl Into<Secret>) -> Self {
        Self {
            secret: secret.into(),
            leeway: Duration::ZERO,
            algorithms: Algorithm::ALL.to_vec(),
        }
    }

    /// Clock skew to tolerate on `exp` and `nbf`, in whole seconds (a fraction is
    /// dropped). Default none. A token then counts as expired when
    /// `now >= exp + leeway` and as not yet valid when `nbf > now + leeway`; the sums
    /// saturate, so a huge leeway never wraps around.
    #[must_use]
    pub fn leeway(mut self, leeway: Duration) -> Self {
        self.leeway = leeway;
        self
    }

    /// Pins the algorithms this key verifies (e.g. only HS256): a token whose header
    /// names another one is refused with [`Error::UnsupportedAlgorithm`] before its
    /// signature is computed. Default all three HMAC-SHA2 algorithms; never `none`
    /// or a public-key algorithm, since the key is an HMAC secret.
    #[must_use]
    pub fn algorithms(mut self, algorithms: impl IntoIterator<Item = Algorithm>) -> Self {
        self.algorithms = algorithms.into_iter().collect();
        self
    }

    /// Verifies an Access Token now.
    ///
    /// # Errors
    /// See [`verify_at`](Self::verify_at).
    pub fn verify_access_token(&self, token: &str) -> Result<Verified<AccessTokenClaims>, Error> {
        self.verify_at(token, SystemTime::now())
    }

    /// Verifies an Access Token as if the clock read `now`.
    ///
    /// # Errors
    /// See [`verify_at`](Self::verify_at).
    pub fn verify_access_token_at(
        &self,
        token: &str,
        now: SystemTime,
    ) -> Result<Verified<AccessTokenClaims>, Error> {
        self.verify_at(token, now)
    }

    /// Verifies a capability token now.
    ///
    /// # Errors
    /// See [`verify_at`](Self::verify_at).
    pub fn verify_capability_token(
        &self,
        token: &str,
    ) -> Result<Verified<CapabilityClaims>, Error> {
        self.verify_at(token, SystemTime::now())
    }

    /// Verifies a capability token as if the clock read `now`.
    ///
    /// # Errors
    /// See [`verify_at`](Self::verify_at).
    pub fn verify_capability_token_at(
        &self,
        token: &str,
        now: SystemTime,
    ) -> Result<Verified<CapabilityClaims>, Error> {
        self.verify_at(token, now)
    }

    /// Verifies any token now, reading its claims as `T` (e.g. `serde_json::Value`).
    ///
    /// # Errors
    /// See [`verify_at`](Self::verify_at).
    pub fn verify<T: DeserializeOwned>(&self, token: &str) -> Result<Verified<T>, Error> {
        self.verify_at(token, SystemTime::now())
    }

    /// Verifies a token as if the clock read `now`.
    ///
    /// # Errors
    /// [`Error::EmptySecret`]; [`Error::Malformed`] for bad segments, base64url,
    /// JSON or claim types; [`Error::UnsupportedAlgorithm`]; [`Error::BadSignature`];
    /// [`Error::MissingClaim`] without `exp`; [`Error::Expired`];
    /// [`Error::NotYetValid`]; [`Error::TimeOutOfRange`] if `now` is before 1970.
    pub fn verify_at<T: DeserializeOwned>(
        &self,
        token: &str,
        now: SystemTime,
    ) -> Result<Verified<T>, Error> {
        let key = jwt::key_bytes(&self.secret)?;
        let parts = jwt::split(token)?;
        let header = parse_header(&parts.header)?;
        if !self.algorithms.contains(&header.alg) {
            return Err(Error::UnsupportedAlgorithm(header.alg.as_str().to_owned()));
        }
        self.check_signature(token, key, header.alg)?;
        let times: TimeClaims = serde_json::from_slice(&parts.claims)
            .map_err(|e| Error::malformed("claims", e.to_string()))?;
        self.check_times(&times, jwt::unix_seconds(now)?)?;
        let claims = serde_json::from_slice(&parts.claims)
            .map_err(|e| Error::malformed("claims", e.to_string()))?;
        Ok(Verified { header, claims })
    }

    /// Lets `jsonwebtoken` check the signature, with the key and the pinned algorithms.
    ///
    /// Its own time checks stay off: they read the system clock (so `verify_at` could
    /// not choose the time), treat `exp` one second more leniently than node, subtract
    /// the leeway from the clock without saturating, and refuse the string `exp` of
    /// Apex-made capability tokens. [`check_times`](Self::check_times) does them.
    fn check_signature(&self, token: &str, key: &[u8], alg: Algorithm) -> Result<(), Error> {
        let mut validation = Validation::new(alg.theirs());
        validation.algorithms = self.algorithms.iter().map(|a| a.theirs()).collect();
        validation.required_spec_claims.clear();
        validation.validate_exp = false;
        validation.validate_nbf = false;
        validation.validate_aud = false;
        // Its header type is stricter than ours (e.g. `crit` must be a list).
        jsonwebtoken::decode_header(token)
            .map_err(|e| Error::malformed("header", e.to_string()))?;
        match jsonwebtoken::decode::<IgnoredAny>(token, &DecodingKey::from_secret(key), &validation)
        {
            Ok(_) => Ok(()),
            Err(e) => Err(match e.kind() {
                ErrorKind::InvalidSignature => Error::BadSignature,
                ErrorKind::InvalidAlgorithm | ErrorKind::MissingAlgorithm => {
                    Error::UnsupportedAlgorithm(alg.as_str().to_owned())
                }
                // The header passed above: what is left to fail is the claims.
                ErrorKind::Json(_) | ErrorKind::Utf8(_) => {
                    Error::malformed("claims", e.to_string())
                }
                _ => Error::malformed("token", e.to_string()),
            }),
        }
    }

    fn check_times(&self, times: &TimeClaims, now: u64) -> Result<(), Error> {
        let leeway = self.leeway.as_secs();
        let exp = times.exp.ok_or(Error::MissingClaim("exp"))?;
        if now >= exp.saturating_add(leeway) {
            return Err(Error::Expired { exp, now });
        }
        if let Some(nbf) = times.nbf
            && nbf > now.saturating_add(leeway)
        {
            return Err(Error::NotYetValid { nbf, now });
        }
        Ok(())
    }
}

/// Reads the header, telling an unsupported `alg` apart from a malformed header.
fn parse_header(bytes: &[u8]) -> Result<Header, Error> {
    #[derive(Deserialize)]
    struct AlgOnly {
        alg: String,
    }
    let alg: AlgOnly =
        serde_json::from_slice(bytes).map_err(|e| Error::malformed("header", e.to_string()))?;
    Algorithm::from_name(&alg.alg)?;
    serde_json::from_slice(bytes).map_err(|e| Error::malformed("header", e.to_string()))
}

/// A NumericDate: a non-negative JSON number, or a string of digits (the Apex
/// capability helper wrote `exp` as a string).
struct NumericDate;

impl Visitor<'_> for NumericDate {
    type Value = u64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("seconds since the epoch, as a number or a string of digits")
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<u64, E> {
        Ok(v)
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<u64, E> {
        u64::try_from(v).map_err(|_| E::custom("a date before 1970"))
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<u64, E> {
        // JSON allows fractional dates; whole seconds are what matter here.
        if v.is_finite() && v >= 0.0 && v < u64::MAX as f64 {
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            Ok(v.floor() as u64)
        } else {
            Err(E::custom("a date out of range"))
        }
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<u64, E> {
        v.parse()
            .map_err(|_| E::custom("a date string that is not digits"))
    }
}

pub(crate) fn numeric_date<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    d.deserialize_any(NumericDate)
}

pub(crate) fn opt_numeric_date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    numeric_date(d).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{AccessToken, SyncGrant};
    use base64::Engine as _;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use std::time::UNIX_EPOCH;

    const SECRET: &str = "key-secret";

    fn at(secs: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(secs)
    }

    fn token(nbf: Option<u64>) -> String {
        let mut b = AccessToken::builder(
            "AC0123456789abcdef0123456789abcdef".parse().unwrap(),
            "SK0123456789abcdef0123456789abcdef".parse().unwrap(),
            SECRET,
        )
        .identity("alice")
        .grant(SyncGrant::new().endpoint_id("x"))
        .ttl(Duration::from_secs(100));
        if let Some(n) = nbf {
            b = b.not_before(at(n));
        }
        b.build().unwrap().to_jwt_at(at(1_000)).unwrap()
    }

    /// Signs arbitrary header and claims JSON with `SECRET` (HS256).
    fn forge(header: &str, claims: &str) -> String {
        let mut out = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header),
            URL_SAFE_NO_PAD.encode(claims)
        );
        Algorithm::Hs256
            .sign_appending(SECRET.as_bytes(), &mut out)
            .unwrap();
        out
    }

    #[test]
    fn accepts_a_valid_token() {
        let v = Verifier::new(SECRET)
            .verify_at::<AccessTokenClaims>(&token(None), at(1_050))
            .unwrap();
        assert_eq!(v.claims.exp, 1_100);
        assert_eq!(v.claims.iat, Some(1_000));
        assert_eq!(v.header.cty.as_deref(), Some("twilio-fpa;v=1"));
        assert_eq!(
            v.claims.grants.sync().unwrap().endpoint_id.as_deref(),
            Some("x")
        );
    }

    #[test]
    fn expired_and_leeway() {
        let t = token(None);
        let v = Verifier::new(SECRET);
        assert!(matches!(
            v.verify_at::<AccessTokenClaims>(&t, at(1_100)),
            Err(Error::Expired {
                exp: 1_100,
                now: 1_100
            })
        ));
        let lenient = v.clone().leeway(Duration::from_secs(10));
        assert!(
            lenient
                .verify_at::<AccessTokenClaims>(&t, at(1_109))
                .is_ok()
        );
        assert!(
            lenient
                .verify_at::<AccessTokenClaims>(&t, at(1_110))
                .is_err()
        );
    }

    #[test]
    fn not_yet_valid_and_leeway() {
        let t = token(Some(1_050));
        let v = Verifier::new(SECRET);
        assert!(matches!(
            v.verify_at::<AccessTokenClaims>(&t, at(1_049)),
            Err(Error::NotYetValid {
                nbf: 1_050,
                now: 1_049
            })
        ));
        assert!(v.verify_at::<AccessTokenClaims>(&t, at(1_050)).is_ok());
        let lenient = v.leeway(Duration::from_secs(5));
        assert!(
            lenient
                .verify_at::<AccessTokenClaims>(&t, at(1_045))
                .is_ok()
        );
    }

    #[test]
    fn tampered_token_has_a_bad_signature() {
        let t = token(None);
        let mut parts: Vec<String> = t.split('.').map(str::to_owned).collect();
        let claims = String::from_utf8(URL_SAFE_NO_PAD.decode(&parts[1]).unwrap()).unwrap();
        parts[1] = URL_SAFE_NO_PAD.encode(claims.replace("alice", "mallory"));
        let tampered = parts.join(".");
        assert!(matches!(
            Verifier::new(SECRET).verify_at::<AccessTokenClaims>(&tampered, at(1_050)),
            Err(Error::BadSignature)
        ));
        assert!(matches!(
            Verifier::new("other").verify_at::<AccessTokenClaims>(&t, at(1_050)),
            Err(Error::BadSignature)
        ));
        // A truncated signature is rejected too.
        let short = &t[..t.len() - 4];
        assert!(
            Verifier::new(SECRET)
                .verify_at::<AccessTokenClaims>(short, at(1_050))
                .is_err()
        );
    }

    #[test]
    fn wrong_or_disallowed_algorithm() {
        let none = format!(
            "{}.{}.",
            URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#),
            URL_SAFE_NO_PAD.encode(r#"{"exp":99999999999}"#)
        );
        assert!(matches!(
            Verifier::new(SECRET).verify::<serde_json::Value>(&none),
            Err(Error::UnsupportedAlgorithm(a)) if a == "none"
        ));
        let rs = forge(r#"{"alg":"RS256"}"#, r#"{"exp":99999999999}"#);
        assert!(matches!(
            Verifier::new(SECRET).verify::<serde_json::Value>(&rs),
            Err(Error::UnsupportedAlgorithm(_))
        ));
        let hs = forge(r#"{"alg":"HS256"}"#, r#"{"exp":99999999999}"#);
        assert!(
            Verifier::new(SECRET)
                .verify::<serde_json::Value>(&hs)
                .is_ok()
        );
        let only512 = Verifier::new(SECRET).algorithms([Algorithm::Hs512]);
        assert!(matches!(
            only512.verify::<serde_json::Value>(&hs),
            Err(Error::UnsupportedAlgorithm(_))
        ));
    }

    #[test]
    fn garbage_is_malformed() {
        let v = Verifier::new(SECRET);
        for bad in [
            "",
            "garbage",
            "a.b.c",
            "...",
            "eyJhbGciOiJIUzI1NiJ9.e30",
            &forge("[]", "{}"),
            &forge("not json", "{}"),
        ] {
            assert!(
                matches!(
                    v.verify::<serde_json::Value>(bad),
                    Err(Error::Malformed { .. })
                ),
                "{bad}"
            );
        }
        // Signed, but the claims are not JSON or have the wrong types.
        for claims in ["nope", r#"{"exp":"soon"}"#, r#"{"exp":-1}"#] {
            let t = forge(r#"{"alg":"HS256"}"#, claims);
            assert!(
                matches!(
                    v.verify::<serde_json::Value>(&t),
                    Err(Error::Malformed { .. })
                ),
                "{claims}"
            );
        }
        let t = forge(r#"{"alg":"HS256"}"#, r#"{"iss":"x"}"#);
        assert!(matches!(
            v.verify::<serde_json::Value>(&t),
            Err(Error::MissingClaim("exp"))
        ));
        // Valid JWT, but not an Access Token.
        let t = forge(r#"{"alg":"HS256"}"#, r#"{"exp":99999999999}"#);
        assert!(matches!(
            v.verify_access_token(&t),
            Err(Error::Malformed { part: "claims", .. })
        ));
    }

    #[test]
    fn a_huge_leeway_saturates_and_the_clock_is_the_callers() {
        let t = token(Some(1_050));
        let v = Verifier::new(SECRET).leeway(Duration::from_secs(u64::MAX));
        assert!(v.verify_at::<AccessTokenClaims>(&t, at(0)).is_ok());
        assert!(
            v.verify_at::<AccessTokenClaims>(&t, at(u64::MAX / 2))
                .is_ok()
        );
        // Expired long ago by the system clock, valid by the caller's.
        assert!(
            Verifier::new(SECRET)
                .verify_at::<AccessTokenClaims>(&t, at(1_060))
                .is_ok()
        );
    }

    #[test]
    fn a_header_jsonwebtoken_refuses_is_malformed() {
        let t = forge(r#"{"alg":"HS256","crit":"x"}"#, r#"{"exp":99999999999}"#);
        assert!(matches!(
            Verifier::new(SECRET).verify::<serde_json::Value>(&t),
            Err(Error::Malformed { part: "header", .. })
        ));
    }

    #[test]
    fn apex_string_exp_is_accepted() {
        let t = forge(
            r#"{"typ":"JWT","alg":"HS256"}"#,
            r#"{"iss":"AC0123456789abcdef0123456789abcdef","exp":"2000","scope":"scope:client:incoming?clientName=a"}"#,
        );
        let v = Verifier::new(SECRET)
            .verify_capability_token_at(&t, at(1_999))
            .unwrap();
        assert_eq!(v.claims.exp, 2_000);
    }

    #[test]
    fn errors_never_show_the_secret() {
        let v = Verifier::new(SECRET);
        assert!(!format!("{v:?}").contains(SECRET));
        let err = Verifier::new("other")
            .verify::<serde_json::Value>(&token(None))
            .unwrap_err();
        assert!(!format!("{err} {err:?}").contains(SECRET));
        assert!(matches!(
            Verifier::new("").verify::<serde_json::Value>(&token(None)),
            Err(Error::EmptySecret)
        ));
    }
}
