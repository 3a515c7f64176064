//! Calls: `/2010-04-01/Accounts/{AccountSid}/Calls`.

use serde::Deserialize;

use crate::Secret;

use super::Api;
use super::live::{
    Payment, RealtimeTranscription, SendUserDefinedMessage, Siprec, StartPayment,
    StartRealtimeTranscription, StartSiprec, StartStream, Stream, SubscribeUserDefinedMessages,
    UpdatePayment, UpdateRealtimeTranscription, UpdateSiprec, UpdateStream, UserDefinedMessage,
    UserDefinedMessageSubscription,
};
use super::recordings::{CallRecordingRef, CallRecordings};
use super::voice::{
    AnsweredBy, CallDirection, MachineDetection, RecordingChannels, RecordingEvent, RecordingTrack,
    Trim,
};
use crate::client::Domain;
use crate::form::{Form, ToForm, segment};
use crate::page::Lister;
use crate::sid::{
    AccountSid, ApplicationSid, CallSid, Endpoint, NotificationSid, PaymentSid, PhoneNumberSid,
    RecordingSid, UserDefinedMessageSubscriptionSid,
};
use crate::time::{Date, Timestamp, WireTime};
use crate::types::{HttpMethod, Twiml, string_enum};
use crate::{Client, Error};

/// A phone call to or from a Twilio number, client or SIP endpoint.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct Call {
    /// The unique string that we created to identify this Call resource.
    pub sid: CallSid,
    /// The date and time in UTC that this resource was created specified in RFC 2822 format.
    #[serde(default, deserialize_with = "crate::time::rfc2822")]
    pub date_created: Option<Timestamp>,
    /// The date and time in UTC that this resource was last updated, specified in RFC 2822 format.
    #[serde(default, deserialize_with = "crate::time::rfc2822")]
    pub date_updated: Option<Timestamp>,
    /// The SID that identifies the call that created this leg.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub parent_call_sid: Option<CallSid>,
    /// The SID of the Account that created this Call resource.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub account_sid: Option<AccountSid>,
    /// The phone number, SIP address, Client identifier or SIM SID that received this call.
    pub to: Option<String>,
    /// The phone number, SIP address or Client identifier that received this call.
    pub to_formatted: Option<String>,
    /// The phone number, SIP address, Client identifier or SIM SID that made this call.
    pub from: Option<String>,
    /// The calling phone number, SIP address, or Client identifier formatted for display.
    pub from_formatted: Option<String>,
    /// If the call was inbound, this is the SID of the IncomingPhoneNumber resource that received the call.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub phone_number_sid: Option<PhoneNumberSid>,
    /// Where the call is in its life: queued, ringing, in progress, or how it ended.
    pub status: Option<CallStatus>,
    /// The start time of the call, given as UTC in RFC 2822 format.
    #[serde(default, deserialize_with = "crate::time::rfc2822")]
    pub start_time: Option<Timestamp>,
    /// The time the call ended, given as UTC in RFC 2822 format.
    #[serde(default, deserialize_with = "crate::time::rfc2822")]
    pub end_time: Option<Timestamp>,
    /// The length of the call in seconds.
    #[serde(default, deserialize_with = "crate::de::opt_number")]
    pub duration: Option<u32>,
    /// The charge for this call, in the currency associated with the account.
    #[serde(default, deserialize_with = "crate::de::opt_number")]
    pub price: Option<f64>,
    /// The currency in which `Price` is measured, in ISO 4127 format (e.g., `USD`, `EUR`, `JPY`).
    pub price_unit: Option<String>,
    /// A string describing the direction of the call.
    pub direction: Option<CallDirection>,
    /// Either `human` or `machine` if this call was initiated with answering machine detection.
    pub answered_by: Option<AnsweredBy>,
    /// The API version used to create the call.
    pub api_version: Option<String>,
    /// The forwarding phone number if this call was an incoming call forwarded from another number (depends on carrier supporting forwarding).
    pub forwarded_from: Option<String>,
    /// The Group SID associated with this call.
    pub group_sid: Option<String>,
    /// The caller's name if this call was an incoming call to a phone number with caller ID Lookup enabled.
    pub caller_name: Option<String>,
    /// The wait time in milliseconds before the call is placed.
    #[serde(default, deserialize_with = "crate::de::opt_number")]
    pub queue_time: Option<u64>,
    /// The unique identifier of the trunk resource that was used for this call.
    pub trunk_sid: Option<String>,
    /// The URI of this resource, relative to `https://api.twilio.com`.
    pub uri: Option<String>,
    /// A list of subresources available to this call, identified by their URIs relative to `https://api.twilio.com`.
    pub subresource_uris: Option<serde_json::Value>,
}

