//! Contract test: every 2010-04-01 operation the client wraps (Calls, Call Recordings,
//! Recordings, Messages, Conferences, Participants), called against Prism serving
//! Twilio's published `twilio_api_v2010.json` behind the strict gate. A request that
//! breaks the contract fails the call (422).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use twilio_rest::api::calls::{
    CallEvent, CallInstructions, CallStatus, CallUpdateStatus, CreateCall, ListCallNotifications,
    ListCalls, UpdateCall,
};
use twilio_rest::api::conferences::{
    ConferenceRecordingStatus, ConferenceStatus, ConferenceUpdateStatus, CreateParticipant,
    ListConferenceRecordings, ListConferences, ListParticipants, UpdateConference,
    UpdateConferenceRecording, UpdateParticipant,
};
use twilio_rest::api::live::{
    PaymentPaymentMethod, PaymentStatus, RealtimeTranscriptionTrack,
    RealtimeTranscriptionUpdateStatus, SendUserDefinedMessage, SiprecUpdateStatus, StartPayment,
    StartRealtimeTranscription, StartSiprec, StartStream, StreamTrack, StreamUpdateStatus,
    SubscribeUserDefinedMessages, UpdatePayment, UpdateRealtimeTranscription, UpdateSiprec,
    UpdateStream,
};
use twilio_rest::api::messages::{
    CreateMessage, CreateMessageFeedback, ListMedia, ListMessages, MessageFeedbackOutcome,
    MessageUpdateStatus, UpdateMessage,
};
use twilio_rest::api::recordings::{
    CallRecordingStatus, ListCallRecordings, ListRecordings, StartCallRecording,
    UpdateCallRecording,
};
use twilio_rest::sid::{CallSid, ConferenceSid, Endpoint, MessageSid, PhoneNumber, RecordingSid};
use twilio_rest::{Client, Domain, HttpMethod};
use twilio_testkit::prism::{Prism, Spec};

fn a_sid(prefix: &str) -> String {
    format!("{prefix}{}", "a".repeat(32))
}

#[path = "rest_common/mod.rs"]
mod common;
use common::{check, sid};

fn client(prism: &Prism) -> Client {
    common::client(prism, Domain::Api)
}

fn number(n: &str) -> PhoneNumber {
    PhoneNumber::new(n).unwrap()
}

