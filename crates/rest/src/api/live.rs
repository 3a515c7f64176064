//! The types of live-call features: media streams, SIPREC sessions, real-time
//! transcriptions, payment sessions, and user-defined messages to and from a call's Voice
//! SDK. The operations are methods of [`CallRef`](super::calls::CallRef), all in one
//! `impl` in `calls.rs`, so that everything a call can do reads in one place.

use serde::Deserialize;

use crate::form::{Form, ToForm};
use crate::sid::{
    AccountSid, CallSid, PaymentSid, RealtimeTranscriptionSid, SiprecSid, StreamSid,
    UserDefinedMessageSid, UserDefinedMessageSubscriptionSid,
};
use crate::time::Timestamp;
use crate::types::{HttpMethod, string_enum};

/// Writes custom parameters as `Parameter1.Name`, `Parameter1.Value`, … (Twilio takes
/// up to 99).
fn write_parameters(form: &mut Form, parameters: &[(String, String)]) {
    for (n, (name, value)) in parameters.iter().enumerate().take(99) {
        form.push(format!("Parameter{}.Name", n + 1), name.as_str());
        form.push(format!("Parameter{}.Value", n + 1), value.as_str());
    }
}

/// A media stream: the call's audio forked to your WebSocket server.
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
    pub name: Option<String>,
    /// Whether the stream is `in-progress` or `stopped`.
    pub status: Option<StreamStatus>,
    /// The date and time in GMT that this resource was last updated, specified in RFC 2822 format.
    #[serde(default, deserialize_with = "crate::time::rfc2822")]
    pub date_updated: Option<Timestamp>,
    /// The URI of the resource, relative to `https://api.twilio.com`.
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
    /// The tracks of a call's audio to stream, fork to SIPREC or transcribe.
    StreamTrack {
        InboundTrack => "inbound_track",
        OutboundTrack => "outbound_track",
        BothTracks => "both_tracks",
    }
}

string_enum! {
    /// The status a media stream can be moved to: `stopped`.
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

    setters! {
        /// `Name`: The user-specified name of this Stream, if one was given when the Stream was created.
        name(into String)
        /// `Track`: The tracks to stream (default `inbound_track`).
        track(StreamTrack)
        /// `StatusCallback`: Absolute URL to which Twilio sends status callback HTTP requests.
        status_callback(into String)
        /// `StatusCallbackMethod`: The HTTP method Twilio uses when sending `status_callback` requests.
        status_callback_method(HttpMethod)
    }
}