string_enum! {
    /// The status of this call. Can be: `queued`, `ringing`, `in-progress`, `canceled`, `completed`, `failed`, `busy` or `no-answer`. See [Call Status Values](https://www.twilio.com/docs/voice/api/call-resource#call-status-values) below for more information.
    CallStatus {
        Queued => "queued",
        Ringing => "ringing",
        InProgress => "in-progress",
        Completed => "completed",
        Busy => "busy",
        Failed => "failed",
        NoAnswer => "no-answer",
        Canceled => "canceled",
    }
}
string_enum! {
    /// The status a live call can be moved to: `canceled` ends a queued or ringing call, `completed` hangs up one in progress.
    CallUpdateStatus {
        Canceled => "canceled",
        Completed => "completed",
    }
}

string_enum! {
    /// A call progress event sent to `StatusCallback`.
    CallEvent {
        Initiated => "initiated",
        Ringing => "ringing",
        Answered => "answered",
        Completed => "completed",
    }
}

/// What a new call does when it connects.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum CallInstructions {
    /// Fetch TwiML from this URL (`Url`).
    Url(String),
    /// Run this TwiML (`Twiml`).
    Twiml(Twiml),
    /// Use the URLs configured on this TwiML application (`ApplicationSid`).
    Application(ApplicationSid),
}

impl CallInstructions {
    /// TwiML from a URL.
    pub fn url(url: impl Into<String>) -> Self {
        Self::Url(url.into())
    }

    /// Inline TwiML.
    pub fn twiml(twiml: impl Into<Twiml>) -> Self {
        Self::Twiml(twiml.into())
    }
}

/// Parameters of `POST /2010-04-01/Accounts/{AccountSid}/Calls.json`.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct CreateCall {
    to: Endpoint,
    from: Endpoint,
    instructions: CallInstructions,
    method: Option<HttpMethod>,
    fallback_url: Option<String>,
    fallback_method: Option<HttpMethod>,
    status_callback: Option<String>,
    status_callback_event: Option<Vec<CallEvent>>,
    status_callback_method: Option<HttpMethod>,
    send_digits: Option<String>,
    timeout: Option<u32>,
    record: Option<bool>,
    recording_channels: Option<RecordingChannels>,
    recording_status_callback: Option<String>,
    recording_status_callback_method: Option<HttpMethod>,
    sip_auth_username: Option<String>,
    sip_auth_password: Option<Secret>,
    machine_detection: Option<MachineDetection>,
    machine_detection_timeout: Option<u32>,
    recording_status_callback_event: Option<Vec<RecordingEvent>>,
    trim: Option<Trim>,
    caller_id: Option<String>,
    machine_detection_speech_threshold: Option<u32>,
    machine_detection_speech_end_threshold: Option<u32>,
    machine_detection_silence_timeout: Option<u32>,
    async_amd: Option<bool>,
    async_amd_status_callback: Option<String>,
    async_amd_status_callback_method: Option<HttpMethod>,
    byoc: Option<String>,
    call_reason: Option<String>,
    call_token: Option<String>,
    recording_track: Option<RecordingTrack>,
    time_limit: Option<u32>,
}

impl CreateCall {
    /// A call from `from` (a Twilio number, verified caller ID or client) to `to`,
    /// running `instructions` when it connects.
    pub fn new(
        to: impl Into<Endpoint>,
        from: impl Into<Endpoint>,
        instructions: CallInstructions,
    ) -> Self {
        Self {
            to: to.into(),
            from: from.into(),
            instructions,
            method: None,
            fallback_url: None,
            fallback_method: None,
            status_callback: None,
            status_callback_event: None,
            status_callback_method: None,
            send_digits: None,
            timeout: None,
            record: None,
            recording_channels: None,
            recording_status_callback: None,
            recording_status_callback_method: None,
            sip_auth_username: None,
            sip_auth_password: None,
            machine_detection: None,
            machine_detection_timeout: None,
            recording_status_callback_event: None,
            trim: None,
            caller_id: None,
            machine_detection_speech_threshold: None,
            machine_detection_speech_end_threshold: None,
            machine_detection_silence_timeout: None,
            async_amd: None,
            async_amd_status_callback: None,
            async_amd_status_callback_method: None,
            byoc: None,
            call_reason: None,
            call_token: None,
            recording_track: None,
            time_limit: None,
        }
    }

