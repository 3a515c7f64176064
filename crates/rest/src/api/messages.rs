//! Messages: `/2010-04-01/Accounts/{AccountSid}/Messages` (SMS, MMS, WhatsApp, …).

use serde::Deserialize;

use super::Api;
use crate::Error;
use crate::client::Domain;
use crate::form::{Form, ToForm};
use crate::page::Lister;
use crate::sid::{
    AccountSid, ApplicationSid, Endpoint, MediaSid, MessageSid, MessagingServiceSid, PhoneNumber,
};
use crate::time::{Timestamp, WireTime};
use crate::types::string_enum;

/// Who sends a message: a number/address, or a Messaging service that picks one.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Sender {
    /// `From`: a Twilio number, alphanumeric sender ID or channel address.
    From(Endpoint),
    /// `MessagingServiceSid`.
    MessagingService(MessagingServiceSid),
}

impl From<Endpoint> for Sender {
    fn from(e: Endpoint) -> Self {
        Self::From(e)
    }
}

impl From<PhoneNumber> for Sender {
    fn from(n: PhoneNumber) -> Self {
        Self::From(n.into())
    }
}

impl From<MessagingServiceSid> for Sender {
    fn from(sid: MessagingServiceSid) -> Self {
        Self::MessagingService(sid)
    }
}

