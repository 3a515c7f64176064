//! The grants an Access Token carries, with twilio-node's claim keys and shapes.
//!
//! Each grant is a struct with public fields (so decoded tokens are easy to read)
//! and chainable setters of the same names (so building one reads like the issue's
//! example). A field that is `None` (or an empty string) is not emitted, as in
//! twilio-node, where unset or empty options are skipped.

use std::fmt;

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use crate::{
    ApplicationSid, ChatServiceSid, CredentialSid, JsonMap, RoleSid, SyncServiceSid, WorkerSid,
    WorkspaceSid,
};

/// `None` and `Some("")` are both "not set" (twilio-node skips falsy values).
fn absent(s: &Option<String>) -> bool {
    s.as_deref().is_none_or(str::is_empty)
}

fn non_empty(s: impl Into<String>) -> Option<String> {
    Some(s.into()).filter(|s| !s.is_empty())
}

/// Programmable Voice: claim key `voice`.
///
/// ```
/// use twilio_token::VoiceGrant;
/// let grant = VoiceGrant::new()
///     .incoming(true)
///     .outgoing_application_sid("APaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".parse()?)
///     .outgoing_application_param("queue", "support");
/// assert_eq!(
///     serde_json::to_string(&grant)?,
///     r#"{"incoming":{"allow":true},"outgoing":{"application_sid":"APaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","params":{"queue":"support"}}}"#
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct VoiceGrant {
    /// Whether this identity may receive calls (`incoming.allow`; emitted only when true).
    pub incoming: bool,
    /// The TwiML App that outgoing calls reach (`outgoing.application_sid`).
    pub outgoing_application_sid: Option<ApplicationSid>,
    /// Parameters passed to that app (`outgoing.params`; only emitted with an app SID).
    pub outgoing_application_params: Option<JsonMap>,
    /// Push credential for incoming-call notifications on mobile.
    pub push_credential_sid: Option<CredentialSid>,
    /// Identifies this device among several of the same identity.
    pub endpoint_id: Option<String>,
}

impl VoiceGrant {
    /// A grant allowing nothing yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Allows (or not) incoming calls to the token's identity.
    pub fn incoming(mut self, allow: bool) -> Self {
        self.incoming = allow;
        self
    }

    /// Allows outgoing calls through this TwiML App.
    pub fn outgoing_application_sid(mut self, sid: ApplicationSid) -> Self {
        self.outgoing_application_sid = Some(sid);
        self
    }

    /// Adds one parameter for the TwiML App (kept in insertion order).
    pub fn outgoing_application_param(
        mut self,
        key: impl Into<String>,
        value: impl Into<Value>,
    ) -> Self {
        self.outgoing_application_params
            .get_or_insert_with(JsonMap::new)
            .insert(key, value);
        self
    }

    /// Replaces all parameters for the TwiML App.
    pub fn outgoing_application_params(mut self, params: JsonMap) -> Self {
        self.outgoing_application_params = Some(params);
        self
    }

    /// Sets the push credential.
    pub fn push_credential_sid(mut self, sid: CredentialSid) -> Self {
        self.push_credential_sid = Some(sid);
        self
    }

    /// Sets the endpoint id (an empty string means unset).
    pub fn endpoint_id(mut self, id: impl Into<String>) -> Self {
        self.endpoint_id = non_empty(id);
        self
    }
}

#[derive(Serialize, Deserialize)]
struct IncomingWire {
    allow: bool,
}

#[derive(Serialize, Deserialize)]
struct OutgoingWire<S, P> {
    application_sid: S,
    #[serde(skip_serializing_if = "Option::is_none", default = "none")]
    params: Option<P>,
}

fn none<T>() -> Option<T> {
    None
}

