//! Proxy Interactions: `/v1/Services/{ServiceSid}/Sessions/{SessionSid}/Interactions`.

use serde::{Deserialize, Serialize};

use crate::client::{Client, Domain};
use crate::ops::NoParams;
use crate::page::Lister;
use crate::sid::{
    AccountSid, ProxyInteractionSid, ProxyParticipantSid, ProxyServiceSid, ProxySessionSid,
};
use crate::time::Timestamp;
use crate::types::string_enum;

/// An Interaction: one message or call between Participants of a Session.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Interaction {
    /// The unique string that we created to identify the Interaction resource.
    pub sid: ProxyInteractionSid,
    /// The SID of the parent Session resource.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub session_sid: Option<ProxySessionSid>,
    /// The SID of the parent Service resource.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub service_sid: Option<ProxyServiceSid>,
    /// The SID of the Account that created the Interaction resource.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub account_sid: Option<AccountSid>,
    /// A JSON string with the content: the message body of a message (`{"body": "hi"}`),
    /// the duration of a call.
    pub data: Option<String>,
    /// The Type of the Interaction.
    #[serde(default)]
    pub r#type: Option<InteractionType>,
    /// The SID of the inbound Participant resource.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub inbound_participant_sid: Option<ProxyParticipantSid>,
    /// The SID of the inbound resource; either the Call or Message.
    pub inbound_resource_sid: Option<String>,
    /// The status of the message or call on the inbound side.
    pub inbound_resource_status: Option<InteractionResourceStatus>,
    /// The inbound resource type.
    pub inbound_resource_type: Option<String>,
    /// The URL of the Twilio inbound resource
    pub inbound_resource_url: Option<String>,
    /// The SID of the outbound Participant resource.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub outbound_participant_sid: Option<ProxyParticipantSid>,
    /// The SID of the outbound resource; either the Call or Message.
    pub outbound_resource_sid: Option<String>,
    /// The status of the message or call on the outbound side.
    pub outbound_resource_status: Option<InteractionResourceStatus>,
    /// The outbound resource type.
    pub outbound_resource_type: Option<String>,
    /// The URL of the Twilio outbound resource.
    pub outbound_resource_url: Option<String>,
    /// The ISO 8601 date and time in GMT when the Interaction was created.
    #[serde(default, deserialize_with = "crate::time::iso8601")]
    pub date_created: Option<Timestamp>,
    /// The ISO 8601 date and time in GMT when the resource was last updated.
    #[serde(default, deserialize_with = "crate::time::iso8601")]
    pub date_updated: Option<Timestamp>,
    /// The absolute URL of the Interaction resource.
    pub url: Option<String>,
}
list_item!(Interaction => "interactions");
string_enum! {
    /// The status of an Interaction's message or call, on one side.
    InteractionResourceStatus {
        Accepted => "accepted",
        Answered => "answered",
        Busy => "busy",
        Canceled => "canceled",
        Completed => "completed",
        Deleted => "deleted",
        Delivered => "delivered",
        DeliveryUnknown => "delivery-unknown",
        Failed => "failed",
        InProgress => "in-progress",
        Initiated => "initiated",
        NoAnswer => "no-answer",
        Queued => "queued",
        Received => "received",
        Receiving => "receiving",
        Ringing => "ringing",
        Scheduled => "scheduled",
        Sending => "sending",
        Sent => "sent",
        Undelivered => "undelivered",
        Unknown => "unknown",
    }
}

string_enum! {
    /// Whether an Interaction is a message or a call.
    InteractionType {
        Message => "message",
        Voice => "voice",
        Unknown => "unknown",
    }
}
/// A Session's Interactions.
#[derive(Debug, Clone)]
pub struct Interactions {
    client: Client,
    service_sid: ProxyServiceSid,
    session_sid: ProxySessionSid,
}

impl Interactions {
    pub(crate) fn new(
        client: Client,
        service_sid: ProxyServiceSid,
        session_sid: ProxySessionSid,
    ) -> Self {
        Self {
            client,
            service_sid,
            session_sid,
        }
    }

    /// Lists the Interactions.
    ///
    /// `GET /v1/Services/{ServiceSid}/Sessions/{SessionSid}/Interactions`
    pub fn list(&self) -> Lister<Interaction> {
        self.client.list_at(
            Domain::Proxy,
            path!(
                "/v1/Services/{}/Sessions/{}/Interactions",
                self.service_sid,
                self.session_sid
            ),
            &NoParams,
        )
    }
}
/// One Interaction: fetch and delete.
#[derive(Debug, Clone)]
pub struct InteractionRef {
    client: Client,
    service_sid: ProxyServiceSid,
    session_sid: ProxySessionSid,
    sid: ProxyInteractionSid,
}

impl InteractionRef {
    pub(crate) fn new(
        client: Client,
        service_sid: ProxyServiceSid,
        session_sid: ProxySessionSid,
        sid: ProxyInteractionSid,
    ) -> Self {
        Self {
            client,
            service_sid,
            session_sid,
            sid,
        }
    }

    /// The resource's own path.
    fn path(&self) -> String {
        path!(
            "/v1/Services/{}/Sessions/{}/Interactions/{}",
            self.service_sid,
            self.session_sid,
            self.sid
        )
    }

    resource_ops! {
        Proxy, self.client;
        /// Fetches the Interaction.
        ///
        /// `GET /v1/Services/{ServiceSid}/Sessions/{SessionSid}/Interactions/{Sid}`
        fetch -> Interaction;
        /// Deletes the Interaction (its record only; the message or call is kept).
        ///
        /// `DELETE /v1/Services/{ServiceSid}/Sessions/{SessionSid}/Interactions/{Sid}`
        delete;
    }
}
