//! Proxy Sessions: `/v1/Services/{ServiceSid}/Sessions`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::interactions::{InteractionRef, Interactions};
use super::participants::{ParticipantRef, Participants};
use crate::client::Client;
use crate::sid::{
    AccountSid, PhoneNumberSid, ProxyInteractionSid, ProxyParticipantSid, ProxyServiceSid,
    ProxySessionSid,
};
use crate::time::{Timestamp, WireTime};
use crate::types::string_enum;

/// A Proxy Session: a conversation between Participants.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Session {
    /// The unique string that we created to identify the Session resource.
    pub sid: ProxySessionSid,
    /// The SID of the Service the session is associated with.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub service_sid: Option<ProxyServiceSid>,
    /// The SID of the Account that created the Session resource.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub account_sid: Option<AccountSid>,
    /// The ISO 8601 date when the Session started.
    #[serde(default, deserialize_with = "crate::time::iso8601")]
    pub date_started: Option<Timestamp>,
    /// The ISO 8601 date when the Session ended.
    #[serde(default, deserialize_with = "crate::time::iso8601")]
    pub date_ended: Option<Timestamp>,
    /// The ISO 8601 date when the Session last had an interaction.
    #[serde(default, deserialize_with = "crate::time::iso8601")]
    pub date_last_interaction: Option<Timestamp>,
    /// The ISO 8601 date when the Session should expire.
    #[serde(default, deserialize_with = "crate::time::iso8601")]
    pub date_expiry: Option<Timestamp>,
    /// An application-defined string that uniquely identifies the resource.
    pub unique_name: Option<String>,
    /// The status of the Session.
    pub status: Option<SessionStatus>,
    /// The reason the Session ended.
    pub closed_reason: Option<String>,
    /// The time, in seconds, when the session will expire.
    #[serde(default, deserialize_with = "crate::de::opt_number")]
    pub ttl: Option<i64>,
    /// The Mode of the Session.
    pub mode: Option<SessionMode>,
    /// The ISO 8601 date and time in GMT when the resource was created.
    #[serde(default, deserialize_with = "crate::time::iso8601")]
    pub date_created: Option<Timestamp>,
    /// The ISO 8601 date and time in GMT when the resource was last updated.
    #[serde(default, deserialize_with = "crate::time::iso8601")]
    pub date_updated: Option<Timestamp>,
    /// The absolute URL of the Session resource.
    pub url: Option<String>,
    /// The URLs of resources related to the Session.
    pub links: Option<BTreeMap<String, String>>,
}
list_item!(Session => "sessions");
string_enum! {
    /// The Mode of the Session.
    SessionMode {
        MessageOnly => "message-only",
        VoiceOnly => "voice-only",
        VoiceAndMessage => "voice-and-message",
    }
}

string_enum! {
    /// The status of the Session.
    SessionStatus {
        Open => "open",
        InProgress => "in-progress",
        Closed => "closed",
        Failed => "failed",
        Unknown => "unknown",
    }
}
/// Parameters of `POST /v1/Services/{ServiceSid}/Sessions`.
#[derive(Debug, Clone, PartialEq, Default)]
#[must_use]
pub struct CreateSession {
    unique_name: Option<String>,
    date_expiry: Option<WireTime>,
    ttl: Option<u32>,
    mode: Option<SessionMode>,
    status: Option<SessionStatus>,
    participants: Option<Vec<SessionParticipant>>,
}

impl CreateSession {
    setters! {
        /// `UniqueName`: An application-defined string that uniquely identifies the resource.
        unique_name(into String)
        /// `DateExpiry`: The ISO 8601 date when the Session should expire.
        date_expiry(time)
        /// `Ttl`: The time, in seconds, when the session will expire.
        ttl(u32)
        /// `Mode`: The Mode of the Session.
        mode(SessionMode)
        /// `Status`: The status of the Session.
        status(SessionStatus)
        /// `Participants`: The Participants to add to the new Session.
        participants(iter SessionParticipant)
    }
}

/// A Participant added with a new Session: one `Participants` entry, which Twilio
/// takes as a JSON object with the fields of a Participant create.
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub struct SessionParticipant {
    identifier: String,
    friendly_name: Option<String>,
    proxy_identifier: Option<String>,
    proxy_identifier_sid: Option<PhoneNumberSid>,
}

impl SessionParticipant {
    /// A Participant reached at `identifier` (a phone number, or a channel address).
    pub fn new(identifier: impl Into<String>) -> Self {
        Self {
            identifier: identifier.into(),
            friendly_name: None,
            proxy_identifier: None,
            proxy_identifier_sid: None,
        }
    }

    setters! {
        /// `FriendlyName`: a name for the Participant.
        friendly_name(into String)
        /// `ProxyIdentifier`: the proxy number (E.164) to use for this Participant.
        proxy_identifier(into String)
        /// `ProxyIdentifierSid`: the SID of the proxy number to use for this Participant.
        proxy_identifier_sid(PhoneNumberSid)
    }
}

