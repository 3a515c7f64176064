import twilio from "twilio";

const client = twilio();
client.taskrouter.v1
  .workspaces("WS00000000000000000000000000000000")
  .workers.each((worker) => console.log(worker.sid));
