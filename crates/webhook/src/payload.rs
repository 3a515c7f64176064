//! Typed webhook payloads (form-encoded, deserialised with serde).
//!
//! Every payload keeps the parameters it does not name in `extra`, so a parameter
//! Twilio adds tomorrow is kept, never a reason to reject the request. Closed value
//! sets are enums with an `Other(String)` fallback for values Twilio may add.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Parameters a payload type does not name.
pub type Extra = BTreeMap<String, String>;

/// Defines a string-valued enum with an `Other(String)` fallback.
macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $value:literal,)+ }) => {
        string_enum!(@define $(#[$meta])* $name, str::eq, { $($(#[$vmeta])* $variant = $value,)+ });
    };
    // Values Twilio does not always send in one case (matched ignoring ASCII case).
    (ignore_case $(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $value:literal,)+ }) => {
        string_enum!(@define $(#[$meta])* $name, str::eq_ignore_ascii_case, { $($(#[$vmeta])* $variant = $value,)+ });
    };
    (@define $(#[$meta:meta])* $name:ident, $eq:path, { $($(#[$vmeta:meta])* $variant:ident = $value:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
            /// A value this version does not know.
            Other(String),
        }

        impl $name {
            /// The wire value.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $value,)+
                    Self::Other(s) => s,
                }
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                $(if $eq(s, $value) {
                    return Self::$variant;
                })+
                Self::Other(s.to_owned())
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                Ok(Self::from(s.as_str()))
            }
        }
    };
}

/// Defines a transparent string newtype for an identifier.
macro_rules! string_newtype {
    ($($(#[$meta:meta])* $name:ident;)+) => {$(
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            /// The identifier as sent.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                Self(s.to_owned())
            }
        }
    )+};
}

string_newtype! {
    /// An account SID (`AC…`).
    AccountSid;
    /// A call SID (`CA…`).
    CallSid;
    /// A message SID (`SM…`/`MM…`).
    MessageSid;
    /// A service SID (Sync `IS…`, Proxy `KS…`, Messaging `MG…`).
    ServiceSid;
    /// Any other Twilio SID (TwiML App `AP…`, Sync `ET…`, TaskRouter `WT…`, …).
    Sid;
}

/// A call or message party: an E.164 number (`+1415…`), `client:<identity>`, or a SIP URI.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(transparent)]
pub struct Address(pub String);

impl Address {
    /// The address as sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The identity of a `client:<identity>` address (a browser or mobile SDK).
    pub fn client_identity(&self) -> Option<&str> {
        self.0.strip_prefix("client:")
    }

    /// `true` for a `sip:` address.
    pub fn is_sip(&self) -> bool {
        self.0.starts_with("sip:")
    }
}

impl fmt::Display for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

string_enum! {
    /// A call's status (`CallStatus`).
    CallStatus {
        /// `queued`
        Queued = "queued",
        /// `initiated` (status callback event)
        Initiated = "initiated",
        /// `ringing`
        Ringing = "ringing",
        /// `in-progress`
        InProgress = "in-progress",
        /// `completed`
        Completed = "completed",
        /// `busy`
        Busy = "busy",
        /// `failed`
        Failed = "failed",
        /// `no-answer`
        NoAnswer = "no-answer",
        /// `canceled`
        Canceled = "canceled",
    }
}

string_enum! {
    /// Which way a call goes (`Direction`).
    Direction {
        /// `inbound`
        Inbound = "inbound",
        /// `outbound-api`
        OutboundApi = "outbound-api",
        /// `outbound-dial`
        OutboundDial = "outbound-dial",
        /// `trunking-originating`
        TrunkingOriginating = "trunking-originating",
        /// `trunking-terminating`
        TrunkingTerminating = "trunking-terminating",
    }
}

