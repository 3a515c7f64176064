//! Everyday job 3: answer an incoming call by ringing a browser client (TwiML
//! `<Dial><Client>`), ringing for 20 seconds.
#![allow(clippy::print_stdout)] // printing the document is the point

use twilio_twiml::voice::{Client, Dial, VoiceResponse};

fn main() -> Result<(), twilio_twiml::Error> {
    let twiml =
        VoiceResponse::new().dial(Dial::new().timeout(20).client(Client::new().text("alice")));
    println!("{}", twiml.to_xml()?);
    Ok(())
}
