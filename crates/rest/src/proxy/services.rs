//! Proxy Services: `/v1/Services`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::phone_numbers::{PhoneNumberRef, PhoneNumbers};
use super::sessions::{SessionRef, Sessions};
use crate::client::Client;
use crate::sid::{AccountSid, PhoneNumberSid, ProxyServiceSid, ProxySessionSid};
use crate::time::Timestamp;
use crate::types::string_enum;

/// A Proxy Service: the container of Sessions, their Participants and the proxy numbers.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Service {
    /// The unique string that we created to identify the Service resource.
    pub sid: ProxyServiceSid,
    /// An application-defined string that uniquely identifies the resource.
    pub unique_name: Option<String>,
    /// The SID of the Account that created the Service resource.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub account_sid: Option<AccountSid>,
    /// The SID of the Chat Service Instance managed by Proxy Service.
    pub chat_instance_sid: Option<String>,
    /// The URL we call when the interaction status changes.
    pub callback_url: Option<String>,
    /// The default `ttl` value for Sessions created in the Service.
    #[serde(default, deserialize_with = "crate::de::opt_number")]
    pub default_ttl: Option<i64>,
    /// The preference for Proxy Number selection in the Service instance.
    pub number_selection_behavior: Option<ServiceNumberSelectionBehavior>,
    /// Where a proxy number must be located relative to the participant identifier.
    pub geo_match_level: Option<ServiceGeoMatchLevel>,
    /// The URL we call on each interaction.
    pub intercept_callback_url: Option<String>,
    /// The URL we call when an inbound call or SMS action occurs on a closed or non-existent Session.
    pub out_of_session_callback_url: Option<String>,
    /// The ISO 8601 date and time in GMT when the resource was created.
    #[serde(default, deserialize_with = "crate::time::iso8601")]
    pub date_created: Option<Timestamp>,
    /// The ISO 8601 date and time in GMT when the resource was last updated.
    #[serde(default, deserialize_with = "crate::time::iso8601")]
    pub date_updated: Option<Timestamp>,
    /// The absolute URL of the Service resource.
    pub url: Option<String>,
    /// The URLs of resources related to the Service.
    pub links: Option<BTreeMap<String, String>>,
}
list_item!(Service => "services");
string_enum! {
    /// Where a proxy number must be located relative to the participant identifier.
    ServiceGeoMatchLevel {
        AreaCode => "area-code",
        Overlay => "overlay",
        Radius => "radius",
        Country => "country",
    }
}

string_enum! {
    /// The preference for Proxy Number selection in the Service instance.
    ServiceNumberSelectionBehavior {
        AvoidSticky => "avoid-sticky",
        PreferSticky => "prefer-sticky",
    }
}
/// Parameters of `POST /v1/Services`.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct CreateService {
    unique_name: String,
    default_ttl: Option<u32>,
    callback_url: Option<String>,
    geo_match_level: Option<ServiceGeoMatchLevel>,
    number_selection_behavior: Option<ServiceNumberSelectionBehavior>,
    intercept_callback_url: Option<String>,
    out_of_session_callback_url: Option<String>,
    chat_instance_sid: Option<String>,
}

impl CreateService {
    /// The required `UniqueName`.
    pub fn new(unique_name: impl Into<String>) -> Self {
        Self {
            unique_name: unique_name.into(),
            default_ttl: None,
            callback_url: None,
            geo_match_level: None,
            number_selection_behavior: None,
            intercept_callback_url: None,
            out_of_session_callback_url: None,
            chat_instance_sid: None,
        }
    }

    setters! {
        /// `DefaultTtl`: The default `ttl` value to set for Sessions created in the Service.
        default_ttl(u32)
        /// `CallbackUrl`: The URL we should call when the interaction status changes.
        callback_url(into String)
        /// `GeoMatchLevel`: Where a proxy number must be located relative to the participant identifier.
        geo_match_level(ServiceGeoMatchLevel)
        /// `NumberSelectionBehavior`: The preference for Proxy Number selection in the Service instance.
        number_selection_behavior(ServiceNumberSelectionBehavior)
        /// `InterceptCallbackUrl`: The URL we call on each interaction.
        intercept_callback_url(into String)
        /// `OutOfSessionCallbackUrl`: The URL we should call when an inbound call or SMS action occurs on a closed or non-existent Session.
        out_of_session_callback_url(into String)
        /// `ChatInstanceSid`: The SID of the Chat Service Instance managed by Proxy Service.
        chat_instance_sid(into String)
    }
}