#[derive(Serialize, Deserialize)]
struct VoiceWire<S, P, C, E> {
    #[serde(skip_serializing_if = "Option::is_none", default = "none")]
    incoming: Option<IncomingWire>,
    #[serde(skip_serializing_if = "Option::is_none", default = "none")]
    outgoing: Option<OutgoingWire<S, P>>,
    #[serde(skip_serializing_if = "Option::is_none", default = "none")]
    push_credential_sid: Option<C>,
    #[serde(skip_serializing_if = "Option::is_none", default = "none")]
    endpoint_id: Option<E>,
}

impl Serialize for VoiceGrant {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        VoiceWire {
            incoming: self.incoming.then_some(IncomingWire { allow: true }),
            outgoing: self
                .outgoing_application_sid
                .as_ref()
                .map(|sid| OutgoingWire {
                    application_sid: sid,
                    params: self.outgoing_application_params.as_ref(),
                }),
            push_credential_sid: self.push_credential_sid.as_ref(),
            endpoint_id: self.endpoint_id.as_deref().filter(|e| !e.is_empty()),
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for VoiceGrant {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let wire = VoiceWire::<ApplicationSid, JsonMap, CredentialSid, String>::deserialize(d)?;
        let (sid, params) = match wire.outgoing {
            Some(o) => (Some(o.application_sid), o.params),
            None => (None, None),
        };
        Ok(Self {
            incoming: wire.incoming.is_some_and(|i| i.allow),
            outgoing_application_sid: sid,
            outgoing_application_params: params,
            push_credential_sid: wire.push_credential_sid,
            endpoint_id: wire.endpoint_id,
        })
    }
}

/// Sync: claim key `data_sync`.
///
/// ```
/// let grant = twilio_token::SyncGrant::new()
///     .service_sid("ISaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".parse()?)
///     .endpoint_id("TwilioSyncDemo::alice:3f1c");
/// assert_eq!(
///     serde_json::to_string(&grant)?,
///     r#"{"service_sid":"ISaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","endpoint_id":"TwilioSyncDemo::alice:3f1c"}"#
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SyncGrant {
    /// The Sync service.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub service_sid: Option<SyncServiceSid>,
    /// Identifies this client among several of the same identity.
    #[serde(skip_serializing_if = "absent", default)]
    pub endpoint_id: Option<String>,
}

impl SyncGrant {
    /// An empty grant.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the Sync service.
    pub fn service_sid(mut self, sid: SyncServiceSid) -> Self {
        self.service_sid = Some(sid);
        self
    }

    /// Sets the endpoint id (an empty string means unset).
    pub fn endpoint_id(mut self, id: impl Into<String>) -> Self {
        self.endpoint_id = non_empty(id);
        self
    }
}

/// Conversations/Chat: claim key `chat`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ChatGrant {
    /// The Conversations/Chat service.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub service_sid: Option<ChatServiceSid>,
    /// Identifies this client among several of the same identity.
    #[serde(skip_serializing_if = "absent", default)]
    pub endpoint_id: Option<String>,
    /// The role assigned to the user on this deployment.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub deployment_role_sid: Option<RoleSid>,
    /// Push credential for notifications.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub push_credential_sid: Option<CredentialSid>,
}

impl ChatGrant {
    /// An empty grant.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the service.
    pub fn service_sid(mut self, sid: ChatServiceSid) -> Self {
        self.service_sid = Some(sid);
        self
    }

    /// Sets the endpoint id (an empty string means unset).
    pub fn endpoint_id(mut self, id: impl Into<String>) -> Self {
        self.endpoint_id = non_empty(id);
        self
    }

    /// Sets the deployment role.
    pub fn deployment_role_sid(mut self, sid: RoleSid) -> Self {
        self.deployment_role_sid = Some(sid);
        self
    }

    /// Sets the push credential.
    pub fn push_credential_sid(mut self, sid: CredentialSid) -> Self {
        self.push_credential_sid = Some(sid);
        self
    }
}

/// Video: claim key `video`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct VideoGrant {
    /// A room name or room SID; without it the token may join any room.
    #[serde(skip_serializing_if = "absent", default)]
    pub room: Option<String>,
}