/// An SMS, MMS or other-channel message sent or received by the account.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct Message {
    /// The text content of the message.
    pub body: Option<String>,
    /// The number of segments that make up the complete message.
    #[serde(default, deserialize_with = "crate::de::opt_number")]
    pub num_segments: Option<u32>,
    /// Whether the message came in or went out, and how (API, call, reply).
    pub direction: Option<MessageDirection>,
    /// The sender's phone number (in E.164 format), alphanumeric sender ID, Wireless SIM, short code, or channel address (e.g., `whatsapp:+15554449999`).
    pub from: Option<String>,
    /// The recipient's phone number (in E.164 format) or channel address (e.g.
    pub to: Option<String>,
    /// The RFC 2822 timestamp (in GMT) of when the Message resource was last updated.
    #[serde(default, deserialize_with = "crate::time::rfc2822")]
    pub date_updated: Option<Timestamp>,
    /// The amount billed for the message in the currency specified by `price_unit`.
    #[serde(default, deserialize_with = "crate::de::opt_number")]
    pub price: Option<f64>,
    /// The description of the `error_code` if the Message `status` is `failed` or `undelivered`.
    pub error_message: Option<String>,
    /// The URI of the Message resource, relative to `https://api.twilio.com`.
    pub uri: Option<String>,
    /// The SID of the Account associated with the Message resource.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub account_sid: Option<AccountSid>,
    /// The number of media files associated with the Message resource.
    #[serde(default, deserialize_with = "crate::de::opt_number")]
    pub num_media: Option<u32>,
    /// Where the message is in its delivery: queued, sending, sent, delivered, failed, received, ….
    pub status: Option<MessageStatus>,
    /// The SID of the Messaging Service associated with the Message resource.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub messaging_service_sid: Option<MessagingServiceSid>,
    /// The unique, Twilio-provided string that identifies the Message resource.
    pub sid: String,
    /// The RFC 2822 timestamp (in GMT) of when the Message was sent.
    #[serde(default, deserialize_with = "crate::time::rfc2822")]
    pub date_sent: Option<Timestamp>,
    /// The RFC 2822 timestamp (in GMT) of when the Message resource was created.
    #[serde(default, deserialize_with = "crate::time::rfc2822")]
    pub date_created: Option<Timestamp>,
    /// The error code returned if the Message `status` is `failed` or `undelivered`.
    #[serde(default, deserialize_with = "crate::de::opt_number")]
    pub error_code: Option<i64>,
    /// The currency in which `price` is measured, in ISO 4127 format (e.g.
    pub price_unit: Option<String>,
    /// The API version used to process the Message.
    pub api_version: Option<String>,
    /// A list of related resources identified by their URIs relative to `https://api.twilio.com`.
    pub subresource_uris: Option<serde_json::Value>,
}
string_enum! {
    /// The status of the Message. Possible values: `accepted`, `scheduled`, `canceled`, `queued`, `sending`, `sent`, `failed`, `delivered`, `undelivered`, `receiving`, `received`, or `read` (WhatsApp only). For more information, See [detailed descriptions](https://www.twilio.com/docs/sms/api/message-resource#message-status-values).
    MessageStatus {
        Queued => "queued",
        Sending => "sending",
        Sent => "sent",
        Failed => "failed",
        Delivered => "delivered",
        Undelivered => "undelivered",
        Receiving => "receiving",
        Received => "received",
        Accepted => "accepted",
        Scheduled => "scheduled",
        Read => "read",
        PartiallyDelivered => "partially_delivered",
        Canceled => "canceled",
    }
}
string_enum! {
    /// The status a message can be moved to: `canceled` cancels a scheduled message.
    MessageUpdateStatus {
        Canceled => "canceled",
    }
}
string_enum! {
    /// The direction of the message. Can be: `inbound` for incoming messages, `outbound-api` for messages created by the REST API, `outbound-call` for messages created during a call, or `outbound-reply` for messages created in response to an incoming message.
    MessageDirection {
        Inbound => "inbound",
        OutboundApi => "outbound-api",
        OutboundCall => "outbound-call",
        OutboundReply => "outbound-reply",
    }
}
string_enum! {
    /// Whether Twilio keeps the message body (`retain`) or discards it after sending.
    MessageContentRetention {
        Retain => "retain",
        Discard => "discard",
    }
}
string_enum! {
    /// Whether Twilio keeps the phone numbers (`retain`) or obfuscates them after sending.
    MessageAddressRetention {
        Retain => "retain",
        Obfuscate => "obfuscate",
    }
}
string_enum! {
    /// The traffic type of a message (`free`: not billed, for some WhatsApp replies).
    MessageTrafficType {
        Free => "free",
    }
}
string_enum! {
    /// How a message is scheduled: `fixed` sends it at `SendAt`.
    MessageScheduleType {
        Fixed => "fixed",
    }
}
string_enum! {
    /// Whether to run SMS traffic-pumping protection on the message.
    MessageRiskCheck {
        Enable => "enable",
        Disable => "disable",
    }
}
/// Parameters of `POST …/Messages.json`.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct CreateMessage {
    to: Endpoint,
    sender: Sender,
    status_callback: Option<String>,
    application_sid: Option<ApplicationSid>,
    max_price: Option<f64>,
    provide_feedback: Option<bool>,
    attempt: Option<u32>,
    validity_period: Option<u32>,
    force_delivery: Option<bool>,
    content_retention: Option<MessageContentRetention>,
    address_retention: Option<MessageAddressRetention>,
    smart_encoded: Option<bool>,
    persistent_action: Option<Vec<String>>,
    traffic_type: Option<MessageTrafficType>,
    shorten_urls: Option<bool>,
    schedule_type: Option<MessageScheduleType>,
    send_at: Option<WireTime>,
    send_as_mms: Option<bool>,
    content_variables: Option<String>,
    risk_check: Option<MessageRiskCheck>,
    body: Option<String>,
    media_url: Option<Vec<String>>,
    content_sid: Option<String>,
}

impl CreateMessage {
    /// A message to `to` from `sender`; add a `body`, `media_url` or `content_sid`.
    pub fn new(to: impl Into<Endpoint>, sender: impl Into<Sender>) -> Self {
        Self {
            to: to.into(),
            sender: sender.into(),
            status_callback: None,
            application_sid: None,
            max_price: None,
            provide_feedback: None,
            attempt: None,
            validity_period: None,
            force_delivery: None,
            content_retention: None,
            address_retention: None,
            smart_encoded: None,
            persistent_action: None,
            traffic_type: None,
            shorten_urls: None,
            schedule_type: None,
            send_at: None,
            send_as_mms: None,
            content_variables: None,
            risk_check: None,
            body: None,
            media_url: None,
            content_sid: None,
        }
    }

