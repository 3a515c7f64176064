//! TaskRouter Reservations, of a Task (`/Tasks/{TaskSid}/Reservations`) or of a
//! Worker (`/Workers/{WorkerSid}/Reservations`).

use std::collections::BTreeMap;
use std::marker::PhantomData;

use serde::{Deserialize, Serialize};

use crate::Secret;
pub use crate::api::calls::CallEvent as ReservationCallStatus;
pub use crate::api::voice::{
    Beep, ConferenceEvent as ReservationConferenceEvent, ConferenceRecord, JitterBufferSize,
    RecordingChannels, Trim as ConferenceTrim,
};
use crate::client::{Client, Domain};
use crate::form::{Form, ToForm};
use crate::page::Lister;
use crate::sid::{
    AccountSid, ActivitySid, CallSid, ReservationSid, TaskSid, WorkerSid, WorkspaceSid,
};
use crate::time::Timestamp;
use crate::types::{HttpMethod, string_enum};

/// A Reservation: a Task offered to a Worker.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Reservation {
    /// The SID of the Account that created the TaskReservation resource.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub account_sid: Option<AccountSid>,
    /// The date and time in GMT when the resource was created specified in ISO 8601 format.
    #[serde(default, deserialize_with = "crate::time::iso8601")]
    pub date_created: Option<Timestamp>,
    /// The date and time in GMT when the resource was last updated specified in ISO 8601 format.
    #[serde(default, deserialize_with = "crate::time::iso8601")]
    pub date_updated: Option<Timestamp>,
    /// The current status of the reservation.
    pub reservation_status: Option<ReservationStatus>,
    /// The unique string that we created to identify the TaskReservation resource.
    pub sid: ReservationSid,
    /// The SID of the reserved Task resource.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub task_sid: Option<TaskSid>,
    /// The `friendly_name` of the Worker that is reserved.
    pub worker_name: Option<String>,
    /// The SID of the reserved Worker resource.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub worker_sid: Option<WorkerSid>,
    /// The SID of the Workspace that this task is contained within.
    #[serde(default, deserialize_with = "crate::de::opt_sid")]
    pub workspace_sid: Option<WorkspaceSid>,
    /// The absolute URL of the TaskReservation reservation.
    pub url: Option<String>,
    /// The URLs of related resources.
    pub links: Option<BTreeMap<String, String>>,
}
list_item!(Reservation => "reservations");
/// Parameters of `POST /v1/Workspaces/{WorkspaceSid}/Tasks/{TaskSid}/Reservations/{Sid}`.
pub type UpdateReservation = ReservationUpdate<ForTask>;

/// Parameters of `POST /v1/Workspaces/{WorkspaceSid}/Workers/{WorkerSid}/Reservations/{Sid}`.
pub type UpdateWorkerReservation = ReservationUpdate<ForWorker>;

/// Marks [`ReservationUpdate`] parameters for a Task's Reservation ([`UpdateReservation`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ForTask;

/// Marks [`ReservationUpdate`] parameters for a Worker's Reservation ([`UpdateWorkerReservation`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ForWorker;

/// Parameters of a Reservation update, the same for a Task's and a Worker's Reservation
/// except for the Supervise instruction's `SupervisorMode` and `Supervisor`, which only a
/// Task's Reservation takes ([`UpdateReservation`]; [`UpdateWorkerReservation`] has no
/// setters for them, so never sends them).
///
/// ```compile_fail
/// use twilio_rest::taskrouter::reservations::UpdateWorkerReservation;
/// let _ = UpdateWorkerReservation::default().supervisor("client:sam");
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
#[must_use]
pub struct ReservationUpdate<S> {
    reservation_status: Option<ReservationStatus>,
    worker_activity_sid: Option<ActivitySid>,
    instruction: Option<ReservationInstruction>,
    dequeue_post_work_activity_sid: Option<ActivitySid>,
    dequeue_from: Option<String>,
    dequeue_record: Option<String>,
    dequeue_timeout: Option<u32>,
    dequeue_to: Option<String>,
    dequeue_status_callback_url: Option<String>,
    call_from: Option<String>,
    call_record: Option<String>,
    call_timeout: Option<u32>,
    call_to: Option<String>,
    call_url: Option<String>,
    call_status_callback_url: Option<String>,
    call_accept: Option<bool>,
    redirect_call_sid: Option<CallSid>,
    redirect_accept: Option<bool>,
    redirect_url: Option<String>,
    to: Option<String>,
    from: Option<String>,
    status_callback: Option<String>,
    status_callback_method: Option<HttpMethod>,
    status_callback_event: Option<Vec<ReservationCallStatus>>,
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
    conference_status_callback: Option<String>,
    conference_status_callback_method: Option<HttpMethod>,
    conference_status_callback_event: Option<Vec<ReservationConferenceEvent>>,
    conference_record: Option<ConferenceRecord>,
    conference_trim: Option<ConferenceTrim>,
    recording_channels: Option<RecordingChannels>,
    recording_status_callback: Option<String>,
    recording_status_callback_method: Option<HttpMethod>,
    conference_recording_status_callback: Option<String>,
    conference_recording_status_callback_method: Option<HttpMethod>,
    region: Option<String>,
    sip_auth_username: Option<String>,
    sip_auth_password: Option<Secret>,
    dequeue_status_callback_event: Option<Vec<ReservationCallStatus>>,
    post_work_activity_sid: Option<ActivitySid>,
    supervisor_mode: Option<ReservationSupervisorMode>,
    supervisor: Option<String>,
    end_conference_on_customer_exit: Option<bool>,
    beep_on_customer_entrance: Option<bool>,
    jitter_buffer_size: Option<JitterBufferSize>,
    if_match: Option<String>,
    scope: PhantomData<S>,
}

