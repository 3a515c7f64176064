//! Live-call features: media streams, SIPREC sessions, real-time transcriptions, payment
//! sessions, and user-defined messages to and from a call's Voice SDK.

use serde::Deserialize;

use super::calls::CallRef;
use crate::Error;
use crate::client::Domain;
use crate::form::{Form, ToForm, segment};
use crate::sid::{
    AccountSid, CallSid, PaymentSid, RealtimeTranscriptionSid, SiprecSid, StreamSid,
    UserDefinedMessageSid, UserDefinedMessageSubscriptionSid,
};
use crate::types::{HttpMethod, string_enum};

/// Writes custom parameters as `Parameter1.Name`, `Parameter1.Value`, … (Twilio takes
/// up to 99).
fn write_parameters(form: &mut Form, parameters: &[(String, String)]) {
    for (n, (name, value)) in parameters.iter().enumerate().take(99) {
        form.push(format!("Parameter{}.Name", n + 1), name.as_str());
        form.push(format!("Parameter{}.Value", n + 1), value.as_str());
    }
}

/// Stream
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct Stream {
    /// The SID of the Stream resource.
    pub sid: StreamSid,
    /// The SID of the Account that created this Stream resource.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub account_sid: Option<AccountSid>,
    /// The SID of the Call the Stream resource is associated with.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub call_sid: Option<CallSid>,
    /// The user-specified name of this Stream, if one was given when the Stream was created.
    #[serde(default)]
    pub name: Option<String>,
    /// status.
    #[serde(default)]
    pub status: Option<StreamStatus>,
    /// The date and time in GMT that this resource was last updated, specified in RFC 2822 format.
    #[serde(default)]
    pub date_updated: Option<String>,
    /// The URI of the resource, relative to `https://api.twilio.com`.
    #[serde(default)]
    pub uri: Option<String>,
}

string_enum! {
    /// The status of the Stream. Possible values are `stopped` and `in-progress`.
    StreamStatus {
        InProgress => "in-progress",
        Stopped => "stopped",
    }
}

string_enum! {
    /// StreamTrack
    StreamTrack {
        InboundTrack => "inbound_track",
        OutboundTrack => "outbound_track",
        BothTracks => "both_tracks",
    }
}

string_enum! {
    /// StreamUpdateStatus
    StreamUpdateStatus {
        Stopped => "stopped",
    }
}

/// Parameters of `POST …/Calls/{CallSid}/Streams.json`.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct StartStream {
    parameters: Vec<(String, String)>,
    url: String,
    name: Option<String>,
    track: Option<StreamTrack>,
    status_callback: Option<String>,
    status_callback_method: Option<HttpMethod>,
}

impl StartStream {
    /// Adds a custom parameter passed to the receiver (`ParameterN.Name`/`.Value`).
    pub fn parameter(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.parameters.push((name.into(), value.into()));
        self
    }

    /// The required parameters: `Url`.
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            parameters: Vec::new(),
            url: url.into(),
            name: None,
            track: None,
            status_callback: None,
            status_callback_method: None,
        }
    }

    /// `Name`: The user-specified name of this Stream, if one was given when the Stream was created.
    pub fn name(mut self, value: impl Into<String>) -> Self {
        self.name = Some(value.into());
        self
    }

    /// `Track`: Track.
    pub fn track(mut self, value: StreamTrack) -> Self {
        self.track = Some(value);
        self
    }

    /// `StatusCallback`: Absolute URL to which Twilio sends status callback HTTP requests.
    pub fn status_callback(mut self, value: impl Into<String>) -> Self {
        self.status_callback = Some(value.into());
        self
    }

    /// `StatusCallbackMethod`: The HTTP method Twilio uses when sending `status_callback` requests.
    pub fn status_callback_method(mut self, value: HttpMethod) -> Self {
        self.status_callback_method = Some(value);
        self
    }
}