impl ToForm for StartStream {
    fn write(&self, form: &mut Form) {
        write_parameters(form, &self.parameters);
        form_fields! {
            self, form;
            "Url" => (url),
            "Name" => name,
            "Track" => track,
            "StatusCallback" => status_callback,
            "StatusCallbackMethod" => status_callback_method,
        }
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

to_form! {
    UpdateStream {
        "Status" => (status),
    }
}

/// A SIPREC session: the call's audio forked to a SIP recording server.
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
    pub name: Option<String>,
    /// Whether the SIPREC session is `in-progress` or `stopped`.
    pub status: Option<SiprecStatus>,
    /// The date and time in GMT that this resource was last updated, specified in RFC 2822 format.
    #[serde(default, deserialize_with = "crate::time::rfc2822")]
    pub date_updated: Option<Timestamp>,
    /// The URI of the resource, relative to `https://api.twilio.com`.
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
    /// The tracks of a call's audio to fork to a SIPREC server.
    SiprecTrack {
        InboundTrack => "inbound_track",
        OutboundTrack => "outbound_track",
        BothTracks => "both_tracks",
    }
}

string_enum! {
    /// The status a SIPREC session can be moved to: `stopped`.
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

    setters! {
        /// `Name`: The user-specified name of this Siprec, if one was given when the Siprec was created.
        name(into String)
        /// `ConnectorName`: Unique name used when configuring the connector via Marketplace Add-on.
        connector_name(into String)
        /// `Track`: The tracks to fork (default `inbound_track`).
        track(SiprecTrack)
        /// `StatusCallback`: Absolute URL of the status callback.
        status_callback(into String)
        /// `StatusCallbackMethod`: The http method for the status_callback (one of GET, POST).
        status_callback_method(HttpMethod)
    }
}

impl ToForm for StartSiprec {
    fn write(&self, form: &mut Form) {
        write_parameters(form, &self.parameters);
        form_fields! {
            self, form;
            "Name" => name,
            "ConnectorName" => connector_name,
            "Track" => track,
            "StatusCallback" => status_callback,
            "StatusCallbackMethod" => status_callback_method,
        }
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

to_form! {
    UpdateSiprec {
        "Status" => (status),
    }
}

/// A real-time transcription of a live call.
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
    pub name: Option<String>,
    /// Whether the transcription is `in-progress` or `stopped`.
    pub status: Option<RealtimeTranscriptionStatus>,
    /// The date and time in GMT that this resource was last updated, specified in RFC 2822 format.
    #[serde(default, deserialize_with = "crate::time::rfc2822")]
    pub date_updated: Option<Timestamp>,
    /// The URI of this resource, relative to `https://api.twilio.com`.
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
    /// The tracks of a call's audio to transcribe.
    RealtimeTranscriptionTrack {
        InboundTrack => "inbound_track",
        OutboundTrack => "outbound_track",
        BothTracks => "both_tracks",
    }
}

string_enum! {
    /// The status a real-time transcription can be moved to: `stopped`.
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

    setters! {
        /// `Name`: The user-specified name of this Transcription, if one was given when the Transcription was created.
        name(into String)
        /// `Track`: The tracks to transcribe (default `both_tracks`).
        track(RealtimeTranscriptionTrack)
        /// `StatusCallbackUrl`: Absolute URL of the status callback.
        status_callback_url(into String)
        /// `StatusCallbackMethod`: The http method for the status_callback (one of GET, POST).
        status_callback_method(HttpMethod)
        /// `InboundTrackLabel`: Friendly name given to the Inbound Track.
        inbound_track_label(into String)
        /// `OutboundTrackLabel`: Friendly name given to the Outbound Track.
        outbound_track_label(into String)
        /// `PartialResults`: Indicates if partial results are going to be sent to the customer.
        partial_results(bool)
        /// `LanguageCode`: Language code used by the transcription engine, specified in BCP-47 format.
        language_code(into String)
        /// `TranscriptionEngine`: Definition of the transcription engine to be used, among those supported by Twilio.
        transcription_engine(into String)
        /// `ProfanityFilter`: indicates if the server will attempt to filter out profanities, replacing all but the initial character in each filtered word with asterisks.
        profanity_filter(bool)
        /// `SpeechModel`: Recognition model used by the transcription engine, among those supported by the provider.
        speech_model(into String)
        /// `Hints`: A Phrase contains words and phrase "hints" so that the speech recognition engine is more likely to recognize them.
        hints(into String)
        /// `EnableAutomaticPunctuation`: The provider will add punctuation to recognition result.
        enable_automatic_punctuation(bool)
        /// `IntelligenceService`: The SID or unique name of the Intelligence Service for persisting transcripts and running post-call Language Operators .
        intelligence_service(into String)
    }
}

impl ToForm for StartRealtimeTranscription {
    fn write(&self, form: &mut Form) {
        write_parameters(form, &self.parameters);
        form_fields! {
            self, form;
            "Name" => name,
            "Track" => track,
            "StatusCallbackUrl" => status_callback_url,
            "StatusCallbackMethod" => status_callback_method,
            "InboundTrackLabel" => inbound_track_label,
            "OutboundTrackLabel" => outbound_track_label,
            "PartialResults" => partial_results,
            "LanguageCode" => language_code,
            "TranscriptionEngine" => transcription_engine,
            "ProfanityFilter" => profanity_filter,
            "SpeechModel" => speech_model,
            "Hints" => hints,
            "EnableAutomaticPunctuation" => enable_automatic_punctuation,
            "IntelligenceService" => intelligence_service,
        }
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

to_form! {
    UpdateRealtimeTranscription {
        "Status" => (status),
    }
}

/// A message sent from your application to the SDK on the other end of a live call.
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
    #[serde(default, deserialize_with = "crate::time::rfc2822")]
    pub date_created: Option<Timestamp>,
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

    setters! {
        /// `IdempotencyKey`: A unique string value to identify API call.
        idempotency_key(into String)
    }
}

to_form! {
    SendUserDefinedMessage {
        "Content" => (content),
        "IdempotencyKey" => idempotency_key,
    }
}

/// A subscription to the messages an SDK sends on a live call.
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
    #[serde(default, deserialize_with = "crate::time::rfc2822")]
    pub date_created: Option<Timestamp>,
    /// The URI of the User Defined Message Subscription Resource, relative to `https://api.twilio.com`.
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