string_enum! {
    /// A message's status (`SmsStatus` / `MessageStatus`).
    MessageStatus {
        /// `accepted`
        Accepted = "accepted",
        /// `scheduled`
        Scheduled = "scheduled",
        /// `queued`
        Queued = "queued",
        /// `sending`
        Sending = "sending",
        /// `sent`
        Sent = "sent",
        /// `delivered`
        Delivered = "delivered",
        /// `undelivered`
        Undelivered = "undelivered",
        /// `failed`
        Failed = "failed",
        /// `receiving`
        Receiving = "receiving",
        /// `received`
        Received = "received",
        /// `read`
        Read = "read",
        /// `canceled`
        Canceled = "canceled",
    }
}

string_enum! {
    /// A Sync webhook's `EventType`.
    SyncEventType {
        /// `endpoint_connected` (reachability)
        EndpointConnected = "endpoint_connected",
        /// `endpoint_disconnected` (reachability)
        EndpointDisconnected = "endpoint_disconnected",
        /// `document_created`
        DocumentCreated = "document_created",
        /// `document_updated`
        DocumentUpdated = "document_updated",
        /// `document_removed`
        DocumentRemoved = "document_removed",
        /// `list_created`
        ListCreated = "list_created",
        /// `list_removed`
        ListRemoved = "list_removed",
        /// `list_item_added`
        ListItemAdded = "list_item_added",
        /// `list_item_updated`
        ListItemUpdated = "list_item_updated",
        /// `list_item_removed`
        ListItemRemoved = "list_item_removed",
        /// `map_created`
        MapCreated = "map_created",
        /// `map_removed`
        MapRemoved = "map_removed",
        /// `map_item_added`
        MapItemAdded = "map_item_added",
        /// `map_item_updated`
        MapItemUpdated = "map_item_updated",
        /// `map_item_removed`
        MapItemRemoved = "map_item_removed",
        /// `stream_created`
        StreamCreated = "stream_created",
        /// `stream_removed`
        StreamRemoved = "stream_removed",
        /// `stream_message_published`
        StreamMessagePublished = "stream_message_published",
    }
}

string_enum! {
    ignore_case
    /// A Proxy interaction's `interactionType`: lower case in the REST API, capitalised
    /// (`Voice`, `Message`) in Proxy's webhooks, so matched ignoring case.
    InteractionType {
        /// `message`
        Message = "message",
        /// `voice`
        Voice = "voice",
        /// `unknown`
        Unknown = "unknown",
    }
}

string_enum! {
    /// A TaskRouter event callback's `EventType` (the common ones).
    TaskRouterEventType {
        /// `task.created`
        TaskCreated = "task.created",
        /// `task.updated`
        TaskUpdated = "task.updated",
        /// `task.canceled`
        TaskCanceled = "task.canceled",
        /// `task.completed`
        TaskCompleted = "task.completed",
        /// `task.wrapup`
        TaskWrapup = "task.wrapup",
        /// `task.deleted`
        TaskDeleted = "task.deleted",
        /// `task-queue.entered`
        TaskQueueEntered = "task-queue.entered",
        /// `reservation.created`
        ReservationCreated = "reservation.created",
        /// `reservation.accepted`
        ReservationAccepted = "reservation.accepted",
        /// `reservation.rejected`
        ReservationRejected = "reservation.rejected",
        /// `reservation.timeout`
        ReservationTimeout = "reservation.timeout",
        /// `reservation.canceled`
        ReservationCanceled = "reservation.canceled",
        /// `reservation.rescinded`
        ReservationRescinded = "reservation.rescinded",
        /// `reservation.completed`
        ReservationCompleted = "reservation.completed",
        /// `reservation.wrapup`
        ReservationWrapup = "reservation.wrapup",
        /// `worker.activity.update`
        WorkerActivityUpdate = "worker.activity.update",
        /// `worker.attributes.update`
        WorkerAttributesUpdate = "worker.attributes.update",
        /// `worker.created`
        WorkerCreated = "worker.created",
        /// `worker.deleted`
        WorkerDeleted = "worker.deleted",
        /// `workflow.timeout`
        WorkflowTimeout = "workflow.timeout",
        /// `workflow.entered`
        WorkflowEntered = "workflow.entered",
    }
}