    /// A text message.
    pub fn text(to: impl Into<Endpoint>, from: impl Into<Sender>, body: impl Into<String>) -> Self {
        Self::new(to, from).body(body)
    }

    setters! {
        /// `StatusCallback`: The URL of the endpoint to which Twilio sends Message status callback requests.
        status_callback(into String)
        /// `ApplicationSid`: The SID of the associated TwiML Application.
        application_sid(ApplicationSid)
        /// `MaxPrice`: \[OBSOLETE\] This parameter will no longer have any effect as of 2024-06-03.
        max_price(f64)
        /// `ProvideFeedback`: Boolean indicating whether or not you intend to provide delivery confirmation feedback to Twilio (used in conjunction with the Message Feedback subresource).
        provide_feedback(bool)
        /// `Attempt`: Total number of attempts made (including this request) to send the message regardless of the provider used.
        attempt(u32)
        /// `ValidityPeriod`: The maximum length in seconds that the Message can remain in Twilio's outgoing message queue.
        validity_period(u32)
        /// `ForceDelivery`: Reserved.
        force_delivery(bool)
        /// `ContentRetention`: Whether Twilio keeps the body after sending.
        content_retention(MessageContentRetention)
        /// `AddressRetention`: Whether Twilio keeps the phone numbers after sending.
        address_retention(MessageAddressRetention)
        /// `SmartEncoded`: Whether to detect Unicode characters that have a similar GSM-7 character and replace them.
        smart_encoded(bool)
        /// `PersistentAction`: Rich actions for non-SMS/MMS channels.
        persistent_action(iter String)
        /// `TrafficType`: `free` for messages that are not billed.
        traffic_type(MessageTrafficType)
        /// `ShortenUrls`: For Messaging Services with Link Shortening configured only: A Boolean indicating whether or not Twilio should shorten links in the `body` of the Message.
        shorten_urls(bool)
        /// `ScheduleType`: `fixed` to send the message at `SendAt`.
        schedule_type(MessageScheduleType)
        /// `SendAt`: The time that Twilio will send the message.
        send_at(time)
        /// `SendAsMms`: If set to `true`, Twilio delivers the message as a single MMS message, regardless of the presence of media.
        send_as_mms(bool)
        /// `ContentVariables`: For Content Editor/API only: Key-value pairs of Template variables and their substitution values.
        content_variables(into String)
        /// `RiskCheck`: Whether to check the message for SMS traffic pumping (default `enable`).
        risk_check(MessageRiskCheck)
        /// `Body`: The text content of the outgoing message.
        body(into String)
        /// `MediaUrl`: The URL of media to include in the Message content.
        media_url(iter String)
        /// `ContentSid`: For Content Editor/API only: The SID of the Content Template to be used with the Message, e.g., `HXXXXXXXXXXXXXXXXXXXXXXXXXXXXX`.
        content_sid(into String)
    }
}

impl ToForm for CreateMessage {
    fn write(&self, form: &mut Form) {
        form.push("To", self.to.as_str());
        match &self.sender {
            Sender::From(from) => form.push("From", from.as_str()),
            Sender::MessagingService(sid) => form.push("MessagingServiceSid", sid.as_str()),
        };
        form_fields! {
            self, form;
            "StatusCallback" => status_callback,
            "ApplicationSid" => application_sid,
            "MaxPrice" => max_price,
            "ProvideFeedback" => provide_feedback,
            "Attempt" => attempt,
            "ValidityPeriod" => validity_period,
            "ForceDelivery" => force_delivery,
            "ContentRetention" => content_retention,
            "AddressRetention" => address_retention,
            "SmartEncoded" => smart_encoded,
            "PersistentAction" => [persistent_action],
            "TrafficType" => traffic_type,
            "ShortenUrls" => shorten_urls,
            "ScheduleType" => schedule_type,
            "SendAt" => send_at,
            "SendAsMms" => send_as_mms,
            "ContentVariables" => content_variables,
            "RiskCheck" => risk_check,
            "Body" => body,
            "MediaUrl" => [media_url],
            "ContentSid" => content_sid,
        }
    }
}
/// Parameters of `POST …/Messages/{Sid}.json`.
#[derive(Debug, Clone, Default, PartialEq)]
#[must_use]
pub struct UpdateMessage {
    body: Option<String>,
    status: Option<MessageUpdateStatus>,
}

