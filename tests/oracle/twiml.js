// Oracle for twilio-twiml's differential test: builds each described document with
// twilio-node's VoiceResponse / MessagingResponse API (the element methods, addText,
// addChild, comment*) and returns the XML it renders, or the error it throws.
//
// stdin: [{kind: "voice"|"messaging", before: [..], after: [..], children: [item]}]
// item:  {type: "element", method, attrs: [[name, value]], text?, children: [item]}
//      | {type: "custom", name, attrs: [[name, value]], children: [item]}
//      | {type: "text", value} | {type: "comment", value}   (comments: Response only)
// stdout: [{xml} | {error}]
"use strict";
const twilio = require("twilio");
const { VoiceResponse, MessagingResponse } = twilio.twiml;

function attrsObject(pairs) {
  // Insertion order is the order the Rust side writes attributes in.
  const obj = {};
  for (const [name, value] of pairs || []) obj[name] = value;
  return obj;
}

function addItems(node, items) {
  for (const item of items || []) {
    switch (item.type) {
      case "element": {
        const attrs = attrsObject(item.attrs);
        const child = item.text === undefined
          ? node[item.method](attrs)
          : node[item.method](attrs, item.text);
        addItems(child, item.children);
        break;
      }
      case "custom":
        addItems(node.addChild(item.name, attrsObject(item.attrs)), item.children);
        break;
      case "text":
        node.addText(item.value);
        break;
      case "comment":
        node.comment(item.value);
        break;
      default:
        throw new Error("unknown item type " + item.type);
    }
  }
}

function build(doc) {
  const response = doc.kind === "messaging" ? new MessagingResponse() : new VoiceResponse();
  addItems(response, doc.children);
  for (const c of doc.before || []) response.commentBefore(c);
  // commentAfter inserts right after </Response>, so add the last one first.
  for (const c of [...(doc.after || [])].reverse()) response.commentAfter(c);
  return response.toString();
}

let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const out = JSON.parse(input).map((doc) => {
    try {
      return { xml: build(doc) };
    } catch (e) {
      return { error: String(e.message || e) };
    }
  });
  process.stdout.write(JSON.stringify(out));
});
