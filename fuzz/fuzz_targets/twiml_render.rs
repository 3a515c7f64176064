//! Any text, attribute value, comment or name either renders to well-formed XML that
//! parses back to the same tree, or gives a typed error; never broken XML, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use twilio_twiml::{Document, Element, Error, Node, VoiceResponse};

const TAGS: &[&str] = &[
    "Say", "Play", "Dial", "Number", "Gather", "break", "x:custom", "Pause",
];
const ATTRS: &[&str] = &[
    "voice",
    "loop",
    "name",
    "callerId",
    "x-data",
    "timeout",
    "statusCallbackEvent",
];

/// Turns the input into a tree: 0xFF separates chunks, the first byte of each chunk
/// chooses what the chunk becomes, the rest (lossy UTF-8) is its text.
fn build(data: &[u8]) -> Document {
    let mut stack = vec![Element::new("Response")];
    let mut doc = Document::default();
    for chunk in data.split(|&b| b == 0xFF) {
        let Some((&op, rest)) = chunk.split_first() else {
            continue;
        };
        let text = String::from_utf8_lossy(rest).into_owned();
        let top = stack.len() - 1;
        match op % 8 {
            0 | 1 => stack[top] = std::mem::take(&mut stack[top]).text(text),
            2 if stack.len() < 8 => {
                stack.push(Element::new(TAGS[usize::from(op / 8) % TAGS.len()]))
            }
            3 if stack.len() > 1 => {
                let done = stack.pop().unwrap_or_default();
                let top = stack.len() - 1;
                stack[top] = std::mem::take(&mut stack[top]).child(done);
            }
            4 => {
                let name = ATTRS[usize::from(op / 8) % ATTRS.len()];
                if !stack[top].attributes.iter().any(|(n, _)| n == name) {
                    stack[top].attributes.push((name.to_owned(), text));
                }
            }
            5 => stack[top].children.push(Node::Comment(text)),
            6 if op & 0x80 == 0 => doc.comments_before.push(text),
            6 => doc.comments_after.push(text),
            _ => stack[top] = std::mem::take(&mut stack[top]).child(Element::new(text)),
        }
    }
    while stack.len() > 1 {
        let done = stack.pop().unwrap_or_default();
        let top = stack.len() - 1;
        stack[top] = std::mem::take(&mut stack[top]).child(done);
    }
    doc.root = stack.pop().unwrap_or_default();
    doc
}

/// XML parsers read a raw `\r` in a comment as `\n` (comments cannot escape it).
fn normalize(doc: &Document) -> Document {
    fn fix(c: &str) -> String {
        c.replace("\r\n", "\n").replace('\r', "\n")
    }
    fn walk(e: &Element) -> Element {
        let mut out = e.clone();
        out.children = e
            .children
            .iter()
            .map(|c| match c {
                Node::Element(e) => Node::Element(walk(e)),
                Node::Comment(c) => Node::Comment(fix(c)),
                Node::Text(t) => Node::Text(t.clone()),
            })
            .collect();
        out
    }
    Document {
        comments_before: doc.comments_before.iter().map(|c| fix(c)).collect(),
        root: walk(&doc.root),
        comments_after: doc.comments_after.iter().map(|c| fix(c)).collect(),
    }
}

fuzz_target!(|data: &[u8]| {
    let doc = build(data);
    match doc.to_xml() {
        Ok(xml) => {
            let parsed = Document::from_xml(&xml).expect("rendered XML must parse");
            assert_eq!(
                parsed,
                normalize(&doc),
                "round trip changed the tree: {xml}"
            );
            // The typed layer renders what it was built from (typed attributes in their
            // fixed order) and parses back to itself, or reports a typed value error.
            match VoiceResponse::from_document(normalize(&doc)) {
                Ok(typed) => {
                    let typed_xml = typed.to_xml().expect("typed renders");
                    let again = VoiceResponse::from_xml(&typed_xml).expect("typed output parses");
                    assert_eq!(
                        again, typed,
                        "typed round trip changed the tree: {typed_xml}"
                    );
                }
                Err(Error::InvalidAttributeValue { .. }) => {}
                Err(e) => panic!("unexpected typed error: {e}"),
            }
        }
        Err(Error::InvalidCharacter { .. } | Error::InvalidComment(_) | Error::InvalidName(_)) => {}
        Err(e) => panic!("unexpected error: {e}"),
    }
});
