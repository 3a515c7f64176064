//! Access Tokens: HS256 JWTs signed with an API key secret.

use std::fmt;
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use crate::jwt::{self, Algorithm};
use crate::{AccountSid, ApiKeySid, Error, Grant, Grants, Secret};

/// The default time to live: one hour, as in twilio-node.
pub const DEFAULT_TTL: Duration = Duration::from_secs(3600);

/// The longest identity accepted, in characters (Twilio error 54351: 1 to 256).
pub const MAX_IDENTITY_CHARS: usize = 256;

/// The `cty` header value that marks a Twilio Access Token.
pub const CONTENT_TYPE: &str = "twilio-fpa;v=1";

/// The Twilio region a token is for (`twr` header).
///
/// ```
/// use twilio_token::Region;
/// assert_eq!(Region::from("ie1"), Region::Ie1);
/// assert_eq!(Region::from("xx9").as_str(), "xx9");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Region {
    /// United States (`us1`).
    Us1,
    /// Ireland (`ie1`).
    Ie1,
    /// Australia (`au1`).
    Au1,
    /// Any other region code, passed through as given.
    Other(String),
}

impl Region {
    /// The region code as it appears in the header.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Us1 => "us1",
            Self::Ie1 => "ie1",
            Self::Au1 => "au1",
            Self::Other(code) => code,
        }
    }
}

impl From<&str> for Region {
    fn from(code: &str) -> Self {
        match code {
            "us1" => Self::Us1,
            "ie1" => Self::Ie1,
            "au1" => Self::Au1,
            other => Self::Other(other.to_owned()),
        }
    }
}

impl From<String> for Region {
    fn from(code: String) -> Self {
        Self::from(code.as_str())
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A JWT header as Twilio tokens use it, in twilio-node's key order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Header {
    /// The signing algorithm.
    pub alg: Algorithm,
    /// `JWT` in tokens from this crate.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub typ: Option<String>,
    /// `twilio-fpa;v=1` in Access Tokens; absent in capability tokens.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub cty: Option<String>,
    /// The Twilio region, when set.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub twr: Option<String>,
}

/// The claims of an Access Token, in twilio-node's key order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AccessTokenClaims {
    /// `<API key SID>-<iat>`.
    pub jti: String,
    /// The identity and the grants.
    pub grants: Grants,
    /// Not valid before (seconds since the epoch), when set.
    #[serde(
        skip_serializing_if = "Option::is_none",
        default,
        deserialize_with = "crate::verify::opt_numeric_date"
    )]
    pub nbf: Option<u64>,
    /// Issued at (seconds since the epoch).
    #[serde(
        skip_serializing_if = "Option::is_none",
        default,
        deserialize_with = "crate::verify::opt_numeric_date"
    )]
    pub iat: Option<u64>,
    /// Expires at (seconds since the epoch).
    #[serde(deserialize_with = "crate::verify::numeric_date")]
    pub exp: u64,
    /// The API key SID that signed the token.
    pub iss: ApiKeySid,
    /// The account SID.
    pub sub: AccountSid,
}

/// Builds an [`AccessToken`]; see [`AccessToken::builder`].
#[derive(Debug, Clone)]
#[must_use]
pub struct AccessTokenBuilder {
    account_sid: AccountSid,
    key_sid: ApiKeySid,
    secret: Secret,
    identity: Option<String>,
    grants: Vec<Grant>,
    ttl: Duration,
    not_before: Option<SystemTime>,
    region: Option<Region>,
    algorithm: Algorithm,
}

impl AccessTokenBuilder {
    /// Who the token is for. Required: 1 to [`MAX_IDENTITY_CHARS`] characters.
    pub fn identity(mut self, identity: impl Into<String>) -> Self {
        self.identity = Some(identity.into());
        self
    }

    /// Adds a grant. A second grant of the same kind replaces the first.
    pub fn grant(mut self, grant: impl Into<Grant>) -> Self {
        self.grants.push(grant.into());
        self
    }

    /// How long the token is valid after it is signed. Default [`DEFAULT_TTL`];
    /// 1 s to 24 h (Twilio's maximum); sub-second parts are dropped.
    pub fn ttl(mut self, ttl: Duration) -> Self {
        self.ttl = ttl;
        self
    }

    /// The token is not valid before this time (`nbf`).
    pub fn not_before(mut self, time: SystemTime) -> Self {
        self.not_before = Some(time);
        self
    }

