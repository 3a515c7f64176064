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
/// outgoing, then one incoming scope per client name (in the order added), as
/// twilio-node's `ClientCapability` writes them when its scopes are added in that
/// order. The outgoing scope carries its own `clientName` when one is set with
/// [`OutgoingScope::client_name`]; otherwise, as in the Apex helper, the first
/// incoming client name. Generating does not change the builder, so two calls give
/// the same scopes (the Apex helper appended them again on every call).
///
/// ```
/// use twilio_token::{ClientCapability, OutgoingScope};
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
///
/// // Calls out as `desk`, rings `alice` and `bob`.
/// let shared = ClientCapability::new("ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".parse()?, "auth-token")
///     .allow_outgoing(OutgoingScope::new("APaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".parse()?).client_name("desk"))
///     .allow_client_incoming("alice")
///     .allow_client_incoming("bob");
/// assert_eq!(
///     shared.scopes()?,
///     [
///         "scope:client:outgoing?appSid=APaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa&clientName=desk",
///         "scope:client:incoming?clientName=alice",
///         "scope:client:incoming?clientName=bob",
///     ]
/// );
/// # Ok::<(), twilio_token::Error>(())
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct ClientCapability {
    account_sid: AccountSid,
    auth_token: Secret,
    incoming: Vec<String>,
    outgoing: Option<OutgoingScope>,
    event_streams: Vec<Vec<(String, String)>>,
    ttl: Duration,
}

/// Which client name an outgoing scope carries.
#[derive(Debug, Clone, PartialEq, Eq)]
enum OutgoingName {
    /// The first incoming client name, if any (the Apex helper's rule).
    FirstIncoming,
    /// This name.
    Named(String),
    /// None, even when incoming calls are allowed.
    Without,
}

/// The outgoing scope of a [`ClientCapability`]: calls through a TwiML App, with
/// the client name they come from and parameters the client cannot change
/// (twilio-node's `OutgoingClientScope`).
///
/// ```
/// use twilio_token::OutgoingScope;
///
/// let scope = OutgoingScope::new("APaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".parse()?)
///     .client_name("desk")
///     .param("queue", "sales");
/// # Ok::<(), twilio_token::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub struct OutgoingScope {
    app_sid: ApplicationSid,
    client_name: OutgoingName,
    params: Vec<(String, String)>,
}

impl OutgoingScope {
    /// Calls through the TwiML App `app_sid`; the client name is the capability's
    /// first incoming client name, if any; no parameters.
    pub fn new(app_sid: ApplicationSid) -> Self {
        Self {
            app_sid,
            client_name: OutgoingName::FirstIncoming,
            params: Vec::new(),
        }
    }

    /// The client name the calls come from (must not be empty), whatever the
    /// incoming scopes say.
    pub fn client_name(mut self, name: impl Into<String>) -> Self {
        self.client_name = OutgoingName::Named(name.into());
        self
    }

    /// No client name, even when incoming calls are allowed.
    pub fn without_client_name(mut self) -> Self {
        self.client_name = OutgoingName::Without;
        self
    }

    /// Adds one parameter the app receives. A repeated name keeps its first
    /// position and takes the last value.
    pub fn param(self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.params([(name.into(), value.into())])
    }

    /// Adds parameters the app receives, in order (see [`param`](Self::param)).
    pub fn params<K, V>(mut self, params: impl IntoIterator<Item = (K, V)>) -> Self
    where
        K: Into<String>,
        V: Into<String>,
    {
        let added = params.into_iter().map(|(k, v)| (k.into(), v.into()));
        let all: Vec<(String, String)> = self.params.drain(..).chain(added).collect();
        self.params = pairs(all);
        self
    }

    /// The scope string, given the capability's incoming client names.
    fn scope(&self, incoming: &[String]) -> Result<String, Error> {
        let name = match &self.client_name {
            OutgoingName::FirstIncoming => incoming.first().map(String::as_str),
            OutgoingName::Named(name) if name.is_empty() => return Err(Error::EmptyClientName),
            OutgoingName::Named(name) => Some(name.as_str()),
            OutgoingName::Without => None,
        };
        Ok(outgoing_scope(&self.app_sid, name, &self.params))
    }
}

impl ClientCapability {
    /// A token for `account_sid` with no permissions, signed with `auth_token`.
    pub fn new(account_sid: AccountSid, auth_token: impl Into<Secret>) -> Self {
        Self {
            account_sid,
            auth_token: auth_token.into(),
            incoming: Vec::new(),
            outgoing: None,
            event_streams: Vec::new(),
            ttl: crate::DEFAULT_TTL,
        }
    }

