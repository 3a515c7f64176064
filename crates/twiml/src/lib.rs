#![doc = include_str!("../README.md")]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod attr;
mod error;
mod macros;
pub mod messaging;
mod parse;
mod render;
mod response;
mod tree;
mod values;
pub mod voice;

pub use attr::{LanguageCode, Voice};
pub use error::Error;
pub use messaging::MessagingResponse;
pub use tree::{Document, Element, Node};
pub use values::*;
pub use voice::VoiceResponse;

#[cfg(test)]
mod tests;
