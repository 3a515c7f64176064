import twilio from "twilio";

const client = twilio();
const message = await client.messages.create({
  to: "+15005550006",
  from: "+15005550001",
  body: "Hello",
});
console.log(message.sid);
