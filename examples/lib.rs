//! Runnable examples live beside this file; run one with `cargo run -p twilio-examples --example NAME`.
