//! Event presets: realistic default parameters for each kind of webhook.

use clap::ValueEnum;

/// The webhook to send.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Event {
    /// Voice webhook for an incoming PSTN call on a number.
    IncomingCall,
    /// Voice webhook for a call from a browser/mobile SDK through a TwiML App.
    BrowserCall,
    /// Call status callback (`completed` by default).
    CallStatus,
    /// Incoming SMS on a number.
    Sms,
    /// Message status callback (`delivered` by default).
    MessageStatus,
    /// Sync reachability: an endpoint came online.
    SyncEndpointConnected,
    /// Sync reachability: an endpoint went offline.
    SyncEndpointDisconnected,
    /// Sync document updated.
    SyncDocumentUpdated,
    /// Proxy interaction callback (lowerCamelCase parameters).
    ProxyInteraction,
    /// TaskRouter workspace event (`task.created` by default).
    #[value(name = "taskrouter-event")]
    TaskRouter,
    /// No preset parameters: only what `--param` gives.
    Custom,
}

const ACCOUNT: &str = "AC00000000000000000000000000000000";
const CALL: &str = "CA11111111111111111111111111111111";
const PARENT_CALL: &str = "CA22222222222222222222222222222222";
const CALLER: &str = "+14155550100";
const NUMBER: &str = "+14155550199";

