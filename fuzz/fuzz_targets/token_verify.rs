//! Fuzzes `twilio-token`: verification of arbitrary input, and sign/verify round trips.
//!
//! 1. The input, as text when it is UTF-8, and as three base64url segments (the input
//!    split at its first two 0xFF bytes), goes to every verify function. Each must
//!    return a typed error or typed claims; never panic, never show the secret.
//! 2. The input also builds an Access Token: chunks separated by 0xFF, the first byte
//!    of each chooses the grant (or the identity, TTL, region, algorithm), the rest
//!    are its fields separated by 0xFE (lossy UTF-8). Signed with a fixed secret and
//!    verified back, the identity, the grants, the header and the times must be
//!    exactly those built; a wrong secret must give `BadSignature`.
//! 3. The same chunks build a Client Capability Token (several incoming scopes, an
//!    outgoing scope with the default, its own or no client name) whose scopes must
//!    round-trip.
#![no_main]

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use libfuzzer_sys::fuzz_target;
use twilio_token::{
    AccessToken, Algorithm, ApplicationSid, ChatGrant, ChatServiceSid, ClientCapability,
    CredentialSid, Error, Grant, Grants, JsonMap, OutgoingScope, PlaybackGrant, RoleSid,
    SyncGrant, SyncServiceSid, TaskRouterGrant, Verifier, VideoGrant, VoiceGrant, WorkerSid,
    WorkspaceSid,
};

const SECRET: &str = "fuzz-secret";
const ACCOUNT: &str = "AC0123456789abcdef0123456789abcdef";
const KEY: &str = "SK0123456789abcdef0123456789abcdef";
const APP: &str = "AP0123456789abcdef0123456789abcdef";
/// The fixed clock for signing and verifying (2023-11-14).
const NOW: u64 = 1_700_000_000;
/// Grant keys that name a typed grant (or the identity); `Grant::Other` avoids them.
const RESERVED: &[&str] = &[
    "identity",
    "voice",
    "data_sync",
    "chat",
    "video",
    "task_router",
    "player",
];

fn b64url(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(char::from(ABC[(n >> (18 - 6 * i)) as usize & 63]));
        }
    }
    out
}

fn check_error(e: &Error) {
    let text = format!("{e} {e:?}");
    assert!(!text.contains(SECRET), "an error shows the secret: {text}");
}

fn check<T>(r: Result<T, Error>) -> Option<T> {
    r.map_err(|e| check_error(&e)).ok()
}

/// Every verify function, with several verifier settings and clocks.
fn verify_all(token: &str) {
    let at = |s: u64| UNIX_EPOCH + Duration::from_secs(s);
    let v = Verifier::new(SECRET);
    check(v.verify_access_token(token));
    check(v.verify_capability_token(token));
    check(v.verify::<JsonMap>(token));
    check(v.verify::<Grants>(token));
    check(v.verify::<()>(token));
    check(v.verify_access_token_at(token, at(0)));
    check(v.verify_capability_token_at(token, at(NOW)));
    check(v.verify_at::<JsonMap>(token, at(u64::MAX / 4)));
    let lenient = Verifier::new(SECRET).leeway(Duration::from_secs(u64::MAX));
    check(lenient.verify_access_token_at(token, at(NOW)));
    check(lenient.verify_capability_token_at(token, at(u64::MAX / 4)));
    let only512 = Verifier::new(SECRET).algorithms([Algorithm::Hs512]);
    check(only512.verify_access_token(token));
    let none = Verifier::new(SECRET).algorithms([]);
    assert!(none.verify::<JsonMap>(token).is_err());
    if let Some(before_1970) = UNIX_EPOCH.checked_sub(Duration::from_secs(1)) {
        check(v.verify_at::<JsonMap>(token, before_1970));
    }
    assert!(matches!(
        Verifier::new("").verify_access_token(token),
        Err(Error::EmptySecret)
    ));
}

/// A SID of type `T`: the text itself when it is one, else `prefix` and 32 hex digits
/// taken from the text; `None` for empty text.
fn sid<T: std::str::FromStr<Err = twilio_types::Error>>(prefix: &str, text: &str) -> Option<T> {
    if text.is_empty() {
        return None;
    }
    match text.parse() {
        Ok(sid) => Some(sid),
        Err(e) => {
            check_error(&Error::from(e));
            let mut hex: String = text
                .bytes()
                .take(32)
                .map(|b| char::from(b"0123456789abcdefABCDEF"[usize::from(b) % 22]))
                .collect();
            while hex.len() < 32 {
                hex.push('0');
            }
            Some(format!("{prefix}{hex}").parse().expect("a valid SID"))
        }
    }
}

