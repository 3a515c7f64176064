//! Recordings: the account's (`/Recordings`) and a call's (`/Calls/{CallSid}/Recordings`,
//! which also starts, pauses, resumes and stops a recording on a live call).

use serde::Deserialize;

use super::Api;
use super::voice::{PauseBehavior, RecordingChannels, RecordingEvent, RecordingTrack, Trim};
use crate::Error;
use crate::client::Domain;
use crate::form::{Form, ToForm};
use crate::page::Lister;
use crate::sid::{
    AccountSid, AddOnResultPayloadSid, AddOnResultSid, CallSid, ConferenceSid, RecordingSid,
    TranscriptionSid,
};
use crate::time::{Date, Timestamp, WireTime};
use crate::types::{HttpMethod, string_enum};

/// A recording of a call or conference, kept by the account.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct Recording {
    /// The SID of the Account that created the Recording resource.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub account_sid: Option<AccountSid>,
    /// The API version used during the recording.
    pub api_version: Option<String>,
    /// The SID of the Call the Recording resource is associated with.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub call_sid: Option<CallSid>,
    /// The Conference SID that identifies the conference associated with the recording, if a conference recording.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub conference_sid: Option<ConferenceSid>,
    /// The date and time in GMT that the resource was created specified in RFC 2822 format.
    #[serde(default, deserialize_with = "crate::time::rfc2822")]
    pub date_created: Option<Timestamp>,
    /// The date and time in GMT that the resource was last updated specified in RFC 2822 format.
    #[serde(default, deserialize_with = "crate::time::rfc2822")]
    pub date_updated: Option<Timestamp>,
    /// The start time of the recording in GMT and in RFC 2822 format.
    #[serde(default, deserialize_with = "crate::time::rfc2822")]
    pub start_time: Option<Timestamp>,
    /// The length of the recording in seconds.
    #[serde(default, deserialize_with = "crate::de::opt_number")]
    pub duration: Option<u32>,
    /// The unique string that that we created to identify the Recording resource.
    pub sid: RecordingSid,
    /// The one-time cost of creating the recording in the `price_unit` currency.
    #[serde(default, deserialize_with = "crate::de::opt_number")]
    pub price: Option<f64>,
    /// The currency used in the `price` property.
    pub price_unit: Option<String>,
    /// Whether the recording is in progress, paused, stopped, processing, completed, absent or deleted.
    pub status: Option<RecordingStatus>,
    /// The number of channels in the final recording file.
    #[serde(default, deserialize_with = "crate::de::opt_number")]
    pub channels: Option<i64>,
    /// How the recording was started (a `<Dial>` verb, a `<Conference>`, the REST API, …).
    pub source: Option<RecordingSource>,
    /// The error code that describes why the recording is `absent`.
    #[serde(default, deserialize_with = "crate::de::opt_number")]
    pub error_code: Option<i64>,
    /// The URI of the resource, relative to `https://api.twilio.com`.
    pub uri: Option<String>,
    /// How to decrypt the recording if it was encrypted using Call Recording Encryption feature.
    pub encryption_details: Option<serde_json::Value>,
    /// A list of related resources identified by their relative URIs.
    pub subresource_uris: Option<serde_json::Value>,
    /// The URL of the media file associated with this recording resource.
    pub media_url: Option<String>,
}
string_enum! {
    /// The status of the recording. Can be: `processing`, `completed`, `absent` or `deleted`. For information about more detailed statuses on in-progress recordings, check out how to [Update a Recording Resource](https://www.twilio.com/docs/voice/api/recording#update-a-recording-resource).
    RecordingStatus {
        InProgress => "in-progress",
        Paused => "paused",
        Stopped => "stopped",
        Processing => "processing",
        Completed => "completed",
        Absent => "absent",
        Deleted => "deleted",
    }
}
string_enum! {
    /// How the recording was created. Can be: `DialVerb`, `Conference`, `OutboundAPI`, `Trunking`, `RecordVerb`, `StartCallRecordingAPI`, and `StartConferenceRecordingAPI`.
    RecordingSource {
        DialVerb => "DialVerb",
        Conference => "Conference",
        OutboundAPI => "OutboundAPI",
        Trunking => "Trunking",
        RecordVerb => "RecordVerb",
        StartCallRecordingAPI => "StartCallRecordingAPI",
        StartConferenceRecordingAPI => "StartConferenceRecordingAPI",
    }
}
/// Parameters of `GET …/Recordings.json`.
#[derive(Debug, Clone, Default, PartialEq)]
#[must_use]
pub struct ListRecordings {
    date_created: Option<WireTime>,
    date_created_before: Option<WireTime>,
    date_created_after: Option<WireTime>,
    call_sid: Option<CallSid>,
    conference_sid: Option<ConferenceSid>,
    include_soft_deleted: Option<bool>,
}