    setters! {
        /// `Method`: The HTTP method we should use when calling the `url` parameter's value.
        method(HttpMethod)
        /// `FallbackUrl`: The URL that we call using the `fallback_method` if an error occurs when requesting or executing the TwiML at `url`.
        fallback_url(into String)
        /// `FallbackMethod`: The HTTP method that we should use to request the `fallback_url`.
        fallback_method(HttpMethod)
        /// `StatusCallback`: The URL we should call using the `status_callback_method` to send status information to your application.
        status_callback(into String)
        /// `StatusCallbackEvent`: The call progress events that we will send to the `status_callback` URL.
        status_callback_event(iter CallEvent)
        /// `StatusCallbackMethod`: The HTTP method we should use when calling the `status_callback` URL.
        status_callback_method(HttpMethod)
        /// `SendDigits`: The string of keys to dial after connecting to the number, with a maximum length of 32 digits.
        send_digits(into String)
        /// `Timeout`: The integer number of seconds that we should allow the phone to ring before assuming there is no answer.
        timeout(u32)
        /// `Record`: Whether to record the call.
        record(bool)
        /// `RecordingChannels`: The number of channels in the final recording.
        recording_channels(RecordingChannels)
        /// `RecordingStatusCallback`: The URL that we call when the recording is available to be accessed.
        recording_status_callback(into String)
        /// `RecordingStatusCallbackMethod`: The HTTP method we should use when calling the `recording_status_callback` URL.
        recording_status_callback_method(HttpMethod)
        /// `SipAuthUsername`: The username used to authenticate the caller making a SIP call.
        sip_auth_username(into String)
        /// `SipAuthPassword`: The password required to authenticate the user account specified in `sip_auth_username`.
        sip_auth_password(into Secret)
        /// `MachineDetection`: Whether to detect if a human, answering machine, or fax has picked up the call.
        machine_detection(MachineDetection)
        /// `MachineDetectionTimeout`: The number of seconds that we should attempt to detect an answering machine before timing out and sending a voice request with `AnsweredBy` of `unknown`.
        machine_detection_timeout(u32)
        /// `RecordingStatusCallbackEvent`: The recording status events that will trigger calls to the URL specified in `recording_status_callback`.
        recording_status_callback_event(iter RecordingEvent)
        /// `Trim`: Whether to trim any leading and trailing silence from the recording.
        trim(Trim)
        /// `CallerId`: The phone number, SIP address, or Client identifier that made this call.
        caller_id(into String)
        /// `MachineDetectionSpeechThreshold`: The number of milliseconds that is used as the measuring stick for the length of the speech activity, where durations lower than this value will be interpreted as a human and longer than this value as a machine.
        machine_detection_speech_threshold(u32)
        /// `MachineDetectionSpeechEndThreshold`: The number of milliseconds of silence after speech activity at which point the speech activity is considered complete.
        machine_detection_speech_end_threshold(u32)
        /// `MachineDetectionSilenceTimeout`: The number of milliseconds of initial silence after which an `unknown` AnsweredBy result will be returned.
        machine_detection_silence_timeout(u32)
        /// `AsyncAmd`: Select whether to perform answering machine detection in the background.
        async_amd(bool)
        /// `AsyncAmdStatusCallback`: The URL that we should call using the `async_amd_status_callback_method` to notify customer application whether the call was answered by human, machine or fax.
        async_amd_status_callback(into String)
        /// `AsyncAmdStatusCallbackMethod`: The HTTP method we should use when calling the `async_amd_status_callback` URL.
        async_amd_status_callback_method(HttpMethod)
        /// `Byoc`: The SID of a BYOC (Bring Your Own Carrier) trunk to route this call with.
        byoc(into String)
        /// `CallReason`: The Reason for the outgoing call.
        call_reason(into String)
        /// `CallToken`: A token string needed to invoke a forwarded call.
        call_token(into String)
        /// `RecordingTrack`: The audio track to record for the call.
        recording_track(RecordingTrack)
        /// `TimeLimit`: The maximum duration of the call in seconds.
        time_limit(u32)
    }
}