/// The JSON object Twilio expects for one `Participants` entry.
impl std::fmt::Display for SessionParticipant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Keys in sorted order, so the text is the same whatever map serde_json uses.
        let mut object = serde_json::Map::new();
        let fields = [
            ("FriendlyName", self.friendly_name.as_deref()),
            ("Identifier", Some(self.identifier.as_str())),
            ("ProxyIdentifier", self.proxy_identifier.as_deref()),
            (
                "ProxyIdentifierSid",
                self.proxy_identifier_sid
                    .as_ref()
                    .map(PhoneNumberSid::as_str),
            ),
        ];
        for (key, value) in fields {
            if let Some(value) = value {
                object.insert(key.into(), value.into());
            }
        }
        write!(f, "{}", serde_json::Value::Object(object))
    }
}

to_form! {
    CreateSession {
        "UniqueName" => unique_name,
        "DateExpiry" => date_expiry,
        "Ttl" => ttl,
        "Mode" => mode,
        "Status" => status,
        "Participants" => [participants],
    }
}
/// Parameters of `POST /v1/Services/{ServiceSid}/Sessions/{Sid}`.
#[derive(Debug, Clone, PartialEq, Default)]
#[must_use]
pub struct UpdateSession {
    date_expiry: Option<WireTime>,
    ttl: Option<u32>,
    status: Option<SessionStatus>,
}

impl UpdateSession {
    setters! {
        /// `DateExpiry`: The ISO 8601 date when the Session should expire.
        date_expiry(time)
        /// `Ttl`: The time, in seconds, when the session will expire.
        ttl(u32)
        /// `Status`: The status of the Session.
        status(SessionStatus)
    }
}

to_form! {
    UpdateSession {
        "DateExpiry" => date_expiry,
        "Ttl" => ttl,
        "Status" => status,
    }
}
/// A Service's Sessions: create and list.
#[derive(Debug, Clone)]
pub struct Sessions {
    client: Client,
    service_sid: ProxyServiceSid,
}

impl Sessions {
    pub(crate) fn new(client: Client, service_sid: ProxyServiceSid) -> Self {
        Self {
            client,
            service_sid,
        }
    }

    /// The resource's own path.
    fn path(&self) -> String {
        path!("/v1/Services/{}/Sessions", self.service_sid)
    }

    resource_ops! {
        Proxy, self.client;
        /// Creates a Session.
        ///
        /// `POST /v1/Services/{ServiceSid}/Sessions`
        create(CreateSession) -> Session;
        /// Lists the Sessions.
        ///
        /// `GET /v1/Services/{ServiceSid}/Sessions`
        list -> Session;
    }
}
/// One Session: fetch, update, delete, its Participants and Interactions.
#[derive(Debug, Clone)]
pub struct SessionRef {
    client: Client,
    service_sid: ProxyServiceSid,
    sid: ProxySessionSid,
}

impl SessionRef {
    pub(crate) fn new(client: Client, service_sid: ProxyServiceSid, sid: ProxySessionSid) -> Self {
        Self {
            client,
            service_sid,
            sid,
        }
    }

    /// The resource's own path.
    fn path(&self) -> String {
        path!("/v1/Services/{}/Sessions/{}", self.service_sid, self.sid)
    }

    resource_ops! {
        Proxy, self.client;
        /// Fetches the Session.
        ///
        /// `GET /v1/Services/{ServiceSid}/Sessions/{Sid}`
        fetch -> Session;
        /// Updates the Session (e.g. closes it or extends its expiry).
        ///
        /// `POST /v1/Services/{ServiceSid}/Sessions/{Sid}`
        update(UpdateSession) -> Session;
        /// Deletes the Session.
        ///
        /// `DELETE /v1/Services/{ServiceSid}/Sessions/{Sid}`
        delete;
    }

    /// The Session's Participants: add and list.
    pub fn participants(&self) -> Participants {
        Participants::new(
            self.client.clone(),
            self.service_sid.clone(),
            self.sid.clone(),
        )
    }

    /// One Participant of the Session.
    pub fn participant(&self, participant_sid: ProxyParticipantSid) -> ParticipantRef {
        ParticipantRef::new(
            self.client.clone(),
            self.service_sid.clone(),
            self.sid.clone(),
            participant_sid,
        )
    }

    /// The Session's Interactions (list).
    pub fn interactions(&self) -> Interactions {
        Interactions::new(
            self.client.clone(),
            self.service_sid.clone(),
            self.sid.clone(),
        )
    }

    /// One Interaction of the Session.
    pub fn interaction(&self, interaction_sid: ProxyInteractionSid) -> InteractionRef {
        InteractionRef::new(
            self.client.clone(),
            self.service_sid.clone(),
            self.sid.clone(),
            interaction_sid,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::ToForm;

    #[test]
    fn session_participants_travel_as_json_objects() {
        let pn = PhoneNumberSid::new(format!("PN{}", "0".repeat(32))).unwrap();
        let params = CreateSession::default().participants([
            SessionParticipant::new("+15005550006"),
            SessionParticipant::new("+15005550001")
                .friendly_name("Bob \"B\"")
                .proxy_identifier_sid(pn),
        ]);
        let form = params.to_form();
        let values: Vec<&str> = form
            .pairs()
            .filter(|(k, _)| *k == "Participants")
            .map(|(_, v)| v)
            .collect();
        assert_eq!(
            values,
            [
                r#"{"Identifier":"+15005550006"}"#,
                r#"{"FriendlyName":"Bob \"B\"","Identifier":"+15005550001","ProxyIdentifierSid":"PN00000000000000000000000000000000"}"#,
            ]
        );
    }
}
