//! Differential test against Twilio's official Node helper library (twilio-node 6).
//!
//! For generated combinations of grants and options, build the token with this crate
//! and with twilio-node (`tests/oracle/token.js`), then require:
//! * Access Tokens: equal headers, equal claims apart from `iat`/`exp`/`jti` (with
//!   `exp - iat == ttl` and `jti == <key>-<iat>` on both sides), node's
//!   `jsonwebtoken` accepting ours, our verifier accepting node's with the same
//!   typed grants, and byte-equal JWTs when node's clock is pinned to our `iat`.
//! * Capability tokens: the same scopes after decoding (and byte-equal scopes when
//!   every input is in the character set both encoders leave alone), the same `iss`
//!   and lifetime, and each side accepting the other's token; with zero to three
//!   incoming scopes, and outgoing scopes whose client name is the first incoming
//!   one, their own, or none (twilio-node's `OutgoingClientScope.clientName`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};
use twilio_token::{
    AccessToken, Algorithm, ChatGrant, ClientCapability, Grant, JsonMap, OutgoingScope,
    PlaybackGrant, SyncGrant, TaskRouterGrant, Verifier, VideoGrant, VoiceGrant,
};

const ACCESS_CASES: usize = 150;
const CAPABILITY_CASES: usize = 120;

/// SplitMix64: a tiny fixed-seed PRNG, so every run tests the same cases.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
    fn sid(&mut self, prefix: &str) -> String {
        let hex: String = (0..32)
            .map(|_| char::from(b"0123456789abcdef"[self.below(16) as usize]))
            .collect();
        format!("{prefix}{hex}")
    }
    /// 1..=max characters drawn from `alphabet`.
    fn text(&mut self, alphabet: &[char], max: u64) -> String {
        let len = 1 + self.below(max);
        (0..len).map(|_| *self.pick(alphabet)).collect()
    }
}

/// Letters, digits and the punctuation, whitespace, control, non-ASCII and JSON-
/// special characters that exercise escaping.
const WILD: &[char] = &[
    'a', 'b', 'z', 'A', 'Q', '0', '7', ' ', '_', '-', '.', '*', '@', ':', '+', '/', '&', '=', '?',
    '%', '#', '~', '!', '\'', '(', ')', '"', '\\', '\n', '\t', '\u{1}', '\u{7f}', 'é', 'ü', '漢',
    '€', '😀', '\u{2028}', '<', '>',
];
/// Characters both twilio-node's `querystring.escape` and Java's `URLEncoder` keep.
const SAFE: &[char] = &['a', 'k', 'Z', 'M', '0', '9', '_', '-', '.', '*'];

/// A parameter key: starts with a letter, so V8 never reorders it as an array index.
fn key(rng: &mut Rng, alphabet: &[char]) -> String {
    format!("{}{}", rng.pick(&['k', 'p', 'Q']), rng.text(alphabet, 8))
}

fn opt_sid(rng: &mut Rng, prefix: &str) -> Value {
    if rng.chance(60) {
        json!(rng.sid(prefix))
    } else {
        Value::Null
    }
}

fn opt_text(rng: &mut Rng) -> Value {
    match rng.below(10) {
        0..=5 => json!(rng.text(WILD, 30)),
        6 => json!(""),
        _ => Value::Null,
    }
}

fn json_scalar(rng: &mut Rng) -> Value {
    match rng.below(5) {
        0 => json!(rng.below(1_000_000)),
        1 => json!(rng.chance(50)),
        2 => Value::Null,
        _ => json!(rng.text(WILD, 20)),
    }
}

fn pairs(rng: &mut Rng, max: u64, alphabet: &[char], value: fn(&mut Rng) -> Value) -> Value {
    let n = rng.below(max + 1);
    let mut out = Vec::new();
    for _ in 0..n {
        out.push(json!([key(rng, alphabet), value(rng)]));
    }
    // Sometimes repeat a key: later values win in place, in both libraries.
    if n > 1 && rng.chance(20) {
        let first = out[0][0].clone();
        out.push(json!([first, value(rng)]));
    }
    Value::Array(out)
}