impl ListRecordings {
    setters! {
        /// `DateCreated`: Only those that were created at this time.
        date_created(time)
        /// `DateCreated<`: Only those that were created on or before this time.
        date_created_before(time)
        /// `DateCreated>`: Only those that were created on or after this time.
        date_created_after(time)
        /// `CallSid`: Only recordings of this call.
        call_sid(CallSid)
        /// `ConferenceSid`: Only recordings of this conference.
        conference_sid(ConferenceSid)
        /// `IncludeSoftDeleted`: Also list recordings deleted within the last 40 days.
        include_soft_deleted(bool)
    }
}

impl ToForm for ListRecordings {
    fn write(&self, form: &mut Form) {
        form_fields! {
            self, form;
            "DateCreated" => date_created,
            "DateCreated<" => date_created_before,
            "DateCreated>" => date_created_after,
            "CallSid" => call_sid,
            "ConferenceSid" => conference_sid,
            "IncludeSoftDeleted" => include_soft_deleted,
        }
    }
}
/// A recording of one call.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct CallRecording {
    /// The SID of the Account that created the Recording resource.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub account_sid: Option<AccountSid>,
    /// The API version used to make the recording.
    pub api_version: Option<String>,
    /// The SID of the Call the Recording resource is associated with.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub call_sid: Option<CallSid>,
    /// The Conference SID that identifies the conference associated with the recording, if a conference recording.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub conference_sid: Option<ConferenceSid>,
    /// The date and time in GMT that the resource was created specified in RFC 2822 format.
    #[serde(default, deserialize_with = "crate::time::rfc2822")]
    pub date_created: Option<Timestamp>,
    /// The date and time in GMT that the resource was last updated, specified in RFC 2822 format.
    #[serde(default, deserialize_with = "crate::time::rfc2822")]
    pub date_updated: Option<Timestamp>,
    /// The start time of the recording in GMT and in RFC 2822 format.
    #[serde(default, deserialize_with = "crate::time::rfc2822")]
    pub start_time: Option<Timestamp>,
    /// The length of the recording in seconds.
    #[serde(default, deserialize_with = "crate::de::opt_number")]
    pub duration: Option<u32>,
    /// The unique string that that we created to identify the Recording resource.
    pub sid: RecordingSid,
    /// The one-time cost of creating the recording in the `price_unit` currency.
    #[serde(default, deserialize_with = "crate::de::opt_number")]
    pub price: Option<f64>,
    /// The URI of the resource, relative to `https://api.twilio.com`.
    pub uri: Option<String>,
    /// How to decrypt the recording if it was encrypted using Call Recording Encryption feature.
    pub encryption_details: Option<serde_json::Value>,
    /// The currency used in the `price` property.
    pub price_unit: Option<String>,
    /// Whether the recording is in progress, paused, stopped, processing, completed or absent.
    pub status: Option<CallRecordingStatus>,
    /// The number of channels in the final recording file.
    #[serde(default, deserialize_with = "crate::de::opt_number")]
    pub channels: Option<i64>,
    /// How the recording was started (a `<Dial>` verb, a `<Conference>`, the REST API, …).
    pub source: Option<CallRecordingSource>,
    /// The error code that describes why the recording is `absent`.
    #[serde(default, deserialize_with = "crate::de::opt_number")]
    pub error_code: Option<i64>,
    /// The recorded track.
    pub track: Option<RecordingTrack>,
}
string_enum! {
    /// The status of the recording. Can be: `processing`, `completed` and `absent`. For more detailed statuses on in-progress recordings, check out how to [Update a Recording Resource](https://www.twilio.com/docs/voice/api/recording#update-a-recording-resource).
    CallRecordingStatus {
        InProgress => "in-progress",
        Paused => "paused",
        Stopped => "stopped",
        Processing => "processing",
        Completed => "completed",
        Absent => "absent",
    }
}
string_enum! {
    /// How the recording was created. Can be: `DialVerb`, `Conference`, `OutboundAPI`, `Trunking`, `RecordVerb`, `StartCallRecordingAPI`, and `StartConferenceRecordingAPI`.
    CallRecordingSource {
        DialVerb => "DialVerb",
        Conference => "Conference",
        OutboundAPI => "OutboundAPI",
        Trunking => "Trunking",
        RecordVerb => "RecordVerb",
        StartCallRecordingAPI => "StartCallRecordingAPI",
        StartConferenceRecordingAPI => "StartConferenceRecordingAPI",
    }
}
/// Parameters of `POST …/Calls/{CallSid}/Recordings.json`.
#[derive(Debug, Clone, Default, PartialEq)]
#[must_use]
pub struct StartCallRecording {
    recording_status_callback_event: Option<Vec<RecordingEvent>>,
    recording_status_callback: Option<String>,
    recording_status_callback_method: Option<HttpMethod>,
    trim: Option<Trim>,
    recording_channels: Option<RecordingChannels>,
    recording_track: Option<RecordingTrack>,
}

