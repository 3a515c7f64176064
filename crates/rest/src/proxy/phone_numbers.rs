//! Proxy phone numbers: `/v1/Services/{ServiceSid}/PhoneNumbers`.

use serde::{Deserialize, Serialize};

use crate::client::Client;
use crate::sid::{AccountSid, PhoneNumber, PhoneNumberSid, ProxyServiceSid};
use crate::time::Timestamp;

/// A phone number in a Service's pool of proxy numbers.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct ProxyPhoneNumber {
    /// The unique string that we created to identify the PhoneNumber resource.
    pub sid: PhoneNumberSid,
    /// The SID of the Account that created the PhoneNumber resource.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub account_sid: Option<AccountSid>,
    /// The SID of the PhoneNumber resource's parent Service resource.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub service_sid: Option<ProxyServiceSid>,
    /// The ISO 8601 date and time in GMT when the resource was created.
    #[serde(default, deserialize_with = "crate::time::iso8601")]
    pub date_created: Option<Timestamp>,
    /// The ISO 8601 date and time in GMT when the resource was last updated.
    #[serde(default, deserialize_with = "crate::time::iso8601")]
    pub date_updated: Option<Timestamp>,
    /// The phone number in E.164 format, which consists of a + followed by the country code and subscriber number.
    pub phone_number: Option<String>,
    /// The string that you assigned to describe the resource.
    pub friendly_name: Option<String>,
    /// The ISO Country Code for the phone number.
    pub iso_country: Option<String>,
    /// The capabilities of the phone number.
    pub capabilities: Option<serde_json::Value>,
    /// The absolute URL of the PhoneNumber resource.
    pub url: Option<String>,
    /// Whether the phone number should be reserved and not be assigned to a participant using proxy pool logic.
    pub is_reserved: Option<bool>,
    /// The number of open session assigned to the number.
    #[serde(default, deserialize_with = "crate::de::opt_number")]
    pub in_use: Option<i64>,
}
list_item!(ProxyPhoneNumber => "phone_numbers");
/// Parameters of `POST /v1/Services/{ServiceSid}/PhoneNumbers`.
#[derive(Debug, Clone, PartialEq, Default)]
#[must_use]
pub struct AddPhoneNumber {
    sid: Option<PhoneNumberSid>,
    phone_number: Option<PhoneNumber>,
    is_reserved: Option<bool>,
}

impl AddPhoneNumber {
    setters! {
        /// `Sid`: The SID of a Twilio IncomingPhoneNumber resource that represents the Twilio Number you would like to assign to your Proxy Service.
        sid(PhoneNumberSid)
        /// `PhoneNumber`: The phone number in E.164 format.
        phone_number(PhoneNumber)
        /// `IsReserved`: Whether the new phone number should be reserved and not be assigned to a participant using proxy pool logic.
        is_reserved(bool)
    }
}

to_form! {
    AddPhoneNumber {
        "Sid" => sid,
        "PhoneNumber" => phone_number,
        "IsReserved" => is_reserved,
    }
}
/// Parameters of `POST /v1/Services/{ServiceSid}/PhoneNumbers/{Sid}`.
#[derive(Debug, Clone, PartialEq, Default)]
#[must_use]
pub struct UpdatePhoneNumber {
    is_reserved: Option<bool>,
}

impl UpdatePhoneNumber {
    setters! {
        /// `IsReserved`: Whether the phone number should be reserved and not be assigned to a participant using proxy pool logic.
        is_reserved(bool)
    }
}

to_form! {
    UpdatePhoneNumber {
        "IsReserved" => is_reserved,
    }
}
/// A Service's proxy phone numbers: add and list.
#[derive(Debug, Clone)]
pub struct PhoneNumbers {
    client: Client,
    service_sid: ProxyServiceSid,
}

impl PhoneNumbers {
    pub(crate) fn new(client: Client, service_sid: ProxyServiceSid) -> Self {
        Self {
            client,
            service_sid,
        }
    }

    /// The resource's own path.
    fn path(&self) -> String {
        path!("/v1/Services/{}/PhoneNumbers", self.service_sid)
    }

    resource_ops! {
        Proxy, self.client;
        /// Adds one of the account's phone numbers to the Service's pool.
        ///
        /// `POST /v1/Services/{ServiceSid}/PhoneNumbers`
        add = create "" (AddPhoneNumber) -> ProxyPhoneNumber;
        /// Lists the Service's proxy numbers.
        ///
        /// `GET /v1/Services/{ServiceSid}/PhoneNumbers`
        list -> ProxyPhoneNumber;
    }
}
/// One proxy phone number: fetch, update (`IsReserved`), remove.
#[derive(Debug, Clone)]
pub struct PhoneNumberRef {
    client: Client,
    service_sid: ProxyServiceSid,
    sid: PhoneNumberSid,
}

impl PhoneNumberRef {
    pub(crate) fn new(client: Client, service_sid: ProxyServiceSid, sid: PhoneNumberSid) -> Self {
        Self {
            client,
            service_sid,
            sid,
        }
    }

    /// The resource's own path.
    fn path(&self) -> String {
        path!(
            "/v1/Services/{}/PhoneNumbers/{}",
            self.service_sid,
            self.sid
        )
    }

    resource_ops! {
        Proxy, self.client;
        /// Fetches the proxy number.
        ///
        /// `GET /v1/Services/{ServiceSid}/PhoneNumbers/{Sid}`
        fetch -> ProxyPhoneNumber;
        /// Updates the proxy number (reserves or releases it).
        ///
        /// `POST /v1/Services/{ServiceSid}/PhoneNumbers/{Sid}`
        update(UpdatePhoneNumber) -> ProxyPhoneNumber;
        /// Removes the number from the Service's pool (the number stays in the account).
        ///
        /// `DELETE /v1/Services/{ServiceSid}/PhoneNumbers/{Sid}`
        delete;
    }
}
