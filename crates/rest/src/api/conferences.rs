//! Conferences (`/Conferences`) and their Participants.

use std::fmt;

use serde::Deserialize;

use crate::Secret;

use super::Api;
use super::calls::CallEvent;
use super::voice::{
    Beep, ConferenceEvent, ConferenceRecord, JitterBufferSize, MachineDetection, PauseBehavior,
    RecordingChannels, RecordingEvent, RecordingTrack, Trim,
};
use crate::client::Domain;
use crate::form::{Form, ToForm};
use crate::page::Lister;
use crate::sid::{AccountSid, CallSid, ConferenceSid, Endpoint, RecordingSid};
use crate::time::{Date, Timestamp};
use crate::types::{HttpMethod, string_enum};

/// A conference: a room that calls join as participants.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct Conference {
    /// The SID of the Account that created this Conference resource.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub account_sid: Option<AccountSid>,
    /// The date and time in UTC that this resource was created specified in RFC 2822 format.
    #[serde(default, deserialize_with = "crate::time::rfc2822")]
    pub date_created: Option<Timestamp>,
    /// The date and time in UTC that this resource was last updated, specified in RFC 2822 format.
    #[serde(default, deserialize_with = "crate::time::rfc2822")]
    pub date_updated: Option<Timestamp>,
    /// The API version used to create this conference.
    pub api_version: Option<String>,
    /// A string that you assigned to describe this conference room.
    pub friendly_name: Option<String>,
    /// A string that represents the Twilio Region where the conference audio was mixed.
    pub region: Option<String>,
    /// The unique, Twilio-provided string used to identify this Conference resource.
    pub sid: ConferenceSid,
    /// Whether the conference is waiting for a participant (`init`), `in-progress` or `completed`.
    pub status: Option<ConferenceStatus>,
    /// The URI of this resource, relative to `https://api.twilio.com`.
    pub uri: Option<String>,
    /// A list of related resources identified by their URIs relative to `https://api.twilio.com`.
    pub subresource_uris: Option<serde_json::Value>,
    /// Why the conference ended; `None` while it is in progress.
    pub reason_conference_ended: Option<ConferenceReasonConferenceEnded>,
    /// The call SID that caused the conference to end.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub call_sid_ending_conference: Option<CallSid>,
}
string_enum! {
    /// The status of this conference. Can be: `init`, `in-progress`, or `completed`.
    ConferenceStatus {
        Init => "init",
        InProgress => "in-progress",
        Completed => "completed",
    }
}
string_enum! {
    /// The status a conference can be moved to: `completed` ends it and disconnects every participant.
    ConferenceUpdateStatus {
        Completed => "completed",
    }
}
string_enum! {
    /// The reason why a conference ended. When a conference is in progress, will be `null`. When conference is completed, can be: `conference-ended-via-api`, `participant-with-end-conference-on-exit-left`, `participant-with-end-conference-on-exit-kicked`, `last-participant-kicked`, or `last-participant-left`.
    ConferenceReasonConferenceEnded {
        ConferenceEndedViaApi => "conference-ended-via-api",
        ParticipantWithEndConferenceOnExitLeft => "participant-with-end-conference-on-exit-left",
        ParticipantWithEndConferenceOnExitKicked => "participant-with-end-conference-on-exit-kicked",
        LastParticipantKicked => "last-participant-kicked",
        LastParticipantLeft => "last-participant-left",
    }
}
/// Parameters of `POST …/Conferences/{Sid}.json`.
#[derive(Debug, Clone, Default, PartialEq)]
#[must_use]
pub struct UpdateConference {
    status: Option<ConferenceUpdateStatus>,
    announce_url: Option<String>,
    announce_method: Option<HttpMethod>,
}

impl UpdateConference {
    setters! {
        /// `Status`: `completed` ends the conference.
        status(ConferenceUpdateStatus)
        /// `AnnounceUrl`: The URL we should call to announce something into the conference.
        announce_url(into String)
        /// `AnnounceMethod`: The HTTP method used to call `announce_url`.
        announce_method(HttpMethod)
    }
}