impl ToForm for CreateCall {
    fn write(&self, form: &mut Form) {
        form.push("To", self.to.as_str())
            .push("From", self.from.as_str());
        match &self.instructions {
            CallInstructions::Url(url) => form.push("Url", url.as_str()),
            CallInstructions::Twiml(twiml) => form.push("Twiml", twiml.as_str()),
            CallInstructions::Application(sid) => form.push("ApplicationSid", sid.as_str()),
        };
        form_fields! {
            self, form;
            "Method" => method,
            "FallbackUrl" => fallback_url,
            "FallbackMethod" => fallback_method,
            "StatusCallback" => status_callback,
            "StatusCallbackEvent" => [status_callback_event],
            "StatusCallbackMethod" => status_callback_method,
            "SendDigits" => send_digits,
            "Timeout" => timeout,
            "Record" => record,
            "RecordingChannels" => recording_channels,
            "RecordingStatusCallback" => recording_status_callback,
            "RecordingStatusCallbackMethod" => recording_status_callback_method,
            "SipAuthUsername" => sip_auth_username,
            "SipAuthPassword" => {sip_auth_password},
            "MachineDetection" => machine_detection,
            "MachineDetectionTimeout" => machine_detection_timeout,
            "RecordingStatusCallbackEvent" => [recording_status_callback_event],
            "Trim" => trim,
            "CallerId" => caller_id,
            "MachineDetectionSpeechThreshold" => machine_detection_speech_threshold,
            "MachineDetectionSpeechEndThreshold" => machine_detection_speech_end_threshold,
            "MachineDetectionSilenceTimeout" => machine_detection_silence_timeout,
            "AsyncAmd" => async_amd,
            "AsyncAmdStatusCallback" => async_amd_status_callback,
            "AsyncAmdStatusCallbackMethod" => async_amd_status_callback_method,
            "Byoc" => byoc,
            "CallReason" => call_reason,
            "CallToken" => call_token,
            "RecordingTrack" => recording_track,
            "TimeLimit" => time_limit,
        }
    }
}

/// Parameters of `POST /2010-04-01/Accounts/{AccountSid}/Calls/{Sid}.json`.
#[derive(Debug, Clone, Default, PartialEq)]
#[must_use]
pub struct UpdateCall {
    url: Option<String>,
    method: Option<HttpMethod>,
    status: Option<CallUpdateStatus>,
    fallback_url: Option<String>,
    fallback_method: Option<HttpMethod>,
    status_callback: Option<String>,
    status_callback_method: Option<HttpMethod>,
    time_limit: Option<u32>,
    twiml: Option<Twiml>,
}

impl UpdateCall {
    /// Ends the call: `completed` hangs up a call in progress, `canceled` one that is
    /// queued or ringing.
    pub fn end(status: CallUpdateStatus) -> Self {
        Self::default().status(status)
    }

    setters! {
        /// Replaces the call's instructions with this TwiML.
        twiml(into Twiml)
        /// `Url`: The absolute URL that returns the TwiML instructions for the call.
        url(into String)
        /// `Method`: The HTTP method we should use when calling the `url`.
        method(HttpMethod)
        /// `Status`: Ends the call (`canceled` if it has not been answered, `completed` if it has).
        status(CallUpdateStatus)
        /// `FallbackUrl`: The URL that we call using the `fallback_method` if an error occurs when requesting or executing the TwiML at `url`.
        fallback_url(into String)
        /// `FallbackMethod`: The HTTP method that we should use to request the `fallback_url`.
        fallback_method(HttpMethod)
        /// `StatusCallback`: The URL we should call using the `status_callback_method` to send status information to your application.
        status_callback(into String)
        /// `StatusCallbackMethod`: The HTTP method we should use when requesting the `status_callback` URL.
        status_callback_method(HttpMethod)
        /// `TimeLimit`: The maximum duration of the call in seconds.
        time_limit(u32)
    }
}

