//! Event presets: realistic default parameters for each kind of webhook, and for
//! every webhook route of the apps in this workspace (with its default path).
//!
//! Every SID a preset generates (calls, messages, interactions, tasks…) is fresh on
//! each run, so a story can be played twice; `--sid` reuses one explicitly. The
//! account comes from `--account-sid`. SIDs naming the app's own configuration (a
//! TwiML App, a Sync service, a TaskRouter workspace, the Proxy session a browser
//! dials) are fixed placeholders to replace with `--param`.

use clap::ValueEnum;

/// The webhook to send.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Event {
    /// Voice webhook for an incoming PSTN call on a number.
    IncomingCall,
    /// Voice webhook for a call from a browser/mobile SDK through a TwiML App.
    BrowserCall,
    /// Call status callback of a `<Dial><Client>` leg (`completed` by default).
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
    /// presence-phone: Sync reachability, alice's browser connected.
    PresenceSyncConnected,
    /// presence-phone: Sync reachability, alice's browser disconnected.
    PresenceSyncDisconnected,
    /// presence-phone: a PSTN call on the number for alice.
    PresenceIncomingCall,
    /// presence-phone: status callback of the call ringing alice (`completed` by default).
    PresenceCallStatus,
    /// presence-phone: alice's browser calls a number through the TwiML App.
    PresenceOutgoing,
    /// browser-phone: alice's browser calls a number through the TwiML App.
    BrowserPhoneConnect,
    /// browser-phone: a PSTN call on the app's number.
    BrowserPhoneIncoming,
    /// flex-backend: the customer answered an outbound call (answer URL).
    FlexCallAnswered,
    /// flex-backend: status callback of an outbound call (`completed` by default).
    FlexCallStatus,
    /// proxy-admin: click-to-call from the admin's browser through the TwiML App.
    ProxyAdminDial,
    /// proxy-admin: the Proxy Service's interaction callback (`initiated` outbound leg).
    ProxyAdminRecord,
    /// No preset parameters: only what `--param` gives.
    Custom,
}

/// Where a preset belongs and what it generates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Info {
    /// The app whose route it targets, or `generic`.
    pub(crate) app: &'static str,
    /// That route's path (and query), used with `--app-url`.
    pub(crate) path: Option<&'static str>,
    /// The SID `--sid` replaces: parameter name and prefix.
    pub(crate) sid: Option<SidKind>,
    /// For Sync reachability: the start of a fresh `EndpointId` (`--endpoint-id`
    /// replaces it). Twilio gives every client connection a new one, and a
    /// disconnect is final for its id.
    pub(crate) endpoint: Option<&'static str>,
}

/// A kind of SID: the parameter that carries it and its two-letter prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SidKind {
    /// e.g. `CallSid`.
    pub(crate) name: &'static str,
    /// e.g. `CA`.
    pub(crate) prefix: &'static str,
}

const CALL: SidKind = SidKind {
    name: "CallSid",
    prefix: "CA",
};
const MESSAGE: SidKind = SidKind {
    name: "MessageSid",
    prefix: "SM",
};
const INTERACTION: SidKind = SidKind {
    name: "interactionSid",
    prefix: "KI",
};
const TASK: SidKind = SidKind {
    name: "TaskSid",
    prefix: "WT",
};

/// The account used when `--account-sid` (or `TWILIO_ACCOUNT_SID`) is not given.
pub(crate) const DEFAULT_ACCOUNT: &str = "AC00000000000000000000000000000000";
/// Placeholder for the TwiML App SID the app is configured with.
const APPLICATION: &str = "AP00000000000000000000000000000000";
const CALLER: &str = "+14155550100";
const NUMBER: &str = "+14155550199";
/// The number a browser asks to call.
const DESTINATION: &str = "+14155550123";
const TIMESTAMP: &str = "Mon, 23 Nov 2026 14:00:00 +0000";

/// The apps, in the order `list` shows them.
pub(crate) const APPS: [&str; 5] = [
    "presence-phone",
    "browser-phone",
    "flex-backend",
    "proxy-admin",
    "generic",
];