impl<S> ReservationUpdate<S> {
    setters! {
        /// `ReservationStatus`: The current status of the reservation.
        reservation_status(ReservationStatus)
        /// `WorkerActivitySid`: The new worker activity SID if rejecting a reservation.
        worker_activity_sid(ActivitySid)
        /// `Instruction`: The assignment instruction for the reservation.
        instruction(into ReservationInstruction)
        /// `DequeuePostWorkActivitySid`: The SID of the Activity resource to start after executing a Dequeue instruction.
        dequeue_post_work_activity_sid(ActivitySid)
        /// `DequeueFrom`: The caller ID of the call to the worker when executing a Dequeue instruction.
        dequeue_from(into String)
        /// `DequeueRecord`: Whether to record both legs of a call when executing a Dequeue instruction or which leg to record.
        dequeue_record(into String)
        /// `DequeueTimeout`: The timeout for call when executing a Dequeue instruction.
        dequeue_timeout(u32)
        /// `DequeueTo`: The contact URI of the worker when executing a Dequeue instruction.
        dequeue_to(into String)
        /// `DequeueStatusCallbackUrl`: The callback URL for completed call event when executing a Dequeue instruction.
        dequeue_status_callback_url(into String)
        /// `CallFrom`: The Caller ID of the outbound call when executing a Call instruction.
        call_from(into String)
        /// `CallRecord`: Whether to record both legs of a call when executing a Call instruction or which leg to record.
        call_record(into String)
        /// `CallTimeout`: The timeout for a call when executing a Call instruction.
        call_timeout(u32)
        /// `CallTo`: The contact URI of the worker when executing a Call instruction.
        call_to(into String)
        /// `CallUrl`: TwiML URI executed on answering the worker's leg as a result of the Call instruction.
        call_url(into String)
        /// `CallStatusCallbackUrl`: The URL to call for the completed call event when executing a Call instruction.
        call_status_callback_url(into String)
        /// `CallAccept`: Whether to accept a reservation when executing a Call instruction.
        call_accept(bool)
        /// `RedirectCallSid`: The Call SID of the call parked in the queue when executing a Redirect instruction.
        redirect_call_sid(CallSid)
        /// `RedirectAccept`: Whether the reservation should be accepted when executing a Redirect instruction.
        redirect_accept(bool)
        /// `RedirectUrl`: TwiML URI to redirect the call to when executing the Redirect instruction.
        redirect_url(into String)
        /// `To`: The Contact URI of the worker when executing a Conference instruction.
        to(into String)
        /// `From`: The caller ID of the call to the worker when executing a Conference instruction.
        from(into String)
        /// `StatusCallback`: The URL we should call using the `status_callback_method` to send status information to your application.
        status_callback(into String)
        /// `StatusCallbackMethod`: The HTTP method we should use to call `status_callback`.
        status_callback_method(HttpMethod)
        /// `StatusCallbackEvent`: The call progress events that we will send to `status_callback`.
        status_callback_event(iter ReservationCallStatus)
        /// `Timeout`: The timeout for a call when executing a Conference instruction.
        timeout(u32)
        /// `Record`: Whether to record the participant and their conferences, including the time between conferences.
        record(bool)
        /// `Muted`: Whether the agent is muted in the conference.
        muted(bool)
        /// `Beep`: Whether to play a notification beep when the participant joins or when to play a beep.
        beep(into Beep)
        /// `StartConferenceOnEnter`: Whether to start the conference when the participant joins, if it has not already started.
        start_conference_on_enter(bool)
        /// `EndConferenceOnExit`: Whether to end the conference when the agent leaves.
        end_conference_on_exit(bool)
        /// `WaitUrl`: The URL we should call using the `wait_method` for the music to play while participants are waiting for the conference to start.
        wait_url(into String)
        /// `WaitMethod`: The HTTP method we should use to call `wait_url`.
        wait_method(HttpMethod)
        /// `EarlyMedia`: Whether to allow an agent to hear the state of the outbound call, including ringing or disconnect messages.
        early_media(bool)
        /// `MaxParticipants`: The maximum number of participants allowed in the conference.
        max_participants(u32)
        /// `ConferenceStatusCallback`: The URL we should call using the `conference_status_callback_method` when the conference events in `conference_status_callback_event` occur.
        conference_status_callback(into String)
        /// `ConferenceStatusCallbackMethod`: The HTTP method we should use to call `conference_status_callback`.
        conference_status_callback_method(HttpMethod)
        /// `ConferenceStatusCallbackEvent`: The conference status events that we will send to `conference_status_callback`.
        conference_status_callback_event(iter ReservationConferenceEvent)
        /// `ConferenceRecord`: Whether to record the conference the participant is joining or when to record the conference.
        conference_record(into ConferenceRecord)
        /// `ConferenceTrim`: Whether to trim leading and trailing silence from your recorded conference audio files.
        conference_trim(into ConferenceTrim)
        /// `RecordingChannels`: The recording channels for the final recording.
        recording_channels(into RecordingChannels)
        /// `RecordingStatusCallback`: The URL that we should call using the `recording_status_callback_method` when the recording status changes.
        recording_status_callback(into String)
        /// `RecordingStatusCallbackMethod`: The HTTP method we should use when we call `recording_status_callback`.
        recording_status_callback_method(HttpMethod)
        /// `ConferenceRecordingStatusCallback`: The URL we should call using the `conference_recording_status_callback_method` when the conference recording is available.
        conference_recording_status_callback(into String)
        /// `ConferenceRecordingStatusCallbackMethod`: The HTTP method we should use to call `conference_recording_status_callback`.
        conference_recording_status_callback_method(HttpMethod)
        /// `Region`: The region where we should mix the recorded audio.
        region(into String)
        /// `SipAuthUsername`: The SIP username used for authentication.
        sip_auth_username(into String)
        /// `SipAuthPassword`: The SIP password for authentication.
        sip_auth_password(into Secret)
        /// `DequeueStatusCallbackEvent`: The call progress events sent via webhooks as a result of a Dequeue instruction.
        dequeue_status_callback_event(iter ReservationCallStatus)
        /// `PostWorkActivitySid`: The new worker activity SID after executing a Conference instruction.
        post_work_activity_sid(ActivitySid)
        /// `EndConferenceOnCustomerExit`: Whether to end the conference when the customer leaves.
        end_conference_on_customer_exit(bool)
        /// `BeepOnCustomerEntrance`: Whether to play a notification beep when the customer joins.
        beep_on_customer_entrance(bool)
        /// `JitterBufferSize`: The jitter buffer size for conference.
        jitter_buffer_size(into JitterBufferSize)
    }