    /// The Twilio region (`twr` header).
    pub fn region(mut self, region: impl Into<Region>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// The signing algorithm. Default HS256.
    pub fn algorithm(mut self, algorithm: Algorithm) -> Self {
        self.algorithm = algorithm;
        self
    }

    /// Checks the settings and returns a token ready to sign.
    ///
    /// # Errors
    /// [`Error::EmptySecret`], [`Error::EmptyIdentity`], [`Error::IdentityTooLong`],
    /// [`Error::TtlOutOfRange`], or [`Error::TimeOutOfRange`] for a not-before
    /// time before 1970.
    pub fn build(self) -> Result<AccessToken, Error> {
        jwt::key_bytes(&self.secret)?;
        let identity = check_identity(self.identity)?;
        let ttl = jwt::ttl_seconds(self.ttl)?;
        let nbf = self.not_before.map(jwt::unix_seconds).transpose()?;
        let mut grants = Grants::new(Some(identity));
        for grant in self.grants {
            grants.insert(grant);
        }
        let twr = self
            .region
            .map(|r| r.as_str().to_owned())
            .filter(|r| !r.is_empty());
        Ok(AccessToken {
            header: Header {
                alg: self.algorithm,
                typ: Some("JWT".to_owned()),
                cty: Some(CONTENT_TYPE.to_owned()),
                twr,
            },
            account_sid: self.account_sid,
            key_sid: self.key_sid,
            secret: self.secret,
            grants,
            ttl,
            nbf,
        })
    }
}

fn check_identity(identity: Option<String>) -> Result<String, Error> {
    let identity = identity
        .filter(|i| !i.is_empty())
        .ok_or(Error::EmptyIdentity)?;
    let chars = identity.chars().count();
    if chars > MAX_IDENTITY_CHARS {
        return Err(Error::IdentityTooLong {
            chars,
            max: MAX_IDENTITY_CHARS,
        });
    }
    Ok(identity)
}

/// A Twilio Access Token, ready to be signed as a JWT.
///
/// Signing is cheap and reads the clock, so keep the token and call
/// [`to_jwt`](Self::to_jwt) whenever a client needs a fresh one.
///
/// ```
/// use std::time::Duration;
/// use twilio_token::{AccessToken, VideoGrant, Verifier};
///
/// let token = AccessToken::builder(
///     "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".parse()?,
///     "SKaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".parse()?,
///     "api-key-secret",
/// )
/// .identity("alice")
/// .grant(VideoGrant::new().room("daily-standup"))
/// .ttl(Duration::from_secs(600))
/// .build()?;
/// let jwt = token.to_jwt()?;
///
/// let verified = Verifier::new("api-key-secret").verify_access_token(&jwt)?;
/// assert_eq!(verified.claims.grants.identity.as_deref(), Some("alice"));
/// # Ok::<(), twilio_token::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct AccessToken {
    header: Header,
    account_sid: AccountSid,
    key_sid: ApiKeySid,
    secret: Secret,
    grants: Grants,
    ttl: u64,
    nbf: Option<u64>,
}

/// The claims as signed: borrowed, so signing copies no grant.
#[derive(Serialize)]
struct ClaimsOut<'a> {
    jti: &'a str,
    grants: &'a Grants,
    #[serde(skip_serializing_if = "Option::is_none")]
    nbf: Option<u64>,
    iat: u64,
    exp: u64,
    iss: &'a ApiKeySid,
    sub: &'a AccountSid,
}

impl AccessToken {
    /// Starts a token for `account_sid`, signed by the API key `key_sid` with its
    /// `secret`.
    pub fn builder(
        account_sid: AccountSid,
        key_sid: ApiKeySid,
        secret: impl Into<Secret>,
    ) -> AccessTokenBuilder {
        AccessTokenBuilder {
            account_sid,
            key_sid,
            secret: secret.into(),
            identity: None,
            grants: Vec::new(),
            ttl: DEFAULT_TTL,
            not_before: None,
            region: None,
            algorithm: Algorithm::Hs256,
        }
    }

