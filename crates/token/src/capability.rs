//! The legacy Client Capability Token (Twilio Client 1.x), as the Apex helper
//! `TwilioCapability` builds it (seed 003, spec §4.1).

use std::fmt::Write as _;
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use crate::jwt::{self, Algorithm};
use crate::{AccountSid, ApplicationSid, Error, Secret};

/// The event-stream path every stream scope names.
const EVENTS_PATH: &str = "/2010-04-01/Events";

/// The claims of a capability token: `iss`, `exp` (a JSON number), `scope`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CapabilityClaims {
    /// The account SID.
    pub iss: AccountSid,
    /// Expires at (seconds since the epoch). The Apex helper wrote it as a string;
    /// the verifier reads both.
    #[serde(deserialize_with = "crate::verify::numeric_date")]
    pub exp: u64,
    /// The scopes, separated by single spaces.
    pub scope: String,
}

impl CapabilityClaims {
    /// The individual scope strings.
    pub fn scopes(&self) -> impl Iterator<Item = &str> {
        self.scope.split(' ').filter(|s| !s.is_empty())
    }
}

/// A Client Capability Token: which Twilio Client calls and event streams the
/// holder may use, signed with the account's Auth Token.
///
/// Scopes come out in this order: event streams (in the order added), then
/// outgoing, then incoming. The outgoing scope carries `clientName` when incoming
/// calls are allowed too. Generating does not change the builder, so two calls
/// give the same scopes (the Apex helper appended them again on every call).
///
/// ```
/// use twilio_token::ClientCapability;
///
/// let capability = ClientCapability::new("ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".parse()?, "auth-token")
///     .allow_client_outgoing("APaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".parse()?)
///     .allow_client_incoming("alice");
/// assert_eq!(
///     capability.scopes()?,
///     [
///         "scope:client:outgoing?appSid=APaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa&clientName=alice",
///         "scope:client:incoming?clientName=alice",
///     ]
/// );
/// let jwt = capability.to_jwt()?;
/// let claims = twilio_token::Verifier::new("auth-token").verify_capability_token(&jwt)?.claims;
/// assert_eq!(claims.scopes().count(), 2);
/// # Ok::<(), twilio_token::Error>(())
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct ClientCapability {
    account_sid: AccountSid,
    auth_token: Secret,
    incoming: Option<String>,
    outgoing: Option<(ApplicationSid, Vec<(String, String)>)>,
    event_streams: Vec<Vec<(String, String)>>,
    ttl: Duration,
}

impl ClientCapability {
    /// A token for `account_sid` with no permissions, signed with `auth_token`.
    pub fn new(account_sid: AccountSid, auth_token: impl Into<Secret>) -> Self {
        Self {
            account_sid,
            auth_token: auth_token.into(),
            incoming: None,
            outgoing: None,
            event_streams: Vec::new(),
            ttl: crate::DEFAULT_TTL,
        }
    }

    /// Allows incoming calls to `client_name` (must not be empty).
    pub fn allow_client_incoming(mut self, client_name: impl Into<String>) -> Self {
        self.incoming = Some(client_name.into());
        self
    }

    /// Allows outgoing calls through the TwiML App `app_sid`.
    pub fn allow_client_outgoing(self, app_sid: ApplicationSid) -> Self {
        self.allow_client_outgoing_with_params(app_sid, Vec::<(String, String)>::new())
    }

    /// Allows outgoing calls through `app_sid`, which receives `params` (in order)
    /// that the client cannot change.
    pub fn allow_client_outgoing_with_params<K, V>(
        mut self,
        app_sid: ApplicationSid,
        params: impl IntoIterator<Item = (K, V)>,
    ) -> Self
    where
        K: Into<String>,
        V: Into<String>,
    {
        self.outgoing = Some((app_sid, pairs(params)));
        self
    }

    /// Allows subscribing to the account's event stream, filtered by `filters`
    /// (in order; none means unfiltered). Each call adds one scope.
    pub fn allow_event_stream<K, V>(mut self, filters: impl IntoIterator<Item = (K, V)>) -> Self
    where
        K: Into<String>,
        V: Into<String>,
    {
        self.event_streams.push(pairs(filters));
        self
    }

    /// How long the token is valid. Default one hour; 1 s to 24 h.
    pub fn ttl(mut self, ttl: Duration) -> Self {
        self.ttl = ttl;
        self
    }