    /// Applies the change only if the resource's current `ETag` is `etag` (`If-Match`).
    pub fn if_match(mut self, etag: impl Into<String>) -> Self {
        self.if_match = Some(etag.into());
        self
    }
}

impl ReservationUpdate<ForTask> {
    setters! {
        /// `SupervisorMode`: how the supervisor joins the call (`monitor`, `whisper` or `barge`).
        supervisor_mode(ReservationSupervisorMode)
        /// `Supervisor`: The Supervisor SID/URI when executing the Supervise instruction.
        supervisor(into String)
    }
}

impl<S> ToForm for ReservationUpdate<S> {
    fn write(&self, form: &mut Form) {
        form_fields! {
            self, form;
            "ReservationStatus" => reservation_status,
            "WorkerActivitySid" => worker_activity_sid,
            "Instruction" => instruction,
            "DequeuePostWorkActivitySid" => dequeue_post_work_activity_sid,
            "DequeueFrom" => dequeue_from,
            "DequeueRecord" => dequeue_record,
            "DequeueTimeout" => dequeue_timeout,
            "DequeueTo" => dequeue_to,
            "DequeueStatusCallbackUrl" => dequeue_status_callback_url,
            "CallFrom" => call_from,
            "CallRecord" => call_record,
            "CallTimeout" => call_timeout,
            "CallTo" => call_to,
            "CallUrl" => call_url,
            "CallStatusCallbackUrl" => call_status_callback_url,
            "CallAccept" => call_accept,
            "RedirectCallSid" => redirect_call_sid,
            "RedirectAccept" => redirect_accept,
            "RedirectUrl" => redirect_url,
            "To" => to,
            "From" => from,
            "StatusCallback" => status_callback,
            "StatusCallbackMethod" => status_callback_method,
            "StatusCallbackEvent" => [status_callback_event],
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
            "ConferenceStatusCallback" => conference_status_callback,
            "ConferenceStatusCallbackMethod" => conference_status_callback_method,
            "ConferenceStatusCallbackEvent" => [conference_status_callback_event],
            "ConferenceRecord" => conference_record,
            "ConferenceTrim" => conference_trim,
            "RecordingChannels" => recording_channels,
            "RecordingStatusCallback" => recording_status_callback,
            "RecordingStatusCallbackMethod" => recording_status_callback_method,
            "ConferenceRecordingStatusCallback" => conference_recording_status_callback,
            "ConferenceRecordingStatusCallbackMethod" => conference_recording_status_callback_method,
            "Region" => region,
            "SipAuthUsername" => sip_auth_username,
            "SipAuthPassword" => {sip_auth_password},
            "DequeueStatusCallbackEvent" => [dequeue_status_callback_event],
            "PostWorkActivitySid" => post_work_activity_sid,
            "SupervisorMode" => supervisor_mode,
            "Supervisor" => supervisor,
            "EndConferenceOnCustomerExit" => end_conference_on_customer_exit,
            "BeepOnCustomerEntrance" => beep_on_customer_entrance,
            "JitterBufferSize" => jitter_buffer_size,
        }
    }
}
/// Parameters of `GET /v1/Workspaces/{WorkspaceSid}/Tasks/{TaskSid}/Reservations`.
#[derive(Debug, Clone, PartialEq, Default)]
#[must_use]
pub struct ListTaskReservations {
    reservation_status: Option<ReservationStatus>,
    worker_sid: Option<WorkerSid>,
}