/// The operations this test must reach cleanly.
const OPERATIONS: &[&str] = &[
    "GET /2010-04-01/Accounts/{AccountSid}/Calls.json",
    "POST /2010-04-01/Accounts/{AccountSid}/Calls.json",
    "GET /2010-04-01/Accounts/{AccountSid}/Calls/{Sid}.json",
    "POST /2010-04-01/Accounts/{AccountSid}/Calls/{Sid}.json",
    "DELETE /2010-04-01/Accounts/{AccountSid}/Calls/{Sid}.json",
    "GET /2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}/Recordings.json",
    "POST /2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}/Recordings.json",
    "GET /2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}/Recordings/{Sid}.json",
    "POST /2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}/Recordings/{Sid}.json",
    "DELETE /2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}/Recordings/{Sid}.json",
    "GET /2010-04-01/Accounts/{AccountSid}/Recordings.json",
    "GET /2010-04-01/Accounts/{AccountSid}/Recordings/{Sid}.json",
    "DELETE /2010-04-01/Accounts/{AccountSid}/Recordings/{Sid}.json",
    "GET /2010-04-01/Accounts/{AccountSid}/Messages.json",
    "POST /2010-04-01/Accounts/{AccountSid}/Messages.json",
    "GET /2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json",
    "POST /2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json",
    "DELETE /2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json",
    "GET /2010-04-01/Accounts/{AccountSid}/Conferences.json",
    "GET /2010-04-01/Accounts/{AccountSid}/Conferences/{Sid}.json",
    "POST /2010-04-01/Accounts/{AccountSid}/Conferences/{Sid}.json",
    "GET /2010-04-01/Accounts/{AccountSid}/Conferences/{ConferenceSid}/Participants.json",
    "POST /2010-04-01/Accounts/{AccountSid}/Conferences/{ConferenceSid}/Participants.json",
    "GET /2010-04-01/Accounts/{AccountSid}/Conferences/{ConferenceSid}/Participants/{CallSid}.json",
    "POST /2010-04-01/Accounts/{AccountSid}/Conferences/{ConferenceSid}/Participants/{CallSid}.json",
    "DELETE /2010-04-01/Accounts/{AccountSid}/Conferences/{ConferenceSid}/Participants/{CallSid}.json",
    "GET /2010-04-01/Accounts/{AccountSid}/Conferences/{ConferenceSid}/Recordings.json",
    "GET /2010-04-01/Accounts/{AccountSid}/Conferences/{ConferenceSid}/Recordings/{Sid}.json",
    "POST /2010-04-01/Accounts/{AccountSid}/Conferences/{ConferenceSid}/Recordings/{Sid}.json",
    "DELETE /2010-04-01/Accounts/{AccountSid}/Conferences/{ConferenceSid}/Recordings/{Sid}.json",
    "GET /2010-04-01/Accounts/{AccountSid}/Messages/{MessageSid}/Media.json",
    "GET /2010-04-01/Accounts/{AccountSid}/Messages/{MessageSid}/Media/{Sid}.json",
    "DELETE /2010-04-01/Accounts/{AccountSid}/Messages/{MessageSid}/Media/{Sid}.json",
    "GET /2010-04-01/Accounts/{AccountSid}/Recordings/{RecordingSid}/Transcriptions.json",
    "GET /2010-04-01/Accounts/{AccountSid}/Recordings/{RecordingSid}/Transcriptions/{Sid}.json",
    "DELETE /2010-04-01/Accounts/{AccountSid}/Recordings/{RecordingSid}/Transcriptions/{Sid}.json",
    "GET /2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}/Notifications.json",
    "GET /2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}/Notifications/{Sid}.json",
    "GET /2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}/Events.json",
    "POST /2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}/Streams.json",
    "POST /2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}/Streams/{Sid}.json",
    "POST /2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}/Siprec.json",
    "POST /2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}/Siprec/{Sid}.json",
    "POST /2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}/Transcriptions.json",
    "POST /2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}/Transcriptions/{Sid}.json",
    "POST /2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}/UserDefinedMessages.json",
    "POST /2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}/UserDefinedMessageSubscriptions.json",
    "DELETE /2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}/UserDefinedMessageSubscriptions/{Sid}.json",
    "POST /2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}/Payments.json",
    "POST /2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}/Payments/{Sid}.json",
    "POST /2010-04-01/Accounts/{AccountSid}/Messages/{MessageSid}/Feedback.json",
    "GET /2010-04-01/Accounts/{AccountSid}/Recordings/{ReferenceSid}/AddOnResults.json",
    "GET /2010-04-01/Accounts/{AccountSid}/Recordings/{ReferenceSid}/AddOnResults/{Sid}.json",
    "DELETE /2010-04-01/Accounts/{AccountSid}/Recordings/{ReferenceSid}/AddOnResults/{Sid}.json",
    "GET /2010-04-01/Accounts/{AccountSid}/Recordings/{ReferenceSid}/AddOnResults/{AddOnResultSid}/Payloads.json",
    "GET /2010-04-01/Accounts/{AccountSid}/Recordings/{ReferenceSid}/AddOnResults/{AddOnResultSid}/Payloads/{Sid}.json",
    "DELETE /2010-04-01/Accounts/{AccountSid}/Recordings/{ReferenceSid}/AddOnResults/{AddOnResultSid}/Payloads/{Sid}.json",
    "GET /2010-04-01/Accounts/{AccountSid}/Recordings/{ReferenceSid}/AddOnResults/{AddOnResultSid}/Payloads/{PayloadSid}/Data.json",
];