/// `k=v&k=v` pairs.
fn pairs(text: &str) -> Vec<(String, String)> {
    if text.is_empty() {
        return Vec::new();
    }
    text.split('&')
        .map(|kv| match kv.split_once('=') {
            Some((k, v)) => (k.to_owned(), v.to_owned()),
            None => (kv.to_owned(), String::new()),
        })
        .collect()
}

fn json_map(text: &str) -> JsonMap {
    pairs(text).into_iter().collect()
}

struct Chunk {
    op: u8,
    fields: Vec<String>,
}

impl Chunk {
    fn field(&self, i: usize) -> &str {
        self.fields.get(i).map_or("", String::as_str)
    }
}

fn chunks(data: &[u8]) -> Vec<Chunk> {
    data.split(|&b| b == 0xFF)
        .filter_map(|chunk| {
            let (&op, rest) = chunk.split_first()?;
            let fields = rest
                .split(|&b| b == 0xFE)
                .map(|f| String::from_utf8_lossy(f).into_owned())
                .collect();
            Some(Chunk { op, fields })
        })
        .collect()
}

fn access_token_round_trip(chunks: &[Chunk]) {
    let mut builder = AccessToken::builder(
        ACCOUNT.parse().expect("account SID"),
        KEY.parse().expect("key SID"),
        SECRET,
    );
    let mut identity = None;
    let mut ttl = 3600;
    let mut nbf = None;
    let mut region = None;
    let mut alg = Algorithm::Hs256;
    // What the verified grants must be: later grants of a kind replace earlier ones.
    let mut expected: Vec<Grant> = Vec::new();
    for c in chunks {
        let grant: Grant = match c.op % 10 {
            0 => {
                identity = Some(c.field(0).to_owned());
                builder = builder.identity(c.field(0));
                continue;
            }
            1 => {
                let app = sid::<ApplicationSid>("AP", c.field(0));
                let mut g = VoiceGrant::new().incoming(c.op & 0x80 != 0);
                let mut want = g.clone();
                if let Some(app) = app {
                    g = g.outgoing_application_sid(app.clone());
                    want.outgoing_application_sid = Some(app);
                    if c.fields.len() > 1 {
                        want.outgoing_application_params = Some(json_map(c.field(1)));
                    }
                }
                if c.fields.len() > 1 {
                    // Without an application SID, params are not emitted.
                    if c.op & 0x40 == 0 {
                        g = g.outgoing_application_params(json_map(c.field(1)));
                    } else {
                        for (k, v) in pairs(c.field(1)) {
                            g = g.outgoing_application_param(k, v);
                        }
                        if pairs(c.field(1)).is_empty() {
                            g = g.outgoing_application_params(JsonMap::new());
                        }
                    }
                }
                if let Some(cred) = sid::<CredentialSid>("CR", c.field(2)) {
                    g = g.push_credential_sid(cred);
                }
                g = g.endpoint_id(c.field(3));
                want.push_credential_sid = g.push_credential_sid.clone();
                want.endpoint_id = Some(c.field(3).to_owned()).filter(|e| !e.is_empty());
                builder = builder.grant(g);
                Grant::Voice(want)
            }
            2 => {
                let mut g = SyncGrant::new().endpoint_id(c.field(1));
                if let Some(s) = sid::<SyncServiceSid>("IS", c.field(0)) {
                    g = g.service_sid(s);
                }
                builder = builder.grant(g.clone());
                Grant::Sync(g)
            }
            3 => {
                let mut g = ChatGrant::new().endpoint_id(c.field(1));
                if let Some(s) = sid::<ChatServiceSid>("IS", c.field(0)) {
                    g = g.service_sid(s);
                }
                if let Some(s) = sid::<RoleSid>("RL", c.field(2)) {
                    g = g.deployment_role_sid(s);
                }
                if let Some(s) = sid::<CredentialSid>("CR", c.field(3)) {
                    g = g.push_credential_sid(s);
                }
                builder = builder.grant(g.clone());
                Grant::Chat(g)
            }
            4 => {
                let g = VideoGrant::new().room(c.field(0));
                builder = builder.grant(g.clone());
                Grant::Video(g)
            }
            5 => {
                let mut g = TaskRouterGrant::new().role(c.field(2));
                if let Some(s) = sid::<WorkspaceSid>("WS", c.field(0)) {
                    g = g.workspace_sid(s);
                }
                if let Some(s) = sid::<WorkerSid>("WK", c.field(1)) {
                    g = g.worker_sid(s);
                }
                builder = builder.grant(g.clone());
                Grant::TaskRouter(g)
            }
            6 => {
                let g = PlaybackGrant::new(json_map(c.field(0)));
                builder = builder.grant(g.clone());
                Grant::Playback(g)
            }
            7 => {
                let key = c.field(0);
                if RESERVED.contains(&key) {
                    continue;
                }
                let g = Grant::Other {
                    key: key.to_owned(),
                    value: c.field(1).into(),
                };
                builder = builder.grant(g.clone());
                g
            }
            8 => {
                ttl = c.field(0).parse().unwrap_or(u64::from(c.op));
                builder = builder.ttl(Duration::from_secs(ttl));
                alg = Algorithm::ALL[usize::from(c.op / 16) % 3];
                builder = builder.algorithm(alg);
                continue;
            }
            _ => {
                if c.op & 0x80 != 0 {
                    let n = c.field(0).parse().unwrap_or(u64::from(c.op)) % (2 * NOW);
                    nbf = Some(n);
                    builder = builder.not_before(UNIX_EPOCH + Duration::from_secs(n));
                } else {
                    region = Some(c.field(0).to_owned());
                    builder = builder.region(c.field(0));
                }
                continue;
            }
        };
        match expected.iter_mut().find(|g| g.key() == grant.key()) {
            Some(slot) => *slot = grant,
            None => expected.push(grant),
        }
    }

    let token = match builder.build() {
        Ok(token) => token,
        Err(e) => {
            check_error(&e);
            let chars = identity.as_deref().map_or(0, |i| i.chars().count());
            let bad_ttl = ttl == 0 || ttl > 24 * 3600;
            assert!(
                chars == 0 || chars > 256 || bad_ttl,
                "a valid token was refused: {e}"
            );
            return;
        }
    };
    let identity = identity.expect("built without an identity");
    let jwt = token
        .to_jwt_at(UNIX_EPOCH + Duration::from_secs(NOW))
        .expect("signs");
    let now = UNIX_EPOCH + Duration::from_secs(NOW);
    verify_all(&jwt);

    let verified = match Verifier::new(SECRET).verify_access_token_at(&jwt, now) {
        Ok(v) => v,
        Err(Error::NotYetValid { nbf: n, now: t }) => {
            assert_eq!((Some(n), t), (nbf, NOW));
            assert!(n > NOW);
            return;
        }
        Err(e) => panic!("our own token does not verify: {e}\n{jwt}"),
    };
    let claims = &verified.claims;
    assert_eq!(claims.grants.identity.as_deref(), Some(identity.as_str()));
    assert_eq!(token.grants().identity.as_deref(), Some(identity.as_str()));
    let got: Vec<&Grant> = claims.grants.iter().collect();
    let want: Vec<&Grant> = expected.iter().collect();
    assert_eq!(got, want, "grants changed in the round trip: {jwt}");
    assert_eq!(verified.header, *token.header());
    assert_eq!(verified.header.alg, alg);
    let region = region.filter(|r| !r.is_empty());
    assert_eq!(verified.header.twr, region);
    assert_eq!(claims.iat, Some(NOW));
    assert_eq!(claims.exp, NOW + ttl);
    assert_eq!(claims.nbf, nbf);
    assert_eq!(claims.iss.as_str(), KEY);
    assert_eq!(claims.sub.as_str(), ACCOUNT);
    assert_eq!(claims.jti, format!("{KEY}-{NOW}"));

    assert!(matches!(
        Verifier::new("wrong-secret").verify_access_token_at(&jwt, now),
        Err(Error::BadSignature)
    ));
    let other_alg = Algorithm::ALL
        .into_iter()
        .filter(|&a| a != alg)
        .collect::<Vec<_>>();
    assert!(matches!(
        Verifier::new(SECRET)
            .algorithms(other_alg)
            .verify_access_token_at(&jwt, now),
        Err(Error::UnsupportedAlgorithm(_))
    ));
    // A token is not a capability token.
    assert!(
        Verifier::new(SECRET)
            .verify_capability_token_at(&jwt, now)
            .is_err()
    );
}