impl ToForm for StartStream {
    fn write(&self, form: &mut Form) {
        write_parameters(form, &self.parameters);
        form.push("Url", self.url.to_string());
        form.opt("Name", self.name.as_ref());
        form.opt("Track", self.track.as_ref());
        form.opt("StatusCallback", self.status_callback.as_ref());
        form.opt("StatusCallbackMethod", self.status_callback_method.as_ref());
    }
}

/// Parameters of `POST …/Calls/{CallSid}/Streams/{Sid}.json`.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct UpdateStream {
    status: StreamUpdateStatus,
}

impl UpdateStream {
    /// The required parameters: `Status`.
    pub fn new(status: StreamUpdateStatus) -> Self {
        Self { status }
    }
}

impl ToForm for UpdateStream {
    fn write(&self, form: &mut Form) {
        form.push("Status", self.status.to_string());
    }
}

impl CallRef {
    /// Starts a media stream (raw audio over a WebSocket) on the live call.
    ///
    /// # Errors
    /// Any [`Error`] of the request.
    pub async fn start_stream(&self, params: &StartStream) -> Result<Stream, Error> {
        self.client()
            .create_at(Domain::Api, self.sub_path("Streams.json"), params)
            .await
    }

    /// Stops (or changes) a media stream (raw audio over a WebSocket) by SID or name.
    ///
    /// # Errors
    /// Any [`Error`] of the request.
    pub async fn update_stream(&self, id: &str, params: &UpdateStream) -> Result<Stream, Error> {
        let path = self.sub_path(&format!("Streams/{}.json", segment(id)));
        self.client().update_at(Domain::Api, path, params).await
    }
}

/// Siprec
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct Siprec {
    /// The SID of the Siprec resource.
    pub sid: SiprecSid,
    /// The SID of the Account that created this Siprec resource.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub account_sid: Option<AccountSid>,
    /// The SID of the Call the Siprec resource is associated with.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub call_sid: Option<CallSid>,
    /// The user-specified name of this Siprec, if one was given when the Siprec was created.
    #[serde(default)]
    pub name: Option<String>,
    /// status.
    #[serde(default)]
    pub status: Option<SiprecStatus>,
    /// The date and time in GMT that this resource was last updated, specified in RFC 2822 format.
    #[serde(default)]
    pub date_updated: Option<String>,
    /// The URI of the resource, relative to `https://api.twilio.com`.
    #[serde(default)]
    pub uri: Option<String>,
}

string_enum! {
    /// The status - one of `stopped`, `in-progress`
    SiprecStatus {
        InProgress => "in-progress",
        Stopped => "stopped",
    }
}

string_enum! {
    /// SiprecTrack
    SiprecTrack {
        InboundTrack => "inbound_track",
        OutboundTrack => "outbound_track",
        BothTracks => "both_tracks",
    }
}

string_enum! {
    /// SiprecUpdateStatus
    SiprecUpdateStatus {
        Stopped => "stopped",
    }
}

/// Parameters of `POST …/Calls/{CallSid}/Siprec.json`.
#[derive(Debug, Clone, Default, PartialEq)]
#[must_use]
pub struct StartSiprec {
    parameters: Vec<(String, String)>,
    name: Option<String>,
    connector_name: Option<String>,
    track: Option<SiprecTrack>,
    status_callback: Option<String>,
    status_callback_method: Option<HttpMethod>,
}

impl StartSiprec {
    /// Adds a custom parameter passed to the receiver (`ParameterN.Name`/`.Value`).
    pub fn parameter(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.parameters.push((name.into(), value.into()));
        self
    }

    /// `Name`: The user-specified name of this Siprec, if one was given when the Siprec was created.
    pub fn name(mut self, value: impl Into<String>) -> Self {
        self.name = Some(value.into());
        self
    }

    /// `ConnectorName`: Unique name used when configuring the connector via Marketplace Add-on.
    pub fn connector_name(mut self, value: impl Into<String>) -> Self {
        self.connector_name = Some(value.into());
        self
    }

    /// `Track`: Track.
    pub fn track(mut self, value: SiprecTrack) -> Self {
        self.track = Some(value);
        self
    }

