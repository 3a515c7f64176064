//! Any input either fails to parse with a typed error, or parses into a tree that
//! renders (or reports a typed error) and then parses back to the same tree.
#![no_main]

use libfuzzer_sys::fuzz_target;
use twilio_twiml::{Document, MessagingResponse, VoiceResponse};

fuzz_target!(|data: &[u8]| {
    let Ok(xml) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(doc) = Document::from_xml(xml) {
        if let Ok(again) = doc.to_xml() {
            let reparsed = Document::from_xml(&again).expect("our output parses");
            assert_eq!(reparsed.to_xml().expect("renders again"), again);
        }
    }
    if let Ok(voice) = VoiceResponse::from_xml(xml) {
        if let Ok(again) = voice.to_xml() {
            let reparsed = VoiceResponse::from_xml(&again).expect("our output parses");
            assert_eq!(reparsed.to_xml().expect("renders again"), again);
        }
    }
    if let Ok(messaging) = MessagingResponse::from_xml(xml) {
        if let Ok(again) = messaging.to_xml() {
            let reparsed = MessagingResponse::from_xml(&again).expect("our output parses");
            assert_eq!(reparsed.to_xml().expect("renders again"), again);
        }
    }
});
