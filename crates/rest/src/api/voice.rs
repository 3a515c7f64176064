//! Closed sets of values that several voice resources share (calls, conference
//! participants, call recordings, TaskRouter reservation instructions). Each keeps an
//! `Other` variant for values Twilio adds.

use crate::types::string_enum;

string_enum! {
    /// Answering machine detection to run on a new call (`MachineDetection`).
    MachineDetection {
        /// Detect human or machine and return as soon as the first is known.
        Enable => "Enable",
        /// Also wait for the end of a machine's greeting, to leave a message after it.
        DetectMessageEnd => "DetectMessageEnd",
    }
}

string_enum! {
    /// Who answered a call, as answering machine detection concluded (`AnsweredBy`).
    AnsweredBy {
        /// A person.
        Human => "human",
        /// A machine; its greeting has started (`Enable` detection).
        MachineStart => "machine_start",
        /// A machine whose greeting ended with a beep.
        MachineEndBeep => "machine_end_beep",
        /// A machine whose greeting ended in silence.
        MachineEndSilence => "machine_end_silence",
        /// A machine whose greeting ended some other way.
        MachineEndOther => "machine_end_other",
        /// A fax machine.
        Fax => "fax",
        /// Detection did not reach a result in time.
        Unknown => "unknown",
    }
}

string_enum! {
    /// Which way a call went (`Direction`).
    CallDirection {
        /// A call to one of your numbers or clients.
        Inbound => "inbound",
        /// A call created through the REST API.
        OutboundApi => "outbound-api",
        /// A call created by `<Dial>` from another call.
        OutboundDial => "outbound-dial",
    }
}

string_enum! {
    /// Whether to trim leading and trailing silence from a recording (`Trim`).
    Trim {
        /// Cut the silence.
        TrimSilence => "trim-silence",
        /// Keep the recording as it is.
        DoNotTrim => "do-not-trim",
    }
}

string_enum! {
    /// The audio track of a call to record (`RecordingTrack`, a recording's `track`).
    RecordingTrack {
        /// What Twilio receives from the other party.
        Inbound => "inbound",
        /// What Twilio sends to the other party.
        Outbound => "outbound",
        /// Both tracks, mixed or on two channels.
        Both => "both",
    }
}

string_enum! {
    /// The channels of a recording (`RecordingChannels`).
    RecordingChannels {
        /// Both parties mixed into one channel.
        Mono => "mono",
        /// Each party on its own channel.
        Dual => "dual",
    }
}

string_enum! {
    /// A recording status change that calls `RecordingStatusCallback`.
    RecordingEvent {
        /// The recording started.
        InProgress => "in-progress",
        /// The recording is ready.
        Completed => "completed",
        /// The recording was too short or silent and was not kept.
        Absent => "absent",
    }
}

string_enum! {
    /// What a paused recording keeps for the pause (`PauseBehavior`).
    PauseBehavior {
        /// Nothing: the recording skips the paused time.
        Skip => "skip",
        /// Silence as long as the pause.
        Silence => "silence",
    }
}

string_enum! {
    /// Whether a beep sounds when a participant joins or leaves a conference (`Beep`).
    Beep {
        /// On joining and on leaving.
        True => "true",
        /// Never.
        False => "false",
        /// Only on joining.
        OnEnter => "onEnter",
        /// Only on leaving.
        OnExit => "onExit",
    }
}

string_enum! {
    /// Whether to record a conference a participant joins (`ConferenceRecord`).
    ConferenceRecord {
        /// Record from the start of the conference.
        RecordFromStart => "record-from-start",
        /// Leave the conference unrecorded.
        DoNotRecord => "do-not-record",
        /// Record.
        True => "true",
        /// Do not record.
        False => "false",
    }
}

string_enum! {
    /// A conference state change that calls `ConferenceStatusCallback`.
    ConferenceEvent {
        /// The conference started.
        Start => "start",
        /// The conference ended.
        End => "end",
        /// A participant joined.
        Join => "join",
        /// A participant left.
        Leave => "leave",
        /// A participant was muted or unmuted.
        Mute => "mute",
        /// A participant was held or resumed.
        Hold => "hold",
        /// A participant's settings changed.
        Modify => "modify",
        /// A participant started or stopped speaking.
        Speaker => "speaker",
        /// An announcement ended or failed.
        Announcement => "announcement",
    }
}

string_enum! {
    /// The jitter buffer of a participant's audio (`JitterBufferSize`): larger smooths
    /// more network jitter and adds more delay.
    JitterBufferSize {
        /// No buffer.
        Off => "off",
        /// A small buffer.
        Small => "small",
        /// A medium buffer (Twilio's default).
        Medium => "medium",
        /// A large buffer.
        Large => "large",
    }
}