to_form! {
    UpdateCall {
        "Url" => url,
        "Method" => method,
        "Status" => status,
        "FallbackUrl" => fallback_url,
        "FallbackMethod" => fallback_method,
        "StatusCallback" => status_callback,
        "StatusCallbackMethod" => status_callback_method,
        "TimeLimit" => time_limit,
        "Twiml" => twiml,
    }
}

/// Parameters of `GET /2010-04-01/Accounts/{AccountSid}/Calls.json`.
#[derive(Debug, Clone, Default, PartialEq)]
#[must_use]
pub struct ListCalls {
    to: Option<String>,
    from: Option<String>,
    parent_call_sid: Option<CallSid>,
    status: Option<CallStatus>,
    start_time: Option<WireTime>,
    start_time_before: Option<WireTime>,
    start_time_after: Option<WireTime>,
    end_time: Option<WireTime>,
    end_time_before: Option<WireTime>,
    end_time_after: Option<WireTime>,
}

impl ListCalls {
    setters! {
        /// `To`: Only calls made to this phone number, SIP address or client.
        to(into String)
        /// `From`: Only calls made from this phone number, SIP address or client.
        from(into String)
        /// `ParentCallSid`: Only the child legs of this call.
        parent_call_sid(CallSid)
        /// `Status`: Only calls in this status.
        status(CallStatus)
        /// `StartTime`: Only those that started at this time.
        start_time(time)
        /// `StartTime<`: Only those that started on or before this time.
        start_time_before(time)
        /// `StartTime>`: Only those that started on or after this time.
        start_time_after(time)
        /// `EndTime`: Only those that ended at this time.
        end_time(time)
        /// `EndTime<`: Only those that ended on or before this time.
        end_time_before(time)
        /// `EndTime>`: Only those that ended on or after this time.
        end_time_after(time)
    }
}

impl ToForm for ListCalls {
    fn write(&self, form: &mut Form) {
        form_fields! {
            self, form;
            "To" => to,
            "From" => from,
            "ParentCallSid" => parent_call_sid,
            "Status" => status,
            "StartTime" => start_time,
            "StartTime<" => start_time_before,
            "StartTime>" => start_time_after,
            "EndTime" => end_time,
            "EndTime<" => end_time_before,
            "EndTime>" => end_time_after,
        }
    }
}

list_item!(Call => "calls");

/// The account's calls: create and list.
#[derive(Debug, Clone)]
pub struct Calls {
    api: Api,
}

impl Calls {
    pub(crate) fn new(api: Api) -> Self {
        Self { api }
    }

    /// The resource's own path.
    fn path(&self) -> String {
        self.api.path("Calls.json")
    }

    resource_ops! {
        Api, self.api.client;
        /// Starts an outgoing call.
        create(CreateCall) -> Call;
        /// Lists calls, newest first, matching `filter`.
        list(ListCalls) -> Call;
    }
}

/// One call: fetch, update, delete, and its recordings.
#[derive(Debug, Clone)]
pub struct CallRef {
    api: Api,
    sid: CallSid,
}

impl CallRef {
    pub(crate) fn new(api: Api, sid: CallSid) -> Self {
        Self { api, sid }
    }

    fn path(&self) -> String {
        self.api.path(&path!("Calls/{}.json", self.sid))
    }

    pub(crate) fn client(&self) -> &Client {
        &self.api.client
    }

    /// `…/Calls/{CallSid}/{rest}`, for the call's subresources.
    pub(crate) fn sub_path(&self, rest: &str) -> String {
        self.api
            .path(&format!("Calls/{}/{rest}", segment(self.sid.as_str())))
    }

    resource_ops! {
        Api, self.api.client;
        /// Fetches the call.
        fetch -> Call;
        /// Redirects a live call to new TwiML or ends it.
        update(UpdateCall) -> Call;
        /// Deletes the call's record from the account's logs.
        delete;
    }

    /// The call's recordings (start one on the live call, list them).
    pub fn recordings(&self) -> CallRecordings {
        CallRecordings::new(self.api.clone(), self.sid.clone())
    }

    /// One recording of the call.
    pub fn recording(&self, sid: RecordingSid) -> CallRecordingRef {
        self.recordings().recording(sid)
    }

    // Notifications and events.

