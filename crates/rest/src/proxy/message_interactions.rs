//! Proxy Message Interactions:
//! `/v1/Services/{ServiceSid}/Sessions/{SessionSid}/Participants/{ParticipantSid}/MessageInteractions`.

use super::interactions::Interaction;
pub use super::interactions::{
    InteractionResourceStatus as MessageInteractionResourceStatus,
    InteractionType as MessageInteractionType,
};
use crate::client::Client;
use crate::sid::{ProxyInteractionSid, ProxyParticipantSid, ProxyServiceSid, ProxySessionSid};

/// A message sent through Proxy on a Participant's behalf: an [`Interaction`] with
/// `participant_sid` set.
pub type MessageInteraction = Interaction;
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