fn gen_grant(rng: &mut Rng) -> Value {
    match rng.below(6) {
        0 => json!({
            "type": "voice",
            "incomingAllow": *rng.pick(&[json!(true), json!(false), Value::Null]),
            "outgoingApplicationSid": opt_sid(rng, "AP"),
            "outgoingApplicationParams": if rng.chance(50) { pairs(rng, 4, WILD, json_scalar) } else { Value::Null },
            "pushCredentialSid": opt_sid(rng, "CR"),
            "endpointId": opt_text(rng),
        }),
        1 => json!({"type": "sync", "serviceSid": opt_sid(rng, "IS"), "endpointId": opt_text(rng)}),
        2 => json!({
            "type": "chat",
            "serviceSid": opt_sid(rng, "IS"),
            "endpointId": opt_text(rng),
            "deploymentRoleSid": opt_sid(rng, "RL"),
            "pushCredentialSid": opt_sid(rng, "CR"),
        }),
        3 => json!({"type": "video", "room": opt_text(rng)}),
        4 => json!({
            "type": "task_router",
            "workspaceSid": opt_sid(rng, "WS"),
            "workerSid": opt_sid(rng, "WK"),
            "role": *rng.pick(&[json!("worker"), json!("supervisor"), json!(""), Value::Null]),
        }),
        _ => json!({"type": "playback", "grant": pairs(rng, 3, SAFE, json_scalar)}),
    }
}

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

fn gen_access_case(rng: &mut Rng, iat: u64) -> Value {
    let ttl = match rng.below(6) {
        0 => 1,
        1 => 3600,
        2 => 86_400,
        _ => 1 + rng.below(86_400),
    };
    let nbf = if rng.chance(35) {
        json!(iat - 3600 + rng.below(3600 + ttl))
    } else {
        Value::Null
    };
    let region = match rng.below(8) {
        0 => json!("us1"),
        1 => json!("ie1"),
        2 => json!("au1"),
        3 => json!("de1"),
        4 => json!(""),
        _ => Value::Null,
    };
    let algorithm = *rng.pick(&["HS256", "HS256", "HS256", "HS384", "HS512"]);
    let grants: Vec<Value> = (0..rng.below(7)).map(|_| gen_grant(rng)).collect();
    let identity = if rng.chance(10) {
        rng.text(SAFE, 256)
            .chars()
            .chain("x".chars())
            .take(256)
            .collect()
    } else {
        rng.text(WILD, 40)
    };
    json!({
        "accountSid": rng.sid("AC"),
        "keySid": rng.sid("SK"),
        "secret": rng.text(WILD, 64),
        "identity": identity,
        "ttl": ttl,
        "nbf": nbf,
        "region": region,
        "algorithm": algorithm,
        "grants": grants,
        "iat": iat,
    })
}

fn str_of(v: &Value) -> Option<&str> {
    v.as_str()
}

fn map_of(v: &Value) -> Option<JsonMap> {
    v.as_array().map(|pairs| {
        pairs
            .iter()
            .map(|p| (p[0].as_str().unwrap().to_owned(), p[1].clone()))
            .collect()
    })
}

fn parse_sid<T: std::str::FromStr>(g: &Value, k: &str) -> Option<T>
where
    T::Err: std::fmt::Debug,
{
    g[k].as_str().map(|s| s.parse().unwrap())
}