to_form! {
    UpdateConference {
        "Status" => status,
        "AnnounceUrl" => announce_url,
        "AnnounceMethod" => announce_method,
    }
}
/// Parameters of `GET …/Conferences.json`.
#[derive(Debug, Clone, Default, PartialEq)]
#[must_use]
pub struct ListConferences {
    date_created: Option<Date>,
    date_created_before: Option<Date>,
    date_created_after: Option<Date>,
    date_updated: Option<Date>,
    date_updated_before: Option<Date>,
    date_updated_after: Option<Date>,
    friendly_name: Option<String>,
    status: Option<ConferenceStatus>,
}

impl ListConferences {
    setters! {
        /// `DateCreated`: Only those that were created on this day (UTC).
        date_created(Date)
        /// `DateCreated<`: Only those that were created on or before this day.
        date_created_before(Date)
        /// `DateCreated>`: Only those that were created on or after this day.
        date_created_after(Date)
        /// `DateUpdated`: Only those that were last updated on this day (UTC).
        date_updated(Date)
        /// `DateUpdated<`: Only those that were last updated on or before this day.
        date_updated_before(Date)
        /// `DateUpdated>`: Only those that were last updated on or after this day.
        date_updated_after(Date)
        /// `FriendlyName`: Only conferences with exactly this name.
        friendly_name(into String)
        /// `Status`: Only conferences in this status.
        status(ConferenceStatus)
    }
}

impl ToForm for ListConferences {
    fn write(&self, form: &mut Form) {
        form_fields! {
            self, form;
            "DateCreated" => date_created,
            "DateCreated<" => date_created_before,
            "DateCreated>" => date_created_after,
            "DateUpdated" => date_updated,
            "DateUpdated<" => date_updated_before,
            "DateUpdated>" => date_updated_after,
            "FriendlyName" => friendly_name,
            "Status" => status,
        }
    }
}
/// A call connected to a conference.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct Participant {
    /// The SID of the Account that created the Participant resource.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub account_sid: Option<AccountSid>,
    /// The SID of the Call the Participant resource is associated with.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub call_sid: Option<CallSid>,
    /// The user-specified label of this participant, if one was given when the participant was created.
    pub label: Option<String>,
    /// The SID of the participant who is being `coached`.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub call_sid_to_coach: Option<CallSid>,
    /// Whether the participant is coaching another call.
    pub coaching: Option<bool>,
    /// The SID of the conference the participant is in.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub conference_sid: Option<ConferenceSid>,
    /// The date and time in GMT that the resource was created specified in RFC 2822 format.
    #[serde(default, deserialize_with = "crate::time::rfc2822")]
    pub date_created: Option<Timestamp>,
    /// The date and time in GMT that the resource was last updated specified in RFC 2822 format.
    #[serde(default, deserialize_with = "crate::time::rfc2822")]
    pub date_updated: Option<Timestamp>,
    /// Whether the conference ends when the participant leaves.
    pub end_conference_on_exit: Option<bool>,
    /// Whether the participant is muted.
    pub muted: Option<bool>,
    /// Whether the participant is on hold.
    pub hold: Option<bool>,
    /// Whether the conference starts when the participant joins the conference, if it has not already started.
    pub start_conference_on_enter: Option<bool>,
    /// Where the participant's call is: queued, connecting, ringing, connected, complete or failed.
    pub status: Option<ParticipantStatus>,
    /// The wait time in milliseconds before participant's call is placed.
    #[serde(default, deserialize_with = "crate::de::opt_number")]
    pub queue_time: Option<u64>,
    /// The URI of the resource, relative to `https://api.twilio.com`.
    pub uri: Option<String>,
}
string_enum! {
    /// The status of the participant's call in a session. Can be: `queued`, `connecting`, `ringing`, `connected`, `complete`, or `failed`.
    ParticipantStatus {
        Queued => "queued",
        Connecting => "connecting",
        Ringing => "ringing",
        Connected => "connected",
        Complete => "complete",
        Failed => "failed",
    }
}
/// Parameters of `POST …/Conferences/{ConferenceSid}/Participants.json`.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct CreateParticipant {
    from: Endpoint,
    to: Endpoint,
    status_callback: Option<String>,
    status_callback_method: Option<HttpMethod>,
    status_callback_event: Option<Vec<CallEvent>>,
    label: Option<String>,
    timeout: Option<u32>,
    record: Option<bool>,
    muted: Option<bool>,
    beep: Option<Beep>,
    start_conference_on_enter: Option<bool>,
    end_conference_on_exit: Option<bool>,
    wait_url: Option<String>,
    wait_method: Option<HttpMethod>,
    early_media: Option<bool>,
    max_participants: Option<u32>,
    conference_record: Option<ConferenceRecord>,
    conference_trim: Option<Trim>,
    conference_status_callback: Option<String>,
    conference_status_callback_method: Option<HttpMethod>,
    conference_status_callback_event: Option<Vec<ConferenceEvent>>,
    recording_channels: Option<RecordingChannels>,
    recording_status_callback: Option<String>,
    recording_status_callback_method: Option<HttpMethod>,
    sip_auth_username: Option<String>,
    sip_auth_password: Option<Secret>,
    region: Option<String>,
    conference_recording_status_callback: Option<String>,
    conference_recording_status_callback_method: Option<HttpMethod>,
    recording_status_callback_event: Option<Vec<RecordingEvent>>,
    conference_recording_status_callback_event: Option<Vec<RecordingEvent>>,
    coaching: Option<bool>,
    call_sid_to_coach: Option<CallSid>,
    jitter_buffer_size: Option<JitterBufferSize>,
    byoc: Option<String>,
    caller_id: Option<String>,
    call_reason: Option<String>,
    recording_track: Option<RecordingTrack>,
    time_limit: Option<u32>,
    machine_detection: Option<MachineDetection>,
    machine_detection_timeout: Option<u32>,
    machine_detection_speech_threshold: Option<u32>,
    machine_detection_speech_end_threshold: Option<u32>,
    machine_detection_silence_timeout: Option<u32>,
    amd_status_callback: Option<String>,
    amd_status_callback_method: Option<HttpMethod>,
    trim: Option<Trim>,
    call_token: Option<String>,
}