to_form! {
    CreateService {
        "UniqueName" => (unique_name),
        "DefaultTtl" => default_ttl,
        "CallbackUrl" => callback_url,
        "GeoMatchLevel" => geo_match_level,
        "NumberSelectionBehavior" => number_selection_behavior,
        "InterceptCallbackUrl" => intercept_callback_url,
        "OutOfSessionCallbackUrl" => out_of_session_callback_url,
        "ChatInstanceSid" => chat_instance_sid,
    }
}
/// Parameters of `POST /v1/Services/{Sid}`.
#[derive(Debug, Clone, PartialEq, Default)]
#[must_use]
pub struct UpdateService {
    unique_name: Option<String>,
    default_ttl: Option<u32>,
    callback_url: Option<String>,
    geo_match_level: Option<ServiceGeoMatchLevel>,
    number_selection_behavior: Option<ServiceNumberSelectionBehavior>,
    intercept_callback_url: Option<String>,
    out_of_session_callback_url: Option<String>,
    chat_instance_sid: Option<String>,
}

impl UpdateService {
    setters! {
        /// `UniqueName`: An application-defined string that uniquely identifies the resource.
        unique_name(into String)
        /// `DefaultTtl`: The default `ttl` value to set for Sessions created in the Service.
        default_ttl(u32)
        /// `CallbackUrl`: The URL we should call when the interaction status changes.
        callback_url(into String)
        /// `GeoMatchLevel`: Where a proxy number must be located relative to the participant identifier.
        geo_match_level(ServiceGeoMatchLevel)
        /// `NumberSelectionBehavior`: The preference for Proxy Number selection in the Service instance.
        number_selection_behavior(ServiceNumberSelectionBehavior)
        /// `InterceptCallbackUrl`: The URL we call on each interaction.
        intercept_callback_url(into String)
        /// `OutOfSessionCallbackUrl`: The URL we should call when an inbound call or SMS action occurs on a closed or non-existent Session.
        out_of_session_callback_url(into String)
        /// `ChatInstanceSid`: The SID of the Chat Service Instance managed by Proxy Service.
        chat_instance_sid(into String)
    }
}

to_form! {
    UpdateService {
        "UniqueName" => unique_name,
        "DefaultTtl" => default_ttl,
        "CallbackUrl" => callback_url,
        "GeoMatchLevel" => geo_match_level,
        "NumberSelectionBehavior" => number_selection_behavior,
        "InterceptCallbackUrl" => intercept_callback_url,
        "OutOfSessionCallbackUrl" => out_of_session_callback_url,
        "ChatInstanceSid" => chat_instance_sid,
    }
}
/// The account's Proxy Services: create and list.
#[derive(Debug, Clone)]
pub struct Services {
    client: Client,
}

impl Services {
    pub(crate) fn new(client: Client) -> Self {
        Self { client }
    }

    /// The resource's own path.
    fn path(&self) -> String {
        "/v1/Services".to_owned()
    }

    resource_ops! {
        Proxy, self.client;
        /// Creates a Service.
        ///
        /// `POST /v1/Services`
        create(CreateService) -> Service;
        /// Lists the Services.
        ///
        /// `GET /v1/Services`
        list -> Service;
    }
}
/// One Proxy Service: fetch, update, delete, and its Sessions and proxy numbers.
#[derive(Debug, Clone)]
pub struct ServiceRef {
    client: Client,
    sid: ProxyServiceSid,
}

impl ServiceRef {
    pub(crate) fn new(client: Client, sid: ProxyServiceSid) -> Self {
        Self { client, sid }
    }

    /// The resource's own path.
    fn path(&self) -> String {
        path!("/v1/Services/{}", self.sid)
    }

    resource_ops! {
        Proxy, self.client;
        /// Fetches the Service.
        ///
        /// `GET /v1/Services/{Sid}`
        fetch -> Service;
        /// Updates the Service.
        ///
        /// `POST /v1/Services/{Sid}`
        update(UpdateService) -> Service;
        /// Deletes the Service.
        ///
        /// `DELETE /v1/Services/{Sid}`
        delete;
    }

    /// The Service's Sessions: create and list.
    pub fn sessions(&self) -> Sessions {
        Sessions::new(self.client.clone(), self.sid.clone())
    }

    /// One Session of the Service.
    pub fn session(&self, sid: ProxySessionSid) -> SessionRef {
        SessionRef::new(self.client.clone(), self.sid.clone(), sid)
    }

    /// The Service's proxy phone numbers: add and list.
    pub fn phone_numbers(&self) -> PhoneNumbers {
        PhoneNumbers::new(self.client.clone(), self.sid.clone())
    }

    /// One proxy phone number of the Service.
    pub fn phone_number(&self, sid: PhoneNumberSid) -> PhoneNumberRef {
        PhoneNumberRef::new(self.client.clone(), self.sid.clone(), sid)
    }
}