fn our_grant(g: &Value) -> Grant {
    let text = |k: &str| str_of(&g[k]).map(str::to_owned);
    match g["type"].as_str().unwrap() {
        "voice" => {
            let mut v = VoiceGrant::new().incoming(g["incomingAllow"] == json!(true));
            if let Some(s) = parse_sid(g, "outgoingApplicationSid") {
                v = v.outgoing_application_sid(s);
            }
            if let Some(p) = map_of(&g["outgoingApplicationParams"]) {
                v = v.outgoing_application_params(p);
            }
            if let Some(s) = parse_sid(g, "pushCredentialSid") {
                v = v.push_credential_sid(s);
            }
            if let Some(e) = text("endpointId") {
                v = v.endpoint_id(e);
            }
            v.into()
        }
        "sync" => {
            let mut v = SyncGrant::new();
            if let Some(s) = parse_sid(g, "serviceSid") {
                v = v.service_sid(s);
            }
            if let Some(e) = text("endpointId") {
                v = v.endpoint_id(e);
            }
            v.into()
        }
        "chat" => {
            let mut v = ChatGrant::new();
            if let Some(s) = parse_sid(g, "serviceSid") {
                v = v.service_sid(s);
            }
            if let Some(e) = text("endpointId") {
                v = v.endpoint_id(e);
            }
            if let Some(s) = parse_sid(g, "deploymentRoleSid") {
                v = v.deployment_role_sid(s);
            }
            if let Some(s) = parse_sid(g, "pushCredentialSid") {
                v = v.push_credential_sid(s);
            }
            v.into()
        }
        "video" => match text("room") {
            Some(r) => VideoGrant::new().room(r).into(),
            None => VideoGrant::new().into(),
        },
        "task_router" => {
            let mut v = TaskRouterGrant::new();
            if let Some(s) = parse_sid(g, "workspaceSid") {
                v = v.workspace_sid(s);
            }
            if let Some(s) = parse_sid(g, "workerSid") {
                v = v.worker_sid(s);
            }
            if let Some(r) = text("role") {
                v = v.role(r);
            }
            v.into()
        }
        "playback" => PlaybackGrant::new(map_of(&g["grant"]).unwrap()).into(),
        other => panic!("unknown grant {other}"),
    }
}

fn our_access_token(c: &Value) -> AccessToken {
    let mut b = AccessToken::builder(
        c["accountSid"].as_str().unwrap().parse().unwrap(),
        c["keySid"].as_str().unwrap().parse().unwrap(),
        c["secret"].as_str().unwrap(),
    )
    .identity(c["identity"].as_str().unwrap())
    .ttl(Duration::from_secs(c["ttl"].as_u64().unwrap()))
    .algorithm(Algorithm::from_name(c["algorithm"].as_str().unwrap()).unwrap());
    if let Some(nbf) = c["nbf"].as_u64() {
        b = b.not_before(UNIX_EPOCH + Duration::from_secs(nbf));
    }
    if let Some(region) = c["region"].as_str() {
        b = b.region(region);
    }
    for g in c["grants"].as_array().unwrap() {
        b = b.grant(our_grant(g));
    }
    b.build().unwrap()
}

fn segment(jwt: &str, i: usize) -> Value {
    let seg = jwt.split('.').nth(i).unwrap();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(seg).unwrap()).unwrap()
}

/// The claims without the time-dependent `iat`, `exp` and `jti` (checked apart).
fn timeless(mut claims: Value, ttl: u64, key_sid: &str, who: &str) -> Value {
    let obj = claims.as_object_mut().unwrap();
    let iat = obj.remove("iat").and_then(|v| v.as_u64()).unwrap();
    let exp = obj.remove("exp").and_then(|v| v.as_u64()).unwrap();
    let jti = obj.remove("jti").unwrap();
    assert_eq!(exp - iat, ttl, "{who}: exp - iat");
    assert_eq!(jti, json!(format!("{key_sid}-{iat}")), "{who}: jti");
    claims
}