    /// Allows incoming calls to `client_name` (must not be empty). Each call adds one
    /// incoming scope, after the earlier ones, as twilio-node's `addScope` does.
    pub fn allow_client_incoming(mut self, client_name: impl Into<String>) -> Self {
        self.incoming.push(client_name.into());
        self
    }

    /// Allows outgoing calls through the TwiML App `app_sid`: shorthand for
    /// [`allow_outgoing`](Self::allow_outgoing)`(OutgoingScope::new(app_sid))`.
    pub fn allow_client_outgoing(self, app_sid: ApplicationSid) -> Self {
        self.allow_outgoing(OutgoingScope::new(app_sid))
    }

    /// Allows outgoing calls through `app_sid`, which receives `params` (in order)
    /// that the client cannot change.
    pub fn allow_client_outgoing_with_params<K, V>(
        self,
        app_sid: ApplicationSid,
        params: impl IntoIterator<Item = (K, V)>,
    ) -> Self
    where
        K: Into<String>,
        V: Into<String>,
    {
        self.allow_outgoing(OutgoingScope::new(app_sid).params(params))
    }

    /// Allows outgoing calls as `scope` says. A token has one outgoing scope: a later
    /// call replaces an earlier one.
    pub fn allow_outgoing(mut self, scope: OutgoingScope) -> Self {
        self.outgoing = Some(scope);
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
    /// [`Error::EmptyClientName`] if incoming calls were allowed for an empty name,
    /// or the outgoing scope was given an empty one.
    pub fn scopes(&self) -> Result<Vec<String>, Error> {
        let mut scopes = Vec::with_capacity(self.event_streams.len() + 1 + self.incoming.len());
        for filters in &self.event_streams {
            scopes.push(event_stream_scope(filters));
        }
        if self.incoming.iter().any(String::is_empty) {
            return Err(Error::EmptyClientName);
        }
        if let Some(outgoing) = &self.outgoing {
            scopes.push(outgoing.scope(&self.incoming)?);
        }
        for name in &self.incoming {
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
    fn several_incoming_scopes_in_order_and_outgoing_takes_the_first() {
        let c = cap()
            .allow_client_incoming("alice")
            .allow_client_outgoing(APP.parse().unwrap())
            .allow_client_incoming("bob smith");
        assert_eq!(
            c.scopes().unwrap(),
            [
                format!("scope:client:outgoing?appSid={APP}&clientName=alice"),
                "scope:client:incoming?clientName=alice".to_owned(),
                "scope:client:incoming?clientName=bob+smith".to_owned(),
            ]
        );
    }

    #[test]
    fn outgoing_scope_has_its_own_client_name_or_none() {
        let scope = OutgoingScope::new(APP.parse().unwrap())
            .client_name("desk 1")
            .param("a", "1")
            .params([("b", "2"), ("a", "3")]);
        let c = cap().allow_client_incoming("alice").allow_outgoing(scope);
        assert_eq!(
            c.scopes().unwrap(),
            [
                format!(
                    "scope:client:outgoing?appSid={APP}&clientName=desk+1&appParams=a%3D3%26b%3D2"
                ),
                "scope:client:incoming?clientName=alice".to_owned(),
            ]
        );
        // Outgoing only, with a name: no incoming scope appears.
        let c = cap().allow_outgoing(OutgoingScope::new(APP.parse().unwrap()).client_name("desk"));
        assert_eq!(
            c.scopes().unwrap(),
            [format!(
                "scope:client:outgoing?appSid={APP}&clientName=desk"
            )]
        );
        let c = cap()
            .allow_client_incoming("alice")
            .allow_outgoing(OutgoingScope::new(APP.parse().unwrap()).without_client_name());
        assert_eq!(
            c.scopes().unwrap(),
            [
                format!("scope:client:outgoing?appSid={APP}"),
                "scope:client:incoming?clientName=alice".to_owned(),
            ]
        );
        // A later outgoing scope replaces the earlier one.
        let c = c.allow_client_outgoing(APP.parse().unwrap());
        assert_eq!(c.scopes().unwrap().len(), 2);
        assert!(c.scopes().unwrap()[0].ends_with("&clientName=alice"));
    }

    #[test]
    fn empty_client_name_is_an_error() {
        let c = cap().allow_client_incoming("a").allow_client_incoming("");
        assert!(matches!(c.scopes(), Err(Error::EmptyClientName)));
        let c = cap().allow_outgoing(OutgoingScope::new(APP.parse().unwrap()).client_name(""));
        assert!(matches!(c.scopes(), Err(Error::EmptyClientName)));
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
