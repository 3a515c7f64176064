//! Everyday job 1: send an SMS. Credentials (and optional edge, region or base URL)
//! come from the environment, see `Client::from_env`.
#![allow(clippy::print_stdout)] // printing the SID is the point

use twilio_rest::Twilio;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let twilio = Twilio::from_env()?;
    let (to, from) = ("+15005550006", "+15005550001");
    let message = twilio.messages().send(to, from, "Hello").await?;
    println!("{}", message.sid);
    Ok(())
}