    /// `StatusCallback`: Absolute URL of the status callback.
    pub fn status_callback(mut self, value: impl Into<String>) -> Self {
        self.status_callback = Some(value.into());
        self
    }

    /// `StatusCallbackMethod`: The http method for the status_callback (one of GET, POST).
    pub fn status_callback_method(mut self, value: HttpMethod) -> Self {
        self.status_callback_method = Some(value);
        self
    }
}

impl ToForm for StartSiprec {
    fn write(&self, form: &mut Form) {
        write_parameters(form, &self.parameters);
        form.opt("Name", self.name.as_ref());
        form.opt("ConnectorName", self.connector_name.as_ref());
        form.opt("Track", self.track.as_ref());
        form.opt("StatusCallback", self.status_callback.as_ref());
        form.opt("StatusCallbackMethod", self.status_callback_method.as_ref());
    }
}

/// Parameters of `POST …/Calls/{CallSid}/Siprec/{Sid}.json`.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct UpdateSiprec {
    status: SiprecUpdateStatus,
}

impl UpdateSiprec {
    /// The required parameters: `Status`.
    pub fn new(status: SiprecUpdateStatus) -> Self {
        Self { status }
    }
}

impl ToForm for UpdateSiprec {
    fn write(&self, form: &mut Form) {
        form.push("Status", self.status.to_string());
    }
}

impl CallRef {
    /// Starts a SIPREC session (recording through a SIPREC connector) on the live call.
    ///
    /// # Errors
    /// Any [`Error`] of the request.
    pub async fn start_siprec(&self, params: &StartSiprec) -> Result<Siprec, Error> {
        self.client()
            .create_at(Domain::Api, self.sub_path("Siprec.json"), params)
            .await
    }

    /// Stops (or changes) a SIPREC session (recording through a SIPREC connector) by SID or name.
    ///
    /// # Errors
    /// Any [`Error`] of the request.
    pub async fn update_siprec(&self, id: &str, params: &UpdateSiprec) -> Result<Siprec, Error> {
        let path = self.sub_path(&format!("Siprec/{}.json", segment(id)));
        self.client().update_at(Domain::Api, path, params).await
    }
}

/// RealtimeTranscription
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct RealtimeTranscription {
    /// The SID of the Transcription resource.
    pub sid: RealtimeTranscriptionSid,
    /// The SID of the Account that created this Transcription resource.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub account_sid: Option<AccountSid>,
    /// The SID of the Call the Transcription resource is associated with.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub call_sid: Option<CallSid>,
    /// The user-specified name of this Transcription, if one was given when the Transcription was created.
    #[serde(default)]
    pub name: Option<String>,
    /// status.
    #[serde(default)]
    pub status: Option<RealtimeTranscriptionStatus>,
    /// The date and time in GMT that this resource was last updated, specified in RFC 2822 format.
    #[serde(default)]
    pub date_updated: Option<String>,
    /// uri.
    #[serde(default)]
    pub uri: Option<String>,
}

string_enum! {
    /// The status - one of `stopped`, `in-flight`
    RealtimeTranscriptionStatus {
        InProgress => "in-progress",
        Stopped => "stopped",
    }
}

string_enum! {
    /// RealtimeTranscriptionTrack
    RealtimeTranscriptionTrack {
        InboundTrack => "inbound_track",
        OutboundTrack => "outbound_track",
        BothTracks => "both_tracks",
    }
}

string_enum! {
    /// RealtimeTranscriptionUpdateStatus
    RealtimeTranscriptionUpdateStatus {
        Stopped => "stopped",
    }
}

/// Parameters of `POST …/Calls/{CallSid}/Transcriptions.json`.
#[derive(Debug, Clone, Default, PartialEq)]
#[must_use]
pub struct StartRealtimeTranscription {
    parameters: Vec<(String, String)>,
    name: Option<String>,
    track: Option<RealtimeTranscriptionTrack>,
    status_callback_url: Option<String>,
    status_callback_method: Option<HttpMethod>,
    inbound_track_label: Option<String>,
    outbound_track_label: Option<String>,
    partial_results: Option<bool>,
    language_code: Option<String>,
    transcription_engine: Option<String>,
    profanity_filter: Option<bool>,
    speech_model: Option<String>,
    hints: Option<String>,
    enable_automatic_punctuation: Option<bool>,
    intelligence_service: Option<String>,
}