/// A Voice webhook: an incoming call on a number, or a call from a TwiML App
/// (browser/mobile SDK, then `ApplicationSid` is set and `From` is `client:…`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct VoiceRequest {
    /// `AccountSid`
    pub account_sid: Option<AccountSid>,
    /// `ApiVersion`
    pub api_version: Option<String>,
    /// `ApplicationSid`, for calls from a TwiML App.
    pub application_sid: Option<Sid>,
    /// `CallSid`
    pub call_sid: Option<CallSid>,
    /// `CallStatus`
    pub call_status: Option<CallStatus>,
    /// `Called` (may be empty for SDK calls)
    pub called: Option<Address>,
    /// `Caller`
    pub caller: Option<Address>,
    /// `Direction`
    pub direction: Option<Direction>,
    /// `From`
    pub from: Option<Address>,
    /// `To` (may be empty for SDK calls)
    pub to: Option<Address>,
    /// `ForwardedFrom`
    pub forwarded_from: Option<Address>,
    /// `CallerName` (CNAM lookup)
    pub caller_name: Option<String>,
    /// `ParentCallSid`
    pub parent_call_sid: Option<CallSid>,
    /// `CallToken`
    pub call_token: Option<String>,
    /// `Digits` (after `<Gather>`)
    pub digits: Option<String>,
    /// `SpeechResult` (after `<Gather input="speech">`)
    pub speech_result: Option<String>,
    /// `FromCity`
    pub from_city: Option<String>,
    /// `FromState`
    pub from_state: Option<String>,
    /// `FromZip`
    pub from_zip: Option<String>,
    /// `FromCountry`
    pub from_country: Option<String>,
    /// `ToCity`
    pub to_city: Option<String>,
    /// `ToState`
    pub to_state: Option<String>,
    /// `ToZip`
    pub to_zip: Option<String>,
    /// `ToCountry`
    pub to_country: Option<String>,
    /// Everything else, e.g. TwiML App custom parameters such as `phoneNumber`.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A call status callback (`StatusCallback` of a call or a `<Dial>` noun).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct CallStatusCallback {
    /// `AccountSid`
    pub account_sid: Option<AccountSid>,
    /// `ApiVersion`
    pub api_version: Option<String>,
    /// `CallSid`
    pub call_sid: Option<CallSid>,
    /// `ParentCallSid`
    pub parent_call_sid: Option<CallSid>,
    /// `CallStatus`
    pub call_status: Option<CallStatus>,
    /// `Called`
    pub called: Option<Address>,
    /// `Caller`
    pub caller: Option<Address>,
    /// `Direction`
    pub direction: Option<Direction>,
    /// `From`
    pub from: Option<Address>,
    /// `To`
    pub to: Option<Address>,
    /// `CallDuration` in seconds, on `completed`.
    pub call_duration: Option<String>,
    /// `Duration` in minutes (rounded up).
    pub duration: Option<String>,
    /// `Timestamp` (RFC 2822)
    pub timestamp: Option<String>,
    /// `CallbackSource`, e.g. `call-progress-events`.
    pub callback_source: Option<String>,
    /// `SequenceNumber`: order of callbacks for one call.
    pub sequence_number: Option<String>,
    /// `SipResponseCode`
    pub sip_response_code: Option<String>,
    /// `AnsweredBy` (answering machine detection)
    pub answered_by: Option<String>,
    /// `RecordingUrl`
    pub recording_url: Option<String>,
    /// `RecordingSid`
    pub recording_sid: Option<Sid>,
    /// `RecordingDuration`
    pub recording_duration: Option<String>,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Extra,
}

impl CallStatusCallback {
    /// `CallDuration` as a number of seconds.
    pub fn call_duration_secs(&self) -> Option<u64> {
        self.call_duration.as_deref()?.parse().ok()
    }

    /// `SequenceNumber` as a number.
    pub fn sequence(&self) -> Option<u64> {
        self.sequence_number.as_deref()?.parse().ok()
    }
}