impl Event {
    /// The default parameters, in the order Twilio usually sends them.
    pub(crate) fn params(self) -> Vec<(&'static str, &'static str)> {
        match self {
            Self::IncomingCall => vec![
                ("AccountSid", ACCOUNT),
                ("ApiVersion", "2010-04-01"),
                ("CallSid", CALL),
                ("CallStatus", "ringing"),
                ("Called", NUMBER),
                ("CalledCity", "SAN FRANCISCO"),
                ("CalledCountry", "US"),
                ("CalledState", "CA"),
                ("CalledZip", "94105"),
                ("Caller", CALLER),
                ("CallerCity", "OAKLAND"),
                ("CallerCountry", "US"),
                ("CallerState", "CA"),
                ("CallerZip", "94612"),
                ("Direction", "inbound"),
                ("From", CALLER),
                ("FromCity", "OAKLAND"),
                ("FromCountry", "US"),
                ("FromState", "CA"),
                ("FromZip", "94612"),
                ("To", NUMBER),
                ("ToCity", "SAN FRANCISCO"),
                ("ToCountry", "US"),
                ("ToState", "CA"),
                ("ToZip", "94105"),
            ],
            Self::BrowserCall => vec![
                ("AccountSid", ACCOUNT),
                ("ApiVersion", "2010-04-01"),
                ("ApplicationSid", "AP00000000000000000000000000000000"),
                ("CallSid", CALL),
                ("CallStatus", "ringing"),
                ("Called", ""),
                ("Caller", "client:Anonymous"),
                ("Direction", "inbound"),
                ("From", "client:Anonymous"),
                ("To", ""),
            ],
            Self::CallStatus => vec![
                ("AccountSid", ACCOUNT),
                ("ApiVersion", "2010-04-01"),
                ("CallSid", CALL),
                ("ParentCallSid", PARENT_CALL),
                ("CallStatus", "completed"),
                ("Called", "client:alice"),
                ("Caller", CALLER),
                ("Direction", "outbound-dial"),
                ("From", CALLER),
                ("To", "client:alice"),
                ("CallDuration", "42"),
                ("Duration", "1"),
                ("Timestamp", "Mon, 23 Nov 2026 14:00:00 +0000"),
                ("CallbackSource", "call-progress-events"),
                ("SequenceNumber", "3"),
            ],
            Self::Sms => vec![
                ("ToCountry", "US"),
                ("ToState", "CA"),
                ("SmsMessageSid", "SM00000000000000000000000000000000"),
                ("NumMedia", "0"),
                ("ToCity", "SAN FRANCISCO"),
                ("FromZip", "94612"),
                ("SmsSid", "SM00000000000000000000000000000000"),
                ("FromState", "CA"),
                ("SmsStatus", "received"),
                ("FromCity", "OAKLAND"),
                ("Body", "Hello from twilio-trigger"),
                ("FromCountry", "US"),
                ("To", NUMBER),
                ("ToZip", "94105"),
                ("NumSegments", "1"),
                ("MessageSid", "SM00000000000000000000000000000000"),
                ("AccountSid", ACCOUNT),
                ("From", CALLER),
                ("ApiVersion", "2010-04-01"),
            ],
            Self::MessageStatus => vec![
                ("AccountSid", ACCOUNT),
                ("ApiVersion", "2010-04-01"),
                ("From", NUMBER),
                ("To", CALLER),
                ("MessageSid", "SM00000000000000000000000000000000"),
                ("SmsSid", "SM00000000000000000000000000000000"),
                ("MessageStatus", "delivered"),
                ("SmsStatus", "delivered"),
            ],
            Self::SyncEndpointConnected => sync("endpoint_connected"),
            Self::SyncEndpointDisconnected => sync("endpoint_disconnected"),
            Self::SyncDocumentUpdated => vec![
                ("AccountSid", ACCOUNT),
                ("ServiceSid", "IS00000000000000000000000000000000"),
                ("EventType", "document_updated"),
                ("Identity", "alice"),
                ("EndpointId", "alice-endpoint-1"),
                ("DocumentSid", "ET00000000000000000000000000000000"),
                ("DocumentUniqueName", "users"),
                ("DocumentData", r#"{"alice":{"status":"online"}}"#),
                ("DocumentRevision", "1"),
            ],
            // Shaped like the example on Twilio's Proxy webhooks page.
            Self::ProxyInteraction => vec![
                ("interactionAccountSid", ACCOUNT),
                ("interactionSid", "KI00000000000000000000000000000000"),
                ("interactionDateCreated", "2026-11-23T14:00:00Z"),
                ("interactionDateUpdated", "2026-11-23T14:00:02Z"),
                (
                    "interactionSessionSid",
                    "KC00000000000000000000000000000000",
                ),
                (
                    "interactionServiceSid",
                    "KS00000000000000000000000000000000",
                ),
                ("interactionType", "Voice"),
                ("interactionData", r#"{"duration":"0"}"#),
                (
                    "inboundParticipantSid",
                    "KP00000000000000000000000000000001",
                ),
                ("inboundResourceSid", CALL),
                ("inboundResourceStatus", "in-progress"),
                ("inboundResourceType", "call"),
                (
                    "outboundParticipantSid",
                    "KP00000000000000000000000000000002",
                ),
                ("outboundResourceSid", PARENT_CALL),
                ("outboundResourceStatus", "initiated"),
                ("outboundResourceType", "call"),
            ],
            Self::TaskRouter => vec![
                ("AccountSid", ACCOUNT),
                ("WorkspaceSid", "WS00000000000000000000000000000000"),
                ("WorkspaceName", "Flex Task Assignment"),
                ("EventType", "task.created"),
                ("EventDescription", "Task created"),
                ("ResourceType", "Task"),
                ("ResourceSid", "WT00000000000000000000000000000000"),
                ("Sid", "EV00000000000000000000000000000000"),
                ("Timestamp", "1795442400"),
                ("TaskSid", "WT00000000000000000000000000000000"),
                ("TaskAttributes", r#"{"type":"inbound","name":"alice"}"#),
                ("TaskAssignmentStatus", "pending"),
                ("TaskQueueSid", "WQ00000000000000000000000000000000"),
                ("TaskQueueName", "Everyone"),
                ("TaskChannelUniqueName", "voice"),
                ("WorkflowSid", "WW00000000000000000000000000000000"),
            ],
            Self::Custom => Vec::new(),
        }
    }
}

fn sync(event: &'static str) -> Vec<(&'static str, &'static str)> {
    vec![
        ("AccountSid", ACCOUNT),
        ("ServiceSid", "IS00000000000000000000000000000000"),
        ("EventType", event),
        ("Identity", "alice"),
        ("EndpointId", "alice-endpoint-1"),
    ]
}
