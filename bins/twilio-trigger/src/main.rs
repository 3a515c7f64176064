//! `twilio-trigger`: sends a signed Twilio webhook to a local app (being built).

fn main() {
    eprintln!("twilio-trigger: not built yet");
    std::process::exit(2);
}
