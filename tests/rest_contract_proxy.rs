//! Contract test: every Proxy v1 operation the client wraps, called against Prism serving
//! Twilio's published `twilio_proxy_v1.json` behind the strict gate
//! (`twilio_testkit::prism`). A request that breaks the contract fails the call (422);
//! the test then checks that every operation `tests/contract/wrapped.txt` lists for
//! Proxy was reached cleanly.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use futures_util::TryStreamExt;
use twilio_rest::form::Form;
use twilio_rest::proxy::interactions::InteractionType;
use twilio_rest::proxy::message_interactions::CreateMessageInteraction;
use twilio_rest::proxy::participants::CreateParticipant;
use twilio_rest::proxy::phone_numbers::{AddPhoneNumber, UpdatePhoneNumber};
use twilio_rest::proxy::services::{
    CreateService, ServiceGeoMatchLevel, ServiceNumberSelectionBehavior, UpdateService,
};
use twilio_rest::proxy::sessions::{
    CreateSession, SessionMode, SessionParticipant, SessionStatus, UpdateSession,
};
use twilio_rest::raw::Method;
use twilio_rest::sid::{
    PhoneNumber, PhoneNumberSid, ProxyInteractionSid, ProxyParticipantSid, ProxyServiceSid,
    ProxySessionSid,
};
use twilio_rest::{Client, Domain};
use twilio_testkit::prism::{Prism, Spec};

#[path = "rest_common/mod.rs"]
mod common;
use common::{check, sid};

fn client(prism: &Prism) -> Client {
    common::client(prism, Domain::Proxy)
}