impl UpdateMessage {
    setters! {
        /// `Body`: The new `body` of the Message resource.
        body(into String)
        /// `Status`: `canceled` cancels a scheduled message.
        status(MessageUpdateStatus)
    }
}

to_form! {
    UpdateMessage {
        "Body" => body,
        "Status" => status,
    }
}
/// Parameters of `GET …/Messages.json`.
#[derive(Debug, Clone, Default, PartialEq)]
#[must_use]
pub struct ListMessages {
    to: Option<String>,
    from: Option<String>,
    date_sent: Option<WireTime>,
    date_sent_before: Option<WireTime>,
    date_sent_after: Option<WireTime>,
}

impl ListMessages {
    setters! {
        /// `To`: Only messages sent to this number.
        to(into String)
        /// `From`: Only messages sent from this number or sender.
        from(into String)
        /// `DateSent`: Only those that were sent at this time.
        date_sent(time)
        /// `DateSent<`: Only those that were sent on or before this time.
        date_sent_before(time)
        /// `DateSent>`: Only those that were sent on or after this time.
        date_sent_after(time)
    }
}

impl ToForm for ListMessages {
    fn write(&self, form: &mut Form) {
        form_fields! {
            self, form;
            "To" => to,
            "From" => from,
            "DateSent" => date_sent,
            "DateSent<" => date_sent_before,
            "DateSent>" => date_sent_after,
        }
    }
}

list_item!(Message => "messages");

/// The account's messages: send and list.
#[derive(Debug, Clone)]
pub struct Messages {
    api: Api,
}

impl Messages {
    pub(crate) fn new(api: Api) -> Self {
        Self { api }
    }

    /// The resource's own path.
    fn path(&self) -> String {
        self.api.path("Messages.json")
    }

    resource_ops! {
        Api, self.api.client;
        /// Sends (or schedules) a message.
        create(CreateMessage) -> Message;
        /// Lists messages, newest first.
        list(ListMessages) -> Message;
    }
}

/// One message: fetch, update (redact the body, cancel a scheduled send), delete.
#[derive(Debug, Clone)]
pub struct MessageRef {
    api: Api,
    sid: MessageSid,
}

impl MessageRef {
    pub(crate) fn new(api: Api, sid: MessageSid) -> Self {
        Self { api, sid }
    }

    fn path(&self) -> String {
        self.api.path(&path!("Messages/{}.json", self.sid))
    }

    resource_ops! {
        Api, self.api.client;
        /// Fetches the message.
        fetch -> Message;
        /// Updates the message: [`UpdateMessage::redact`] blanks its body,
        /// `status(Canceled)` cancels a scheduled message.
        update(UpdateMessage) -> Message;
    }

    /// Redacts the message body (`Body=""`).
    ///
    /// # Errors
    /// Any [`Error`] of the request.
    pub async fn redact(&self) -> Result<Message, Error> {
        self.update(&UpdateMessage::redact()).await
    }

    resource_ops! {
        Api, self.api.client;
        /// Deletes the message.
        delete;
    }
}

impl UpdateMessage {
    /// Blanks the message body.
    pub fn redact() -> Self {
        Self::default().body("")
    }
}