    /// The scope strings, in token order. Pure: the same every time.
    ///
    /// # Errors
    /// [`Error::EmptyClientName`] if incoming calls were allowed for an empty name.
    pub fn scopes(&self) -> Result<Vec<String>, Error> {
        let mut scopes = Vec::with_capacity(self.event_streams.len() + 2);
        for filters in &self.event_streams {
            scopes.push(event_stream_scope(filters));
        }
        let incoming = match &self.incoming {
            Some(name) if name.is_empty() => return Err(Error::EmptyClientName),
            other => other.as_deref(),
        };
        if let Some((app_sid, params)) = &self.outgoing {
            scopes.push(outgoing_scope(app_sid, incoming, params));
        }
        if let Some(name) = incoming {
            scopes.push(format!(
                "scope:client:incoming?clientName={}",
                form_encode(name)
            ));
        }
        Ok(scopes)
    }

    /// Signs the token, valid from now for the TTL.
    ///
    /// # Errors
    /// As [`to_jwt_at`](Self::to_jwt_at).
    pub fn to_jwt(&self) -> Result<String, Error> {
        self.to_jwt_at(SystemTime::now())
    }

    /// Signs the token as if the clock read `now`.
    ///
    /// # Errors
    /// [`Error::EmptySecret`], [`Error::EmptyClientName`], [`Error::TtlOutOfRange`],
    /// [`Error::TimeOutOfRange`].
    pub fn to_jwt_at(&self, now: SystemTime) -> Result<String, Error> {
        let key = jwt::key_bytes(&self.auth_token)?;
        let ttl = jwt::ttl_seconds(self.ttl)?;
        let exp = jwt::unix_seconds(now)?
            .checked_add(ttl)
            .ok_or(Error::TimeOutOfRange)?;
        let claims = CapabilityClaims {
            iss: self.account_sid.clone(),
            exp,
            scope: self.scopes()?.join(" "),
        };
        let header = CapabilityHeader {
            typ: "JWT",
            alg: Algorithm::Hs256,
        };
        jwt::encode(Algorithm::Hs256, key, &header, &claims)
    }
}

/// The Apex helper writes `typ` before `alg`; keep that byte order.
#[derive(Serialize)]
struct CapabilityHeader {
    typ: &'static str,
    alg: Algorithm,
}

/// Collects parameters like the Apex helper's map: a repeated name keeps its first
/// position and takes the last value.
fn pairs<K: Into<String>, V: Into<String>>(
    items: impl IntoIterator<Item = (K, V)>,
) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for (k, v) in items {
        let (k, v) = (k.into(), v.into());
        match out.iter_mut().find(|(existing, _)| *existing == k) {
            Some(slot) => slot.1 = v,
            None => out.push((k, v)),
        }
    }
    out
}

fn outgoing_scope(
    app_sid: &ApplicationSid,
    client_name: Option<&str>,
    params: &[(String, String)],
) -> String {
    let mut scope = format!(
        "scope:client:outgoing?appSid={}",
        form_encode(app_sid.as_str())
    );
    if let Some(name) = client_name {
        scope.push_str("&clientName=");
        scope.push_str(&form_encode(name));
    }
    if !params.is_empty() {
        // The parameter string is encoded once more as a whole value.
        scope.push_str("&appParams=");
        scope.push_str(&form_encode(&param_string(params)));
    }
    scope
}

fn event_stream_scope(filters: &[(String, String)]) -> String {
    let mut scope = format!("scope:stream:subscribe?path={}", form_encode(EVENTS_PATH));
    if !filters.is_empty() {
        scope.push_str("&params=");
        scope.push_str(&form_encode(&param_string(filters)));
    }
    scope
}

/// `k1=v1&k2=v2`, each name and value form-encoded, in the given order.
pub(crate) fn param_string(params: &[(String, String)]) -> String {
    let mut out = String::new();
    for (i, (k, v)) in params.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(&form_encode(k));
        out.push('=');
        out.push_str(&form_encode(v));
    }
    out
}