#[test]
fn access_tokens_match_twilio_node() {
    let mut rng = Rng(0x5EED_0004);
    let iat = now_secs();
    let mut cases = Vec::new();
    let mut ours = Vec::new();
    for _ in 0..ACCESS_CASES {
        let mut case = gen_access_case(&mut rng, iat);
        let token = our_access_token(&case);
        let jwt = token
            .to_jwt_at(UNIX_EPOCH + Duration::from_secs(iat))
            .unwrap();
        case["ours"] = json!(jwt);
        case["verify_at"] = json!(iat.max(case["nbf"].as_u64().unwrap_or(0)));
        cases.push(case);
        ours.push(token);
    }
    let out = twilio_testkit::oracle::run("token.js", &json!({ "access": cases })).unwrap();
    let results = out["access"].as_array().unwrap();
    assert_eq!(results.len(), ACCESS_CASES);

    let mut grant_kinds = std::collections::BTreeSet::new();
    for (i, ((case, token), node)) in cases.iter().zip(&ours).zip(results).enumerate() {
        let ctx = format!("case {i}: {case}");
        let our_jwt = case["ours"].as_str().unwrap();
        let node_jwt = node["jwt"].as_str().unwrap();
        assert_eq!(
            node["verified"],
            json!(true),
            "{ctx}: node rejected ours: {}",
            node["error"]
        );
        assert_eq!(segment(our_jwt, 0), segment(node_jwt, 0), "{ctx}: header");
        let ttl = case["ttl"].as_u64().unwrap();
        let key_sid = case["keySid"].as_str().unwrap();
        // twilio-node reads the clock twice (`jti` in AccessToken, `iat` in
        // jsonwebtoken), so its real-time token's `jti` may be a second behind `iat`;
        // the claims are compared on the token node signed with its clock pinned.
        let pinned_jwt = node["pinned_jwt"].as_str().unwrap();
        assert_eq!(
            timeless(segment(our_jwt, 1), ttl, key_sid, "ours"),
            timeless(segment(pinned_jwt, 1), ttl, key_sid, "node"),
            "{ctx}: claims"
        );
        let live = segment(node_jwt, 1);
        let live_iat = live["iat"].as_u64().unwrap();
        assert_eq!(
            live["exp"].as_u64().unwrap() - live_iat,
            ttl,
            "{ctx}: node exp"
        );
        let jti_time: u64 = live["jti"]
            .as_str()
            .unwrap()
            .strip_prefix(&format!("{key_sid}-"))
            .unwrap()
            .parse()
            .unwrap();
        assert!(
            live_iat - jti_time <= 1,
            "{ctx}: node jti {jti_time} vs iat {live_iat}"
        );
        assert_eq!(our_jwt, pinned_jwt, "{ctx}: bytes at pinned clock");

        // And the other way round: our verifier reads node's token back to our grants.
        let node_iat = segment(node_jwt, 1)["iat"].as_u64().unwrap();
        let at = node_iat.max(case["nbf"].as_u64().unwrap_or(0));
        let verified = Verifier::new(case["secret"].as_str().unwrap())
            .verify_at::<twilio_token::AccessTokenClaims>(
                node_jwt,
                UNIX_EPOCH + Duration::from_secs(at),
            )
            .unwrap_or_else(|e| panic!("{ctx}: we rejected node's token: {e}"));
        let ours_back = Verifier::new(case["secret"].as_str().unwrap())
            .verify_at::<twilio_token::AccessTokenClaims>(
                our_jwt,
                UNIX_EPOCH + Duration::from_secs(case["verify_at"].as_u64().unwrap()),
            )
            .unwrap();
        assert_eq!(
            verified.claims.grants, ours_back.claims.grants,
            "{ctx}: typed grants"
        );
        assert_eq!(verified.claims.grants.identity, token.grants().identity);
        grant_kinds.extend(token.grants().iter().map(|g| g.key().to_owned()));
    }
    // The generator reached every grant twilio-node offers.
    assert_eq!(
        grant_kinds.into_iter().collect::<Vec<_>>(),
        [
            "chat",
            "data_sync",
            "player",
            "task_router",
            "video",
            "voice"
        ]
    );
}

// ---- capability tokens ----