/// A media file (image, audio, …) attached to an MMS.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct Media {
    /// The SID of the Account associated with this Media resource.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub account_sid: Option<AccountSid>,
    /// The default MIME type of the media, for example `image/jpeg`, `image/png`, or `image/gif`.
    pub content_type: Option<String>,
    /// The date and time in GMT when this Media resource was created, specified in RFC 2822 format.
    #[serde(default, deserialize_with = "crate::time::rfc2822")]
    pub date_created: Option<Timestamp>,
    /// The date and time in GMT when this Media resource was last updated, specified in RFC 2822 format.
    #[serde(default, deserialize_with = "crate::time::rfc2822")]
    pub date_updated: Option<Timestamp>,
    /// The SID of the Message resource that is associated with this Media resource.
    pub parent_sid: Option<String>,
    /// The unique string that identifies this Media resource.
    pub sid: MediaSid,
    /// The URI of this Media resource, relative to `https://api.twilio.com`.
    pub uri: Option<String>,
}
/// Parameters of `GET …/Messages/{MessageSid}/Media.json`.
#[derive(Debug, Clone, Default, PartialEq)]
#[must_use]
pub struct ListMedia {
    date_created: Option<WireTime>,
    date_created_before: Option<WireTime>,
    date_created_after: Option<WireTime>,
}

impl ListMedia {
    setters! {
        /// `DateCreated`: Only those that were created at this time.
        date_created(time)
        /// `DateCreated<`: Only those that were created on or before this time.
        date_created_before(time)
        /// `DateCreated>`: Only those that were created on or after this time.
        date_created_after(time)
    }
}

impl ToForm for ListMedia {
    fn write(&self, form: &mut Form) {
        form_fields! {
            self, form;
            "DateCreated" => date_created,
            "DateCreated<" => date_created_before,
            "DateCreated>" => date_created_after,
        }
    }
}

list_item!(Media => "media_list");

impl MessageRef {
    /// Lists the media (MMS attachments) of the message.
    pub fn media(&self, filter: ListMedia) -> Lister<Media> {
        let path = self.api.path(&path!("Messages/{}/Media.json", self.sid));
        self.api.client.list_at(Domain::Api, path, &filter)
    }

    /// One media item of the message.
    pub fn media_item(&self, sid: MediaSid) -> MediaRef {
        MediaRef {
            message: self.clone(),
            sid,
        }
    }
}

/// One media item of a message: fetch its metadata, delete it.
#[derive(Debug, Clone)]
pub struct MediaRef {
    message: MessageRef,
    sid: MediaSid,
}

impl MediaRef {
    fn path(&self) -> String {
        self.message.api.path(&path!(
            "Messages/{}/Media/{}.json",
            self.message.sid,
            self.sid
        ))
    }

    resource_ops! {
        Api, self.message.api.client;
        /// Fetches the media item's metadata.
        fetch -> Media;
        /// Deletes the media item.
        delete;
    }
}

/// Whether the recipient confirmed a message (for conversion tracking).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct MessageFeedback {
    /// The SID of the Account associated with this MessageFeedback resource.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub account_sid: Option<AccountSid>,
    /// The SID of the Message resource associated with this MessageFeedback resource.
    pub message_sid: Option<String>,
    /// Whether the message led to the expected action (`confirmed`) or not yet.
    pub outcome: Option<MessageFeedbackOutcome>,
    /// The date and time in GMT when this MessageFeedback resource was created, specified in RFC 2822 format.
    #[serde(default, deserialize_with = "crate::time::rfc2822")]
    pub date_created: Option<Timestamp>,
    /// The date and time in GMT when this MessageFeedback resource was last updated, specified in RFC 2822 format.
    #[serde(default, deserialize_with = "crate::time::rfc2822")]
    pub date_updated: Option<Timestamp>,
    /// The URI of the resource, relative to `https://api.twilio.com`.
    pub uri: Option<String>,
}
string_enum! {
    /// Reported outcome indicating whether there is confirmation that the Message recipient performed a tracked user action. Can be: `unconfirmed` or `confirmed`. For more details see [How to Optimize Message Deliverability with Message Feedback](https://www.twilio.com/docs/messaging/guides/send-message-feedback-to-twilio).
    MessageFeedbackOutcome {
        Confirmed => "confirmed",
        Unconfirmed => "unconfirmed",
    }
}
/// Parameters of `POST …/Messages/{MessageSid}/Feedback.json`.
#[derive(Debug, Clone, Default, PartialEq)]
#[must_use]
pub struct CreateMessageFeedback {
    outcome: Option<MessageFeedbackOutcome>,
}

