//! Parsing: quick-xml events into the generic tree, then the tree into typed elements.
//!
//! The tree is lossless for what TwiML uses: every element, attribute, text and
//! comment is kept (unknown ones land in the escape-hatch representation). Text is
//! kept exactly, including whitespace between elements. Entity and character
//! references are resolved; line ends and attribute whitespace are normalized as
//! XML 1.0 requires (twilio-node escapes `\r`, `\t` and `\n` where that matters,
//! so its output round-trips exactly).

use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

use crate::render::is_xml_char;
use crate::{Document, Element, Error, Node};

/// A typed element built from the generic tree.
pub(crate) trait FromElement: Sized {
    fn from_element(element: Element) -> Result<Self, Error>;
}

/// A typed child built from a generic node.
pub(crate) trait FromNode: Sized {
    fn from_node(node: Node) -> Result<Self, Error>;
}

/// Builds the tree while reading events.
#[derive(Default)]
struct Builder {
    stack: Vec<Element>,
    text: String,
    doc: Document,
    root_done: bool,
}

impl Builder {
    fn flush_text(&mut self) {
        if self.text.is_empty() {
            return;
        }
        let text = std::mem::take(&mut self.text);
        if let Some(parent) = self.stack.last_mut() {
            parent.children.push(Node::Text(text));
        }
    }

    fn open(&mut self, element: Element, position: u64) -> Result<(), Error> {
        if self.stack.is_empty() && self.root_done {
            return Err(syntax(position, "more than one root element"));
        }
        self.flush_text();
        self.stack.push(element);
        Ok(())
    }

    fn close(&mut self) {
        self.flush_text();
        if let Some(element) = self.stack.pop() {
            match self.stack.last_mut() {
                Some(parent) => parent.children.push(Node::Element(element)),
                None => {
                    self.doc.root = element;
                    self.root_done = true;
                }
            }
        }
    }

    fn text(&mut self, text: &str, position: u64) -> Result<(), Error> {
        if self.stack.is_empty() {
            if text.trim().is_empty() {
                return Ok(());
            }
            return Err(syntax(position, "text outside the root element"));
        }
        self.text.push_str(text);
        Ok(())
    }

    fn comment(&mut self, raw: &str) {
        // twilio-node writes `<!-- text -->`: take off the one space on each side.
        let body = raw
            .strip_prefix(' ')
            .and_then(|b| b.strip_suffix(' '))
            .unwrap_or(raw)
            .to_owned();
        self.flush_text();
        match self.stack.last_mut() {
            Some(parent) => parent.children.push(Node::Comment(body)),
            None if self.root_done => self.doc.comments_after.push(body),
            None => self.doc.comments_before.push(body),
        }
    }
}

fn syntax(position: u64, message: impl Into<String>) -> Error {
    Error::Syntax {
        position,
        message: message.into(),
    }
}

fn start_element(start: &BytesStart<'_>, position: u64) -> Result<Element, Error> {
    let mut element = Element::new(start.name().as_ref());
    for attr in start.attributes() {
        let attr = attr.map_err(|e| syntax(position, e.to_string()))?;
        let value = attr
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(|e| syntax(position, e.to_string()))?;
        check_text(&value, position)?;
        element
            .attributes
            .push((attr.key.as_ref().to_owned(), value.into_owned()));
    }
    Ok(element)
}

fn check_text(text: &str, position: u64) -> Result<(), Error> {
    match text.chars().find(|&c| !is_xml_char(c)) {
        Some(c) => Err(syntax(
            position,
            format!("character U+{:04X} is not allowed in XML 1.0", u32::from(c)),
        )),
        None => Ok(()),
    }
}

fn resolve_entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => None,
    }
}

/// Parses a whole document into the generic tree.
pub(crate) fn parse_document(xml: &str) -> Result<Document, Error> {
    let mut reader = Reader::from_str(xml);
    let mut b = Builder::default();
    loop {
        let position = reader.buffer_position();
        let event = reader
            .read_event()
            .map_err(|e| syntax(reader.error_position(), e.to_string()))?;
        match event {
            Event::Start(start) => b.open(start_element(&start, position)?, position)?,
            Event::Empty(start) => {
                b.open(start_element(&start, position)?, position)?;
                b.close();
            }
            Event::End(_) => b.close(),
            Event::Text(text) => {
                let text = text.xml10_content();
                check_text(&text, position)?;
                b.text(&text, position)?;
            }
            Event::CData(cdata) => {
                let text = cdata.xml10_content();
                check_text(&text, position)?;
                b.text(&text, position)?;
            }
            Event::GeneralRef(reference) => {
                let resolved = if reference.is_char_ref() {
                    reference
                        .resolve_char_ref()
                        .map_err(|e| syntax(position, e.to_string()))?
                } else {
                    resolve_entity(&reference.xml10_content())
                };
                let c = resolved.ok_or_else(|| syntax(position, "unknown entity reference"))?;
                if !is_xml_char(c) {
                    return Err(syntax(
                        position,
                        "character reference to a forbidden character",
                    ));
                }
                b.text(c.encode_utf8(&mut [0; 4]), position)?;
            }
            Event::Comment(comment) => {
                let text = comment.xml10_content();
                check_text(&text, position)?;
                b.comment(&text);
            }
            Event::DocType(_) => return Err(syntax(position, "DOCTYPE is not allowed in TwiML")),
            Event::Decl(_) | Event::PI(_) => {}
            Event::Eof => break,
        }
    }
    if !b.stack.is_empty() {
        return Err(syntax(reader.buffer_position(), "unclosed element"));
    }
    if !b.root_done {
        return Err(syntax(reader.buffer_position(), "no root element"));
    }
    Ok(b.doc)
}
