//! Everyday job 5: mint an Access Token with Voice and Sync grants for a browser
//! (`TWILIO_ACCOUNT_SID`, `TWILIO_API_KEY`, `TWILIO_API_SECRET`).
#![allow(clippy::print_stdout)] // printing the token is the point

use twilio_token::{AccessToken, SyncGrant, VoiceGrant};

fn main() -> Result<(), twilio_token::Error> {
    let voice = VoiceGrant::new()
        .incoming(true)
        .outgoing_application_sid("AP00000000000000000000000000000000".parse()?);
    let sync = SyncGrant::new().service_sid("IS00000000000000000000000000000000".parse()?);
    let builder = AccessToken::from_env()?.identity("alice");
    let token = builder.grant(voice).grant(sync).build()?;
    println!("{}", token.to_jwt()?);
    Ok(())
}