fn gen_capability_case(rng: &mut Rng) -> (Value, bool) {
    let safe = rng.chance(40);
    let alphabet = if safe { SAFE } else { WILD };
    // Zero to three incoming client names: each is its own scope in both libraries.
    let incoming: Vec<Value> = if rng.chance(60) {
        (0..1 + rng.below(3))
            .map(|_| json!(rng.text(alphabet, 20)))
            .collect()
    } else {
        Vec::new()
    };
    let outgoing = if rng.chance(60) {
        let mut params: Vec<Value> = (0..rng.below(4))
            .map(|_| json!([key(rng, alphabet), rng.text(alphabet, 12)]))
            .collect();
        // Sometimes repeat a name: the last value wins at the first position.
        if !params.is_empty() && rng.chance(25) {
            let name = params[0][0].clone();
            params.push(json!([name, rng.text(alphabet, 12)]));
        }
        // The outgoing client name: null = the first incoming name (the default),
        // a string = its own name, false = none.
        let client_name = match rng.below(3) {
            0 => Value::Null,
            1 => json!(rng.text(alphabet, 20)),
            _ => json!(false),
        };
        json!({"appSid": rng.sid("AP"), "params": params, "clientName": client_name})
    } else {
        Value::Null
    };
    let streams: Vec<Value> = (0..rng.below(3))
        .map(|_| {
            let filters: Vec<Value> = (0..rng.below(3))
                .map(|_| json!([key(rng, alphabet), rng.text(alphabet, 12)]))
                .collect();
            Value::Array(filters)
        })
        .collect();
    let case = json!({
        "accountSid": rng.sid("AC"),
        "authToken": rng.text(WILD, 40),
        "ttl": 1 + rng.below(86_400),
        "incoming": incoming,
        "outgoing": outgoing,
        "streams": streams,
    });
    (case, safe)
}

fn string_pairs(v: &Value) -> Vec<(String, String)> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p[0].as_str().unwrap().to_owned(),
                p[1].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn our_capability(c: &Value) -> ClientCapability {
    let mut cap = ClientCapability::new(
        c["accountSid"].as_str().unwrap().parse().unwrap(),
        c["authToken"].as_str().unwrap(),
    )
    .ttl(Duration::from_secs(c["ttl"].as_u64().unwrap()));
    for filters in c["streams"].as_array().unwrap() {
        cap = cap.allow_event_stream(string_pairs(filters));
    }
    if let Some(out) = c["outgoing"].as_object() {
        let app = out["appSid"].as_str().unwrap().parse().unwrap();
        let params = string_pairs(&out["params"]);
        cap = match &out["clientName"] {
            // The default: the shorthand takes the first incoming name.
            Value::Null => cap.allow_client_outgoing_with_params(app, params),
            Value::String(name) => {
                cap.allow_outgoing(OutgoingScope::new(app).client_name(name).params(params))
            }
            _ => cap.allow_outgoing(OutgoingScope::new(app).without_client_name().params(params)),
        };
    }
    for name in c["incoming"].as_array().unwrap() {
        cap = cap.allow_client_incoming(name.as_str().unwrap());
    }
    cap
}

/// Percent-decoding that also reads `+` as a space (both encoders' outputs).
fn form_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).unwrap()
}

fn query(s: &str) -> Vec<(String, String)> {
    s.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap();
            (form_decode(k), form_decode(v))
        })
        .collect()
}

/// A scope as (name, [(param, value)]), nested parameter strings decoded too, and
/// node's event-stream `appParams` key read as the spec's `params`.
type Pairs = Vec<(String, String)>;

fn decoded_scope(scope: &str) -> (String, Vec<(String, Pairs)>) {
    let (name, q) = scope.split_once('?').unwrap_or((scope, ""));
    let params = query(q)
        .into_iter()
        .map(|(k, v)| {
            let k = if name == "scope:stream:subscribe" && k == "appParams" {
                "params".to_owned()
            } else {
                k
            };
            let nested = if k == "appParams" || k == "params" {
                query(&v)
            } else {
                vec![(v, String::new())]
            };
            (k, nested)
        })
        .collect();
    (name.to_owned(), params)
}