impl StartCallRecording {
    setters! {
        /// `RecordingStatusCallbackEvent`: The recording status events on which we should call the `recording_status_callback` URL.
        recording_status_callback_event(iter RecordingEvent)
        /// `RecordingStatusCallback`: The URL we should call using the `recording_status_callback_method` on each recording event specified in `recording_status_callback_event`.
        recording_status_callback(into String)
        /// `RecordingStatusCallbackMethod`: The HTTP method we should use to call `recording_status_callback`.
        recording_status_callback_method(HttpMethod)
        /// `Trim`: Whether to trim any leading and trailing silence in the recording.
        trim(Trim)
        /// `RecordingChannels`: The number of channels used in the recording.
        recording_channels(RecordingChannels)
        /// `RecordingTrack`: The audio track to record for the call.
        recording_track(RecordingTrack)
    }
}

to_form! {
    StartCallRecording {
        "RecordingStatusCallbackEvent" => [recording_status_callback_event],
        "RecordingStatusCallback" => recording_status_callback,
        "RecordingStatusCallbackMethod" => recording_status_callback_method,
        "Trim" => trim,
        "RecordingChannels" => recording_channels,
        "RecordingTrack" => recording_track,
    }
}
/// Parameters of `POST …/Calls/{CallSid}/Recordings/{Sid}.json`.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct UpdateCallRecording {
    status: CallRecordingStatus,
    pause_behavior: Option<PauseBehavior>,
}

impl UpdateCallRecording {
    /// The required parameters: `Status`.
    pub fn new(status: CallRecordingStatus) -> Self {
        Self {
            status,
            pause_behavior: None,
        }
    }

    setters! {
        /// `PauseBehavior`: Whether to record during a pause.
        pause_behavior(PauseBehavior)
    }
}

to_form! {
    UpdateCallRecording {
        "Status" => (status),
        "PauseBehavior" => pause_behavior,
    }
}
/// Parameters of `GET …/Calls/{CallSid}/Recordings.json`.
#[derive(Debug, Clone, Default, PartialEq)]
#[must_use]
pub struct ListCallRecordings {
    date_created: Option<Date>,
    date_created_before: Option<Date>,
    date_created_after: Option<Date>,
}

impl ListCallRecordings {
    setters! {
        /// `DateCreated`: Only those that were created on this day (UTC).
        date_created(Date)
        /// `DateCreated<`: Only those that were created on or before this day.
        date_created_before(Date)
        /// `DateCreated>`: Only those that were created on or after this day.
        date_created_after(Date)
    }
}