fn capability_round_trip(chunks: &[Chunk]) {
    let mut cap = ClientCapability::new(ACCOUNT.parse().expect("account SID"), SECRET);
    // Whether an empty client name was given (incoming, or the outgoing scope's own).
    let mut empty_incoming = false;
    let mut empty_outgoing = false;
    let mut incoming = 0;
    let mut ttl = 3600;
    for c in chunks {
        match c.op % 4 {
            0 => {
                empty_incoming |= c.field(0).is_empty();
                incoming += 1;
                cap = cap.allow_client_incoming(c.field(0));
            }
            1 => {
                let app = sid::<ApplicationSid>("AP", c.field(0))
                    .unwrap_or_else(|| APP.parse().expect("app SID"));
                let scope = OutgoingScope::new(app).params(pairs(c.field(1)));
                empty_outgoing = false;
                let scope = if c.op & 0x80 != 0 {
                    empty_outgoing = c.field(2).is_empty();
                    scope.client_name(c.field(2))
                } else if c.op & 0x40 != 0 {
                    scope.without_client_name()
                } else {
                    scope
                };
                cap = cap.allow_outgoing(scope);
            }
            2 => cap = cap.allow_event_stream(pairs(c.field(0))),
            _ => {
                ttl = c.field(0).parse().unwrap_or(u64::from(c.op));
                cap = cap.ttl(Duration::from_secs(ttl));
            }
        }
    }
    let scopes = match cap.scopes() {
        Ok(scopes) => scopes,
        Err(e) => {
            assert!(matches!(e, Error::EmptyClientName));
            assert!(empty_incoming || empty_outgoing);
            return;
        }
    };
    let incoming_scopes = scopes
        .iter()
        .filter(|s| s.starts_with("scope:client:incoming?"))
        .count();
    assert_eq!(incoming_scopes, incoming, "one incoming scope per client name");
    assert_eq!(
        cap.scopes().ok().as_ref(),
        Some(&scopes),
        "scopes are not pure"
    );
    let now: SystemTime = UNIX_EPOCH + Duration::from_secs(NOW);
    let jwt = match cap.to_jwt_at(now) {
        Ok(jwt) => jwt,
        Err(e) => {
            assert!(matches!(e, Error::TtlOutOfRange { .. }), "{e}");
            assert!(ttl == 0 || ttl > 24 * 3600);
            return;
        }
    };
    verify_all(&jwt);
    let verified = Verifier::new(SECRET)
        .verify_capability_token_at(&jwt, now)
        .unwrap_or_else(|e| panic!("our own capability token does not verify: {e}\n{jwt}"));
    let claims = verified.claims;
    assert_eq!(claims.scopes().collect::<Vec<_>>(), scopes, "{jwt}");
    assert_eq!(claims.scope, scopes.join(" "));
    assert_eq!(claims.iss.as_str(), ACCOUNT);
    assert_eq!(claims.exp, NOW + ttl);
    assert!(matches!(
        Verifier::new("wrong-secret").verify_capability_token_at(&jwt, now),
        Err(Error::BadSignature)
    ));
}

fuzz_target!(|data: &[u8]| {
    // 1. Arbitrary input to every verify function.
    if let Ok(text) = std::str::from_utf8(data) {
        verify_all(text);
    }
    let mut segments = data.splitn(3, |&b| b == 0xFF);
    let header = segments.next().unwrap_or_default();
    let claims = segments.next().unwrap_or_default();
    let signature = segments.next().unwrap_or_default();
    verify_all(&format!(
        "{}.{}.{}",
        b64url(header),
        b64url(claims),
        b64url(signature)
    ));
    // The same claims and signature under a well-formed header reach the signature check.
    verify_all(&format!(
        "{}.{}.{}",
        b64url(br#"{"alg":"HS256","typ":"JWT"}"#),
        b64url(claims),
        b64url(signature)
    ));

    // 2 and 3. Tokens built from the input must round-trip.
    let chunks = chunks(data);
    access_token_round_trip(&chunks);
    capability_round_trip(&chunks);
});