/// An incoming message (SMS/MMS/WhatsApp) or a message status callback.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "PascalCase")]
pub struct MessagingRequest {
    /// `MessageSid`
    pub message_sid: Option<MessageSid>,
    /// `SmsSid` (legacy alias of `MessageSid`)
    pub sms_sid: Option<MessageSid>,
    /// `AccountSid`
    pub account_sid: Option<AccountSid>,
    /// `MessagingServiceSid`
    pub messaging_service_sid: Option<ServiceSid>,
    /// `From`
    pub from: Option<Address>,
    /// `To`
    pub to: Option<Address>,
    /// `Body`
    pub body: Option<String>,
    /// `NumMedia`
    pub num_media: Option<String>,
    /// `NumSegments`
    pub num_segments: Option<String>,
    /// `SmsStatus`
    pub sms_status: Option<MessageStatus>,
    /// `MessageStatus` (status callbacks)
    pub message_status: Option<MessageStatus>,
    /// `ErrorCode` (status callbacks)
    pub error_code: Option<String>,
    /// `ApiVersion`
    pub api_version: Option<String>,
    /// `FromCity`
    pub from_city: Option<String>,
    /// `FromState`
    pub from_state: Option<String>,
    /// `FromZip`
    pub from_zip: Option<String>,
    /// `FromCountry`
    pub from_country: Option<String>,
    /// `ToCity`
    pub to_city: Option<String>,
    /// `ToState`
    pub to_state: Option<String>,
    /// `ToZip`
    pub to_zip: Option<String>,
    /// `ToCountry`
    pub to_country: Option<String>,
    /// `ProfileName` (WhatsApp)
    pub profile_name: Option<String>,
    /// `WaId` (WhatsApp)
    pub wa_id: Option<String>,
    /// Everything else, including `MediaUrl<N>` / `MediaContentType<N>`.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One MMS attachment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Media<'a> {
    /// `MediaUrl<N>`
    pub url: &'a str,
    /// `MediaContentType<N>`
    pub content_type: Option<&'a str>,
}

impl MessagingRequest {
    /// The attachments, in order (`MediaUrl0`, `MediaUrl1`, …).
    pub fn media(&self) -> Vec<Media<'_>> {
        (0..)
            .map_while(|i| {
                let url = self.extra.get(&format!("MediaUrl{i}"))?;
                let content_type = self.extra.get(&format!("MediaContentType{i}"));
                Some(Media {
                    url,
                    content_type: content_type.map(String::as_str),
                })
            })
            .collect()
    }
}