impl CreateParticipant {
    /// The required parameters: `From`, `To`.
    pub fn new(from: impl Into<Endpoint>, to: impl Into<Endpoint>) -> Self {
        Self {
            from: from.into(),
            to: to.into(),
            status_callback: None,
            status_callback_method: None,
            status_callback_event: None,
            label: None,
            timeout: None,
            record: None,
            muted: None,
            beep: None,
            start_conference_on_enter: None,
            end_conference_on_exit: None,
            wait_url: None,
            wait_method: None,
            early_media: None,
            max_participants: None,
            conference_record: None,
            conference_trim: None,
            conference_status_callback: None,
            conference_status_callback_method: None,
            conference_status_callback_event: None,
            recording_channels: None,
            recording_status_callback: None,
            recording_status_callback_method: None,
            sip_auth_username: None,
            sip_auth_password: None,
            region: None,
            conference_recording_status_callback: None,
            conference_recording_status_callback_method: None,
            recording_status_callback_event: None,
            conference_recording_status_callback_event: None,
            coaching: None,
            call_sid_to_coach: None,
            jitter_buffer_size: None,
            byoc: None,
            caller_id: None,
            call_reason: None,
            recording_track: None,
            time_limit: None,
            machine_detection: None,
            machine_detection_timeout: None,
            machine_detection_speech_threshold: None,
            machine_detection_speech_end_threshold: None,
            machine_detection_silence_timeout: None,
            amd_status_callback: None,
            amd_status_callback_method: None,
            trim: None,
            call_token: None,
        }
    }

