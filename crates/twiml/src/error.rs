//! The crate's one error type.

/// Everything that can go wrong rendering or parsing TwiML.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A character XML 1.0 forbids (C0 controls other than tab, newline and carriage
    /// return, U+FFFE, U+FFFF) in text, an attribute value or a comment.
    #[error("character U+{:04X} is not allowed in XML 1.0 ({context})", u32::from(*.character))]
    InvalidCharacter {
        /// The offending character.
        character: char,
        /// Where it was: `"text"`, `"attribute value"` or `"comment"`.
        context: &'static str,
    },
    /// A comment containing `--`, which XML does not allow.
    #[error("comment must not contain \"--\": {0:?}")]
    InvalidComment(String),
    /// An element or attribute name that is not an XML name.
    #[error("{0:?} is not a valid XML name")]
    InvalidName(String),
    /// The same attribute twice on one element (e.g. an escape-hatch attribute that
    /// repeats a typed one: use the typed setter instead).
    #[error("attribute {attribute:?} appears twice on <{element}>")]
    DuplicateAttribute {
        /// The element.
        element: String,
        /// The repeated attribute.
        attribute: String,
    },
    /// A typed attribute whose text is not a valid value (e.g. `timeout="soon"`).
    #[error("invalid value {value:?} for attribute {attribute:?} of <{element}>")]
    InvalidAttributeValue {
        /// The element.
        element: &'static str,
        /// The attribute.
        attribute: &'static str,
        /// The text found.
        value: String,
    },
    /// Input that is not well-formed XML.
    #[error("malformed XML at byte {position}: {message}")]
    Syntax {
        /// Byte offset in the input.
        position: u64,
        /// What is wrong.
        message: String,
    },
    /// A document whose root element is not `<Response>`.
    #[error("expected the root element <Response>, found <{0}>")]
    UnexpectedRoot(String),
    /// A `fmt::Write` target failed.
    #[error("the formatter failed")]
    Fmt,
    /// An `io::Write` target failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
}