#[test]
fn capability_tokens_match_twilio_node() {
    let mut rng = Rng(0x5EED_0003);
    let now = now_secs();
    let mut cases = Vec::new();
    for _ in 0..CAPABILITY_CASES {
        let (mut case, safe) = gen_capability_case(&mut rng);
        let jwt = our_capability(&case)
            .to_jwt_at(UNIX_EPOCH + Duration::from_secs(now))
            .unwrap();
        case["ours"] = json!(jwt);
        case["verify_at"] = json!(now);
        case["safe"] = json!(safe);
        cases.push(case);
    }
    let out = twilio_testkit::oracle::run("token.js", &json!({ "capability": cases })).unwrap();
    let results = out["capability"].as_array().unwrap();
    assert_eq!(results.len(), CAPABILITY_CASES);

    let (mut exact, mut scopes_seen) = (0, 0);
    let (mut several_incoming, mut own_name, mut no_name) = (0, 0, 0);
    for (i, (case, node)) in cases.iter().zip(results).enumerate() {
        several_incoming += usize::from(case["incoming"].as_array().unwrap().len() > 1);
        own_name += usize::from(case["outgoing"]["clientName"].is_string());
        no_name += usize::from(case["outgoing"]["clientName"] == json!(false));
        let ctx = format!("case {i}: {case}");
        assert_eq!(
            node["verified"],
            json!(true),
            "{ctx}: node rejected ours: {}",
            node["error"]
        );
        let ours = segment(case["ours"].as_str().unwrap(), 1);
        let node_jwt = node["jwt"].as_str().unwrap();
        let theirs = segment(node_jwt, 1);
        assert_eq!(ours["iss"], theirs["iss"], "{ctx}: iss");
        let ttl = case["ttl"].as_u64().unwrap();
        assert_eq!(ours["exp"].as_u64().unwrap(), now + ttl, "{ctx}: our exp");
        // Node reads the clock twice (`new Date()` for exp, `Date.now()` for iat), so its
        // real-time token is compared through the pinned one, signed at our `now`.
        let pinned = segment(node["pinned_jwt"].as_str().unwrap(), 1);
        assert_eq!(
            pinned["exp"].as_u64().unwrap(),
            now + ttl,
            "{ctx}: node exp"
        );
        assert_eq!(
            pinned["scope"], theirs["scope"],
            "{ctx}: node scope vs pinned"
        );
        let our_scopes: Vec<&str> = ours["scope"].as_str().unwrap().split(' ').collect();
        let node_scopes: Vec<&str> = theirs["scope"].as_str().unwrap().split(' ').collect();
        assert_eq!(our_scopes.len(), node_scopes.len(), "{ctx}: scope count");
        for (o, n) in our_scopes.iter().zip(&node_scopes) {
            assert_eq!(decoded_scope(o), decoded_scope(n), "{ctx}: scope");
            // Event-stream scopes differ by design (see the crate README); client
            // scopes of safe inputs must match byte for byte.
            if case["safe"] == json!(true) && !o.starts_with("scope:stream") && !o.is_empty() {
                assert_eq!(o, n, "{ctx}: exact scope");
                exact += 1;
            }
            scopes_seen += 1;
        }
        // Our verifier accepts node's token and reads the same scope string.
        let v = Verifier::new(case["authToken"].as_str().unwrap())
            .verify_capability_token_at(
                node_jwt,
                UNIX_EPOCH + Duration::from_secs(theirs["iat"].as_u64().unwrap()),
            )
            .unwrap_or_else(|e| panic!("{ctx}: we rejected node's token: {e}"));
        assert_eq!(v.claims.scope, theirs["scope"].as_str().unwrap());
    }
    assert!(exact >= 20, "only {exact} byte-exact scope comparisons");
    // The generator reached several incoming scopes and both outgoing name choices.
    assert!(
        several_incoming >= 15,
        "only {several_incoming} multi-incoming cases"
    );
    assert!(
        own_name >= 15,
        "only {own_name} outgoing scopes with their own name"
    );
    assert!(
        no_name >= 15,
        "only {no_name} outgoing scopes without a name"
    );
    assert!(scopes_seen >= 150, "only {scopes_seen} scopes compared");
}
