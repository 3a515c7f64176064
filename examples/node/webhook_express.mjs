import express from "express";
import twilio from "twilio";

const app = express();
app.use(express.urlencoded({ extended: false }));
app.post("/voice", twilio.webhook(), (req, res) => {
  const twiml = new twilio.twiml.VoiceResponse();
  twiml.say(`Hello ${req.body.From}`);
  res.type("text/xml").send(twiml.toString());
});
app.listen(3000);