#[tokio::test]
async fn every_wrapped_proxy_operation_keeps_the_contract() {
    let prism = Prism::start(Spec::Proxy).unwrap();
    let proxy = client(&prism).proxy();
    let ks: ProxyServiceSid = sid("KS");
    let kc: ProxySessionSid = sid("KC");
    let kp: ProxyParticipantSid = sid("KP");
    let ki: ProxyInteractionSid = sid("KI");
    let pn: PhoneNumberSid = sid("PN");

    // Services.
    let created = CreateService::new("My Service")
        .default_ttl(3600)
        .callback_url("https://example.com/proxy/callback")
        .geo_match_level(ServiceGeoMatchLevel::Country)
        .number_selection_behavior(ServiceNumberSelectionBehavior::PreferSticky)
        .intercept_callback_url("https://example.com/proxy/intercept")
        .out_of_session_callback_url("https://example.com/proxy/oos")
        .chat_instance_sid(format!("IS{}", "b".repeat(32)));
    let service = check(&prism, "create service", proxy.services().create(&created)).await;
    assert_eq!(service.sid, ks);
    assert_eq!(service.unique_name.as_deref(), Some("My Service"));
    assert_eq!(service.geo_match_level, Some(ServiceGeoMatchLevel::Country));
    assert!(
        service
            .links
            .as_ref()
            .is_some_and(|l| l.contains_key("sessions"))
    );
    let services = check(
        &prism,
        "list services",
        proxy.services().list().page_size(20).collect(),
    )
    .await;
    assert!(
        services.is_empty(),
        "the spec's example page is empty: {services:?}"
    );
    let fetched = check(&prism, "fetch service", proxy.service(ks.clone()).fetch()).await;
    assert_eq!(fetched.sid, ks);
    let update = UpdateService::default()
        .unique_name("renamed")
        .default_ttl(60)
        .number_selection_behavior(ServiceNumberSelectionBehavior::AvoidSticky);
    check(
        &prism,
        "update service",
        proxy.service(ks.clone()).update(&update),
    )
    .await;

    // Proxy phone numbers.
    let numbers = proxy.service(ks.clone()).phone_numbers();
    let added = check(
        &prism,
        "add phone number",
        numbers.add(&AddPhoneNumber::default().sid(pn.clone()).is_reserved(true)),
    )
    .await;
    assert_eq!(added.sid, pn);
    assert!(added.phone_number.is_some());
    let by_number =
        AddPhoneNumber::default().phone_number(PhoneNumber::new("+15005550006").unwrap());
    check(&prism, "add phone number by E.164", numbers.add(&by_number)).await;
    let page = check(&prism, "list phone numbers", numbers.list().first_page()).await;
    assert!(!page.has_next());
    let number = proxy.service(ks.clone()).phone_number(pn.clone());
    let fetched = check(&prism, "fetch phone number", number.fetch()).await;
    assert_eq!(fetched.service_sid.as_ref(), Some(&ks));
    let reserved = check(
        &prism,
        "update phone number",
        number.update(&UpdatePhoneNumber::default().is_reserved(true)),
    )
    .await;
    assert_eq!(reserved.sid, pn);
    check(&prism, "delete phone number", number.delete()).await;

    // Sessions.
    let sessions = proxy.service(ks.clone()).sessions();
    let new_session = CreateSession::default()
        .unique_name("Order #1234")
        .ttl(3600)
        .mode(SessionMode::VoiceAndMessage)
        .status(SessionStatus::Open)
        .date_expiry("2026-12-01T00:00:00Z".parse().unwrap())
        .participants([
            SessionParticipant::new("+15005550006"),
            SessionParticipant::new("+15005550001")
                .friendly_name("Bob")
                .proxy_identifier_sid(pn.clone()),
        ]);
    let session = check(&prism, "create session", sessions.create(&new_session)).await;
    assert_eq!(session.sid, kc);
    assert_eq!(session.status, Some(SessionStatus::Open));
    assert!(session.mode.is_some());
    check(&prism, "list sessions", sessions.list().collect()).await;
    let session = proxy.service(ks.clone()).session(kc.clone());
    assert_eq!(
        check(&prism, "fetch session", session.fetch()).await.sid,
        kc
    );
    let close = UpdateSession::default()
        .status(SessionStatus::Closed)
        .ttl(0);
    check(&prism, "update session", session.update(&close)).await;

    // Participants.
    let add = CreateParticipant::new("+15005550006")
        .friendly_name("Alice")
        .proxy_identifier("+15005550001")
        .proxy_identifier_sid(pn.clone());
    let participant = check(
        &prism,
        "create participant",
        session.participants().create(&add),
    )
    .await;
    assert_eq!(participant.sid, kp);
    assert_eq!(participant.session_sid.as_ref(), Some(&kc));
    let mut stream = std::pin::pin!(session.participants().list().stream());
    while let Some(p) = check(&prism, "list participants", stream.try_next()).await {
        assert!(p.identifier.is_some());
    }
    let participant = session.participant(kp.clone());
    assert_eq!(
        check(&prism, "fetch participant", participant.fetch())
            .await
            .sid,
        kp
    );

    // Message interactions.
    let message = CreateMessageInteraction::default()
        .body("Your driver is here")
        .media_url(["https://example.com/a.png", "https://example.com/b.png"]);
    let sent = check(
        &prism,
        "create message interaction",
        participant.message_interactions().create(&message),
    )
    .await;
    assert_eq!(sent.sid, ki);
    assert_eq!(sent.participant_sid.as_ref(), Some(&kp));
    check(
        &prism,
        "list message interactions",
        participant.message_interactions().list().collect(),
    )
    .await;
    let fetched = check(
        &prism,
        "fetch message interaction",
        participant.message_interaction(ki.clone()).fetch(),
    )
    .await;
    assert_eq!(fetched.sid, ki);

    // Interactions.
    check(
        &prism,
        "list interactions",
        session.interactions().list().collect(),
    )
    .await;
    let interaction = session.interaction(ki.clone());
    let fetched = check(&prism, "fetch interaction", interaction.fetch()).await;
    assert_eq!(fetched.sid, ki);
    assert!(matches!(
        fetched.r#type,
        Some(InteractionType::Message | InteractionType::Voice)
    ));
    assert!(fetched.data.is_some());
    check(&prism, "delete interaction", interaction.delete()).await;

    // Deletes, innermost first.
    check(&prism, "delete participant", participant.delete()).await;
    check(&prism, "delete session", session.delete()).await;
    check(&prism, "delete service", proxy.service(ks).delete()).await;

    prism.assert_clean().unwrap();
    prism.assert_called_every_wrapped().unwrap();
}

#[tokio::test]
async fn the_gate_catches_requests_that_break_the_contract() {
    // Guards the test above against a mock that lets everything through.
    let prism = Prism::start(Spec::Proxy).unwrap();
    let client = client(&prism);
    let path = format!("/v1/Services/KS{}/Sessions", "a".repeat(32));
    let mut bad_type = Form::new();
    bad_type.push("Ttl", "an hour");
    let mut misspelt = Form::new();
    misspelt.push("UniqueName", "x").push("Tll", "60");
    for (what, form) in [("non-integer Ttl", bad_type), ("undeclared key", misspelt)] {
        let err = client
            .request(Method::POST, Domain::Proxy, path.clone())
            .form(&form)
            .send_json::<serde_json::Value>()
            .await
            .expect_err(what);
        assert_eq!(err.status(), Some(422), "{what}: {err:?}");
    }
    assert_eq!(prism.violations().len(), 2);
}