impl ToForm for ListCallRecordings {
    fn write(&self, form: &mut Form) {
        form_fields! {
            self, form;
            "DateCreated" => date_created,
            "DateCreated<" => date_created_before,
            "DateCreated>" => date_created_after,
        }
    }
}

list_item!(Recording => "recordings", CallRecording => "recordings");

/// The account's recordings.
#[derive(Debug, Clone)]
pub struct Recordings {
    api: Api,
}

impl Recordings {
    pub(crate) fn new(api: Api) -> Self {
        Self { api }
    }

    /// Lists recordings (filter by call, conference, date).
    pub fn list(&self, filter: ListRecordings) -> Lister<Recording> {
        self.api
            .client
            .list_at(Domain::Api, self.api.path("Recordings.json"), &filter)
    }
}

/// One recording of the account.
#[derive(Debug, Clone)]
pub struct RecordingRef {
    api: Api,
    sid: RecordingSid,
}

impl RecordingRef {
    pub(crate) fn new(api: Api, sid: RecordingSid) -> Self {
        Self { api, sid }
    }

    fn path(&self) -> String {
        self.api.path(&path!("Recordings/{}.json", self.sid))
    }

    resource_ops! {
        Api, self.api.client;
        /// Fetches the recording's metadata (the media is at `media_url`).
        fetch -> Recording;
        /// Deletes the recording.
        delete;
    }
}

/// The recordings of one call.
#[derive(Debug, Clone)]
pub struct CallRecordings {
    api: Api,
    call: CallSid,
}

impl CallRecordings {
    pub(crate) fn new(api: Api, call: CallSid) -> Self {
        Self { api, call }
    }

    fn path(&self) -> String {
        self.api.path(&path!("Calls/{}/Recordings.json", self.call))
    }

    resource_ops! {
        Api, self.api.client;
        /// Starts recording the live call.
        create(StartCallRecording) -> CallRecording;
        /// Lists the call's recordings.
        list(ListCallRecordings) -> CallRecording;
    }

    /// One recording of the call.
    pub fn recording(&self, sid: RecordingSid) -> CallRecordingRef {
        CallRecordingRef {
            api: self.api.clone(),
            call: self.call.clone(),
            sid,
        }
    }
}

/// One recording of one call: fetch, pause/resume/stop, delete.
#[derive(Debug, Clone)]
pub struct CallRecordingRef {
    api: Api,
    call: CallSid,
    sid: RecordingSid,
}

impl CallRecordingRef {
    fn path(&self) -> String {
        self.api
            .path(&path!("Calls/{}/Recordings/{}.json", self.call, self.sid))
    }

    resource_ops! {
        Api, self.api.client;
        /// Fetches the recording.
        fetch -> CallRecording;
        /// Pauses, resumes or stops the recording.
        update(UpdateCallRecording) -> CallRecording;
        /// Deletes the recording.
        delete;
    }
}

/// A transcription of a recording.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct Transcription {
    /// The SID of the Account that created the Transcription resource.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub account_sid: Option<AccountSid>,
    /// The API version used to create the transcription.
    pub api_version: Option<String>,
    /// The date and time in GMT that the resource was created specified in RFC 2822 format.
    #[serde(default, deserialize_with = "crate::time::rfc2822")]
    pub date_created: Option<Timestamp>,
    /// The date and time in GMT that the resource was last updated specified in RFC 2822 format.
    #[serde(default, deserialize_with = "crate::time::rfc2822")]
    pub date_updated: Option<Timestamp>,
    /// The duration of the transcribed audio in seconds.
    #[serde(default, deserialize_with = "crate::de::opt_number")]
    pub duration: Option<u32>,
    /// The charge for the transcript in the currency associated with the account.
    #[serde(default, deserialize_with = "crate::de::opt_number")]
    pub price: Option<f64>,
    /// The currency in which `price` is measured, in ISO 4127 format (e.g.
    pub price_unit: Option<String>,
    /// The SID of the Recording from which the transcription was created.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub recording_sid: Option<RecordingSid>,
    /// The unique string that that we created to identify the Transcription resource.
    pub sid: TranscriptionSid,
    /// Whether the transcription is `in-progress`, `completed` or `failed`.
    pub status: Option<RecordingTranscriptionStatus>,
    /// The text content of the transcription.
    pub transcription_text: Option<String>,
    /// The transcription type.
    #[serde(default)]
    pub r#type: Option<String>,
    /// The URI of the resource, relative to `https://api.twilio.com`.
    pub uri: Option<String>,
}
string_enum! {
    /// The status of the transcription. Can be: `in-progress`, `completed`, `failed`.
    RecordingTranscriptionStatus {
        InProgress => "in-progress",
        Completed => "completed",
        Failed => "failed",
    }
}