impl ListTaskReservations {
    setters! {
        /// `ReservationStatus`: Returns the list of reservations for a task with a specified ReservationStatus.
        reservation_status(ReservationStatus)
        /// `WorkerSid`: The SID of the reserved Worker resource to read.
        worker_sid(WorkerSid)
    }
}

to_form! {
    ListTaskReservations {
        "ReservationStatus" => reservation_status,
        "WorkerSid" => worker_sid,
    }
}
/// Parameters of `GET /v1/Workspaces/{WorkspaceSid}/Workers/{WorkerSid}/Reservations`.
#[derive(Debug, Clone, PartialEq, Default)]
#[must_use]
pub struct ListWorkerReservations {
    reservation_status: Option<ReservationStatus>,
}

impl ListWorkerReservations {
    setters! {
        /// `ReservationStatus`: Returns the list of reservations for a worker with a specified ReservationStatus.
        reservation_status(ReservationStatus)
    }
}

to_form! {
    ListWorkerReservations {
        "ReservationStatus" => reservation_status,
    }
}
string_enum! {
    /// What a Worker does with a Reservation (`Instruction`).
    ReservationInstruction {
        Accept => "accept",
        Reject => "reject",
        Call => "call",
        Dequeue => "dequeue",
        Conference => "conference",
        Redirect => "redirect",
        Supervise => "supervise",
    }
}

string_enum! {
    /// The current status of the reservation.
    ReservationStatus {
        Pending => "pending",
        Accepted => "accepted",
        Rejected => "rejected",
        Timeout => "timeout",
        Canceled => "canceled",
        Rescinded => "rescinded",
        Wrapping => "wrapping",
        Completed => "completed",
    }
}

string_enum! {
    /// How a supervisor joins a Worker's conference.
    ReservationSupervisorMode {
        Monitor => "monitor",
        Whisper => "whisper",
        Barge => "barge",
    }
}
/// A Task's Reservations.
#[derive(Debug, Clone)]
pub struct TaskReservations {
    client: Client,
    workspace_sid: WorkspaceSid,
    task_sid: TaskSid,
}