/// `application/x-www-form-urlencoded` as Java's `URLEncoder` (and so Apex's
/// `EncodingUtil.urlEncode`) does it: letters, digits and `.-*_` stay, space
/// becomes `+`, every other UTF-8 byte becomes `%XX` in upper case.
pub(crate) fn form_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'.' | b'-' | b'*' | b'_' => {
                out.push(char::from(b));
            }
            b' ' => out.push('+'),
            _ => {
                // Writing to a String cannot fail.
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Verifier;
    use std::time::UNIX_EPOCH;

    const ACCOUNT: &str = "AC0123456789abcdef0123456789abcdef";
    const APP: &str = "AP0123456789abcdef0123456789abcdef";

    fn cap() -> ClientCapability {
        ClientCapability::new(ACCOUNT.parse().unwrap(), "token")
    }

    fn p(items: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs(items.iter().copied())
    }

    #[test]
    fn param_string_vectors_from_spec() {
        assert_eq!(param_string(&p(&[])), "");
        assert_eq!(param_string(&p(&[("a", "b")])), "a=b");
        assert_eq!(
            param_string(&p(&[
                ("split key1", "split val1"),
                ("split key2", "split val2")
            ])),
            "split+key1=split+val1&split+key2=split+val2"
        );
        // Insertion order, not sorted.
        assert_eq!(
            param_string(&p(&[("foo", "bar"), ("cat", "dog")])),
            "foo=bar&cat=dog"
        );
    }

    #[test]
    fn repeated_names_keep_first_position_and_last_value() {
        assert_eq!(
            param_string(&p(&[("a", "1"), ("b", "2"), ("a", "3")])),
            "a=3&b=2"
        );
    }

    #[test]
    fn form_encoding_matches_java_url_encoder() {
        assert_eq!(form_encode("aZ09.-*_"), "aZ09.-*_");
        assert_eq!(form_encode("a b&c=d/e"), "a+b%26c%3Dd%2Fe");
        assert_eq!(form_encode("~!'()+%"), "%7E%21%27%28%29%2B%25");
        assert_eq!(form_encode("é€"), "%C3%A9%E2%82%AC");
    }

    #[test]
    fn event_stream_vector_from_spec() {
        let c = cap().allow_event_stream([("foo", "bar")]);
        assert_eq!(
            c.scopes().unwrap(),
            ["scope:stream:subscribe?path=%2F2010-04-01%2FEvents&params=foo%3Dbar"]
        );
        let c = cap().allow_event_stream(Vec::<(String, String)>::new());
        assert_eq!(
            c.scopes().unwrap(),
            ["scope:stream:subscribe?path=%2F2010-04-01%2FEvents"]
        );
    }

    #[test]
    fn incoming_only() {
        let c = cap().allow_client_incoming("alice smith");
        assert_eq!(
            c.scopes().unwrap(),
            ["scope:client:incoming?clientName=alice+smith"]
        );
    }

    #[test]
    fn outgoing_with_params_and_client_name() {
        let c = cap()
            .allow_client_incoming("bob")
            .allow_client_outgoing_with_params(
                APP.parse().unwrap(),
                [("split key1", "split val1"), ("b", "c")],
            )
            .allow_event_stream([("x", "y z")]);
        assert_eq!(
            c.scopes().unwrap(),
            [
                "scope:stream:subscribe?path=%2F2010-04-01%2FEvents&params=x%3Dy%2Bz".to_owned(),
                format!(
                    "scope:client:outgoing?appSid={APP}&clientName=bob&appParams=split%2Bkey1%3Dsplit%2Bval1%26b%3Dc"
                ),
                "scope:client:incoming?clientName=bob".to_owned(),
            ]
        );
    }

    #[test]
    fn empty_client_name_is_an_error() {
        let c = cap().allow_client_incoming("");
        assert!(matches!(c.scopes(), Err(Error::EmptyClientName)));
        assert!(matches!(c.to_jwt(), Err(Error::EmptyClientName)));
    }

    #[test]
    fn generating_twice_gives_the_same_scopes() {
        let c = cap()
            .allow_client_incoming("a")
            .allow_client_outgoing(APP.parse().unwrap());
        let now = UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(c.to_jwt_at(now).unwrap(), c.to_jwt_at(now).unwrap());
        assert_eq!(c.scopes().unwrap().len(), 2);
    }

    #[test]
    fn token_layout() {
        let c = cap()
            .allow_client_incoming("a")
            .ttl(Duration::from_secs(1800));
        let jwt = c
            .to_jwt_at(UNIX_EPOCH + Duration::from_secs(1_000))
            .unwrap();
        let mut parts = jwt.split('.');
        let dec = |s: &str| {
            use base64::Engine as _;
            String::from_utf8(
                base64::engine::general_purpose::URL_SAFE_NO_PAD
                    .decode(s)
                    .unwrap(),
            )
            .unwrap()
        };
        assert_eq!(dec(parts.next().unwrap()), r#"{"typ":"JWT","alg":"HS256"}"#);
        assert_eq!(
            dec(parts.next().unwrap()),
            format!(
                r#"{{"iss":"{ACCOUNT}","exp":2800,"scope":"scope:client:incoming?clientName=a"}}"#
            )
        );
        let v = Verifier::new("token")
            .verify_capability_token_at(&jwt, UNIX_EPOCH + Duration::from_secs(1_500))
            .unwrap();
        assert_eq!(v.claims.exp, 2800);
        assert!(c.ttl(Duration::ZERO).to_jwt().is_err());
    }

    #[test]
    fn empty_auth_token_is_an_error() {
        let c = ClientCapability::new(ACCOUNT.parse().unwrap(), "");
        assert!(matches!(c.to_jwt(), Err(Error::EmptySecret)));
    }
}