impl VideoGrant {
    /// A grant for any room.
    pub fn new() -> Self {
        Self::default()
    }

    /// Restricts the grant to one room (an empty string means unset).
    pub fn room(mut self, room: impl Into<String>) -> Self {
        self.room = non_empty(room);
        self
    }
}

/// TaskRouter: claim key `task_router`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TaskRouterGrant {
    /// The workspace.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub workspace_sid: Option<WorkspaceSid>,
    /// The worker this token acts as.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub worker_sid: Option<WorkerSid>,
    /// The role, passed through as given (twilio-node does not restrict it).
    #[serde(skip_serializing_if = "absent", default)]
    pub role: Option<String>,
}

impl TaskRouterGrant {
    /// An empty grant.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the workspace.
    pub fn workspace_sid(mut self, sid: WorkspaceSid) -> Self {
        self.workspace_sid = Some(sid);
        self
    }

    /// Sets the worker.
    pub fn worker_sid(mut self, sid: WorkerSid) -> Self {
        self.worker_sid = Some(sid);
        self
    }

    /// Sets the role (an empty string means unset).
    pub fn role(mut self, role: impl Into<String>) -> Self {
        self.role = non_empty(role);
        self
    }
}

/// Live Player: claim key `player`. Holds the grant object Twilio's PlaybackGrant
/// API returned, unchanged.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
#[non_exhaustive]
pub struct PlaybackGrant {
    /// The grant object, emitted as is (an empty object when unset, as in twilio-node).
    pub grant: JsonMap,
}

impl PlaybackGrant {
    /// Wraps the grant object from Twilio's API.
    pub fn new(grant: impl Into<JsonMap>) -> Self {
        Self {
            grant: grant.into(),
        }
    }
}

/// One grant of an Access Token.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Grant {
    /// `voice`
    Voice(VoiceGrant),
    /// `data_sync`
    Sync(SyncGrant),
    /// `chat`
    Chat(ChatGrant),
    /// `video`
    Video(VideoGrant),
    /// `task_router`
    TaskRouter(TaskRouterGrant),
    /// `player`
    Playback(PlaybackGrant),
    /// A grant this crate has no type for (read from a token, or a newer Twilio grant).
    /// The key `identity` is reserved and never emitted from here.
    Other {
        /// The claim key.
        key: String,
        /// The grant's JSON value.
        value: Value,
    },
}

impl Grant {
    /// The claim key under `grants`.
    pub fn key(&self) -> &str {
        match self {
            Self::Voice(_) => "voice",
            Self::Sync(_) => "data_sync",
            Self::Chat(_) => "chat",
            Self::Video(_) => "video",
            Self::TaskRouter(_) => "task_router",
            Self::Playback(_) => "player",
            Self::Other { key, .. } => key,
        }
    }
}

macro_rules! into_grant {
    ($($ty:ident => $variant:ident),*) => {$(
        impl From<$ty> for Grant {
            fn from(g: $ty) -> Self {
                Self::$variant(g)
            }
        }
    )*};
}
into_grant!(VoiceGrant => Voice, SyncGrant => Sync, ChatGrant => Chat, VideoGrant => Video,
    TaskRouterGrant => TaskRouter, PlaybackGrant => Playback);

/// The `grants` claim: the identity and the grants, in the order they were added.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Grants {
    /// Who the token is for (`grants.identity`).
    pub identity: Option<String>,
    list: Vec<Grant>,
}

impl Grants {
    pub(crate) fn new(identity: Option<String>) -> Self {
        Self {
            identity,
            list: Vec::new(),
        }
    }

    /// Adds a grant; a grant with the same key is replaced where it stands, as
    /// assigning a property in twilio-node does.
    pub(crate) fn insert(&mut self, grant: Grant) {
        match self.list.iter_mut().find(|g| g.key() == grant.key()) {
            Some(slot) => *slot = grant,
            None => self.list.push(grant),
        }
    }