impl StartRealtimeTranscription {
    /// Adds a custom parameter passed to the receiver (`ParameterN.Name`/`.Value`).
    pub fn parameter(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.parameters.push((name.into(), value.into()));
        self
    }

    /// `Name`: The user-specified name of this Transcription, if one was given when the Transcription was created.
    pub fn name(mut self, value: impl Into<String>) -> Self {
        self.name = Some(value.into());
        self
    }

    /// `Track`: Track.
    pub fn track(mut self, value: RealtimeTranscriptionTrack) -> Self {
        self.track = Some(value);
        self
    }

    /// `StatusCallbackUrl`: Absolute URL of the status callback.
    pub fn status_callback_url(mut self, value: impl Into<String>) -> Self {
        self.status_callback_url = Some(value.into());
        self
    }

    /// `StatusCallbackMethod`: The http method for the status_callback (one of GET, POST).
    pub fn status_callback_method(mut self, value: HttpMethod) -> Self {
        self.status_callback_method = Some(value);
        self
    }

    /// `InboundTrackLabel`: Friendly name given to the Inbound Track.
    pub fn inbound_track_label(mut self, value: impl Into<String>) -> Self {
        self.inbound_track_label = Some(value.into());
        self
    }

    /// `OutboundTrackLabel`: Friendly name given to the Outbound Track.
    pub fn outbound_track_label(mut self, value: impl Into<String>) -> Self {
        self.outbound_track_label = Some(value.into());
        self
    }

    /// `PartialResults`: Indicates if partial results are going to be sent to the customer.
    pub fn partial_results(mut self, value: bool) -> Self {
        self.partial_results = Some(value);
        self
    }

    /// `LanguageCode`: Language code used by the transcription engine, specified in BCP-47 format.
    pub fn language_code(mut self, value: impl Into<String>) -> Self {
        self.language_code = Some(value.into());
        self
    }

    /// `TranscriptionEngine`: Definition of the transcription engine to be used, among those supported by Twilio.
    pub fn transcription_engine(mut self, value: impl Into<String>) -> Self {
        self.transcription_engine = Some(value.into());
        self
    }

    /// `ProfanityFilter`: indicates if the server will attempt to filter out profanities, replacing all but the initial character in each filtered word with asterisks.
    pub fn profanity_filter(mut self, value: bool) -> Self {
        self.profanity_filter = Some(value);
        self
    }

    /// `SpeechModel`: Recognition model used by the transcription engine, among those supported by the provider.
    pub fn speech_model(mut self, value: impl Into<String>) -> Self {
        self.speech_model = Some(value.into());
        self
    }

    /// `Hints`: A Phrase contains words and phrase "hints" so that the speech recognition engine is more likely to recognize them.
    pub fn hints(mut self, value: impl Into<String>) -> Self {
        self.hints = Some(value.into());
        self
    }

    /// `EnableAutomaticPunctuation`: The provider will add punctuation to recognition result.
    pub fn enable_automatic_punctuation(mut self, value: bool) -> Self {
        self.enable_automatic_punctuation = Some(value);
        self
    }

    /// `IntelligenceService`: The SID or unique name of the Intelligence Service for persisting transcripts and running post-call Language Operators .
    pub fn intelligence_service(mut self, value: impl Into<String>) -> Self {
        self.intelligence_service = Some(value.into());
        self
    }
}