/// A Sync service webhook: reachability (`endpoint_connected` /
/// `endpoint_disconnected`) and document, list, map and stream events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SyncEvent {
    /// `EventType`
    pub event_type: SyncEventType,
    /// `AccountSid`
    pub account_sid: Option<AccountSid>,
    /// `ServiceSid`
    pub service_sid: Option<ServiceSid>,
    /// `Identity` (`system` for REST-initiated events)
    pub identity: Option<String>,
    /// `EndpointId` (absent for REST-initiated events)
    pub endpoint_id: Option<String>,
    /// `DocumentSid`
    pub document_sid: Option<Sid>,
    /// `DocumentUniqueName`
    pub document_unique_name: Option<String>,
    /// `DocumentData` (JSON text)
    pub document_data: Option<String>,
    /// `DocumentRevision`
    pub document_revision: Option<String>,
    /// `ListSid`
    pub list_sid: Option<Sid>,
    /// `ListUniqueName`
    pub list_unique_name: Option<String>,
    /// `MapSid`
    pub map_sid: Option<Sid>,
    /// `MapUniqueName`
    pub map_unique_name: Option<String>,
    /// `ItemKey` (map items)
    pub item_key: Option<String>,
    /// `ItemIndex` (list items)
    pub item_index: Option<String>,
    /// `ItemData` (JSON text)
    pub item_data: Option<String>,
    /// `EventId`: order of item events.
    pub event_id: Option<String>,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A Proxy Service callback for an interaction (parameters in lowerCamelCase).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct ProxyInteraction {
    /// `interactionAccountSid`: the account, as Proxy's callbacks name it.
    pub interaction_account_sid: Option<AccountSid>,
    /// `accountSid`, in payloads shaped like the REST resource (see [`Self::account`]).
    pub account_sid: Option<AccountSid>,
    /// `interactionSid`
    pub interaction_sid: Option<Sid>,
    /// `interactionDateCreated` (ISO 8601)
    pub interaction_date_created: Option<String>,
    /// `interactionDateUpdated` (ISO 8601)
    pub interaction_date_updated: Option<String>,
    /// `interactionSessionSid`
    pub interaction_session_sid: Option<Sid>,
    /// `interactionServiceSid`
    pub interaction_service_sid: Option<ServiceSid>,
    /// `interactionType`
    pub interaction_type: Option<InteractionType>,
    /// `interactionData` (JSON text)
    pub interaction_data: Option<String>,
    /// `inboundParticipantSid`
    pub inbound_participant_sid: Option<Sid>,
    /// `inboundResourceSid` (a call or message SID)
    pub inbound_resource_sid: Option<Sid>,
    /// `inboundResourceStatus`
    pub inbound_resource_status: Option<String>,
    /// `inboundResourceType` (`call` or `message`)
    pub inbound_resource_type: Option<String>,
    /// `inboundResourceUrl`: the REST URL of the inbound call or message
    pub inbound_resource_url: Option<String>,
    /// `outboundParticipantSid`
    pub outbound_participant_sid: Option<Sid>,
    /// `outboundResourceSid`
    pub outbound_resource_sid: Option<Sid>,
    /// `outboundResourceStatus`, e.g. `initiated`
    pub outbound_resource_status: Option<String>,
    /// `outboundResourceType` (`call` or `message`)
    pub outbound_resource_type: Option<String>,
    /// `outboundResourceUrl`: the REST URL of the outbound call or message
    pub outbound_resource_url: Option<String>,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Extra,
}

impl ProxyInteraction {
    /// The account: `interactionAccountSid`, else `accountSid`.
    pub fn account(&self) -> Option<&AccountSid> {
        self.interaction_account_sid
            .as_ref()
            .or(self.account_sid.as_ref())
    }
}

/// A TaskRouter workspace event callback.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TaskRouterEvent {
    /// `EventType`
    pub event_type: TaskRouterEventType,
    /// `Sid` of the event
    pub sid: Option<Sid>,
    /// `AccountSid`
    pub account_sid: Option<AccountSid>,
    /// `WorkspaceSid`
    pub workspace_sid: Option<Sid>,
    /// `WorkspaceName`
    pub workspace_name: Option<String>,
    /// `EventDescription`
    pub event_description: Option<String>,
    /// `ResourceType`, e.g. `Task`, `Reservation`, `Worker`.
    pub resource_type: Option<String>,
    /// `ResourceSid`
    pub resource_sid: Option<Sid>,
    /// `Timestamp` (Unix seconds)
    pub timestamp: Option<String>,
    /// `TaskSid`
    pub task_sid: Option<Sid>,
    /// `TaskAttributes` (JSON text)
    pub task_attributes: Option<String>,
    /// `TaskAssignmentStatus`
    pub task_assignment_status: Option<String>,
    /// `TaskQueueSid`
    pub task_queue_sid: Option<Sid>,
    /// `TaskQueueName`
    pub task_queue_name: Option<String>,
    /// `TaskChannelUniqueName`
    pub task_channel_unique_name: Option<String>,
    /// `WorkerSid`
    pub worker_sid: Option<Sid>,
    /// `WorkerName`
    pub worker_name: Option<String>,
    /// `WorkerAttributes` (JSON text)
    pub worker_attributes: Option<String>,
    /// `WorkerActivityName`
    pub worker_activity_name: Option<String>,
    /// `ReservationSid`
    pub reservation_sid: Option<Sid>,
    /// `WorkflowSid`
    pub workflow_sid: Option<Sid>,
    /// Everything else.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Deserialises a payload from decoded form parameters.