    /// Lists the call's notifications (errors and warnings logged for it).
    pub fn notifications(&self, filter: ListCallNotifications) -> Lister<CallNotification> {
        let path = self
            .api
            .path(&path!("Calls/{}/Notifications.json", self.sid));
        self.api.client.list_at(Domain::Api, path, &filter)
    }

    /// Fetches one notification of the call, with the request and response it logged.
    ///
    /// # Errors
    /// Any [`Error`] of the request.
    pub async fn notification(
        &self,
        sid: &NotificationSid,
    ) -> Result<CallNotificationDetail, Error> {
        let path = self
            .api
            .path(&path!("Calls/{}/Notifications/{}.json", self.sid, sid));
        self.api.client.fetch_at(Domain::Api, path).await
    }

    /// Lists the call's events: the requests Twilio made to your application and its
    /// answers.
    pub fn events(&self) -> Lister<CallEventRecord> {
        let path = self.api.path(&path!("Calls/{}/Events.json", self.sid));
        self.api.client.list_at(Domain::Api, path, &crate::NoParams)
    }

    // Media streams.

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

    // SIPREC.

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

    // Real-time transcriptions.

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

    // User-defined messages.

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
        let path = self.sub_path(&path!("UserDefinedMessageSubscriptions/{}.json", sid));
        self.client().delete_at(Domain::Api, path).await
    }

    // Payments.

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
        let path = self.sub_path(&path!("Payments/{}.json", sid));
        self.client().update_at(Domain::Api, path, params).await
    }
}

#[cfg(feature = "twiml")]
impl CallInstructions {
    /// Runs a document built with `twilio-twiml` (feature `twiml`).
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when the document cannot be rendered.
    pub fn voice_response(doc: &twilio_twiml::VoiceResponse) -> Result<Self, Error> {
        Twiml::try_from(doc).map(Self::Twiml)
    }
}

/// An error or warning Twilio logged for a call.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct CallNotification {
    /// The SID of the Account that created the Call Notification resource.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub account_sid: Option<AccountSid>,
    /// The API version used to create the Call Notification resource.
    pub api_version: Option<String>,
    /// The SID of the Call the Call Notification resource is associated with.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub call_sid: Option<CallSid>,
    /// The date and time in GMT that the resource was created specified in RFC 2822 format.
    #[serde(default, deserialize_with = "crate::time::rfc2822")]
    pub date_created: Option<Timestamp>,
    /// The date and time in GMT that the resource was last updated specified in RFC 2822 format.
    #[serde(default, deserialize_with = "crate::time::rfc2822")]
    pub date_updated: Option<Timestamp>,
    /// A unique error code for the error condition that is described in our Error Dictionary.
    pub error_code: Option<String>,
    /// An integer log level that corresponds to the type of notification: `0` is ERROR, `1` is WARNING.
    pub log: Option<String>,
    /// The date the notification was actually generated in RFC 2822 format.
    #[serde(default, deserialize_with = "crate::time::rfc2822")]
    pub message_date: Option<Timestamp>,
    /// The text of the notification.
    pub message_text: Option<String>,
    /// The URL for more information about the error condition.
    pub more_info: Option<String>,
    /// The HTTP method used to generate the notification.
    pub request_method: Option<HttpMethod>,
    /// The URL of the resource that generated the notification.
    pub request_url: Option<String>,
    /// The unique string that that we created to identify the Call Notification resource.
    pub sid: NotificationSid,
    /// The URI of the resource, relative to `https://api.twilio.com`.
    pub uri: Option<String>,
}
/// One notification of a call, with the request Twilio made and the response it got.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct CallNotificationDetail {
    /// The SID of the Account that created the Call Notification resource.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub account_sid: Option<AccountSid>,
    /// The API version used to create the Call Notification resource.
    pub api_version: Option<String>,
    /// The SID of the Call the Call Notification resource is associated with.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub call_sid: Option<CallSid>,
    /// The date and time in GMT that the resource was created specified in RFC 2822 format.
    #[serde(default, deserialize_with = "crate::time::rfc2822")]
    pub date_created: Option<Timestamp>,
    /// The date and time in GMT that the resource was last updated specified in RFC 2822 format.
    #[serde(default, deserialize_with = "crate::time::rfc2822")]
    pub date_updated: Option<Timestamp>,
    /// A unique error code for the error condition that is described in our Error Dictionary.
    pub error_code: Option<String>,
    /// An integer log level that corresponds to the type of notification: `0` is ERROR, `1` is WARNING.
    pub log: Option<String>,
    /// The date the notification was actually generated in RFC 2822 format.
    #[serde(default, deserialize_with = "crate::time::rfc2822")]
    pub message_date: Option<Timestamp>,
    /// The text of the notification.
    pub message_text: Option<String>,
    /// The URL for more information about the error condition.
    pub more_info: Option<String>,
    /// The HTTP method used to generate the notification.
    pub request_method: Option<HttpMethod>,
    /// The URL of the resource that generated the notification.
    pub request_url: Option<String>,
    /// The HTTP GET or POST variables we sent to your server.
    pub request_variables: Option<String>,
    /// The HTTP body returned by your server.
    pub response_body: Option<String>,
    /// The HTTP headers returned by your server.
    pub response_headers: Option<String>,
    /// The unique string that that we created to identify the Call Notification resource.
    pub sid: NotificationSid,
    /// The URI of the resource, relative to `https://api.twilio.com`.
    pub uri: Option<String>,
}
/// Parameters of `GET …/Calls/{CallSid}/Notifications.json`.
#[derive(Debug, Clone, Default, PartialEq)]
#[must_use]
pub struct ListCallNotifications {
    log: Option<u32>,
    message_date: Option<Date>,
    message_date_before: Option<Date>,
    message_date_after: Option<Date>,
}