impl ToForm for StartRealtimeTranscription {
    fn write(&self, form: &mut Form) {
        write_parameters(form, &self.parameters);
        form.opt("Name", self.name.as_ref());
        form.opt("Track", self.track.as_ref());
        form.opt("StatusCallbackUrl", self.status_callback_url.as_ref());
        form.opt("StatusCallbackMethod", self.status_callback_method.as_ref());
        form.opt("InboundTrackLabel", self.inbound_track_label.as_ref());
        form.opt("OutboundTrackLabel", self.outbound_track_label.as_ref());
        form.opt("PartialResults", self.partial_results.as_ref());
        form.opt("LanguageCode", self.language_code.as_ref());
        form.opt("TranscriptionEngine", self.transcription_engine.as_ref());
        form.opt("ProfanityFilter", self.profanity_filter.as_ref());
        form.opt("SpeechModel", self.speech_model.as_ref());
        form.opt("Hints", self.hints.as_ref());
        form.opt(
            "EnableAutomaticPunctuation",
            self.enable_automatic_punctuation.as_ref(),
        );
        form.opt("IntelligenceService", self.intelligence_service.as_ref());
    }
}

/// Parameters of `POST …/Calls/{CallSid}/Transcriptions/{Sid}.json`.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct UpdateRealtimeTranscription {
    status: RealtimeTranscriptionUpdateStatus,
}

impl UpdateRealtimeTranscription {
    /// The required parameters: `Status`.
    pub fn new(status: RealtimeTranscriptionUpdateStatus) -> Self {
        Self { status }
    }
}

impl ToForm for UpdateRealtimeTranscription {
    fn write(&self, form: &mut Form) {
        form.push("Status", self.status.to_string());
    }
}

impl CallRef {
    /// Starts a real-time transcription on the live call.
    ///
    /// # Errors
    /// Any [`Error`] of the request.
    pub async fn start_transcription(
        &self,
        params: &StartRealtimeTranscription,
    ) -> Result<RealtimeTranscription, Error> {
        self.client()
            .create_at(Domain::Api, self.sub_path("Transcriptions.json"), params)
            .await
    }

    /// Stops (or changes) a real-time transcription by SID or name.
    ///
    /// # Errors
    /// Any [`Error`] of the request.
    pub async fn update_transcription(
        &self,
        id: &str,
        params: &UpdateRealtimeTranscription,
    ) -> Result<RealtimeTranscription, Error> {
        let path = self.sub_path(&format!("Transcriptions/{}.json", segment(id)));
        self.client().update_at(Domain::Api, path, params).await
    }
}

/// UserDefinedMessage
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct UserDefinedMessage {
    /// The SID of the Account that created User Defined Message.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub account_sid: Option<AccountSid>,
    /// The SID of the Call the User Defined Message is associated with.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub call_sid: Option<CallSid>,
    /// The SID that uniquely identifies this User Defined Message.
    pub sid: UserDefinedMessageSid,
    /// The date that this User Defined Message was created, given in RFC 2822 format.
    #[serde(default)]
    pub date_created: Option<String>,
}

/// Parameters of `POST …/Calls/{CallSid}/UserDefinedMessages.json`.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct SendUserDefinedMessage {
    content: String,
    idempotency_key: Option<String>,
}

impl SendUserDefinedMessage {
    /// The required parameters: `Content`.
    pub fn new(content: impl Into<String>) -> Self {
        Self {
            content: content.into(),
            idempotency_key: None,
        }
    }

    /// `IdempotencyKey`: A unique string value to identify API call.
    pub fn idempotency_key(mut self, value: impl Into<String>) -> Self {
        self.idempotency_key = Some(value.into());
        self
    }
}

impl ToForm for SendUserDefinedMessage {
    fn write(&self, form: &mut Form) {
        form.push("Content", self.content.to_string());
        form.opt("IdempotencyKey", self.idempotency_key.as_ref());
    }
}

/// UserDefinedMessageSubscription
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct UserDefinedMessageSubscription {
    /// The SID of the Account that subscribed to the User Defined Messages.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub account_sid: Option<AccountSid>,
    /// The SID of the Call the User Defined Message Subscription is associated with.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub call_sid: Option<CallSid>,
    /// The SID that uniquely identifies this User Defined Message Subscription.
    pub sid: UserDefinedMessageSubscriptionSid,
    /// The date that this User Defined Message Subscription was created, given in RFC 2822 format.
    #[serde(default)]
    pub date_created: Option<String>,
    /// The URI of the User Defined Message Subscription Resource, relative to `https://api.twilio.com`.
    #[serde(default)]
    pub uri: Option<String>,
}