    setters! {
        /// `StatusCallback`: The URL we should call using the `status_callback_method` to send status information to your application.
        status_callback(into String)
        /// `StatusCallbackMethod`: The HTTP method we should use to call `status_callback`.
        status_callback_method(HttpMethod)
        /// `StatusCallbackEvent`: The conference state changes that should generate a call to `status_callback`.
        status_callback_event(iter CallEvent)
        /// `Label`: A label for this participant.
        label(into String)
        /// `Timeout`: The number of seconds that we should allow the phone to ring before assuming there is no answer.
        timeout(u32)
        /// `Record`: Whether to record the participant and their conferences, including the time between conferences.
        record(bool)
        /// `Muted`: Whether the agent is muted in the conference.
        muted(bool)
        /// `Beep`: Whether to play a notification beep to the conference when the participant joins.
        beep(Beep)
        /// `StartConferenceOnEnter`: Whether to start the conference when the participant joins, if it has not already started.
        start_conference_on_enter(bool)
        /// `EndConferenceOnExit`: Whether to end the conference when the participant leaves.
        end_conference_on_exit(bool)
        /// `WaitUrl`: The URL that Twilio calls using the `wait_method` before the conference has started.
        wait_url(into String)
        /// `WaitMethod`: The HTTP method we should use to call `wait_url`.
        wait_method(HttpMethod)
        /// `EarlyMedia`: Whether to allow an agent to hear the state of the outbound call, including ringing or disconnect messages.
        early_media(bool)
        /// `MaxParticipants`: The maximum number of participants in the conference.
        max_participants(u32)
        /// `ConferenceRecord`: Whether to record the conference the participant is joining.
        conference_record(ConferenceRecord)
        /// `ConferenceTrim`: Whether to trim leading and trailing silence from the conference recording.
        conference_trim(Trim)
        /// `ConferenceStatusCallback`: The URL we should call using the `conference_status_callback_method` when the conference events in `conference_status_callback_event` occur.
        conference_status_callback(into String)
        /// `ConferenceStatusCallbackMethod`: The HTTP method we should use to call `conference_status_callback`.
        conference_status_callback_method(HttpMethod)
        /// `ConferenceStatusCallbackEvent`: The conference state changes that should generate a call to `conference_status_callback`.
        conference_status_callback_event(iter ConferenceEvent)
        /// `RecordingChannels`: The recording channels for the final recording.
        recording_channels(RecordingChannels)
        /// `RecordingStatusCallback`: The URL that we should call using the `recording_status_callback_method` when the recording status changes.
        recording_status_callback(into String)
        /// `RecordingStatusCallbackMethod`: The HTTP method we should use when we call `recording_status_callback`.
        recording_status_callback_method(HttpMethod)
        /// `SipAuthUsername`: The SIP username used for authentication.
        sip_auth_username(into String)
        /// `SipAuthPassword`: The SIP password for authentication.
        sip_auth_password(into Secret)
        /// `Region`: The region where we should mix the recorded audio.
        region(into String)
        /// `ConferenceRecordingStatusCallback`: The URL we should call using the `conference_recording_status_callback_method` when the conference recording is available.
        conference_recording_status_callback(into String)
        /// `ConferenceRecordingStatusCallbackMethod`: The HTTP method we should use to call `conference_recording_status_callback`.
        conference_recording_status_callback_method(HttpMethod)
        /// `RecordingStatusCallbackEvent`: The recording state changes that should generate a call to `recording_status_callback`.
        recording_status_callback_event(iter RecordingEvent)
        /// `ConferenceRecordingStatusCallbackEvent`: The conference recording state changes that generate a call to `conference_recording_status_callback`.
        conference_recording_status_callback_event(iter RecordingEvent)
        /// `Coaching`: Whether the participant is coaching another call.
        coaching(bool)
        /// `CallSidToCoach`: The SID of the participant who is being `coached`.
        call_sid_to_coach(CallSid)
        /// `JitterBufferSize`: Jitter buffer size for the connecting participant.
        jitter_buffer_size(JitterBufferSize)
        /// `Byoc`: The SID of a BYOC (Bring Your Own Carrier) trunk to route this call with.
        byoc(into String)
        /// `CallerId`: The phone number, Client identifier, or username portion of SIP address that made this call.
        caller_id(into String)
        /// `CallReason`: The Reason for the outgoing call.
        call_reason(into String)
        /// `RecordingTrack`: The audio track to record for the call.
        recording_track(RecordingTrack)
        /// `TimeLimit`: The maximum duration of the call in seconds.
        time_limit(u32)
        /// `MachineDetection`: Whether to detect if a human, answering machine, or fax has picked up the call.
        machine_detection(MachineDetection)
        /// `MachineDetectionTimeout`: The number of seconds that we should attempt to detect an answering machine before timing out and sending a voice request with `AnsweredBy` of `unknown`.
        machine_detection_timeout(u32)
        /// `MachineDetectionSpeechThreshold`: The number of milliseconds that is used as the measuring stick for the length of the speech activity, where durations lower than this value will be interpreted as a human and longer than this value as a machine.
        machine_detection_speech_threshold(u32)
        /// `MachineDetectionSpeechEndThreshold`: The number of milliseconds of silence after speech activity at which point the speech activity is considered complete.
        machine_detection_speech_end_threshold(u32)
        /// `MachineDetectionSilenceTimeout`: The number of milliseconds of initial silence after which an `unknown` AnsweredBy result will be returned.
        machine_detection_silence_timeout(u32)
        /// `AmdStatusCallback`: The URL that we should call using the `amd_status_callback_method` to notify customer application whether the call was answered by human, machine or fax.
        amd_status_callback(into String)
        /// `AmdStatusCallbackMethod`: The HTTP method we should use when calling the `amd_status_callback` URL.
        amd_status_callback_method(HttpMethod)
        /// `Trim`: Whether to trim any leading and trailing silence from the participant recording.
        trim(Trim)
        /// `CallToken`: A token string needed to invoke a forwarded call.
        call_token(into String)
    }
}