impl ListCallNotifications {
    setters! {
        /// `Log`: Only notifications of this log level (`0` errors, `1` warnings).
        log(u32)
        /// `MessageDate`: Only those that were logged on this day (UTC).
        message_date(Date)
        /// `MessageDate<`: Only those that were logged on or before this day.
        message_date_before(Date)
        /// `MessageDate>`: Only those that were logged on or after this day.
        message_date_after(Date)
    }
}

impl ToForm for ListCallNotifications {
    fn write(&self, form: &mut Form) {
        form_fields! {
            self, form;
            "Log" => log,
            "MessageDate" => message_date,
            "MessageDate<" => message_date_before,
            "MessageDate>" => message_date_after,
        }
    }
}
/// One event of a call: a request Twilio made to your application and its answer.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct CallEventRecord {
    /// Contains a dictionary representing the request of the call.
    pub request: Option<serde_json::Value>,
    /// Contains a dictionary representing the call response, including a list of the call events.
    pub response: Option<serde_json::Value>,
}

list_item!(CallNotification => "notifications", CallEventRecord => "events");

// The everyday shortcuts (issue 12): `client.calls().place(to, from, twiml)`.

impl Client {
    /// The client's account's calls: shortcut for `client.api().calls()`.
    pub fn calls(&self) -> Calls {
        self.api().calls()
    }
}

impl Calls {
    /// Places a call that runs `twiml` when answered: the short form of
    /// [`Calls::create`] with [`CallInstructions::Twiml`]. `to` and `from` are typed
    /// values or `&str`s (an E.164 number, `client:…`, `sip:…`); `twiml` is a string
    /// or, with the `twiml` feature, a `&twilio_twiml::VoiceResponse`.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), twilio_rest::Error> {
    /// let twilio = twilio_rest::Twilio::from_env()?;
    /// let twiml = "<Response><Say>Hello</Say></Response>";
    /// let call = twilio.calls().place("+15005550006", "+15005550001", twiml).await?;
    /// println!("{}", call.sid);
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// [`Error::InvalidInput`] for a malformed `to` or `from` or a document that does
    /// not render (nothing is sent), else any [`Error`] of the request.
    pub async fn place(
        &self,
        to: impl TryInto<Endpoint, Error: Into<Error>>,
        from: impl TryInto<Endpoint, Error: Into<Error>>,
        twiml: impl TryInto<Twiml, Error: Into<Error>>,
    ) -> Result<Call, Error> {
        let to = to.try_into().map_err(Into::into)?;
        let from = from.try_into().map_err(Into::into)?;
        let twiml = twiml.try_into().map_err(Into::into)?;
        let params = CreateCall::new(to, from, CallInstructions::Twiml(twiml));
        self.create(&params).await
    }
}