/// Parameters of `POST …/Calls/{CallSid}/UserDefinedMessageSubscriptions.json`.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct SubscribeUserDefinedMessages {
    callback: String,
    idempotency_key: Option<String>,
    method: Option<HttpMethod>,
}

impl SubscribeUserDefinedMessages {
    /// The required parameters: `Callback`.
    pub fn new(callback: impl Into<String>) -> Self {
        Self {
            callback: callback.into(),
            idempotency_key: None,
            method: None,
        }
    }

    /// `IdempotencyKey`: A unique string value to identify API call.
    pub fn idempotency_key(mut self, value: impl Into<String>) -> Self {
        self.idempotency_key = Some(value.into());
        self
    }

    /// `Method`: The HTTP method Twilio will use when requesting the above `Url`.
    pub fn method(mut self, value: HttpMethod) -> Self {
        self.method = Some(value);
        self
    }
}

impl ToForm for SubscribeUserDefinedMessages {
    fn write(&self, form: &mut Form) {
        form.push("Callback", self.callback.to_string());
        form.opt("IdempotencyKey", self.idempotency_key.as_ref());
        form.opt("Method", self.method.as_ref());
    }
}

impl CallRef {
    /// Sends a message to the Voice SDK on the call (`Content` is a JSON string).
    ///
    /// # Errors
    /// Any [`Error`] of the request.
    pub async fn send_user_defined_message(
        &self,
        params: &SendUserDefinedMessage,
    ) -> Result<UserDefinedMessage, Error> {
        self.client()
            .create_at(
                Domain::Api,
                self.sub_path("UserDefinedMessages.json"),
                params,
            )
            .await
    }

    /// Subscribes a callback URL to messages the call's Voice SDK sends.
    ///
    /// # Errors
    /// Any [`Error`] of the request.
    pub async fn subscribe_user_defined_messages(
        &self,
        params: &SubscribeUserDefinedMessages,
    ) -> Result<UserDefinedMessageSubscription, Error> {
        let path = self.sub_path("UserDefinedMessageSubscriptions.json");
        self.client().create_at(Domain::Api, path, params).await
    }

    /// Ends a subscription to the call's user-defined messages.
    ///
    /// # Errors
    /// Any [`Error`] of the request.
    pub async fn unsubscribe_user_defined_messages(
        &self,
        sid: &UserDefinedMessageSubscriptionSid,
    ) -> Result<(), Error> {
        let path = self.sub_path(&format!(
            "UserDefinedMessageSubscriptions/{}.json",
            segment(sid.as_str())
        ));
        self.client().delete_at(Domain::Api, path).await
    }
}

