//! The generic element tree: the escape hatch for custom elements, and the
//! intermediate form parsing goes through.

use crate::Error;
use crate::render::{
    DECLARATION, Sink, WriteXml, check_name, escape_attr, escape_text, write_comment,
};

/// Any XML element: a name, attributes in order, and children.
///
/// Use it for elements this crate has no type for (vendor SSML, new Twilio nouns):
///
/// ```
/// use twilio_twiml::{Element, voice::{Say, VoiceResponse}};
/// let say = Say::new("Hi ").custom(Element::new("amazon:effect").attr("name", "whispered").text("there"));
/// let xml = VoiceResponse::new().say(say).to_xml()?;
/// assert!(xml.ends_with(r#"<Say>Hi <amazon:effect name="whispered">there</amazon:effect></Say></Response>"#));
/// # Ok::<(), twilio_twiml::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Element {
    /// Tag name (checked against XML's `Name` rule when rendered).
    pub name: String,
    /// Attributes in the order they are written.
    pub attributes: Vec<(String, String)>,
    /// Children in document order.
    pub children: Vec<Node>,
}

/// A child of an [`Element`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    /// A nested element.
    Element(Element),
    /// Text content (unescaped).
    Text(String),
    /// A comment (without the `<!-- ` and ` -->` around it).
    Comment(String),
}

impl Element {
    /// An element with no attributes and no children.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            ..Self::default()
        }
    }

    /// Adds an attribute.
    #[must_use]
    pub fn attr(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.attributes.push((name.into(), value.into()));
        self
    }

    /// Adds a child element.
    #[must_use]
    pub fn child(mut self, child: Element) -> Self {
        self.children.push(Node::Element(child));
        self
    }

    /// Adds text (merged with text right before it; empty text is skipped).
    #[must_use]
    pub fn text(mut self, text: impl Into<String>) -> Self {
        let text = text.into();
        if text.is_empty() {
            return self;
        }
        match self.children.last_mut() {
            Some(Node::Text(previous)) => previous.push_str(&text),
            _ => self.children.push(Node::Text(text)),
        }
        self
    }

    /// Adds a comment.
    #[must_use]
    pub fn comment(mut self, comment: impl Into<String>) -> Self {
        self.children.push(Node::Comment(comment.into()));
        self
    }

    /// Renders this element alone (no XML declaration).
    ///
    /// # Errors
    /// [`Error::InvalidName`], [`Error::InvalidCharacter`], [`Error::InvalidComment`]
    /// or [`Error::DuplicateAttribute`] when the tree cannot be written as XML.
    pub fn to_xml(&self) -> Result<String, Error> {
        let mut out = String::new();
        self.write_xml(&mut out)?;
        Ok(out)
    }
}

impl WriteXml for Element {
    fn write_xml<S: Sink + ?Sized>(&self, out: &mut S) -> Result<(), Error> {
        check_name(&self.name)?;
        out.put("<")?;
        out.put(&self.name)?;
        for (i, (name, value)) in self.attributes.iter().enumerate() {
            check_name(name)?;
            if self.attributes[..i].iter().any(|(n, _)| n == name) {
                return Err(Error::DuplicateAttribute {
                    element: self.name.clone(),
                    attribute: name.clone(),
                });
            }
            out.put(" ")?;
            out.put(name)?;
            out.put("=\"")?;
            escape_attr(value, out)?;
            out.put("\"")?;
        }
        if self
            .children
            .iter()
            .all(|c| matches!(c, Node::Text(t) if t.is_empty()))
        {
            return out.put("/>");
        }
        out.put(">")?;
        for child in &self.children {
            match child {
                Node::Element(element) => element.write_xml(out)?,
                Node::Text(text) => escape_text(text, out)?,
                Node::Comment(comment) => write_comment(comment, out)?,
            }
        }
        out.put("</")?;
        out.put(&self.name)?;
        out.put(">")
    }
}

/// A whole document as a generic tree: comments around one root element.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Document {
    /// Comments between the XML declaration and the root element.
    pub comments_before: Vec<String>,
    /// The root element (`<Response>` for TwiML).
    pub root: Element,
    /// Comments after the root element.
    pub comments_after: Vec<String>,
}

impl Document {
    /// Parses any well-formed XML document into the generic tree.
    ///
    /// # Errors
    /// [`Error::Syntax`] when the text is not well-formed XML.
    pub fn from_xml(xml: &str) -> Result<Self, Error> {
        crate::parse::parse_document(xml)
    }

    /// Renders the document with twilio-node's declaration, on one line.
    ///
    /// # Errors
    /// As [`Element::to_xml`].
    pub fn to_xml(&self) -> Result<String, Error> {
        let mut out = String::new();
        write_document(
            &self.comments_before,
            &self.root,
            &self.comments_after,
            &mut out,
        )?;
        Ok(out)
    }
}

/// Declaration, leading comments, root, trailing comments.
pub(crate) fn write_document<S: Sink + ?Sized, R: WriteXml + ?Sized>(
    before: &[String],
    root: &R,
    after: &[String],
    out: &mut S,
) -> Result<(), Error> {
    out.put(DECLARATION)?;
    for comment in before {
        write_comment(comment, out)?;
    }
    root.write_xml(out)?;
    for comment in after {
        write_comment(comment, out)?;
    }
    Ok(())
}
