//! What the two `<Response>` documents share: rendering the whole document and parsing
//! it back.

use std::{fmt, io};

use crate::Error;
use crate::messaging::MessagingResponse;
use crate::parse::FromElement;
use crate::render::{FmtSink, IoSink, Sink};
use crate::tree::write_document;
use crate::voice::VoiceResponse;

macro_rules! document {
    ($name:ident) => {
        impl $name {
            /// Renders the document exactly as twilio-node does: the XML declaration and
            /// `<Response>` on one line.
            ///
            /// # Errors
            /// [`Error::InvalidCharacter`] for characters XML 1.0 forbids,
            /// [`Error::InvalidComment`], [`Error::InvalidName`] and
            /// [`Error::DuplicateAttribute`] for escape-hatch content that cannot be XML.
            pub fn to_xml(&self) -> Result<String, Error> {
                // Typical documents are under 1 KiB: one allocation, no regrowth.
                let mut out = String::with_capacity(1024);
                self.write_into(&mut out)?;
                Ok(out)
            }

            /// Renders into any `fmt::Write` (e.g. a reused `String`).
            ///
            /// # Errors
            /// As [`to_xml`](Self::to_xml), plus [`Error::Fmt`] when the writer fails.
            pub fn write_to<W: fmt::Write + ?Sized>(&self, out: &mut W) -> Result<(), Error> {
                self.write_into(&mut FmtSink(out))
            }

            /// Renders into any `io::Write` (wrap sockets and files in a `BufWriter`).
            ///
            /// # Errors
            /// As [`to_xml`](Self::to_xml), plus [`Error::Io`] when the writer fails.
            pub fn write_io<W: io::Write + ?Sized>(&self, out: &mut W) -> Result<(), Error> {
                self.write_into(&mut IoSink(out))
            }

            fn write_into<S: Sink + ?Sized>(&self, out: &mut S) -> Result<(), Error> {
                write_document(&self.comments_before, self, &self.comments_after, out)
            }

            /// Parses TwiML back into the typed tree. Unknown elements and attributes are
            /// kept in the escape-hatch representation, never dropped.
            ///
            /// # Errors
            /// [`Error::Syntax`] for malformed XML, [`Error::UnexpectedRoot`] when the
            /// root is not `<Response>`, [`Error::InvalidAttributeValue`] when a typed
            /// attribute holds text that is not a value of its type.
            pub fn from_xml(xml: &str) -> Result<Self, Error> {
                Self::from_document(crate::parse::parse_document(xml)?)
            }

            /// Converts a generic [`Document`](crate::Document) into the typed tree.
            ///
            /// # Errors
            /// As [`from_xml`](Self::from_xml), without the syntax errors.
            pub fn from_document(doc: crate::Document) -> Result<Self, Error> {
                if doc.root.name != "Response" {
                    return Err(Error::UnexpectedRoot(doc.root.name));
                }
                let mut response = Self::from_element(doc.root)?;
                response.comments_before = doc.comments_before;
                response.comments_after = doc.comments_after;
                Ok(response)
            }

            /// Adds a comment before `<Response>` (twilio-node `commentBefore`).
            #[must_use]
            pub fn comment_before(mut self, comment: impl Into<String>) -> Self {
                self.comments_before.push(comment.into());
                self
            }

            /// Adds a comment after `</Response>` (twilio-node `commentAfter`).
            #[must_use]
            pub fn comment_after(mut self, comment: impl Into<String>) -> Self {
                self.comments_after.push(comment.into());
                self
            }
        }

        impl std::str::FromStr for $name {
            type Err = Error;
            fn from_str(xml: &str) -> Result<Self, Error> {
                Self::from_xml(xml)
            }
        }

        #[cfg(feature = "actix")]
        impl actix_web::Responder for $name {
            type Body = actix_web::body::BoxBody;

            fn respond_to(self, _req: &actix_web::HttpRequest) -> actix_web::HttpResponse {
                match self.to_xml() {
                    Ok(xml) => actix_web::HttpResponse::Ok()
                        .content_type("text/xml")
                        .body(xml),
                    Err(error) => actix_web::HttpResponse::InternalServerError()
                        .content_type("text/plain; charset=utf-8")
                        .body(error.to_string()),
                }
            }
        }
    };
}

document!(VoiceResponse);
document!(MessagingResponse);