to_form! {
    CreateParticipant {
        "From" => (from),
        "To" => (to),
        "StatusCallback" => status_callback,
        "StatusCallbackMethod" => status_callback_method,
        "StatusCallbackEvent" => [status_callback_event],
        "Label" => label,
        "Timeout" => timeout,
        "Record" => record,
        "Muted" => muted,
        "Beep" => beep,
        "StartConferenceOnEnter" => start_conference_on_enter,
        "EndConferenceOnExit" => end_conference_on_exit,
        "WaitUrl" => wait_url,
        "WaitMethod" => wait_method,
        "EarlyMedia" => early_media,
        "MaxParticipants" => max_participants,
        "ConferenceRecord" => conference_record,
        "ConferenceTrim" => conference_trim,
        "ConferenceStatusCallback" => conference_status_callback,
        "ConferenceStatusCallbackMethod" => conference_status_callback_method,
        "ConferenceStatusCallbackEvent" => [conference_status_callback_event],
        "RecordingChannels" => recording_channels,
        "RecordingStatusCallback" => recording_status_callback,
        "RecordingStatusCallbackMethod" => recording_status_callback_method,
        "SipAuthUsername" => sip_auth_username,
        "SipAuthPassword" => {sip_auth_password},
        "Region" => region,
        "ConferenceRecordingStatusCallback" => conference_recording_status_callback,
        "ConferenceRecordingStatusCallbackMethod" => conference_recording_status_callback_method,
        "RecordingStatusCallbackEvent" => [recording_status_callback_event],
        "ConferenceRecordingStatusCallbackEvent" => [conference_recording_status_callback_event],
        "Coaching" => coaching,
        "CallSidToCoach" => call_sid_to_coach,
        "JitterBufferSize" => jitter_buffer_size,
        "Byoc" => byoc,
        "CallerId" => caller_id,
        "CallReason" => call_reason,
        "RecordingTrack" => recording_track,
        "TimeLimit" => time_limit,
        "MachineDetection" => machine_detection,
        "MachineDetectionTimeout" => machine_detection_timeout,
        "MachineDetectionSpeechThreshold" => machine_detection_speech_threshold,
        "MachineDetectionSpeechEndThreshold" => machine_detection_speech_end_threshold,
        "MachineDetectionSilenceTimeout" => machine_detection_silence_timeout,
        "AmdStatusCallback" => amd_status_callback,
        "AmdStatusCallbackMethod" => amd_status_callback_method,
        "Trim" => trim,
        "CallToken" => call_token,
    }
}
/// Parameters of `POST …/Conferences/{ConferenceSid}/Participants/{CallSid}.json`.
#[derive(Debug, Clone, Default, PartialEq)]
#[must_use]
pub struct UpdateParticipant {
    muted: Option<bool>,
    hold: Option<bool>,
    hold_url: Option<String>,
    hold_method: Option<HttpMethod>,
    announce_url: Option<String>,
    announce_method: Option<HttpMethod>,
    wait_url: Option<String>,
    wait_method: Option<HttpMethod>,
    beep_on_exit: Option<bool>,
    end_conference_on_exit: Option<bool>,
    coaching: Option<bool>,
    call_sid_to_coach: Option<CallSid>,
}

