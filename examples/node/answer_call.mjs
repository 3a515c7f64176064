import twilio from "twilio";

const twiml = new twilio.twiml.VoiceResponse();
twiml.dial({ timeout: 20 }).client("alice");
console.log(twiml.toString());
