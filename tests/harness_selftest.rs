//! The oracle plumbing round-trips a JSON value through Node.

use serde_json::json;

#[test]
fn oracle_echoes_json_through_node() {
    let input = json!({"text": "a & b < c \" ' é 🎉", "n": [1, 2, 3]});
    let out = twilio_testkit::oracle::run("echo.js", &input).unwrap();
    assert_eq!(out, input);
}

#[test]
fn oracle_reports_a_missing_script() {
    let err = twilio_testkit::oracle::run("no-such-script.js", &json!(null)).unwrap_err();
    assert!(err.contains("no-such-script.js"), "{err}");
}