list_item!(Transcription => "transcriptions");

impl RecordingRef {
    /// Lists the recording's transcriptions.
    pub fn transcriptions(&self) -> Lister<Transcription> {
        let path = self
            .api
            .path(&path!("Recordings/{}/Transcriptions.json", self.sid));
        self.api.client.list_at(Domain::Api, path, &crate::NoParams)
    }

    /// One transcription of the recording.
    pub fn transcription(&self, sid: TranscriptionSid) -> TranscriptionRef {
        TranscriptionRef {
            recording: self.clone(),
            sid,
        }
    }
}

/// One transcription of a recording: fetch, delete.
#[derive(Debug, Clone)]
pub struct TranscriptionRef {
    recording: RecordingRef,
    sid: TranscriptionSid,
}

impl TranscriptionRef {
    fn path(&self) -> String {
        self.recording.api.path(&path!(
            "Recordings/{}/Transcriptions/{}.json",
            self.recording.sid,
            self.sid
        ))
    }

    resource_ops! {
        Api, self.recording.api.client;
        /// Fetches the transcription.
        fetch -> Transcription;
        /// Deletes the transcription.
        delete;
    }
}

/// The result of an add-on (e.g. a transcription service) run on a recording.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct AddOnResult {
    /// The unique string that that we created to identify the Recording AddOnResult resource.
    pub sid: AddOnResultSid,
    /// The SID of the Account that created the Recording AddOnResult resource.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub account_sid: Option<AccountSid>,
    /// Where the add-on's run is: queued, processing, completed, failed, ….
    pub status: Option<AddOnResultStatus>,
    /// The SID of the Add-on to which the result belongs.
    pub add_on_sid: Option<String>,
    /// The SID of the Add-on configuration.
    pub add_on_configuration_sid: Option<String>,
    /// The date and time in GMT that the resource was created specified in RFC 2822 format.
    #[serde(default, deserialize_with = "crate::time::rfc2822")]
    pub date_created: Option<Timestamp>,
    /// The date and time in GMT that the resource was last updated specified in RFC 2822 format.
    #[serde(default, deserialize_with = "crate::time::rfc2822")]
    pub date_updated: Option<Timestamp>,
    /// The date and time in GMT that the result was completed specified in RFC 2822 format.
    #[serde(default, deserialize_with = "crate::time::rfc2822")]
    pub date_completed: Option<Timestamp>,
    /// The SID of the recording to which the AddOnResult resource belongs.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub reference_sid: Option<RecordingSid>,
    /// A list of related resources identified by their relative URIs.
    pub subresource_uris: Option<serde_json::Value>,
}
string_enum! {
    /// The status of the result. Can be: `canceled`, `completed`, `deleted`, `failed`, `in-progress`, `init`, `processing`, `queued`.
    AddOnResultStatus {
        Canceled => "canceled",
        Completed => "completed",
        Deleted => "deleted",
        Failed => "failed",
        InProgress => "in-progress",
        Init => "init",
        Processing => "processing",
        Queued => "queued",
    }
}
/// One payload (a JSON document, a file) an add-on produced for a recording.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct AddOnResultPayload {
    /// The unique string that that we created to identify the Recording AddOnResult Payload resource.
    pub sid: AddOnResultPayloadSid,
    /// The SID of the AddOnResult to which the payload belongs.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub add_on_result_sid: Option<AddOnResultSid>,
    /// The SID of the Account that created the Recording AddOnResult Payload resource.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub account_sid: Option<AccountSid>,
    /// The string provided by the vendor that describes the payload.
    pub label: Option<String>,
    /// The SID of the Add-on to which the result belongs.
    pub add_on_sid: Option<String>,
    /// The SID of the Add-on configuration.
    pub add_on_configuration_sid: Option<String>,
    /// The MIME type of the payload.
    pub content_type: Option<String>,
    /// The date and time in GMT that the resource was created specified in RFC 2822 format.
    #[serde(default, deserialize_with = "crate::time::rfc2822")]
    pub date_created: Option<Timestamp>,
    /// The date and time in GMT that the resource was last updated specified in RFC 2822 format.
    #[serde(default, deserialize_with = "crate::time::rfc2822")]
    pub date_updated: Option<Timestamp>,
    /// The SID of the recording to which the AddOnResult resource that contains the payload belongs.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub reference_sid: Option<RecordingSid>,
    /// A list of related resources identified by their relative URIs.
    pub subresource_uris: Option<serde_json::Value>,
}

