import twilio from "twilio";

const client = twilio();
const call = await client.calls.create({
  to: "+15005550006",
  from: "+15005550001",
  twiml: "<Response><Say>Hello</Say></Response>",
});
console.log(call.sid);