impl CreateMessageFeedback {
    setters! {
        /// `Outcome`: `confirmed` once the recipient acted on the message.
        outcome(MessageFeedbackOutcome)
    }
}

to_form! {
    CreateMessageFeedback {
        "Outcome" => outcome,
    }
}

impl MessageRef {
    /// Reports whether the message was confirmed delivered (for messages sent with
    /// `ProvideFeedback`).
    ///
    /// # Errors
    /// Any [`Error`] of the request.
    pub async fn feedback(&self, params: &CreateMessageFeedback) -> Result<MessageFeedback, Error> {
        let path = self.api.path(&path!("Messages/{}/Feedback.json", self.sid));
        self.api.client.create_at(Domain::Api, path, params).await
    }
}

// The everyday shortcuts (issue 12): `client.messages().send(to, from, body)`.

/// The shortcuts' `&str` form of a sender: a Messaging Service SID (`MG` + 32 hex
/// digits) picks a number from that service; anything else is an address
/// ([`Endpoint::try_from`]).
impl TryFrom<&str> for Sender {
    type Error = Error;
    fn try_from(value: &str) -> Result<Self, Error> {
        match MessagingServiceSid::new(value) {
            Ok(sid) => Ok(Self::MessagingService(sid)),
            Err(_) => Endpoint::try_from(value).map(Self::From),
        }
    }
}

/// As the `&str` form.
impl TryFrom<String> for Sender {
    type Error = Error;
    fn try_from(value: String) -> Result<Self, Error> {
        Self::try_from(value.as_str())
    }
}

impl crate::Client {
    /// The client's account's messages: shortcut for `client.api().messages()`.
    pub fn messages(&self) -> Messages {
        self.api().messages()
    }
}

impl Messages {
    /// Sends a text message: the short form of [`Messages::create`] with
    /// [`CreateMessage::text`]. `to` and `from` are typed values or `&str`s (an E.164
    /// number, `client:`/`whatsapp:` address, sender ID; `from` may also be a
    /// Messaging Service SID).
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), twilio_rest::Error> {
    /// let twilio = twilio_rest::Twilio::from_env()?;
    /// let message = twilio.messages().send("+15005550006", "+15005550001", "Hello").await?;
    /// println!("{}", message.sid);
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for a malformed `to` or `from` (nothing is sent), else
    /// any [`Error`] of the request.
    pub async fn send(
        &self,
        to: impl TryInto<Endpoint, Error: Into<Error>>,
        from: impl TryInto<Sender, Error: Into<Error>>,
        body: impl Into<String>,
    ) -> Result<Message, Error> {
        let to = to.try_into().map_err(Into::into)?;
        let from = from.try_into().map_err(Into::into)?;
        self.create(&CreateMessage::text(to, from, body)).await
    }
}

#[cfg(test)]
mod shortcut_tests {
    use super::*;

    #[test]
    fn senders_from_text() {
        let service = format!("MG{}", "0".repeat(32));
        assert!(matches!(
            Sender::try_from(service.as_str()),
            Ok(Sender::MessagingService(_))
        ));
        assert!(matches!(
            Sender::try_from("+15005550006"),
            Ok(Sender::From(_))
        ));
        assert!(matches!(
            Sender::try_from("+1 500"),
            Err(Error::InvalidInput(_))
        ));
    }

    #[tokio::test]
    async fn a_malformed_number_fails_before_any_request() {
        let account = format!("AC{}", "0".repeat(32)).parse().unwrap();
        let client = crate::Client::builder()
            .credentials(crate::Credentials::auth_token(account, "token"))
            .base_url(Domain::Api, "http://127.0.0.1:9")
            .build()
            .unwrap();
        let sent = client.messages().send("+1 555", "+15005550001", "Hi").await;
        assert!(matches!(sent, Err(Error::InvalidInput(_))), "{sent:?}");
        let call = client
            .calls()
            .place("+15005550006", "", "<Response/>")
            .await;
        assert!(matches!(call, Err(Error::InvalidInput(_))), "{call:?}");
    }
}