    /// Starts a token from the environment: `TWILIO_ACCOUNT_SID`, and the API key
    /// `TWILIO_API_KEY` with its secret `TWILIO_API_SECRET` (the variables twilio-node's
    /// examples use; the apps' `TWILIO_API_KEY_SID` / `TWILIO_API_KEY_SECRET` are read
    /// when those are unset). Add an identity and grants, then
    /// [`build`](AccessTokenBuilder::build).
    ///
    /// # Errors
    /// [`Error::MissingVariable`] when one is unset or empty; [`Error::InvalidSid`] when
    /// a SID is malformed.
    pub fn from_env() -> Result<AccessTokenBuilder, Error> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<AccessTokenBuilder, Error> {
        let need = |name: &'static str| {
            get(name)
                .filter(|v| !v.is_empty())
                .ok_or(Error::MissingVariable(name))
        };
        // twilio-node's names, else the ones the workspace's apps use.
        let either = |name: &'static str, apps: &'static str| {
            need(name).or_else(|e| need(apps).map_err(|_| e))
        };
        let account_sid = AccountSid::new(need("TWILIO_ACCOUNT_SID")?)?;
        let key_sid = ApiKeySid::new(either("TWILIO_API_KEY", "TWILIO_API_KEY_SID")?)?;
        Ok(Self::builder(
            account_sid,
            key_sid,
            either("TWILIO_API_SECRET", "TWILIO_API_KEY_SECRET")?,
        ))
    }

    /// The identity and grants.
    pub fn grants(&self) -> &Grants {
        &self.grants
    }

    /// The header every JWT of this token gets.
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// The time to live.
    pub fn ttl(&self) -> Duration {
        Duration::from_secs(self.ttl)
    }

    /// Signs the token, issued now.
    ///
    /// # Errors
    /// [`Error::TimeOutOfRange`] if the system clock is before 1970.
    pub fn to_jwt(&self) -> Result<String, Error> {
        self.to_jwt_at(SystemTime::now())
    }

    /// Signs the token as issued at `now` (deterministic: same input, same JWT).
    ///
    /// # Errors
    /// [`Error::TimeOutOfRange`] if `now` is before 1970 or `now + ttl` overflows.
    pub fn to_jwt_at(&self, now: SystemTime) -> Result<String, Error> {
        let iat = jwt::unix_seconds(now)?;
        let exp = iat.checked_add(self.ttl).ok_or(Error::TimeOutOfRange)?;
        // twilio-node builds jti from the issue time, even when nbf is set.
        let jti = format!("{}-{iat}", self.key_sid);
        let claims = ClaimsOut {
            jti: &jti,
            grants: &self.grants,
            nbf: self.nbf,
            iat,
            exp,
            iss: &self.key_sid,
            sub: &self.account_sid,
        };
        jwt::encode(
            self.header.alg,
            jwt::key_bytes(&self.secret)?,
            &self.header,
            &claims,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{SyncGrant, Verifier, VoiceGrant};
    use base64::Engine as _;
    use serde_json::{Value, json};
    use std::time::UNIX_EPOCH;

    const ACCOUNT: &str = "AC0123456789abcdef0123456789abcdef";
    const KEY: &str = "SK0123456789abcdef0123456789abcdef";

    fn builder() -> AccessTokenBuilder {
        AccessToken::builder(ACCOUNT.parse().unwrap(), KEY.parse().unwrap(), "s3cret")
    }

    fn segment(jwt: &str, i: usize) -> Value {
        let seg = jwt.split('.').nth(i).unwrap();
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(seg)
            .unwrap();
        serde_json::from_slice(&bytes).unwrap()
    }

    #[test]
    fn layout_matches_twilio_node() {
        let t = builder()
            .identity("alice")
            .grant(SyncGrant::new().endpoint_id("e1"))
            .region("ie1")
            .not_before(UNIX_EPOCH + Duration::from_secs(999))
            .build()
            .unwrap();
        let jwt = t
            .to_jwt_at(UNIX_EPOCH + Duration::from_secs(1_000))
            .unwrap();
        let header = jwt.split('.').next().unwrap();
        let header = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(header)
            .unwrap();
        assert_eq!(
            std::str::from_utf8(&header).unwrap(),
            r#"{"alg":"HS256","typ":"JWT","cty":"twilio-fpa;v=1","twr":"ie1"}"#
        );
        assert_eq!(
            segment(&jwt, 1),
            json!({
                "jti": format!("{KEY}-1000"),
                "grants": {"identity": "alice", "data_sync": {"endpoint_id": "e1"}},
                "nbf": 999, "iat": 1000, "exp": 4600, "iss": KEY, "sub": ACCOUNT,
            })
        );
    }

    #[test]
    fn no_region_no_nbf() {
        let jwt = builder()
            .identity("a")
            .build()
            .unwrap()
            .to_jwt_at(UNIX_EPOCH + Duration::from_secs(5))
            .unwrap();
        assert_eq!(
            segment(&jwt, 0),
            json!({"alg": "HS256", "typ": "JWT", "cty": "twilio-fpa;v=1"})
        );
        let claims = segment(&jwt, 1);
        assert!(claims.get("nbf").is_none());
        assert_eq!(claims["exp"], 3605);
    }

    #[test]
    fn identity_rules() {
        assert!(matches!(builder().build(), Err(Error::EmptyIdentity)));
        assert!(matches!(
            builder().identity("").build(),
            Err(Error::EmptyIdentity)
        ));
        let longest = "é".repeat(MAX_IDENTITY_CHARS);
        assert!(builder().identity(longest.clone()).build().is_ok());
        let err = builder().identity(longest + "x").build().unwrap_err();
        assert!(matches!(
            err,
            Error::IdentityTooLong {
                chars: 257,
                max: 256
            }
        ));
    }

    #[test]
    fn ttl_and_secret_rules() {
        let err = builder()
            .identity("a")
            .ttl(Duration::ZERO)
            .build()
            .unwrap_err();
        assert!(matches!(err, Error::TtlOutOfRange { .. }));
        let err = builder()
            .identity("a")
            .ttl(Duration::from_secs(86_401))
            .build()
            .unwrap_err();
        assert!(matches!(err, Error::TtlOutOfRange { .. }));
        let err = AccessToken::builder(ACCOUNT.parse().unwrap(), KEY.parse().unwrap(), "")
            .identity("a")
            .build()
            .unwrap_err();
        assert!(matches!(err, Error::EmptySecret));
    }

    #[test]
    fn signing_is_deterministic_and_verifiable() {
        let t = builder()
            .identity("bob")
            .grant(VoiceGrant::new().incoming(true))
            .algorithm(Algorithm::Hs512)
            .build()
            .unwrap();
        let now = SystemTime::now();
        let a = t.to_jwt_at(now).unwrap();
        assert_eq!(a, t.to_jwt_at(now).unwrap());
        let v = Verifier::new("s3cret").verify_access_token(&a).unwrap();
        assert_eq!(v.header.alg, Algorithm::Hs512);
        assert_eq!(&v.claims.grants, t.grants());
    }

    #[test]
    fn debug_never_shows_the_secret() {
        let b = builder().identity("a");
        assert!(!format!("{b:?}").contains("s3cret"));
        let t = b.build().unwrap();
        assert!(!format!("{t:?}").contains("s3cret"));
    }

    #[test]
    fn from_lookup_reads_the_three_variables() {
        let vars = [
            ("TWILIO_ACCOUNT_SID", format!("AC{}", "a".repeat(32))),
            ("TWILIO_API_KEY", format!("SK{}", "b".repeat(32))),
            ("TWILIO_API_SECRET", "secret".to_owned()),
        ];
        let get = |name: &str| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.clone())
        };
        let token = AccessToken::from_lookup(get)
            .unwrap()
            .identity("alice")
            .build()
            .unwrap();
        let jwt = token.to_jwt().unwrap();
        assert!(Verifier::new("secret").verify_access_token(&jwt).is_ok());
        let missing = AccessToken::from_lookup(|n| get(n).filter(|_| n != "TWILIO_API_SECRET"));
        assert!(matches!(
            missing,
            Err(Error::MissingVariable("TWILIO_API_SECRET"))
        ));
        let bad = AccessToken::from_lookup(|n| match n {
            "TWILIO_API_KEY" => Some("AC-not-a-key".to_owned()),
            _ => get(n),
        });
        assert!(matches!(bad, Err(Error::InvalidSid(_))));
        let apps_names = AccessToken::from_lookup(|n| match n {
            "TWILIO_API_KEY_SID" => get("TWILIO_API_KEY"),
            "TWILIO_API_KEY_SECRET" => get("TWILIO_API_SECRET"),
            "TWILIO_API_KEY" | "TWILIO_API_SECRET" => None,
            _ => get(n),
        });
        assert!(apps_names.is_ok());
    }
}
