//! Everyday job 2: place a call that runs inline TwiML when answered.
#![allow(clippy::print_stdout)] // printing the SID is the point

use twilio_rest::Twilio;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let twilio = Twilio::from_env()?;
    let (to, from) = ("+15005550006", "+15005550001");
    let twiml = "<Response><Say>Hello</Say></Response>";
    let call = twilio.calls().place(to, from, twiml).await?;
    println!("{}", call.sid);
    Ok(())
}
