//! Proxy Message Interactions:
//! `/v1/Services/{ServiceSid}/Sessions/{SessionSid}/Participants/{ParticipantSid}/MessageInteractions`.

use serde::{Deserialize, Serialize};

use super::interactions::{InteractionResourceStatus, InteractionType};
pub use super::interactions::{
    InteractionResourceStatus as MessageInteractionResourceStatus,
    InteractionType as MessageInteractionType,
};
use crate::client::Client;
use crate::sid::{
    AccountSid, ProxyInteractionSid, ProxyParticipantSid, ProxyServiceSid, ProxySessionSid,
};
use crate::time::Timestamp;

/// A message sent through Proxy on a Participant's behalf.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct MessageInteraction {
    /// The unique string that we created to identify the MessageInteraction resource.
    pub sid: ProxyInteractionSid,
    /// The SID of the parent Session resource.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub session_sid: Option<ProxySessionSid>,
    /// The SID of the parent Service resource.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub service_sid: Option<ProxyServiceSid>,
    /// The SID of the Account that created the MessageInteraction resource.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub account_sid: Option<AccountSid>,
    /// A JSON string that includes the message body sent to the participant.
    pub data: Option<String>,
    /// The Type of Message Interaction.
    #[serde(default)]
    pub r#type: Option<InteractionType>,
    /// The SID of the Participant resource.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub participant_sid: Option<ProxyParticipantSid>,
    /// Always empty for created Message Interactions.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub inbound_participant_sid: Option<ProxyParticipantSid>,
    /// Always empty for created Message Interactions.
    pub inbound_resource_sid: Option<String>,
    /// Always empty for created Message Interactions.
    pub inbound_resource_status: Option<InteractionResourceStatus>,
    /// Always empty for created Message Interactions.
    pub inbound_resource_type: Option<String>,
    /// Always empty for created Message Interactions.
    pub inbound_resource_url: Option<String>,
    /// The SID of the outbound Participant resource.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub outbound_participant_sid: Option<ProxyParticipantSid>,
    /// The SID of the outbound Message resource.
    pub outbound_resource_sid: Option<String>,
    /// Always empty for created Message Interactions.
    pub outbound_resource_status: Option<InteractionResourceStatus>,
    /// The outbound resource type.
    pub outbound_resource_type: Option<String>,
    /// The URL of the Twilio message resource.
    pub outbound_resource_url: Option<String>,
    /// The ISO 8601 date and time in GMT when the resource was created.
    #[serde(default, deserialize_with = "crate::time::iso8601")]
    pub date_created: Option<Timestamp>,
    /// The ISO 8601 date and time in GMT when the resource was last updated.
    #[serde(default, deserialize_with = "crate::time::iso8601")]
    pub date_updated: Option<Timestamp>,
    /// The absolute URL of the MessageInteraction resource.
    pub url: Option<String>,
}
list_item!(MessageInteraction => "interactions");
/// Parameters of `POST /v1/Services/{ServiceSid}/Sessions/{SessionSid}/Participants/{ParticipantSid}/MessageInteractions`.
#[derive(Debug, Clone, PartialEq, Default)]
#[must_use]
pub struct CreateMessageInteraction {
    body: Option<String>,
    media_url: Option<Vec<String>>,
}

impl CreateMessageInteraction {
    setters! {
        /// `Body`: The message to send to the participant
        body(into String)
    }

    /// `MediaUrl`: Reserved.
    pub fn media_url(mut self, value: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.media_url = Some(value.into_iter().map(Into::into).collect());
        self
    }
}

to_form! {
    CreateMessageInteraction {
        "Body" => body,
        "MediaUrl" => [media_url],
    }
}
/// Messages sent on a Participant's behalf: send and list.
#[derive(Debug, Clone)]
pub struct MessageInteractions {
    client: Client,
    service_sid: ProxyServiceSid,
    session_sid: ProxySessionSid,
    participant_sid: ProxyParticipantSid,
}

impl MessageInteractions {
    pub(crate) fn new(
        client: Client,
        service_sid: ProxyServiceSid,
        session_sid: ProxySessionSid,
        participant_sid: ProxyParticipantSid,
    ) -> Self {
        Self {
            client,
            service_sid,
            session_sid,
            participant_sid,
        }
    }

    /// The resource's own path.
    fn path(&self) -> String {
        path!(
            "/v1/Services/{}/Sessions/{}/Participants/{}/MessageInteractions",
            self.service_sid,
            self.session_sid,
            self.participant_sid
        )
    }

    resource_ops! {
        Proxy, self.client;
        /// Sends a message to the Participant from their proxy number.
        ///
        /// `POST /v1/Services/{ServiceSid}/Sessions/{SessionSid}/Participants/{ParticipantSid}/MessageInteractions`
        create(CreateMessageInteraction) -> MessageInteraction;
        /// Lists the messages.
        ///
        /// `GET /v1/Services/{ServiceSid}/Sessions/{SessionSid}/Participants/{ParticipantSid}/MessageInteractions`
        list -> MessageInteraction;
    }
}
/// One message sent on a Participant's behalf.
#[derive(Debug, Clone)]
pub struct MessageInteractionRef {
    client: Client,
    service_sid: ProxyServiceSid,
    session_sid: ProxySessionSid,
    participant_sid: ProxyParticipantSid,
    sid: ProxyInteractionSid,
}

impl MessageInteractionRef {
    pub(crate) fn new(
        client: Client,
        service_sid: ProxyServiceSid,
        session_sid: ProxySessionSid,
        participant_sid: ProxyParticipantSid,
        sid: ProxyInteractionSid,
    ) -> Self {
        Self {
            client,
            service_sid,
            session_sid,
            participant_sid,
            sid,
        }
    }

    /// The resource's own path.
    fn path(&self) -> String {
        path!(
            "/v1/Services/{}/Sessions/{}/Participants/{}/MessageInteractions/{}",
            self.service_sid,
            self.session_sid,
            self.participant_sid,
            self.sid
        )
    }

    resource_ops! {
        Proxy, self.client;
        /// Fetches the message interaction.
        ///
        /// `GET /v1/Services/{ServiceSid}/Sessions/{SessionSid}/Participants/{ParticipantSid}/MessageInteractions/{Sid}`
        fetch -> MessageInteraction;
    }
}