    setters! {
        /// `IdempotencyKey`: A unique string value to identify API call.
        idempotency_key(into String)
        /// `Method`: The HTTP method Twilio will use when requesting the above `Url`.
        method(HttpMethod)
    }
}

to_form! {
    SubscribeUserDefinedMessages {
        "Callback" => (callback),
        "IdempotencyKey" => idempotency_key,
        "Method" => method,
    }
}

/// A payment session on a live call (`<Pay>` driven through the REST API).
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
    #[serde(default, deserialize_with = "crate::time::rfc2822")]
    pub date_created: Option<Timestamp>,
    /// The date and time in GMT that the resource was last updated specified in RFC 2822 format.
    #[serde(default, deserialize_with = "crate::time::rfc2822")]
    pub date_updated: Option<Timestamp>,
    /// The URI of the resource, relative to `https://api.twilio.com`.
    pub uri: Option<String>,
}
string_enum! {
    /// The kind of bank account an ACH payment draws from.
    PaymentBankAccountType {
        ConsumerChecking => "consumer-checking",
        ConsumerSavings => "consumer-savings",
        CommercialChecking => "commercial-checking",
    }
}
string_enum! {
    /// How the caller pays: by card or by ACH debit.
    PaymentPaymentMethod {
        CreditCard => "credit-card",
        AchDebit => "ach-debit",
    }
}
string_enum! {
    /// What the payment connector returns: a one-time or reusable token, or a stored payment method.
    PaymentTokenType {
        OneTime => "one-time",
        Reusable => "reusable",
        PaymentMethod => "payment-method",
    }
}
string_enum! {
    /// A piece of payment information to collect from the caller.
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
    /// How a payment session ends: `complete` submits what was captured, `cancel` drops it.
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

    setters! {
        /// `BankAccountType`: The kind of bank account (ACH payments only).
        bank_account_type(PaymentBankAccountType)
        /// `ChargeAmount`: A positive decimal value less than 1,000,000 to charge against the credit card or bank account.
        charge_amount(f64)
        /// `Currency`: The currency of the `charge_amount`, formatted as ISO 4127 format.
        currency(into String)
        /// `Description`: The description can be used to provide more details regarding the transaction.
        description(into String)
        /// `Input`: A list of inputs that should be accepted.
        input(into String)
        /// `MinPostalCodeLength`: A positive integer that is used to validate the length of the `PostalCode` inputted by the user.
        min_postal_code_length(u32)
        /// `Parameter`: A single-level JSON object used to pass custom parameters to payment processors.
        parameter(serde_json::Value)
        /// `PaymentConnector`: This is the unique name corresponding to the Pay Connector installed in the Twilio Add-ons.
        payment_connector(into String)
        /// `PaymentMethod`: Card or ACH debit (default `credit-card`).
        payment_method(PaymentPaymentMethod)
        /// `PostalCode`: Indicates whether the credit card postal code (zip code) is a required piece of payment information that must be provided by the caller.
        postal_code(bool)
        /// `SecurityCode`: Indicates whether the credit card security code is a required piece of payment information that must be provided by the caller.
        security_code(bool)
        /// `Timeout`: The number of seconds that `<Pay>` should wait for the caller to press a digit between each subsequent digit, after the first one, before moving on to validate the digits captured.
        timeout(u32)
        /// `TokenType`: Whether to get a one-time or reusable token, or to store a payment method.
        token_type(PaymentTokenType)
        /// `ValidCardTypes`: Credit card types separated by space that Pay should accept.
        valid_card_types(into String)
    }
}

to_form! {
    StartPayment {
        "IdempotencyKey" => (idempotency_key),
        "StatusCallback" => (status_callback),
        "BankAccountType" => bank_account_type,
        "ChargeAmount" => charge_amount,
        "Currency" => currency,
        "Description" => description,
        "Input" => input,
        "MinPostalCodeLength" => min_postal_code_length,
        "Parameter" => parameter,
        "PaymentConnector" => payment_connector,
        "PaymentMethod" => payment_method,
        "PostalCode" => postal_code,
        "SecurityCode" => security_code,
        "Timeout" => timeout,
        "TokenType" => token_type,
        "ValidCardTypes" => valid_card_types,
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

    setters! {
        /// `Capture`: The piece of payment information to collect next.
        capture(PaymentCapture)
        /// `Status`: Ends the session: `complete` submits it, `cancel` drops it.
        status(PaymentStatus)
    }
}

to_form! {
    UpdatePayment {
        "IdempotencyKey" => (idempotency_key),
        "StatusCallback" => (status_callback),
        "Capture" => capture,
        "Status" => status,
    }
}