impl UpdateParticipant {
    setters! {
        /// `Muted`: Whether the participant should be muted.
        muted(bool)
        /// `Hold`: Whether the participant should be on hold.
        hold(bool)
        /// `HoldUrl`: The URL we call using the `hold_method` for music that plays when the participant is on hold.
        hold_url(into String)
        /// `HoldMethod`: The HTTP method we should use to call `hold_url`.
        hold_method(HttpMethod)
        /// `AnnounceUrl`: The URL we call using the `announce_method` for an announcement to the participant.
        announce_url(into String)
        /// `AnnounceMethod`: The HTTP method we should use to call `announce_url`.
        announce_method(HttpMethod)
        /// `WaitUrl`: The URL that Twilio calls using the `wait_method` before the conference has started.
        wait_url(into String)
        /// `WaitMethod`: The HTTP method we should use to call `wait_url`.
        wait_method(HttpMethod)
        /// `BeepOnExit`: Whether to play a notification beep to the conference when the participant exits.
        beep_on_exit(bool)
        /// `EndConferenceOnExit`: Whether to end the conference when the participant leaves.
        end_conference_on_exit(bool)
        /// `Coaching`: Whether the participant is coaching another call.
        coaching(bool)
        /// `CallSidToCoach`: The SID of the participant who is being `coached`.
        call_sid_to_coach(CallSid)
    }
}

to_form! {
    UpdateParticipant {
        "Muted" => muted,
        "Hold" => hold,
        "HoldUrl" => hold_url,
        "HoldMethod" => hold_method,
        "AnnounceUrl" => announce_url,
        "AnnounceMethod" => announce_method,
        "WaitUrl" => wait_url,
        "WaitMethod" => wait_method,
        "BeepOnExit" => beep_on_exit,
        "EndConferenceOnExit" => end_conference_on_exit,
        "Coaching" => coaching,
        "CallSidToCoach" => call_sid_to_coach,
    }
}
/// Parameters of `GET …/Conferences/{ConferenceSid}/Participants.json`.
#[derive(Debug, Clone, Default, PartialEq)]
#[must_use]
pub struct ListParticipants {
    muted: Option<bool>,
    hold: Option<bool>,
    coaching: Option<bool>,
}

impl ListParticipants {
    setters! {
        /// `Muted`: Only participants that are (`true`) or are not (`false`) muted.
        muted(bool)
        /// `Hold`: Only participants that are (`true`) or are not (`false`) on hold.
        hold(bool)
        /// `Coaching`: Only participants that are (`true`) or are not (`false`) coaching another call.
        coaching(bool)
    }
}

to_form! {
    ListParticipants {
        "Muted" => muted,
        "Hold" => hold,
        "Coaching" => coaching,
    }
}

list_item!(Conference => "conferences", Participant => "participants");