/// Parameters a preset sends.
pub(crate) type Params = Vec<(&'static str, String)>;

/// `prefix` and 32 fresh random lowercase hex digits (a SID for a two-letter prefix).
pub(crate) fn fresh_sid(prefix: &str) -> String {
    let mut bytes = [0u8; 16];
    rand::fill(&mut bytes);
    let mut out = String::with_capacity(34);
    out.push_str(prefix);
    for b in bytes {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// True for `prefix` followed by 32 hex digits (34 characters), as Twilio's SIDs are.
pub(crate) fn is_sid(value: &str, prefix: &str) -> bool {
    value.len() == 34
        && value.starts_with(prefix)
        && value.bytes().skip(2).all(|b| b.is_ascii_hexdigit())
}

fn p(name: &'static str, value: impl Into<String>) -> (&'static str, String) {
    (name, value.into())
}

impl Event {
    /// Every preset, in `list` order.
    pub(crate) fn all() -> &'static [Self] {
        Self::value_variants()
    }

    /// The name on the command line.
    pub(crate) fn name(self) -> String {
        self.to_possible_value()
            .map(|v| v.get_name().to_owned())
            .unwrap_or_default()
    }

    /// One line about it (its doc comment).
    pub(crate) fn summary(self) -> String {
        self.to_possible_value()
            .and_then(|v| v.get_help().map(ToString::to_string))
            .unwrap_or_default()
    }

    /// Its app, default path and `--sid` kind.
    pub(crate) fn info(self) -> Info {
        let info = |app, path, sid| Info {
            app,
            path,
            sid,
            endpoint: None,
        };
        match self {
            Self::IncomingCall | Self::BrowserCall | Self::CallStatus => {
                info("generic", None, Some(CALL))
            }
            Self::Sms | Self::MessageStatus => info("generic", None, Some(MESSAGE)),
            Self::SyncEndpointConnected | Self::SyncEndpointDisconnected => Info {
                endpoint: Some("alice-endpoint-"),
                ..info("generic", None, None)
            },
            Self::SyncDocumentUpdated | Self::Custom => info("generic", None, None),
            Self::ProxyInteraction => info("generic", None, Some(INTERACTION)),
            Self::TaskRouter => info("generic", None, Some(TASK)),
            // The endpoint id the presence phone's page asks a token for.
            Self::PresenceSyncConnected | Self::PresenceSyncDisconnected => Info {
                endpoint: Some("PresencePhone::alice:"),
                ..info("presence-phone", Some("/api/sync-callback"), None)
            },
            Self::PresenceIncomingCall => info(
                "presence-phone",
                Some("/api/phone/incoming?name=alice"),
                Some(CALL),
            ),
            Self::PresenceCallStatus => info(
                "presence-phone",
                Some("/api/phone/status-callback?identity=alice"),
                Some(CALL),
            ),
            Self::PresenceOutgoing => {
                info("presence-phone", Some("/api/phone/outgoing"), Some(CALL))
            }
            Self::BrowserPhoneConnect => {
                info("browser-phone", Some("/hooks/call/connect"), Some(CALL))
            }
            Self::BrowserPhoneIncoming => info("browser-phone", Some("/hooks/voice"), Some(CALL)),
            Self::FlexCallAnswered => info(
                "flex-backend",
                Some("/twilio-webhook/callHandlerTwiml?workerContactUri=client%3Aalice"),
                Some(CALL),
            ),
            Self::FlexCallStatus => info(
                "flex-backend",
                Some("/twilio-webhook/callStatusCallbackHandler"),
                Some(CALL),
            ),
            Self::ProxyAdminDial => info("proxy-admin", Some("/proxyDemoOutboundDial"), Some(CALL)),
            Self::ProxyAdminRecord => info("proxy-admin", Some("/recordCall"), Some(INTERACTION)),
        }
    }

    /// The default parameters, in the order Twilio usually sends them. `account` is
    /// the AccountSid; `sid` the preset's own SID ([`Info::sid`]) or, for Sync
    /// reachability, its `EndpointId` ([`Info::endpoint`]); every other generated SID
    /// is fresh.
    pub(crate) fn params(self, account: &str, sid: &str) -> Params {
        match self {
            Self::IncomingCall | Self::PresenceIncomingCall | Self::BrowserPhoneIncoming => {
                incoming_call(account, sid)
            }
            Self::BrowserCall => sdk_call(account, sid, "client:Anonymous"),
            Self::PresenceOutgoing | Self::BrowserPhoneConnect => {
                let mut v = sdk_call(account, sid, "client:alice");
                v.push(p("phoneNumber", DESTINATION));
                v
            }
            Self::ProxyAdminDial => {
                let mut v = sdk_call(account, sid, "client:admin");
                v.extend([
                    p("serviceSid", "KS00000000000000000000000000000000"),
                    p("sessionSid", "KC00000000000000000000000000000000"),
                    p("participantSid", "KP00000000000000000000000000000000"),
                ]);
                v
            }
            Self::CallStatus | Self::PresenceCallStatus => dial_client_status(account, sid),
            Self::FlexCallAnswered => {
                let mut v = outbound_api_call(account, sid, "in-progress");
                v.extend(geo());
                v
            }
            Self::FlexCallStatus => {
                let mut v = outbound_api_call(account, sid, "completed");
                v.extend([
                    p("CallDuration", "42"),
                    p("Duration", "1"),
                    p("Timestamp", TIMESTAMP),
                    p("CallbackSource", "call-progress-events"),
                    p("SequenceNumber", "2"),
                ]);
                v
            }
            Self::Sms => vec![
                p("ToCountry", "US"),
                p("ToState", "CA"),
                p("SmsMessageSid", sid),
                p("NumMedia", "0"),
                p("ToCity", "SAN FRANCISCO"),
                p("FromZip", "94612"),
                p("SmsSid", sid),
                p("FromState", "CA"),
                p("SmsStatus", "received"),
                p("FromCity", "OAKLAND"),
                p("Body", "Hello from twilio-trigger"),
                p("FromCountry", "US"),
                p("To", NUMBER),
                p("ToZip", "94105"),
                p("NumSegments", "1"),
                p("MessageSid", sid),
                p("AccountSid", account),
                p("From", CALLER),
                p("ApiVersion", "2010-04-01"),
            ],
            Self::MessageStatus => vec![
                p("AccountSid", account),
                p("ApiVersion", "2010-04-01"),
                p("From", NUMBER),
                p("To", CALLER),
                p("MessageSid", sid),
                p("SmsSid", sid),
                p("MessageStatus", "delivered"),
                p("SmsStatus", "delivered"),
            ],
            Self::SyncEndpointConnected | Self::PresenceSyncConnected => {
                sync(account, "endpoint_connected", sid)
            }
            Self::SyncEndpointDisconnected | Self::PresenceSyncDisconnected => {
                sync(account, "endpoint_disconnected", sid)
            }
            Self::SyncDocumentUpdated => vec![
                p("AccountSid", account),
                p("ServiceSid", "IS00000000000000000000000000000000"),
                p("EventType", "document_updated"),
                p("Identity", "alice"),
                p("EndpointId", "alice-endpoint-1"),
                p("DocumentSid", fresh_sid("ET")),
                p("DocumentUniqueName", "users"),
                p("DocumentData", r#"{"alice":{"status":"online"}}"#),
                p("DocumentRevision", "1"),
            ],
            Self::ProxyInteraction | Self::ProxyAdminRecord => proxy_interaction(account, sid),
            Self::TaskRouter => vec![
                p("AccountSid", account),
                p("WorkspaceSid", "WS00000000000000000000000000000000"),
                p("WorkspaceName", "Flex Task Assignment"),
                p("EventType", "task.created"),
                p("EventDescription", "Task created"),
                p("ResourceType", "Task"),
                p("ResourceSid", sid),
                p("Sid", fresh_sid("EV")),
                p("Timestamp", "1795442400"),
                p("TaskSid", sid),
                p("TaskAttributes", r#"{"type":"inbound","name":"alice"}"#),
                p("TaskAssignmentStatus", "pending"),
                p("TaskQueueSid", "WQ00000000000000000000000000000000"),
                p("TaskQueueName", "Everyone"),
                p("TaskChannelUniqueName", "voice"),
                p("WorkflowSid", "WW00000000000000000000000000000000"),
            ],
            Self::Custom => Vec::new(),
        }
    }
}

/// Twilio's geographic fields of the two numbers.
fn geo() -> Params {
    vec![
        p("CalledCity", "SAN FRANCISCO"),
        p("CalledCountry", "US"),
        p("CalledState", "CA"),
        p("CalledZip", "94105"),
        p("CallerCity", "OAKLAND"),
        p("CallerCountry", "US"),
        p("CallerState", "CA"),
        p("CallerZip", "94612"),
    ]
}

/// A PSTN call from `CALLER` on `NUMBER`.
fn incoming_call(account: &str, call: &str) -> Params {
    vec![
        p("AccountSid", account),
        p("ApiVersion", "2010-04-01"),
        p("CallSid", call),
        p("CallStatus", "ringing"),
        p("Called", NUMBER),
        p("CalledCity", "SAN FRANCISCO"),
        p("CalledCountry", "US"),
        p("CalledState", "CA"),
        p("CalledZip", "94105"),
        p("Caller", CALLER),
        p("CallerCity", "OAKLAND"),
        p("CallerCountry", "US"),
        p("CallerState", "CA"),
        p("CallerZip", "94612"),
        p("Direction", "inbound"),
        p("From", CALLER),
        p("FromCity", "OAKLAND"),
        p("FromCountry", "US"),
        p("FromState", "CA"),
        p("FromZip", "94612"),
        p("To", NUMBER),
        p("ToCity", "SAN FRANCISCO"),
        p("ToCountry", "US"),
        p("ToState", "CA"),
        p("ToZip", "94105"),
    ]
}

/// A call from a Voice SDK client through a TwiML App (custom parameters follow).
fn sdk_call(account: &str, call: &str, from: &str) -> Params {
    vec![
        p("AccountSid", account),
        p("ApiVersion", "2010-04-01"),
        p("ApplicationSid", APPLICATION),
        p("CallSid", call),
        p("CallStatus", "ringing"),
        p("Called", ""),
        p("Caller", from),
        p("Direction", "inbound"),
        p("From", from),
        p("To", ""),
    ]
}

/// The status callback of the `<Dial><Client>alice</Client>` leg of a PSTN call.
fn dial_client_status(account: &str, call: &str) -> Params {
    vec![
        p("AccountSid", account),
        p("ApiVersion", "2010-04-01"),
        p("CallSid", call),
        p("ParentCallSid", fresh_sid("CA")),
        p("CallStatus", "completed"),
        p("Called", "client:alice"),
        p("Caller", CALLER),
        p("Direction", "outbound-dial"),
        p("From", CALLER),
        p("To", "client:alice"),
        p("CallDuration", "42"),
        p("Duration", "1"),
        p("Timestamp", TIMESTAMP),
        p("CallbackSource", "call-progress-events"),
        p("SequenceNumber", "3"),
    ]
}

/// A call placed with the REST API from `NUMBER` (the caller id) to `CALLER`.
fn outbound_api_call(account: &str, call: &str, status: &str) -> Params {
    vec![
        p("AccountSid", account),
        p("ApiVersion", "2010-04-01"),
        p("CallSid", call),
        p("CallStatus", status),
        p("Called", CALLER),
        p("Caller", NUMBER),
        p("Direction", "outbound-api"),
        p("From", NUMBER),
        p("To", CALLER),
    ]
}

fn sync(account: &str, event: &str, endpoint: &str) -> Params {
    vec![
        p("AccountSid", account),
        p("ServiceSid", "IS00000000000000000000000000000000"),
        p("EventType", event),
        p("Identity", "alice"),
        p("EndpointId", endpoint),
    ]
}

/// Shaped like the example on Twilio's Proxy webhooks page: a voice interaction whose
/// outbound leg was just `initiated`.
fn proxy_interaction(account: &str, interaction: &str) -> Params {
    let service = fresh_sid("KS");
    let session = fresh_sid("KC");
    let inbound = fresh_sid("CA");
    let outbound = fresh_sid("CA");
    let call_url = |call: &str| {
        format!("https://api.twilio.com/2010-04-01/Accounts/{account}/Calls/{call}.json")
    };
    vec![
        p("interactionAccountSid", account),
        p("interactionSid", interaction),
        p("interactionDateCreated", "2026-11-23T14:00:00Z"),
        p("interactionDateUpdated", "2026-11-23T14:00:02Z"),
        p("interactionSessionSid", session),
        p("interactionServiceSid", service),
        p("interactionType", "Voice"),
        p("interactionData", r#"{"duration":"0"}"#),
        p("inboundParticipantSid", fresh_sid("KP")),
        p("inboundResourceSid", inbound.as_str()),
        p("inboundResourceStatus", "in-progress"),
        p("inboundResourceType", "call"),
        p("inboundResourceUrl", call_url(&inbound)),
        p("outboundParticipantSid", fresh_sid("KP")),
        p("outboundResourceSid", outbound.as_str()),
        p("outboundResourceStatus", "initiated"),
        p("outboundResourceType", "call"),
        p("outboundResourceUrl", call_url(&outbound)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fresh_sids_are_well_formed_and_differ() {
        let a = fresh_sid("CA");
        let b = fresh_sid("CA");
        assert_ne!(a, b);
        for s in [&a, &b] {
            assert!(is_sid(s, "CA"), "{s}");
            assert!(
                s[2..]
                    .bytes()
                    .all(|c| c.is_ascii_digit() || c.is_ascii_lowercase())
            );
        }
        assert!(!is_sid("CA123", "CA"));
        assert!(!is_sid(&a, "SM"));
        assert!(!is_sid(&format!("{}z", &a[..33]), "CA"));
    }

    #[test]
    fn every_sid_in_every_preset_is_well_formed() {
        for &event in Event::all() {
            let info = event.info();
            let own = info
                .sid
                .map(|k| fresh_sid(k.prefix))
                .or(info.endpoint.map(fresh_sid))
                .unwrap_or_default();
            let params = event.params(DEFAULT_ACCOUNT, &own);
            if info.endpoint.is_some() {
                assert!(
                    params.iter().any(|(k, v)| *k == "EndpointId" && *v == own),
                    "{event:?}"
                );
            }
            if let Some(kind) = info.sid {
                assert!(
                    params.iter().any(|(k, v)| *k == kind.name && *v == own),
                    "{event:?} does not send its {}",
                    kind.name
                );
            }
            for (name, value) in &params {
                if name.ends_with("Sid") {
                    let prefix = value.get(..2).unwrap_or_default();
                    assert!(is_sid(value, prefix), "{event:?} {name}={value}");
                }
            }
            assert_eq!(info.path.is_some(), info.app != "generic", "{event:?}");
            assert!(APPS.contains(&info.app));
            assert!(!event.summary().is_empty());
        }
    }

    #[test]
    fn generated_sids_are_fresh_per_call() {
        let a = Event::ProxyAdminRecord.params(DEFAULT_ACCOUNT, "KI1");
        let b = Event::ProxyAdminRecord.params(DEFAULT_ACCOUNT, "KI1");
        let get = |v: &Params, n: &str| {
            v.iter()
                .find(|(k, _)| *k == n)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        assert_ne!(get(&a, "inboundResourceSid"), get(&b, "inboundResourceSid"));
        assert_eq!(get(&a, "interactionSid"), "KI1");
    }
}
