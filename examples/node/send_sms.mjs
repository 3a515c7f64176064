import twilio from "twilio";

const client = twilio();
const message = await client.messages.create({
  to: "+15005550006",
  from: "+15005550001",
  body: "Hello from Node",
});
console.log(message.sid);