/// The account's conferences.
#[derive(Debug, Clone)]
pub struct Conferences {
    api: Api,
}

impl Conferences {
    pub(crate) fn new(api: Api) -> Self {
        Self { api }
    }

    /// Lists conferences.
    pub fn list(&self, filter: ListConferences) -> Lister<Conference> {
        self.api
            .client
            .list_at(Domain::Api, self.api.path("Conferences.json"), &filter)
    }
}

/// One conference: fetch, update (end it, announce), and its participants.
#[derive(Debug, Clone)]
pub struct ConferenceRef {
    api: Api,
    sid: ConferenceSid,
}

impl ConferenceRef {
    pub(crate) fn new(api: Api, sid: ConferenceSid) -> Self {
        Self { api, sid }
    }

    fn path(&self) -> String {
        self.api.path(&path!("Conferences/{}", self.sid))
    }

    resource_ops! {
        Api, self.api.client;
        /// Fetches the conference.
        fetch = fetch ".json" -> Conference;
        /// Ends the conference or plays an announcement to it.
        update = update ".json" (UpdateConference) -> Conference;
        /// Dials a new participant into the conference.
        add_participant = create "/Participants.json" (CreateParticipant) -> Participant;
        /// Lists the participants.
        participants = list "/Participants.json" (ListParticipants) -> Participant;
    }

    /// One participant, by call SID or label.
    pub fn participant(&self, id: impl Into<ParticipantId>) -> ParticipantRef {
        ParticipantRef {
            conference: self.clone(),
            id: id.into(),
        }
    }
}

/// Names a participant: the SID of its call, or the label given when it was added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParticipantId {
    /// The participant's call.
    Call(CallSid),
    /// The participant's `Label`.
    Label(String),
}

impl From<CallSid> for ParticipantId {
    fn from(sid: CallSid) -> Self {
        Self::Call(sid)
    }
}

impl fmt::Display for ParticipantId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Call(sid) => f.write_str(sid.as_str()),
            Self::Label(label) => f.write_str(label),
        }
    }
}

/// One participant: fetch, update (mute, hold, coach), remove.
#[derive(Debug, Clone)]
pub struct ParticipantRef {
    conference: ConferenceRef,
    id: ParticipantId,
}

impl ParticipantRef {
    fn path(&self) -> String {
        self.conference.path() + &path!("/Participants/{}.json", self.id.to_string())
    }

    resource_ops! {
        Api, self.conference.api.client;
        /// Fetches the participant.
        fetch -> Participant;
        /// Mutes, holds, coaches or redirects the participant.
        update(UpdateParticipant) -> Participant;
        /// Removes the participant from the conference (hangs up its call leg).
        delete;
    }
}