    /// All grants in order.
    pub fn iter(&self) -> impl Iterator<Item = &Grant> {
        self.list.iter()
    }

    /// The grant under `key`, if any.
    pub fn get(&self, key: &str) -> Option<&Grant> {
        self.list.iter().find(|g| g.key() == key)
    }

    /// The Voice grant, if any.
    pub fn voice(&self) -> Option<&VoiceGrant> {
        self.list.iter().find_map(|g| match g {
            Grant::Voice(v) => Some(v),
            _ => None,
        })
    }

    /// The Sync grant, if any.
    pub fn sync(&self) -> Option<&SyncGrant> {
        self.list.iter().find_map(|g| match g {
            Grant::Sync(v) => Some(v),
            _ => None,
        })
    }

    /// The Chat grant, if any.
    pub fn chat(&self) -> Option<&ChatGrant> {
        self.list.iter().find_map(|g| match g {
            Grant::Chat(v) => Some(v),
            _ => None,
        })
    }

    /// The Video grant, if any.
    pub fn video(&self) -> Option<&VideoGrant> {
        self.list.iter().find_map(|g| match g {
            Grant::Video(v) => Some(v),
            _ => None,
        })
    }

    /// The TaskRouter grant, if any.
    pub fn task_router(&self) -> Option<&TaskRouterGrant> {
        self.list.iter().find_map(|g| match g {
            Grant::TaskRouter(v) => Some(v),
            _ => None,
        })
    }

    /// The Playback grant, if any.
    pub fn playback(&self) -> Option<&PlaybackGrant> {
        self.list.iter().find_map(|g| match g {
            Grant::Playback(v) => Some(v),
            _ => None,
        })
    }
}

