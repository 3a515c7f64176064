import twilio from "twilio";

const { AccessToken } = twilio.jwt;
const { VoiceGrant, SyncGrant } = AccessToken;
const token = new AccessToken(
  process.env.TWILIO_ACCOUNT_SID,
  process.env.TWILIO_API_KEY,
  process.env.TWILIO_API_SECRET,
  { identity: "alice" },
);
token.addGrant(
  new VoiceGrant({
    incomingAllow: true,
    outgoingApplicationSid: "AP00000000000000000000000000000000",
  }),
);
token.addGrant(
  new SyncGrant({ serviceSid: "IS00000000000000000000000000000000" }),
);
console.log(token.toJwt());