list_item!(AddOnResult => "add_on_results", AddOnResultPayload => "payloads");

impl RecordingRef {
    /// Lists the results of add-ons run on the recording.
    pub fn add_on_results(&self) -> Lister<AddOnResult> {
        let path = self
            .api
            .path(&path!("Recordings/{}/AddOnResults.json", self.sid));
        self.api.client.list_at(Domain::Api, path, &crate::NoParams)
    }

    /// One add-on result of the recording.
    pub fn add_on_result(&self, sid: AddOnResultSid) -> AddOnResultRef {
        AddOnResultRef {
            recording: self.clone(),
            sid,
        }
    }
}

/// One add-on result: fetch, delete, and its payloads.
#[derive(Debug, Clone)]
pub struct AddOnResultRef {
    recording: RecordingRef,
    sid: AddOnResultSid,
}

impl AddOnResultRef {
    fn path(&self) -> String {
        self.recording.api.path(&path!(
            "Recordings/{}/AddOnResults/{}",
            self.recording.sid,
            self.sid
        ))
    }

    resource_ops! {
        Api, self.recording.api.client;
        /// Fetches the result.
        fetch = fetch ".json" -> AddOnResult;
        /// Deletes the result.
        delete = delete ".json";
        /// Lists the result's payloads.
        payloads = list "/Payloads.json" -> AddOnResultPayload;
    }

    /// Fetches one payload's metadata.
    ///
    /// # Errors
    /// Any [`Error`] of the request.
    pub async fn payload(&self, sid: &AddOnResultPayloadSid) -> Result<AddOnResultPayload, Error> {
        let path = self.path() + &path!("/Payloads/{}.json", sid);
        self.recording.api.client.fetch_at(Domain::Api, path).await
    }

    /// Deletes one payload.
    ///
    /// # Errors
    /// Any [`Error`] of the request.
    pub async fn delete_payload(&self, sid: &AddOnResultPayloadSid) -> Result<(), Error> {
        let path = self.path() + &path!("/Payloads/{}.json", sid);
        self.recording.api.client.delete_at(Domain::Api, path).await
    }

    /// Where one payload's data is stored. Twilio answers with a `307` redirect; this
    /// returns its target without following it, so the caller decides how to download
    /// it (the target is usually a short-lived URL that needs no Twilio credentials).
    ///
    /// With a caller-supplied `reqwest` client ([`ClientBuilder::http_client`]) that
    /// follows redirects, the redirect is followed and the URL it ended at is returned.
    ///
    /// [`ClientBuilder::http_client`]: crate::ClientBuilder::http_client
    ///
    /// # Errors
    /// Any [`Error`] of the request; [`Error::Api`] when the redirect names no target.
    pub async fn payload_data(&self, sid: &AddOnResultPayloadSid) -> Result<PayloadData, Error> {
        let path = self.path() + &path!("/Payloads/{}/Data.json", sid);
        let req = crate::client::Request::get(Domain::Api, path);
        let redirect_to = self.recording.api.client.send_redirect(&req).await?;
        Ok(PayloadData { redirect_to })
    }
}

/// Where an add-on result payload's data can be downloaded, from
/// [`AddOnResultRef::payload_data`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PayloadData {
    /// The URL the data is served from (Twilio's `redirect_to`, or the redirect's
    /// `Location`).
    pub redirect_to: String,
}
