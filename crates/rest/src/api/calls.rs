//! Calls: `/2010-04-01/Accounts/{AccountSid}/Calls`.

use serde::Deserialize;

use super::Api;
use super::recordings::{CallRecordingRef, CallRecordings};
use crate::client::{Domain, Request};
use crate::form::{Form, ToForm, segment};
use crate::page::{ListItem, Lister};
use crate::sid::{
    AccountSid, ApplicationSid, CallSid, Endpoint, NotificationSid, PhoneNumberSid, RecordingSid,
};
use crate::types::{HttpMethod, Twiml, string_enum};
use crate::{Client, Error};

/// Call
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct Call {
    /// The unique string that we created to identify this Call resource.
    pub sid: CallSid,
    /// The date and time in UTC that this resource was created specified in RFC 2822 format.
    #[serde(default)]
    pub date_created: Option<String>,
    /// The date and time in UTC that this resource was last updated, specified in RFC 2822 format.
    #[serde(default)]
    pub date_updated: Option<String>,
    /// The SID that identifies the call that created this leg.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub parent_call_sid: Option<CallSid>,
    /// The SID of the Account that created this Call resource.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub account_sid: Option<AccountSid>,
    /// The phone number, SIP address, Client identifier or SIM SID that received this call.
    #[serde(default)]
    pub to: Option<String>,
    /// The phone number, SIP address or Client identifier that received this call.
    #[serde(default)]
    pub to_formatted: Option<String>,
    /// The phone number, SIP address, Client identifier or SIM SID that made this call.
    #[serde(default)]
    pub from: Option<String>,
    /// The calling phone number, SIP address, or Client identifier formatted for display.
    #[serde(default)]
    pub from_formatted: Option<String>,
    /// If the call was inbound, this is the SID of the IncomingPhoneNumber resource that received the call.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub phone_number_sid: Option<PhoneNumberSid>,
    /// status.
    #[serde(default)]
    pub status: Option<CallStatus>,
    /// The start time of the call, given as UTC in RFC 2822 format.
    #[serde(default)]
    pub start_time: Option<String>,
    /// The time the call ended, given as UTC in RFC 2822 format.
    #[serde(default)]
    pub end_time: Option<String>,
    /// The length of the call in seconds.
    #[serde(default)]
    pub duration: Option<String>,
    /// The charge for this call, in the currency associated with the account.
    #[serde(default)]
    pub price: Option<String>,
    /// The currency in which `Price` is measured, in ISO 4127 format (e.g., `USD`, `EUR`, `JPY`).
    #[serde(default)]
    pub price_unit: Option<String>,
    /// A string describing the direction of the call.
    #[serde(default)]
    pub direction: Option<String>,
    /// Either `human` or `machine` if this call was initiated with answering machine detection.
    #[serde(default)]
    pub answered_by: Option<String>,
    /// The API version used to create the call.
    #[serde(default)]
    pub api_version: Option<String>,
    /// The forwarding phone number if this call was an incoming call forwarded from another number (depends on carrier supporting forwarding).
    #[serde(default)]
    pub forwarded_from: Option<String>,
    /// The Group SID associated with this call.
    #[serde(default)]
    pub group_sid: Option<String>,
    /// The caller's name if this call was an incoming call to a phone number with caller ID Lookup enabled.
    #[serde(default)]
    pub caller_name: Option<String>,
    /// The wait time in milliseconds before the call is placed.
    #[serde(default)]
    pub queue_time: Option<String>,
    /// The unique identifier of the trunk resource that was used for this call.
    #[serde(default)]
    pub trunk_sid: Option<String>,
    /// The URI of this resource, relative to `https://api.twilio.com`.
    #[serde(default)]
    pub uri: Option<String>,
    /// A list of subresources available to this call, identified by their URIs relative to `https://api.twilio.com`.
    #[serde(default)]
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
    /// CallUpdateStatus
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
    recording_channels: Option<String>,
    recording_status_callback: Option<String>,
    recording_status_callback_method: Option<HttpMethod>,
    sip_auth_username: Option<String>,
    sip_auth_password: Option<String>,
    machine_detection: Option<String>,
    machine_detection_timeout: Option<u32>,
    recording_status_callback_event: Option<Vec<String>>,
    trim: Option<String>,
    caller_id: Option<String>,
    machine_detection_speech_threshold: Option<u32>,
    machine_detection_speech_end_threshold: Option<u32>,
    machine_detection_silence_timeout: Option<u32>,
    async_amd: Option<String>,
    async_amd_status_callback: Option<String>,
    async_amd_status_callback_method: Option<HttpMethod>,
    byoc: Option<String>,
    call_reason: Option<String>,
    call_token: Option<String>,
    recording_track: Option<String>,
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

    /// `Method`: The HTTP method we should use when calling the `url` parameter's value.
    pub fn method(mut self, value: HttpMethod) -> Self {
        self.method = Some(value);
        self
    }

    /// `FallbackUrl`: The URL that we call using the `fallback_method` if an error occurs when requesting or executing the TwiML at `url`.
    pub fn fallback_url(mut self, value: impl Into<String>) -> Self {
        self.fallback_url = Some(value.into());
        self
    }

    /// `FallbackMethod`: The HTTP method that we should use to request the `fallback_url`.
    pub fn fallback_method(mut self, value: HttpMethod) -> Self {
        self.fallback_method = Some(value);
        self
    }

    /// `StatusCallback`: The URL we should call using the `status_callback_method` to send status information to your application.
    pub fn status_callback(mut self, value: impl Into<String>) -> Self {
        self.status_callback = Some(value.into());
        self
    }

    /// `StatusCallbackEvent`: The call progress events that we will send to the `status_callback` URL.
    pub fn status_callback_event(mut self, value: impl IntoIterator<Item = CallEvent>) -> Self {
        self.status_callback_event = Some(value.into_iter().collect());
        self
    }

    /// `StatusCallbackMethod`: The HTTP method we should use when calling the `status_callback` URL.
    pub fn status_callback_method(mut self, value: HttpMethod) -> Self {
        self.status_callback_method = Some(value);
        self
    }

    /// `SendDigits`: The string of keys to dial after connecting to the number, with a maximum length of 32 digits.
    pub fn send_digits(mut self, value: impl Into<String>) -> Self {
        self.send_digits = Some(value.into());
        self
    }

    /// `Timeout`: The integer number of seconds that we should allow the phone to ring before assuming there is no answer.
    pub fn timeout(mut self, value: u32) -> Self {
        self.timeout = Some(value);
        self
    }

    /// `Record`: Whether to record the call.
    pub fn record(mut self, value: bool) -> Self {
        self.record = Some(value);
        self
    }

    /// `RecordingChannels`: The number of channels in the final recording.
    pub fn recording_channels(mut self, value: impl Into<String>) -> Self {
        self.recording_channels = Some(value.into());
        self
    }

    /// `RecordingStatusCallback`: The URL that we call when the recording is available to be accessed.
    pub fn recording_status_callback(mut self, value: impl Into<String>) -> Self {
        self.recording_status_callback = Some(value.into());
        self
    }

    /// `RecordingStatusCallbackMethod`: The HTTP method we should use when calling the `recording_status_callback` URL.
    pub fn recording_status_callback_method(mut self, value: HttpMethod) -> Self {
        self.recording_status_callback_method = Some(value);
        self
    }

    /// `SipAuthUsername`: The username used to authenticate the caller making a SIP call.
    pub fn sip_auth_username(mut self, value: impl Into<String>) -> Self {
        self.sip_auth_username = Some(value.into());
        self
    }

    /// `SipAuthPassword`: The password required to authenticate the user account specified in `sip_auth_username`.
    pub fn sip_auth_password(mut self, value: impl Into<String>) -> Self {
        self.sip_auth_password = Some(value.into());
        self
    }

    /// `MachineDetection`: Whether to detect if a human, answering machine, or fax has picked up the call.
    pub fn machine_detection(mut self, value: impl Into<String>) -> Self {
        self.machine_detection = Some(value.into());
        self
    }

    /// `MachineDetectionTimeout`: The number of seconds that we should attempt to detect an answering machine before timing out and sending a voice request with `AnsweredBy` of `unknown`.
    pub fn machine_detection_timeout(mut self, value: u32) -> Self {
        self.machine_detection_timeout = Some(value);
        self
    }

    /// `RecordingStatusCallbackEvent`: The recording status events that will trigger calls to the URL specified in `recording_status_callback`.
    pub fn recording_status_callback_event(
        mut self,
        value: impl IntoIterator<Item = String>,
    ) -> Self {
        self.recording_status_callback_event = Some(value.into_iter().collect());
        self
    }

    /// `Trim`: Whether to trim any leading and trailing silence from the recording.
    pub fn trim(mut self, value: impl Into<String>) -> Self {
        self.trim = Some(value.into());
        self
    }

    /// `CallerId`: The phone number, SIP address, or Client identifier that made this call.
    pub fn caller_id(mut self, value: impl Into<String>) -> Self {
        self.caller_id = Some(value.into());
        self
    }

    /// `MachineDetectionSpeechThreshold`: The number of milliseconds that is used as the measuring stick for the length of the speech activity, where durations lower than this value will be interpreted as a human and longer than this value as a machine.
    pub fn machine_detection_speech_threshold(mut self, value: u32) -> Self {
        self.machine_detection_speech_threshold = Some(value);
        self
    }

    /// `MachineDetectionSpeechEndThreshold`: The number of milliseconds of silence after speech activity at which point the speech activity is considered complete.
    pub fn machine_detection_speech_end_threshold(mut self, value: u32) -> Self {
        self.machine_detection_speech_end_threshold = Some(value);
        self
    }

    /// `MachineDetectionSilenceTimeout`: The number of milliseconds of initial silence after which an `unknown` AnsweredBy result will be returned.
    pub fn machine_detection_silence_timeout(mut self, value: u32) -> Self {
        self.machine_detection_silence_timeout = Some(value);
        self
    }

    /// `AsyncAmd`: Select whether to perform answering machine detection in the background.
    pub fn async_amd(mut self, value: impl Into<String>) -> Self {
        self.async_amd = Some(value.into());
        self
    }

    /// `AsyncAmdStatusCallback`: The URL that we should call using the `async_amd_status_callback_method` to notify customer application whether the call was answered by human, machine or fax.
    pub fn async_amd_status_callback(mut self, value: impl Into<String>) -> Self {
        self.async_amd_status_callback = Some(value.into());
        self
    }

    /// `AsyncAmdStatusCallbackMethod`: The HTTP method we should use when calling the `async_amd_status_callback` URL.
    pub fn async_amd_status_callback_method(mut self, value: HttpMethod) -> Self {
        self.async_amd_status_callback_method = Some(value);
        self
    }

    /// `Byoc`: The SID of a BYOC (Bring Your Own Carrier) trunk to route this call with.
    pub fn byoc(mut self, value: impl Into<String>) -> Self {
        self.byoc = Some(value.into());
        self
    }

    /// `CallReason`: The Reason for the outgoing call.
    pub fn call_reason(mut self, value: impl Into<String>) -> Self {
        self.call_reason = Some(value.into());
        self
    }

    /// `CallToken`: A token string needed to invoke a forwarded call.
    pub fn call_token(mut self, value: impl Into<String>) -> Self {
        self.call_token = Some(value.into());
        self
    }

    /// `RecordingTrack`: The audio track to record for the call.
    pub fn recording_track(mut self, value: impl Into<String>) -> Self {
        self.recording_track = Some(value.into());
        self
    }

    /// `TimeLimit`: The maximum duration of the call in seconds.
    pub fn time_limit(mut self, value: u32) -> Self {
        self.time_limit = Some(value);
        self
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
        form.opt("Method", self.method.as_ref());
        form.opt("FallbackUrl", self.fallback_url.as_ref());
        form.opt("FallbackMethod", self.fallback_method.as_ref());
        form.opt("StatusCallback", self.status_callback.as_ref());
        if let Some(v) = &self.status_callback_event {
            form.repeated("StatusCallbackEvent", v);
        }
        form.opt("StatusCallbackMethod", self.status_callback_method.as_ref());
        form.opt("SendDigits", self.send_digits.as_ref());
        form.opt("Timeout", self.timeout.as_ref());
        form.opt("Record", self.record.as_ref());
        form.opt("RecordingChannels", self.recording_channels.as_ref());
        form.opt(
            "RecordingStatusCallback",
            self.recording_status_callback.as_ref(),
        );
        form.opt(
            "RecordingStatusCallbackMethod",
            self.recording_status_callback_method.as_ref(),
        );
        form.opt("SipAuthUsername", self.sip_auth_username.as_ref());
        form.opt("SipAuthPassword", self.sip_auth_password.as_ref());
        form.opt("MachineDetection", self.machine_detection.as_ref());
        form.opt(
            "MachineDetectionTimeout",
            self.machine_detection_timeout.as_ref(),
        );
        if let Some(v) = &self.recording_status_callback_event {
            form.repeated("RecordingStatusCallbackEvent", v);
        }
        form.opt("Trim", self.trim.as_ref());
        form.opt("CallerId", self.caller_id.as_ref());
        form.opt(
            "MachineDetectionSpeechThreshold",
            self.machine_detection_speech_threshold.as_ref(),
        );
        form.opt(
            "MachineDetectionSpeechEndThreshold",
            self.machine_detection_speech_end_threshold.as_ref(),
        );
        form.opt(
            "MachineDetectionSilenceTimeout",
            self.machine_detection_silence_timeout.as_ref(),
        );
        form.opt("AsyncAmd", self.async_amd.as_ref());
        form.opt(
            "AsyncAmdStatusCallback",
            self.async_amd_status_callback.as_ref(),
        );
        form.opt(
            "AsyncAmdStatusCallbackMethod",
            self.async_amd_status_callback_method.as_ref(),
        );
        form.opt("Byoc", self.byoc.as_ref());
        form.opt("CallReason", self.call_reason.as_ref());
        form.opt("CallToken", self.call_token.as_ref());
        form.opt("RecordingTrack", self.recording_track.as_ref());
        form.opt("TimeLimit", self.time_limit.as_ref());
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

    /// Replaces the call's instructions with this TwiML.
    pub fn twiml(mut self, value: impl Into<Twiml>) -> Self {
        self.twiml = Some(value.into());
        self
    }

    /// `Url`: The absolute URL that returns the TwiML instructions for the call.
    pub fn url(mut self, value: impl Into<String>) -> Self {
        self.url = Some(value.into());
        self
    }

    /// `Method`: The HTTP method we should use when calling the `url`.
    pub fn method(mut self, value: HttpMethod) -> Self {
        self.method = Some(value);
        self
    }

    /// `Status`: Status.
    pub fn status(mut self, value: CallUpdateStatus) -> Self {
        self.status = Some(value);
        self
    }

    /// `FallbackUrl`: The URL that we call using the `fallback_method` if an error occurs when requesting or executing the TwiML at `url`.
    pub fn fallback_url(mut self, value: impl Into<String>) -> Self {
        self.fallback_url = Some(value.into());
        self
    }

    /// `FallbackMethod`: The HTTP method that we should use to request the `fallback_url`.
    pub fn fallback_method(mut self, value: HttpMethod) -> Self {
        self.fallback_method = Some(value);
        self
    }

    /// `StatusCallback`: The URL we should call using the `status_callback_method` to send status information to your application.
    pub fn status_callback(mut self, value: impl Into<String>) -> Self {
        self.status_callback = Some(value.into());
        self
    }

    /// `StatusCallbackMethod`: The HTTP method we should use when requesting the `status_callback` URL.
    pub fn status_callback_method(mut self, value: HttpMethod) -> Self {
        self.status_callback_method = Some(value);
        self
    }

    /// `TimeLimit`: The maximum duration of the call in seconds.
    pub fn time_limit(mut self, value: u32) -> Self {
        self.time_limit = Some(value);
        self
    }
}

impl ToForm for UpdateCall {
    fn write(&self, form: &mut Form) {
        form.opt("Url", self.url.as_ref());
        form.opt("Method", self.method.as_ref());
        form.opt("Status", self.status.as_ref());
        form.opt("FallbackUrl", self.fallback_url.as_ref());
        form.opt("FallbackMethod", self.fallback_method.as_ref());
        form.opt("StatusCallback", self.status_callback.as_ref());
        form.opt("StatusCallbackMethod", self.status_callback_method.as_ref());
        form.opt("TimeLimit", self.time_limit.as_ref());
        form.opt("Twiml", self.twiml.as_ref());
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
    start_time: Option<String>,
    start_time_before: Option<String>,
    start_time_after: Option<String>,
    end_time: Option<String>,
    end_time_before: Option<String>,
    end_time_after: Option<String>,
}

impl ListCalls {
    /// `To`: To.
    pub fn to(mut self, value: impl Into<String>) -> Self {
        self.to = Some(value.into());
        self
    }

    /// `From`: From.
    pub fn from(mut self, value: impl Into<String>) -> Self {
        self.from = Some(value.into());
        self
    }

    /// `ParentCallSid`: ParentCallSid.
    pub fn parent_call_sid(mut self, value: CallSid) -> Self {
        self.parent_call_sid = Some(value);
        self
    }

    /// `Status`: Status.
    pub fn status(mut self, value: CallStatus) -> Self {
        self.status = Some(value);
        self
    }

    /// `StartTime`: StartTime.
    pub fn start_time(mut self, value: impl Into<String>) -> Self {
        self.start_time = Some(value.into());
        self
    }

    /// `StartTime<`: StartTime<.
    pub fn start_time_before(mut self, value: impl Into<String>) -> Self {
        self.start_time_before = Some(value.into());
        self
    }

    /// `StartTime>`: StartTime>.
    pub fn start_time_after(mut self, value: impl Into<String>) -> Self {
        self.start_time_after = Some(value.into());
        self
    }

    /// `EndTime`: EndTime.
    pub fn end_time(mut self, value: impl Into<String>) -> Self {
        self.end_time = Some(value.into());
        self
    }

    /// `EndTime<`: EndTime<.
    pub fn end_time_before(mut self, value: impl Into<String>) -> Self {
        self.end_time_before = Some(value.into());
        self
    }

    /// `EndTime>`: EndTime>.
    pub fn end_time_after(mut self, value: impl Into<String>) -> Self {
        self.end_time_after = Some(value.into());
        self
    }
}

impl ToForm for ListCalls {
    fn write(&self, form: &mut Form) {
        form.opt("To", self.to.as_ref());
        form.opt("From", self.from.as_ref());
        form.opt("ParentCallSid", self.parent_call_sid.as_ref());
        form.opt("Status", self.status.as_ref());
        form.opt("StartTime", self.start_time.as_ref());
        form.opt("StartTime<", self.start_time_before.as_ref());
        form.opt("StartTime>", self.start_time_after.as_ref());
        form.opt("EndTime", self.end_time.as_ref());
        form.opt("EndTime<", self.end_time_before.as_ref());
        form.opt("EndTime>", self.end_time_after.as_ref());
    }
}

impl ListItem for Call {
    const KEY: &'static str = "calls";
}

/// The account's calls: create and list.
#[derive(Debug, Clone)]
pub struct Calls {
    api: Api,
}

impl Calls {
    pub(crate) fn new(api: Api) -> Self {
        Self { api }
    }

    /// Starts an outgoing call.
    ///
    /// # Errors
    /// Any [`Error`] of the request.
    pub async fn create(&self, params: &CreateCall) -> Result<Call, Error> {
        let req = Request::create(Domain::Api, self.api.path("Calls.json"), &params.to_form());
        self.api.client.send_json(&req).await
    }

    /// Lists calls, newest first, matching `filter`.
    pub fn list(&self, filter: ListCalls) -> Lister<Call> {
        let req =
            Request::get(Domain::Api, self.api.path("Calls.json")).with_query(&filter.to_form());
        Lister::new(self.api.client.clone(), req)
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
        self.api
            .path(&format!("Calls/{}.json", segment(self.sid.as_str())))
    }

    pub(crate) fn client(&self) -> &Client {
        &self.api.client
    }

    /// `…/Calls/{CallSid}/{rest}`, for the call's subresources.
    pub(crate) fn sub_path(&self, rest: &str) -> String {
        self.api
            .path(&format!("Calls/{}/{rest}", segment(self.sid.as_str())))
    }

    /// Fetches the call.
    ///
    /// # Errors
    /// Any [`Error`] of the request.
    pub async fn fetch(&self) -> Result<Call, Error> {
        self.client()
            .send_json(&Request::get(Domain::Api, self.path()))
            .await
    }

    /// Redirects a live call to new TwiML or ends it.
    ///
    /// # Errors
    /// Any [`Error`] of the request.
    pub async fn update(&self, params: &UpdateCall) -> Result<Call, Error> {
        let req = Request::update(Domain::Api, self.path(), &params.to_form());
        self.client().send_json(&req).await
    }

    /// Deletes the call's record from the account's logs.
    ///
    /// # Errors
    /// Any [`Error`] of the request.
    pub async fn delete(&self) -> Result<(), Error> {
        self.client()
            .send(&Request::delete(Domain::Api, self.path()))
            .await
            .map(drop)
    }

    /// The call's recordings (start one on the live call, list them).
    pub fn recordings(&self) -> CallRecordings {
        CallRecordings::new(self.api.clone(), self.sid.clone())
    }

    /// One recording of the call.
    pub fn recording(&self, sid: RecordingSid) -> CallRecordingRef {
        self.recordings().recording(sid)
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

/// CallNotification
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct CallNotification {
    /// The SID of the Account that created the Call Notification resource.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub account_sid: Option<AccountSid>,
    /// The API version used to create the Call Notification resource.
    #[serde(default)]
    pub api_version: Option<String>,
    /// The SID of the Call the Call Notification resource is associated with.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub call_sid: Option<CallSid>,
    /// The date and time in GMT that the resource was created specified in RFC 2822 format.
    #[serde(default)]
    pub date_created: Option<String>,
    /// The date and time in GMT that the resource was last updated specified in RFC 2822 format.
    #[serde(default)]
    pub date_updated: Option<String>,
    /// A unique error code for the error condition that is described in our Error Dictionary.
    #[serde(default)]
    pub error_code: Option<String>,
    /// An integer log level that corresponds to the type of notification: `0` is ERROR, `1` is WARNING.
    #[serde(default)]
    pub log: Option<String>,
    /// The date the notification was actually generated in RFC 2822 format.
    #[serde(default)]
    pub message_date: Option<String>,
    /// The text of the notification.
    #[serde(default)]
    pub message_text: Option<String>,
    /// The URL for more information about the error condition.
    #[serde(default)]
    pub more_info: Option<String>,
    /// The HTTP method used to generate the notification.
    #[serde(default)]
    pub request_method: Option<HttpMethod>,
    /// The URL of the resource that generated the notification.
    #[serde(default)]
    pub request_url: Option<String>,
    /// The unique string that that we created to identify the Call Notification resource.
    pub sid: NotificationSid,
    /// The URI of the resource, relative to `https://api.twilio.com`.
    #[serde(default)]
    pub uri: Option<String>,
}
/// CallNotificationDetail
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct CallNotificationDetail {
    /// The SID of the Account that created the Call Notification resource.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub account_sid: Option<AccountSid>,
    /// The API version used to create the Call Notification resource.
    #[serde(default)]
    pub api_version: Option<String>,
    /// The SID of the Call the Call Notification resource is associated with.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub call_sid: Option<CallSid>,
    /// The date and time in GMT that the resource was created specified in RFC 2822 format.
    #[serde(default)]
    pub date_created: Option<String>,
    /// The date and time in GMT that the resource was last updated specified in RFC 2822 format.
    #[serde(default)]
    pub date_updated: Option<String>,
    /// A unique error code for the error condition that is described in our Error Dictionary.
    #[serde(default)]
    pub error_code: Option<String>,
    /// An integer log level that corresponds to the type of notification: `0` is ERROR, `1` is WARNING.
    #[serde(default)]
    pub log: Option<String>,
    /// The date the notification was actually generated in RFC 2822 format.
    #[serde(default)]
    pub message_date: Option<String>,
    /// The text of the notification.
    #[serde(default)]
    pub message_text: Option<String>,
    /// The URL for more information about the error condition.
    #[serde(default)]
    pub more_info: Option<String>,
    /// The HTTP method used to generate the notification.
    #[serde(default)]
    pub request_method: Option<HttpMethod>,
    /// The URL of the resource that generated the notification.
    #[serde(default)]
    pub request_url: Option<String>,
    /// The HTTP GET or POST variables we sent to your server.
    #[serde(default)]
    pub request_variables: Option<String>,
    /// The HTTP body returned by your server.
    #[serde(default)]
    pub response_body: Option<String>,
    /// The HTTP headers returned by your server.
    #[serde(default)]
    pub response_headers: Option<String>,
    /// The unique string that that we created to identify the Call Notification resource.
    pub sid: NotificationSid,
    /// The URI of the resource, relative to `https://api.twilio.com`.
    #[serde(default)]
    pub uri: Option<String>,
}
/// Parameters of `GET …/Calls/{CallSid}/Notifications.json`.
#[derive(Debug, Clone, Default, PartialEq)]
#[must_use]
pub struct ListCallNotifications {
    log: Option<u32>,
    message_date: Option<String>,
    message_date_before: Option<String>,
    message_date_after: Option<String>,
}

impl ListCallNotifications {
    /// `Log`: Log.
    pub fn log(mut self, value: u32) -> Self {
        self.log = Some(value);
        self
    }

    /// `MessageDate`: MessageDate.
    pub fn message_date(mut self, value: impl Into<String>) -> Self {
        self.message_date = Some(value.into());
        self
    }

    /// `MessageDate<`: MessageDate<.
    pub fn message_date_before(mut self, value: impl Into<String>) -> Self {
        self.message_date_before = Some(value.into());
        self
    }

    /// `MessageDate>`: MessageDate>.
    pub fn message_date_after(mut self, value: impl Into<String>) -> Self {
        self.message_date_after = Some(value.into());
        self
    }
}

impl ToForm for ListCallNotifications {
    fn write(&self, form: &mut Form) {
        form.opt("Log", self.log.as_ref());
        form.opt("MessageDate", self.message_date.as_ref());
        form.opt("MessageDate<", self.message_date_before.as_ref());
        form.opt("MessageDate>", self.message_date_after.as_ref());
    }
}
/// CallEventRecord
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct CallEventRecord {
    /// Contains a dictionary representing the request of the call.
    #[serde(default)]
    pub request: Option<serde_json::Value>,
    /// Contains a dictionary representing the call response, including a list of the call events.
    #[serde(default)]
    pub response: Option<serde_json::Value>,
}

impl ListItem for CallNotification {
    const KEY: &'static str = "notifications";
}

impl ListItem for CallEventRecord {
    const KEY: &'static str = "events";
}

impl CallRef {
    /// Lists the call's notifications (errors and warnings logged for it).
    pub fn notifications(&self, filter: ListCallNotifications) -> Lister<CallNotification> {
        let path = self.api.path(&format!(
            "Calls/{}/Notifications.json",
            segment(self.sid.as_str())
        ));
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
        let path = self.api.path(&format!(
            "Calls/{}/Notifications/{}.json",
            segment(self.sid.as_str()),
            segment(sid.as_str())
        ));
        self.api.client.fetch_at(Domain::Api, path).await
    }

    /// Lists the call's events: the requests Twilio made to your application and its
    /// answers.
    pub fn events(&self) -> Lister<CallEventRecord> {
        let path = self
            .api
            .path(&format!("Calls/{}/Events.json", segment(self.sid.as_str())));
        self.api.client.list_at(Domain::Api, path, &crate::NoParams)
    }
}