/// Payment
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct Payment {
    /// The SID of the Account that created the Payments resource.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub account_sid: Option<AccountSid>,
    /// The SID of the Call the Payments resource is associated with.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub call_sid: Option<CallSid>,
    /// The SID of the Payments resource.
    pub sid: PaymentSid,
    /// The date and time in GMT that the resource was created specified in RFC 2822 format.
    #[serde(default)]
    pub date_created: Option<String>,
    /// The date and time in GMT that the resource was last updated specified in RFC 2822 format.
    #[serde(default)]
    pub date_updated: Option<String>,
    /// The URI of the resource, relative to `https://api.twilio.com`.
    #[serde(default)]
    pub uri: Option<String>,
}
string_enum! {
    /// PaymentBankAccountType
    PaymentBankAccountType {
        ConsumerChecking => "consumer-checking",
        ConsumerSavings => "consumer-savings",
        CommercialChecking => "commercial-checking",
    }
}
string_enum! {
    /// PaymentPaymentMethod
    PaymentPaymentMethod {
        CreditCard => "credit-card",
        AchDebit => "ach-debit",
    }
}
string_enum! {
    /// PaymentTokenType
    PaymentTokenType {
        OneTime => "one-time",
        Reusable => "reusable",
        PaymentMethod => "payment-method",
    }
}
string_enum! {
    /// PaymentCapture
    PaymentCapture {
        PaymentCardNumber => "payment-card-number",
        ExpirationDate => "expiration-date",
        SecurityCode => "security-code",
        PostalCode => "postal-code",
        BankRoutingNumber => "bank-routing-number",
        BankAccountNumber => "bank-account-number",
    }
}
string_enum! {
    /// PaymentStatus
    PaymentStatus {
        Complete => "complete",
        Cancel => "cancel",
    }
}
/// Parameters of `POST …/Calls/{CallSid}/Payments.json`.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct StartPayment {
    idempotency_key: String,
    status_callback: String,
    bank_account_type: Option<PaymentBankAccountType>,
    charge_amount: Option<f64>,
    currency: Option<String>,
    description: Option<String>,
    input: Option<String>,
    min_postal_code_length: Option<u32>,
    parameter: Option<serde_json::Value>,
    payment_connector: Option<String>,
    payment_method: Option<PaymentPaymentMethod>,
    postal_code: Option<bool>,
    security_code: Option<bool>,
    timeout: Option<u32>,
    token_type: Option<PaymentTokenType>,
    valid_card_types: Option<String>,
}

impl StartPayment {
    /// The required parameters: `IdempotencyKey`, `StatusCallback`.
    pub fn new(idempotency_key: impl Into<String>, status_callback: impl Into<String>) -> Self {
        Self {
            idempotency_key: idempotency_key.into(),
            status_callback: status_callback.into(),
            bank_account_type: None,
            charge_amount: None,
            currency: None,
            description: None,
            input: None,
            min_postal_code_length: None,
            parameter: None,
            payment_connector: None,
            payment_method: None,
            postal_code: None,
            security_code: None,
            timeout: None,
            token_type: None,
            valid_card_types: None,
        }
    }

    /// `BankAccountType`: BankAccountType.
    pub fn bank_account_type(mut self, value: PaymentBankAccountType) -> Self {
        self.bank_account_type = Some(value);
        self
    }

    /// `ChargeAmount`: A positive decimal value less than 1,000,000 to charge against the credit card or bank account.
    pub fn charge_amount(mut self, value: f64) -> Self {
        self.charge_amount = Some(value);
        self
    }

    /// `Currency`: The currency of the `charge_amount`, formatted as ISO 4127 format.
    pub fn currency(mut self, value: impl Into<String>) -> Self {
        self.currency = Some(value.into());
        self
    }

    /// `Description`: The description can be used to provide more details regarding the transaction.
    pub fn description(mut self, value: impl Into<String>) -> Self {
        self.description = Some(value.into());
        self
    }

    /// `Input`: A list of inputs that should be accepted.
    pub fn input(mut self, value: impl Into<String>) -> Self {
        self.input = Some(value.into());
        self
    }

    /// `MinPostalCodeLength`: A positive integer that is used to validate the length of the `PostalCode` inputted by the user.
    pub fn min_postal_code_length(mut self, value: u32) -> Self {
        self.min_postal_code_length = Some(value);
        self
    }

    /// `Parameter`: A single-level JSON object used to pass custom parameters to payment processors.
    pub fn parameter(mut self, value: serde_json::Value) -> Self {
        self.parameter = Some(value);
        self
    }

    /// `PaymentConnector`: This is the unique name corresponding to the Pay Connector installed in the Twilio Add-ons.
    pub fn payment_connector(mut self, value: impl Into<String>) -> Self {
        self.payment_connector = Some(value.into());
        self
    }

    /// `PaymentMethod`: PaymentMethod.
    pub fn payment_method(mut self, value: PaymentPaymentMethod) -> Self {
        self.payment_method = Some(value);
        self
    }

    /// `PostalCode`: Indicates whether the credit card postal code (zip code) is a required piece of payment information that must be provided by the caller.
    pub fn postal_code(mut self, value: bool) -> Self {
        self.postal_code = Some(value);
        self
    }