impl Serialize for Grants {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        if let Some(identity) = &self.identity {
            map.serialize_entry("identity", identity)?;
        }
        for grant in &self.list {
            match grant {
                Grant::Voice(g) => map.serialize_entry("voice", g)?,
                Grant::Sync(g) => map.serialize_entry("data_sync", g)?,
                Grant::Chat(g) => map.serialize_entry("chat", g)?,
                Grant::Video(g) => map.serialize_entry("video", g)?,
                Grant::TaskRouter(g) => map.serialize_entry("task_router", g)?,
                Grant::Playback(g) => map.serialize_entry("player", g)?,
                Grant::Other { key, .. } if key == "identity" => {}
                Grant::Other { key, value } => map.serialize_entry(key, value)?,
            }
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Grants {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct GrantsVisitor;
        impl<'de> Visitor<'de> for GrantsVisitor {
            type Value = Grants;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a grants object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Grants, A::Error> {
                let mut grants = Grants::default();
                while let Some(key) = access.next_key::<String>()? {
                    // Typed grants read straight from the input, keeping key order.
                    let grant = match key.as_str() {
                        "identity" => {
                            grants.identity = Some(access.next_value()?);
                            continue;
                        }
                        "voice" => Grant::Voice(access.next_value()?),
                        "data_sync" => Grant::Sync(access.next_value()?),
                        "chat" => Grant::Chat(access.next_value()?),
                        "video" => Grant::Video(access.next_value()?),
                        "task_router" => Grant::TaskRouter(access.next_value()?),
                        "player" => Grant::Playback(access.next_value()?),
                        _ => Grant::Other {
                            value: access.next_value()?,
                            key,
                        },
                    };
                    grants.insert(grant);
                }
                Ok(grants)
            }
        }
        d.deserialize_map(GrantsVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn sid<T: std::str::FromStr>(prefix: &str) -> T
    where
        T::Err: std::fmt::Debug,
    {
        format!("{prefix}{}", "0123456789abcdef".repeat(2))
            .parse()
            .unwrap()
    }

    #[test]
    fn empty_grants_serialise_as_empty_objects() {
        assert_eq!(serde_json::to_value(VoiceGrant::new()).unwrap(), json!({}));
        assert_eq!(serde_json::to_value(SyncGrant::new()).unwrap(), json!({}));
        assert_eq!(serde_json::to_value(ChatGrant::new()).unwrap(), json!({}));
        assert_eq!(serde_json::to_value(VideoGrant::new()).unwrap(), json!({}));
        assert_eq!(
            serde_json::to_value(TaskRouterGrant::new()).unwrap(),
            json!({})
        );
        assert_eq!(
            serde_json::to_value(PlaybackGrant::default()).unwrap(),
            json!({})
        );
    }

    #[test]
    fn empty_strings_are_not_emitted() {
        let g = VideoGrant::new().room("");
        assert_eq!(serde_json::to_value(&g).unwrap(), json!({}));
        let g = VoiceGrant::new().endpoint_id("").incoming(false);
        assert_eq!(serde_json::to_value(&g).unwrap(), json!({}));
    }

    #[test]
    fn voice_params_need_an_application() {
        let g = VoiceGrant::new().outgoing_application_param("a", "b");
        assert_eq!(serde_json::to_value(&g).unwrap(), json!({}));
    }

    #[test]
    fn full_grants_round_trip() {
        let mut grants = Grants::new(Some("alice".into()));
        grants.insert(
            VoiceGrant::new()
                .incoming(true)
                .outgoing_application_sid(sid("AP"))
                .outgoing_application_param("z", 1)
                .outgoing_application_param("a", "x")
                .push_credential_sid(sid("CR"))
                .endpoint_id("dev1")
                .into(),
        );
        grants.insert(
            ChatGrant::new()
                .service_sid(sid("IS"))
                .endpoint_id("e")
                .deployment_role_sid(sid("RL"))
                .push_credential_sid(sid("CR"))
                .into(),
        );
        grants.insert(
            TaskRouterGrant::new()
                .workspace_sid(sid("WS"))
                .worker_sid(sid("WK"))
                .role("worker")
                .into(),
        );
        grants.insert(PlaybackGrant::new(JsonMap::from_iter([("k", json!({"n": 1}))])).into());
        grants.insert(Grant::Other {
            key: "rtc".into(),
            value: json!({"configuration_profile_sid": "x"}),
        });
        let text = serde_json::to_string(&grants).unwrap();
        assert!(text.starts_with(r#"{"identity":"alice","voice":{"incoming":{"allow":true},"outgoing":{"application_sid":"AP"#), "{text}");
        assert!(text.contains(r#""params":{"z":1,"a":"x"}"#), "{text}");
        let back: Grants = serde_json::from_str(&text).unwrap();
        assert_eq!(back, grants);
        assert_eq!(back.task_router().unwrap().role.as_deref(), Some("worker"));
        assert!(back.sync().is_none());
    }

    #[test]
    fn same_key_replaces_in_place() {
        let mut grants = Grants::new(None);
        grants.insert(VideoGrant::new().room("a").into());
        grants.insert(SyncGrant::new().into());
        grants.insert(VideoGrant::new().room("b").into());
        let keys: Vec<_> = grants.iter().map(Grant::key).collect();
        assert_eq!(keys, ["video", "data_sync"]);
        assert_eq!(grants.video().unwrap().room.as_deref(), Some("b"));
    }

    #[test]
    fn other_grant_cannot_shadow_identity() {
        let mut grants = Grants::new(Some("alice".into()));
        grants.insert(Grant::Other {
            key: "identity".into(),
            value: json!("mallory"),
        });
        assert_eq!(
            serde_json::to_value(&grants).unwrap(),
            json!({"identity": "alice"})
        );
    }

    #[test]
    fn bad_sid_in_token_is_an_error() {
        let err = serde_json::from_value::<Grants>(json!({"data_sync": {"service_sid": "IS1"}}));
        assert!(err.is_err());
    }
}
