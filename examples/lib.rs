//! Runnable examples live beside this file; run one with `cargo run -p twilio-examples --example NAME`.
//! The six everyday jobs (`send_sms`, `place_call`, `answer_call`, `webhook_actix`,
//! `access_token`, `workers`) are compared with twilio-node in `docs/everyday.md`;
//! `tests/everyday.rs` runs each of them.