///
/// A repeated parameter keeps its first value (Twilio does not repeat the names
/// these types read); the signature still covers every value.
///
/// # Errors
/// [`crate::Error::Payload`] when a required field (e.g. `EventType`) is missing.
pub fn from_params<T: serde::de::DeserializeOwned>(
    params: &[(String, String)],
) -> Result<T, crate::Error> {
    let mut map = serde_json::Map::with_capacity(params.len());
    for (k, v) in params {
        map.entry(k.clone())
            .or_insert_with(|| serde_json::Value::String(v.clone()));
    }
    serde_json::from_value(serde_json::Value::Object(map))
        .map_err(|e| crate::Error::Payload(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn captured_browser_call_fixture() {
        // seed-apps.md §2.5: outgoing browser call to /hooks/call/connect.
        let params = p(&[
            ("AccountSid", "ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"),
            ("ApiVersion", "2010-04-01"),
            ("ApplicationSid", "APXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"),
            ("CallSid", "CAXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"),
            ("CallStatus", "ringing"),
            ("Called", ""),
            ("Caller", "client:Anonymous"),
            ("Direction", "inbound"),
            ("From", "client:Anonymous"),
            ("To", ""),
            ("phoneNumber", "+12035550100"),
        ]);
        let v: VoiceRequest = from_params(&params).unwrap();
        assert_eq!(v.call_status, Some(CallStatus::Ringing));
        assert_eq!(v.direction, Some(Direction::Inbound));
        assert_eq!(
            v.from.as_ref().and_then(Address::client_identity),
            Some("Anonymous")
        );
        assert_eq!(v.to, Some(Address(String::new())));
        assert_eq!(
            v.extra.get("phoneNumber").map(String::as_str),
            Some("+12035550100")
        );
    }

    #[test]
    fn unknown_values_and_fields_are_kept() {
        let params = p(&[("EventType", "something_new"), ("Brand", "new")]);
        let e: SyncEvent = from_params(&params).unwrap();
        assert_eq!(e.event_type, SyncEventType::Other("something_new".into()));
        assert_eq!(e.extra.len(), 1);
        let missing: Result<SyncEvent, _> = from_params(&p(&[("Identity", "alice")]));
        assert!(matches!(missing, Err(crate::Error::Payload(_))));
    }

    /// The example callback of Twilio's Proxy webhooks page: the account comes as
    /// `interactionAccountSid` and the type capitalised.
    #[test]
    fn proxy_callback_as_documented() {
        let i: ProxyInteraction = from_params(&p(&[
            (
                "interactionAccountSid",
                "ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
            ),
            ("interactionType", "Voice"),
            ("interactionDateCreated", "2018-03-13T22:42:54Z"),
            ("inboundResourceType", "call"),
            (
                "inboundResourceUrl",
                "https://api.twilio.com/2010-04-01/Accounts/AC/Calls/CA.json",
            ),
            ("outboundResourceStatus", "initiated"),
        ]))
        .unwrap();
        assert_eq!(
            i.account().map(AccountSid::as_str),
            Some("ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX")
        );
        assert_eq!(i.interaction_type, Some(InteractionType::Voice));
        assert_eq!(InteractionType::from("message"), InteractionType::Message);
        assert_eq!(
            InteractionType::from("fax"),
            InteractionType::Other("fax".into())
        );
        assert!(i.inbound_resource_url.is_some() && i.extra.is_empty());
        // Other enums keep their exact wire values.
        assert_eq!(
            CallStatus::from("Completed"),
            CallStatus::Other("Completed".into())
        );
    }

    #[test]
    fn media_list() {
        let m: MessagingRequest = from_params(&p(&[
            ("NumMedia", "2"),
            ("MediaUrl0", "https://a/0"),
            ("MediaContentType0", "image/png"),
            ("MediaUrl1", "https://a/1"),
        ]))
        .unwrap();
        assert_eq!(m.media().len(), 2);
        assert_eq!(m.media()[0].content_type, Some("image/png"));
    }
}
