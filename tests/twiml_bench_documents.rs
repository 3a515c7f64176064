//! The benchmark documents render exactly as twilio-node renders the same documents
//! (so `scripts/bench-twiml.sh` compares equal work).
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../crates/twiml/benches/support/docs.rs"]
mod docs;

#[test]
fn bench_documents_match_twilio_node() {
    let node = twilio_testkit::oracle::run("bench-twiml.js", &serde_json::json!(null)).unwrap();
    assert_eq!(
        docs::incoming_call().to_xml().unwrap(),
        node["incoming"].as_str().unwrap()
    );
    assert_eq!(
        docs::fifty_verbs().to_xml().unwrap(),
        node["fifty"].as_str().unwrap()
    );
}