#[tokio::test]
async fn every_wrapped_api_operation_keeps_the_contract() {
    let prism = Prism::start(Spec::Api).unwrap();
    let api = client(&prism).api();
    let ca: CallSid = sid("CA");
    let re: RecordingSid = sid("RE");
    let sm: MessageSid = sid("SM");
    let cf: ConferenceSid = sid("CF");

    // Calls.
    let create = CreateCall::new(
        number("+15005550006"),
        number("+15005550001"),
        CallInstructions::twiml("<Response><Say>Hi</Say></Response>"),
    )
    .status_callback("https://example.com/status")
    .status_callback_event([
        CallEvent::Initiated,
        CallEvent::Ringing,
        CallEvent::Answered,
    ])
    .status_callback_method(HttpMethod::Post)
    .caller_id("+15005550001")
    .timeout(20)
    .record(true)
    .machine_detection(twilio_rest::api::voice::MachineDetection::Enable)
    .time_limit(600);
    let call = check(&prism, "create call", api.calls().create(&create)).await;
    assert!(call.sid.as_str().starts_with("CA"));
    let by_url = CreateCall::new(
        Endpoint::client("alice").unwrap(),
        number("+15005550001"),
        CallInstructions::url("https://example.com/twiml"),
    )
    .method(HttpMethod::Get);
    check(&prism, "create call (url)", api.calls().create(&by_url)).await;
    let filter = ListCalls::default()
        .status(CallStatus::Completed)
        .to("+15005550006")
        .start_time_after("2026-01-01T00:00:00Z".parse().unwrap());
    check(
        &prism,
        "list calls",
        api.calls().list(filter).page_size(50).first_page(),
    )
    .await;
    let fetched = check(&prism, "fetch call", api.call(ca.clone()).fetch()).await;
    assert!(fetched.status.is_some());
    let hangup = UpdateCall::end(CallUpdateStatus::Completed);
    check(&prism, "end call", api.call(ca.clone()).update(&hangup)).await;
    let redirect = UpdateCall::default().twiml("<Response><Hangup/></Response>");
    check(
        &prism,
        "redirect call",
        api.call(ca.clone()).update(&redirect),
    )
    .await;
    check(&prism, "delete call", api.call(ca.clone()).delete()).await;

    // Recordings of a live call.
    let start = StartCallRecording::default()
        .recording_status_callback("https://example.com/rec")
        .recording_status_callback_event([
            twilio_rest::api::voice::RecordingEvent::InProgress,
            twilio_rest::api::voice::RecordingEvent::Completed,
        ])
        .recording_channels(twilio_rest::api::voice::RecordingChannels::Dual);
    check(
        &prism,
        "start recording",
        api.call(ca.clone()).recordings().create(&start),
    )
    .await;
    check(
        &prism,
        "list call recordings",
        api.call(ca.clone())
            .recordings()
            .list(ListCallRecordings::default())
            .first_page(),
    )
    .await;
    let rec = api.call(ca.clone()).recording(re.clone());
    check(&prism, "fetch call recording", rec.fetch()).await;
    let pause = UpdateCallRecording::new(CallRecordingStatus::Paused)
        .pause_behavior(twilio_rest::api::voice::PauseBehavior::Skip);
    check(&prism, "pause recording", rec.update(&pause)).await;
    check(&prism, "delete call recording", rec.delete()).await;

    // Account recordings.
    let filter = ListRecordings::default()
        .call_sid(ca.clone())
        .include_soft_deleted(false);
    check(
        &prism,
        "list recordings",
        api.recordings().list(filter).first_page(),
    )
    .await;
    check(&prism, "fetch recording", api.recording(re.clone()).fetch()).await;
    check(
        &prism,
        "delete recording",
        api.recording(re.clone()).delete(),
    )
    .await;

    // Messages.
    let text = CreateMessage::text(number("+15005550006"), number("+15005550001"), "Hello")
        .status_callback("https://example.com/sms-status")
        .media_url(["https://example.com/cat.png".to_owned()]);
    let message = check(&prism, "create message", api.messages().create(&text)).await;
    assert!(message.sid.as_str().starts_with("SM") || message.sid.as_str().starts_with("MM"));
    let via_service = CreateMessage::new(
        number("+15005550006"),
        sid::<twilio_rest::sid::MessagingServiceSid>("MG"),
    )
    .body("From a service");
    check(
        &prism,
        "create message (service)",
        api.messages().create(&via_service),
    )
    .await;
    let filter = ListMessages::default()
        .to("+15005550006")
        .date_sent_after("2026-01-01T00:00:00Z".parse().unwrap());
    check(
        &prism,
        "list messages",
        api.messages().list(filter).first_page(),
    )
    .await;
    check(&prism, "fetch message", api.message(sm.clone()).fetch()).await;
    check(&prism, "redact message", api.message(sm.clone()).redact()).await;
    let cancel = UpdateMessage::default().status(MessageUpdateStatus::Canceled);
    check(
        &prism,
        "cancel message",
        api.message(sm.clone()).update(&cancel),
    )
    .await;
    check(&prism, "delete message", api.message(sm.clone()).delete()).await;

    // Conferences and participants.
    let filter = ListConferences::default()
        .status(ConferenceStatus::InProgress)
        .friendly_name("room");
    check(
        &prism,
        "list conferences",
        api.conferences().list(filter).first_page(),
    )
    .await;
    check(
        &prism,
        "fetch conference",
        api.conference(cf.clone()).fetch(),
    )
    .await;
    let end = UpdateConference::default().status(ConferenceUpdateStatus::Completed);
    check(
        &prism,
        "end conference",
        api.conference(cf.clone()).update(&end),
    )
    .await;
    let conf = api.conference(cf.clone());
    let add = CreateParticipant::new(number("+15005550001"), number("+15005550006"))
        .label("customer")
        .early_media(true)
        .beep(twilio_rest::api::voice::Beep::OnEnter)
        .status_callback_event([CallEvent::Ringing, CallEvent::Answered]);
    check(&prism, "add participant", conf.add_participant(&add)).await;
    let filter = ListParticipants::default().muted(false);
    check(
        &prism,
        "list participants",
        conf.participants(filter).first_page(),
    )
    .await;
    check(
        &prism,
        "fetch participant",
        conf.participant(ca.clone()).fetch(),
    )
    .await;
    let hold = UpdateParticipant::default()
        .hold(true)
        .hold_url("https://example.com/hold");
    check(
        &prism,
        "hold participant",
        conf.participant(ca.clone()).update(&hold),
    )
    .await;
    check(
        &prism,
        "remove participant",
        conf.participant(ca.clone()).delete(),
    )
    .await;

    // Conference recordings.
    let filter =
        ListConferenceRecordings::default().date_created_after("2026-01-01".parse().unwrap());
    check(
        &prism,
        "list conference recordings",
        conf.recordings(filter).first_page(),
    )
    .await;
    let crec = conf.recording(re.clone());
    check(&prism, "fetch conference recording", crec.fetch()).await;
    let stop = UpdateConferenceRecording::new(ConferenceRecordingStatus::Stopped);
    check(&prism, "stop conference recording", crec.update(&stop)).await;
    check(&prism, "delete conference recording", crec.delete()).await;

    // Message media.
    let message = api.message(sm.clone());
    check(
        &prism,
        "list media",
        message.media(ListMedia::default()).first_page(),
    )
    .await;
    let me = message.media_item(sid("ME"));
    check(&prism, "fetch media", me.fetch()).await;
    check(&prism, "delete media", me.delete()).await;

    // Recording transcriptions.
    let recording = api.recording(re.clone());
    check(
        &prism,
        "list transcriptions",
        recording.transcriptions().first_page(),
    )
    .await;
    let tr = recording.transcription(sid("TR"));
    check(&prism, "fetch transcription", tr.fetch()).await;
    check(&prism, "delete transcription", tr.delete()).await;

    // Call notifications and events.
    let call = api.call(ca.clone());
    let filter = ListCallNotifications::default().log(0);
    check(
        &prism,
        "list call notifications",
        call.notifications(filter).first_page(),
    )
    .await;
    check(
        &prism,
        "fetch call notification",
        call.notification(&sid("NO")),
    )
    .await;
    check(&prism, "list call events", call.events().first_page()).await;

    // Live-call features.
    let stream = StartStream::new("wss://example.com/audio")
        .name("audio")
        .track(StreamTrack::BothTracks)
        .parameter("customer", "42")
        .parameter("lang", "en");
    check(&prism, "start stream", call.start_stream(&stream)).await;
    let stop = UpdateStream::new(StreamUpdateStatus::Stopped);
    check(
        &prism,
        "stop stream",
        call.update_stream(&a_sid("MZ"), &stop),
    )
    .await;
    let siprec = StartSiprec::default()
        .connector_name("recorder")
        .parameter("k", "v");
    check(&prism, "start siprec", call.start_siprec(&siprec)).await;
    let stop = UpdateSiprec::new(SiprecUpdateStatus::Stopped);
    check(
        &prism,
        "stop siprec",
        call.update_siprec(&a_sid("SR"), &stop),
    )
    .await;
    let rt = StartRealtimeTranscription::default()
        .name("live")
        .track(RealtimeTranscriptionTrack::BothTracks)
        .partial_results(true)
        .language_code("en-US");
    check(&prism, "start transcription", call.start_transcription(&rt)).await;
    let stop = UpdateRealtimeTranscription::new(RealtimeTranscriptionUpdateStatus::Stopped);
    check(
        &prism,
        "stop transcription",
        call.update_transcription(&a_sid("GT"), &stop),
    )
    .await;
    let udm = SendUserDefinedMessage::new(r#"{"hello":"sdk"}"#).idempotency_key("k1");
    check(
        &prism,
        "send user-defined message",
        call.send_user_defined_message(&udm),
    )
    .await;
    let sub = SubscribeUserDefinedMessages::new("https://example.com/udm").method(HttpMethod::Post);
    check(
        &prism,
        "subscribe user-defined messages",
        call.subscribe_user_defined_messages(&sub),
    )
    .await;
    check(
        &prism,
        "unsubscribe user-defined messages",
        call.unsubscribe_user_defined_messages(&sid("ZY")),
    )
    .await;

    // Payments and message feedback.
    let pay = StartPayment::new("pay-1", "https://example.com/pay")
        .charge_amount(9.99)
        .currency("usd")
        .payment_method(PaymentPaymentMethod::CreditCard)
        .postal_code(false)
        .timeout(5);
    check(&prism, "start payment", call.start_payment(&pay)).await;
    let done =
        UpdatePayment::new("pay-2", "https://example.com/pay").status(PaymentStatus::Complete);
    check(
        &prism,
        "complete payment",
        call.update_payment(&sid("PK"), &done),
    )
    .await;
    let feedback = CreateMessageFeedback::default().outcome(MessageFeedbackOutcome::Confirmed);
    check(
        &prism,
        "message feedback",
        api.message(sm.clone()).feedback(&feedback),
    )
    .await;

    // Add-on results of a recording and their payloads.
    check(
        &prism,
        "list add-on results",
        recording.add_on_results().first_page(),
    )
    .await;
    let result = recording.add_on_result(sid("XR"));
    check(&prism, "fetch add-on result", result.fetch()).await;
    check(&prism, "list payloads", result.payloads().first_page()).await;
    check(&prism, "fetch payload", result.payload(&sid("XH"))).await;
    let data = check(&prism, "payload data", result.payload_data(&sid("XH"))).await;
    assert!(!data.redirect_to.is_empty(), "{data:?}");
    check(&prism, "delete payload", result.delete_payload(&sid("XH"))).await;
    check(&prism, "delete add-on result", result.delete()).await;

    prism.assert_clean().unwrap();
    let called = prism.operations_called();
    let missing: Vec<&&str> = OPERATIONS
        .iter()
        .filter(|op| !called.iter().any(|c| c == *op))
        .collect();
    assert!(
        missing.is_empty(),
        "not reached cleanly: {missing:?}\ncalled: {called:?}"
    );
    prism.assert_called_every_wrapped().unwrap();
}
