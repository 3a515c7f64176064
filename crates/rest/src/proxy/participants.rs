//! Proxy Participants: `/v1/Services/{ServiceSid}/Sessions/{SessionSid}/Participants`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::message_interactions::{MessageInteractionRef, MessageInteractions};
use crate::client::Client;
use crate::sid::{
    AccountSid, PhoneNumberSid, ProxyInteractionSid, ProxyParticipantSid, ProxyServiceSid,
    ProxySessionSid,
};
use crate::time::Timestamp;

/// A Participant of a Session.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Participant {
    /// The unique string that we created to identify the Participant resource.
    pub sid: ProxyParticipantSid,
    /// The SID of the parent Session resource.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub session_sid: Option<ProxySessionSid>,
    /// The SID of the resource's parent Service resource.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub service_sid: Option<ProxyServiceSid>,
    /// The SID of the Account that created the Participant resource.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub account_sid: Option<AccountSid>,
    /// The string that you assigned to describe the participant.
    pub friendly_name: Option<String>,
    /// The phone number or channel identifier of the Participant.
    pub identifier: Option<String>,
    /// The phone number or short code (masked number) of the participant's partner.
    pub proxy_identifier: Option<String>,
    /// The SID of the Proxy Identifier assigned to the Participant.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub proxy_identifier_sid: Option<PhoneNumberSid>,
    /// The ISO 8601 date when the Participant was removed from the session.
    #[serde(default, deserialize_with = "crate::time::iso8601")]
    pub date_deleted: Option<Timestamp>,
    /// The ISO 8601 date and time in GMT when the resource was created.
    #[serde(default, deserialize_with = "crate::time::iso8601")]
    pub date_created: Option<Timestamp>,
    /// The ISO 8601 date and time in GMT when the resource was last updated.
    #[serde(default, deserialize_with = "crate::time::iso8601")]
    pub date_updated: Option<Timestamp>,
    /// The absolute URL of the Participant resource.
    pub url: Option<String>,
    /// The URLs to resources related the participant.
    pub links: Option<BTreeMap<String, String>>,
}
list_item!(Participant => "participants");
/// Parameters of `POST /v1/Services/{ServiceSid}/Sessions/{SessionSid}/Participants`.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct CreateParticipant {
    identifier: String,
    friendly_name: Option<String>,
    proxy_identifier: Option<String>,
    proxy_identifier_sid: Option<PhoneNumberSid>,
}

impl CreateParticipant {
    /// The required `Identifier`.
    pub fn new(identifier: impl Into<String>) -> Self {
        Self {
            identifier: identifier.into(),
            friendly_name: None,
            proxy_identifier: None,
            proxy_identifier_sid: None,
        }
    }

    setters! {
        /// `FriendlyName`: The string that you assigned to describe the participant.
        friendly_name(into String)
        /// `ProxyIdentifier`: The proxy phone number to use for the Participant.
        proxy_identifier(into String)
        /// `ProxyIdentifierSid`: The SID of the Proxy Identifier to assign to the Participant.
        proxy_identifier_sid(PhoneNumberSid)
    }
}

to_form! {
    CreateParticipant {
        "Identifier" => (identifier),
        "FriendlyName" => friendly_name,
        "ProxyIdentifier" => proxy_identifier,
        "ProxyIdentifierSid" => proxy_identifier_sid,
    }
}
/// A Session's Participants: add and list.
#[derive(Debug, Clone)]
pub struct Participants {
    client: Client,
    service_sid: ProxyServiceSid,
    session_sid: ProxySessionSid,
}

impl Participants {
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

    /// The resource's own path.
    fn path(&self) -> String {
        path!(
            "/v1/Services/{}/Sessions/{}/Participants",
            self.service_sid,
            self.session_sid
        )
    }

    resource_ops! {
        Proxy, self.client;
        /// Adds a Participant to the Session.
        ///
        /// `POST /v1/Services/{ServiceSid}/Sessions/{SessionSid}/Participants`
        create(CreateParticipant) -> Participant;
        /// Lists the Participants.
        ///
        /// `GET /v1/Services/{ServiceSid}/Sessions/{SessionSid}/Participants`
        list -> Participant;
    }
}
/// One Participant: fetch, remove, and the messages sent on their behalf.
#[derive(Debug, Clone)]
pub struct ParticipantRef {
    client: Client,
    service_sid: ProxyServiceSid,
    session_sid: ProxySessionSid,
    sid: ProxyParticipantSid,
}

impl ParticipantRef {
    pub(crate) fn new(
        client: Client,
        service_sid: ProxyServiceSid,
        session_sid: ProxySessionSid,
        sid: ProxyParticipantSid,
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
            "/v1/Services/{}/Sessions/{}/Participants/{}",
            self.service_sid,
            self.session_sid,
            self.sid
        )
    }

    resource_ops! {
        Proxy, self.client;
        /// Fetches the Participant.
        ///
        /// `GET /v1/Services/{ServiceSid}/Sessions/{SessionSid}/Participants/{Sid}`
        fetch -> Participant;
        /// Removes the Participant from the Session.
        ///
        /// `DELETE /v1/Services/{ServiceSid}/Sessions/{SessionSid}/Participants/{Sid}`
        delete;
    }

    /// Messages sent on the Participant's behalf: send and list.
    pub fn message_interactions(&self) -> MessageInteractions {
        MessageInteractions::new(
            self.client.clone(),
            self.service_sid.clone(),
            self.session_sid.clone(),
            self.sid.clone(),
        )
    }

    /// One message sent on the Participant's behalf.
    pub fn message_interaction(
        &self,
        interaction_sid: ProxyInteractionSid,
    ) -> MessageInteractionRef {
        MessageInteractionRef::new(
            self.client.clone(),
            self.service_sid.clone(),
            self.session_sid.clone(),
            self.sid.clone(),
            interaction_sid,
        )
    }
}