impl TaskReservations {
    pub(crate) fn new(client: Client, workspace_sid: WorkspaceSid, task_sid: TaskSid) -> Self {
        Self {
            client,
            workspace_sid,
            task_sid,
        }
    }

    /// Lists the Task's Reservations.
    ///
    /// `GET /v1/Workspaces/{WorkspaceSid}/Tasks/{TaskSid}/Reservations`
    pub fn list(&self, filter: ListTaskReservations) -> Lister<Reservation> {
        self.client.list_at(
            Domain::TaskRouter,
            path!(
                "/v1/Workspaces/{}/Tasks/{}/Reservations",
                self.workspace_sid,
                self.task_sid
            ),
            &filter,
        )
    }
}
/// One Reservation of a Task: fetch and update (accept, reject, or an instruction such as `conference`).
#[derive(Debug, Clone)]
pub struct TaskReservationRef {
    client: Client,
    workspace_sid: WorkspaceSid,
    task_sid: TaskSid,
    sid: ReservationSid,
}

impl TaskReservationRef {
    pub(crate) fn new(
        client: Client,
        workspace_sid: WorkspaceSid,
        task_sid: TaskSid,
        sid: ReservationSid,
    ) -> Self {
        Self {
            client,
            workspace_sid,
            task_sid,
            sid,
        }
    }

    /// The resource's own path.
    fn path(&self) -> String {
        path!(
            "/v1/Workspaces/{}/Tasks/{}/Reservations/{}",
            self.workspace_sid,
            self.task_sid,
            self.sid
        )
    }

    resource_ops! {
        TaskRouter, self.client;
        /// Fetches the Reservation.
        ///
        /// `GET /v1/Workspaces/{WorkspaceSid}/Tasks/{TaskSid}/Reservations/{Sid}`
        fetch -> Reservation;
        /// Updates the Reservation.
        ///
        /// `POST /v1/Workspaces/{WorkspaceSid}/Tasks/{TaskSid}/Reservations/{Sid}`
        update = update_if_match "" (UpdateReservation) -> Reservation;
    }
}
/// A Worker's Reservations.
#[derive(Debug, Clone)]
pub struct WorkerReservations {
    client: Client,
    workspace_sid: WorkspaceSid,
    worker_sid: WorkerSid,
}

impl WorkerReservations {
    pub(crate) fn new(client: Client, workspace_sid: WorkspaceSid, worker_sid: WorkerSid) -> Self {
        Self {
            client,
            workspace_sid,
            worker_sid,
        }
    }

    /// Lists the Worker's Reservations.
    ///
    /// `GET /v1/Workspaces/{WorkspaceSid}/Workers/{WorkerSid}/Reservations`
    pub fn list(&self, filter: ListWorkerReservations) -> Lister<Reservation> {
        self.client.list_at(
            Domain::TaskRouter,
            path!(
                "/v1/Workspaces/{}/Workers/{}/Reservations",
                self.workspace_sid,
                self.worker_sid
            ),
            &filter,
        )
    }
}
/// One Reservation of a Worker: fetch and update.
#[derive(Debug, Clone)]
pub struct WorkerReservationRef {
    client: Client,
    workspace_sid: WorkspaceSid,
    worker_sid: WorkerSid,
    sid: ReservationSid,
}

impl WorkerReservationRef {
    pub(crate) fn new(
        client: Client,
        workspace_sid: WorkspaceSid,
        worker_sid: WorkerSid,
        sid: ReservationSid,
    ) -> Self {
        Self {
            client,
            workspace_sid,
            worker_sid,
            sid,
        }
    }

    /// The resource's own path.
    fn path(&self) -> String {
        path!(
            "/v1/Workspaces/{}/Workers/{}/Reservations/{}",
            self.workspace_sid,
            self.worker_sid,
            self.sid
        )
    }

    resource_ops! {
        TaskRouter, self.client;
        /// Fetches the Reservation.
        ///
        /// `GET /v1/Workspaces/{WorkspaceSid}/Workers/{WorkerSid}/Reservations/{Sid}`
        fetch -> Reservation;
        /// Updates the Reservation.
        ///
        /// `POST /v1/Workspaces/{WorkspaceSid}/Workers/{WorkerSid}/Reservations/{Sid}`
        update = update_if_match "" (UpdateWorkerReservation) -> Reservation;
    }
}