    /// `SecurityCode`: Indicates whether the credit card security code is a required piece of payment information that must be provided by the caller.
    pub fn security_code(mut self, value: bool) -> Self {
        self.security_code = Some(value);
        self
    }

    /// `Timeout`: The number of seconds that <Pay> should wait for the caller to press a digit between each subsequent digit, after the first one, before moving on to validate the digits captured.
    pub fn timeout(mut self, value: u32) -> Self {
        self.timeout = Some(value);
        self
    }

    /// `TokenType`: TokenType.
    pub fn token_type(mut self, value: PaymentTokenType) -> Self {
        self.token_type = Some(value);
        self
    }

    /// `ValidCardTypes`: Credit card types separated by space that Pay should accept.
    pub fn valid_card_types(mut self, value: impl Into<String>) -> Self {
        self.valid_card_types = Some(value.into());
        self
    }
}

impl ToForm for StartPayment {
    fn write(&self, form: &mut Form) {
        form.push("IdempotencyKey", self.idempotency_key.to_string());
        form.push("StatusCallback", self.status_callback.to_string());
        form.opt("BankAccountType", self.bank_account_type.as_ref());
        form.opt("ChargeAmount", self.charge_amount.as_ref());
        form.opt("Currency", self.currency.as_ref());
        form.opt("Description", self.description.as_ref());
        form.opt("Input", self.input.as_ref());
        form.opt("MinPostalCodeLength", self.min_postal_code_length.as_ref());
        form.opt("Parameter", self.parameter.as_ref());
        form.opt("PaymentConnector", self.payment_connector.as_ref());
        form.opt("PaymentMethod", self.payment_method.as_ref());
        form.opt("PostalCode", self.postal_code.as_ref());
        form.opt("SecurityCode", self.security_code.as_ref());
        form.opt("Timeout", self.timeout.as_ref());
        form.opt("TokenType", self.token_type.as_ref());
        form.opt("ValidCardTypes", self.valid_card_types.as_ref());
    }
}
/// Parameters of `POST …/Calls/{CallSid}/Payments/{Sid}.json`.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct UpdatePayment {
    idempotency_key: String,
    status_callback: String,
    capture: Option<PaymentCapture>,
    status: Option<PaymentStatus>,
}

impl UpdatePayment {
    /// The required parameters: `IdempotencyKey`, `StatusCallback`.
    pub fn new(idempotency_key: impl Into<String>, status_callback: impl Into<String>) -> Self {
        Self {
            idempotency_key: idempotency_key.into(),
            status_callback: status_callback.into(),
            capture: None,
            status: None,
        }
    }

    /// `Capture`: Capture.
    pub fn capture(mut self, value: PaymentCapture) -> Self {
        self.capture = Some(value);
        self
    }

    /// `Status`: Status.
    pub fn status(mut self, value: PaymentStatus) -> Self {
        self.status = Some(value);
        self
    }
}

impl ToForm for UpdatePayment {
    fn write(&self, form: &mut Form) {
        form.push("IdempotencyKey", self.idempotency_key.to_string());
        form.push("StatusCallback", self.status_callback.to_string());
        form.opt("Capture", self.capture.as_ref());
        form.opt("Status", self.status.as_ref());
    }
}

impl CallRef {
    /// Starts a PCI-compliant payment session (`<Pay>` over the REST API) on the call.
    ///
    /// # Errors
    /// Any [`Error`] of the request.
    pub async fn start_payment(&self, params: &StartPayment) -> Result<Payment, Error> {
        self.client()
            .create_at(Domain::Api, self.sub_path("Payments.json"), params)
            .await
    }

    /// Captures a payment field, or completes or cancels the payment session.
    ///
    /// # Errors
    /// Any [`Error`] of the request.
    pub async fn update_payment(
        &self,
        sid: &PaymentSid,
        params: &UpdatePayment,
    ) -> Result<Payment, Error> {
        let path = self.sub_path(&format!("Payments/{}.json", segment(sid.as_str())));
        self.client().update_at(Domain::Api, path, params).await
    }
}