/// A recording of a conference.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct ConferenceRecording {
    /// The SID of the Account that created the Conference Recording resource.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub account_sid: Option<AccountSid>,
    /// The API version used to create the recording.
    pub api_version: Option<String>,
    /// The SID of the Call the Conference Recording resource is associated with.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub call_sid: Option<CallSid>,
    /// The Conference SID that identifies the conference associated with the recording.
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
    /// The unique string that that we created to identify the Conference Recording resource.
    pub sid: RecordingSid,
    /// The one-time cost of creating the recording in the `price_unit` currency.
    #[serde(default, deserialize_with = "crate::de::opt_number")]
    pub price: Option<f64>,
    /// The currency used in the `price` property.
    pub price_unit: Option<String>,
    /// Whether the recording is in progress, paused, stopped, processing, completed or absent.
    pub status: Option<ConferenceRecordingStatus>,
    /// The number of channels in the final recording file.
    #[serde(default, deserialize_with = "crate::de::opt_number")]
    pub channels: Option<i64>,
    /// How the recording was started (a `<Dial>` verb, a `<Conference>`, the REST API, …).
    pub source: Option<ConferenceRecordingSource>,
    /// The error code that describes why the recording is `absent`.
    #[serde(default, deserialize_with = "crate::de::opt_number")]
    pub error_code: Option<i64>,
    /// How to decrypt the recording if it was encrypted using Call Recording Encryption feature.
    pub encryption_details: Option<serde_json::Value>,
    /// The URI of the resource, relative to `https://api.twilio.com`.
    pub uri: Option<String>,
}
string_enum! {
    /// The status of the recording. Can be: `processing`, `completed` and `absent`. For more detailed statuses on in-progress recordings, check out how to [Update a Recording Resource](https://www.twilio.com/docs/voice/api/recording#update-a-recording-resource).
    ConferenceRecordingStatus {
        InProgress => "in-progress",
        Paused => "paused",
        Stopped => "stopped",
        Processing => "processing",
        Completed => "completed",
        Absent => "absent",
    }
}
string_enum! {
    /// How the recording was created. Can be: `DialVerb`, `Conference`, `OutboundAPI`, `Trunking`, `RecordVerb`, `StartCallRecordingAPI`, `StartConferenceRecordingAPI`.
    ConferenceRecordingSource {
        DialVerb => "DialVerb",
        Conference => "Conference",
        OutboundAPI => "OutboundAPI",
        Trunking => "Trunking",
        RecordVerb => "RecordVerb",
        StartCallRecordingAPI => "StartCallRecordingAPI",
        StartConferenceRecordingAPI => "StartConferenceRecordingAPI",
    }
}
/// Parameters of `POST …/Conferences/{ConferenceSid}/Recordings/{Sid}.json`.
#[derive(Debug, Clone, PartialEq)]
#[must_use]
pub struct UpdateConferenceRecording {
    status: ConferenceRecordingStatus,
    pause_behavior: Option<PauseBehavior>,
}

impl UpdateConferenceRecording {
    /// The required parameters: `Status`.
    pub fn new(status: ConferenceRecordingStatus) -> Self {
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
    UpdateConferenceRecording {
        "Status" => (status),
        "PauseBehavior" => pause_behavior,
    }
}
/// Parameters of `GET …/Conferences/{ConferenceSid}/Recordings.json`.
#[derive(Debug, Clone, Default, PartialEq)]
#[must_use]
pub struct ListConferenceRecordings {
    date_created: Option<Date>,
    date_created_before: Option<Date>,
    date_created_after: Option<Date>,
}

impl ListConferenceRecordings {
    setters! {
        /// `DateCreated`: Only those that were created on this day (UTC).
        date_created(Date)
        /// `DateCreated<`: Only those that were created on or before this day.
        date_created_before(Date)
        /// `DateCreated>`: Only those that were created on or after this day.
        date_created_after(Date)
    }
}

impl ToForm for ListConferenceRecordings {
    fn write(&self, form: &mut Form) {
        form_fields! {
            self, form;
            "DateCreated" => date_created,
            "DateCreated<" => date_created_before,
            "DateCreated>" => date_created_after,
        }
    }
}

list_item!(ConferenceRecording => "recordings");

impl ConferenceRef {
    resource_ops! {
        Api, self.api.client;
        /// Lists the conference's recordings.
        recordings = list "/Recordings.json" (ListConferenceRecordings) -> ConferenceRecording;
    }

    /// One recording of the conference.
    pub fn recording(&self, sid: RecordingSid) -> ConferenceRecordingRef {
        ConferenceRecordingRef {
            conference: self.clone(),
            sid,
        }
    }
}

/// One recording of a conference: fetch, pause/resume/stop, delete.
#[derive(Debug, Clone)]
pub struct ConferenceRecordingRef {
    conference: ConferenceRef,
    sid: RecordingSid,
}

impl ConferenceRecordingRef {
    fn path(&self) -> String {
        self.conference.path() + &path!("/Recordings/{}.json", self.sid)
    }

    resource_ops! {
        Api, self.conference.api.client;
        /// Fetches the recording.
        fetch -> ConferenceRecording;
        /// Pauses, resumes or stops the recording.
        update(UpdateConferenceRecording) -> ConferenceRecording;
        /// Deletes the recording.
        delete;
    }
}
