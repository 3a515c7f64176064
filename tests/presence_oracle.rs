//! Differential check against twilio-node 6.2.0's declared call statuses.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;

use serde_json::{Value, json};
use twilio_presence::CallStatus;

fn strings(v: &Value, key: &str) -> Vec<String> {
    v[key]
        .as_array()
        .unwrap_or_else(|| panic!("oracle output lacks {key}: {v}"))
        .iter()
        .map(|s| s.as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn call_statuses_match_twilio_node() {
    let out = twilio_testkit::oracle::run("presence-call-status.js", &json!({})).unwrap();
    let rest = strings(&out, "call_status");
    let ending = strings(&out, "update_status");
    let events = strings(&out, "client_event");
    assert!(rest.len() >= 8, "suspiciously few statuses: {rest:?}");

    // Every status twilio-node knows parses to a known variant and round-trips.
    for s in &rest {
        let parsed = CallStatus::from(s.as_str());
        assert!(
            !matches!(parsed, CallStatus::Other(_)),
            "unknown to us: {s}"
        );
        assert_eq!(parsed.as_str(), s);
        assert!(
            parsed.is_active() ^ parsed.is_terminal(),
            "{s} unclassified"
        );
    }
    // Our known set is exactly twilio-node's plus `initiated`, the CallStatus sent for
    // the `initiated` status callback event (a <Client> event, not a REST status).
    assert!(events.iter().any(|e| e == "initiated"));
    let mut theirs: BTreeSet<&str> = rest.iter().map(String::as_str).collect();
    theirs.insert("initiated");
    let ours: BTreeSet<&str> = CallStatus::KNOWN.iter().map(CallStatus::as_str).collect();
    assert_eq!(ours, theirs);
    // Statuses a call can be updated to end it, so they must end presence busyness.
    for s in &ending {
        assert!(
            CallStatus::from(s.as_str()).is_terminal(),
            "{s} should end the call"
        );
    }
}
