//! Everyday job 3: answer an incoming call by ringing a browser client (TwiML
//! `<Dial><Client>`), ringing for 20 seconds.
#![allow(clippy::print_stdout)] // printing the document is the point

use twilio_twiml::voice::{Client, Dial, VoiceResponse};

fn main() -> Result<(), twilio_twiml::Error> {
    let dial = Dial::new().timeout(20).client(Client::new().text("alice"));
    println!("{}", VoiceResponse::new().dial(dial).to_xml()?);
    Ok(())
}
