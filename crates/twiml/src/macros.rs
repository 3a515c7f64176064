//! The two table macros: `value_enum!` (closed value sets) and `element!` (one TwiML
//! element: typed attributes, builder, child enum, rendering and parsing).

/// A closed set of attribute values with an `Other` variant for values Twilio adds later.
macro_rules! value_enum {
    (
        $(#[$meta:meta])*
        $name:ident { $( $variant:ident = $value:literal, )* }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $( #[doc = concat!("`", $value, "`")] $variant, )*
            /// A value this crate does not know yet, written as given.
            Other(String),
        }

        impl $name {
            /// The value as written in TwiML.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $value, )*
                    Self::Other(other) => other,
                }
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $( $value => Self::$variant, )*
                    other => Self::Other(other.to_owned()),
                }
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::convert::Infallible;
            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::attr::AttrValue for $name {
            fn write_value<S: $crate::render::Sink + ?Sized>(
                &self,
                out: &mut S,
            ) -> Result<(), $crate::Error> {
                match self {
                    // Twilio's own values are plain ASCII words: nothing to escape.
                    Self::Other(other) => $crate::render::escape_attr(other, out),
                    known => out.put(known.as_str()),
                }
            }
            fn parse_value(value: &str) -> Option<Self> {
                Some(Self::from(value))
            }
        }

        impl $crate::attr::ListItem for $name {}
    };
}

/// Associated constants of [`LanguageCode`](crate::LanguageCode) for every tag twilio-node lists.
macro_rules! language_codes {
    ( $( $konst:ident = $value:literal, )* ) => {
        impl $crate::attr::LanguageCode {
            $(
                #[doc = concat!("`", $value, "`")]
                pub const $konst: Self = Self::from_static($value);
            )*
        }
    };
}

/// One TwiML element: struct with typed attributes, child enum, builder, render, parse.
///
/// Kept as a macro rather than generated plain Rust (issue 12, item 6): the 64 elements
/// of `voice.rs` and `messaging.rs` are tables (tag, attributes, allowed children) that
/// `gen/generate.py` writes from twilio-node, and this is the one template that turns a
/// table into code. Written out, each element would be ~150 lines of the same render,
/// parse and builder code (~9,500 lines), and a fix to how attributes are escaped or
/// children parsed would have to be regenerated into 64 copies instead of made here
/// once. The byte-for-byte equality with twilio-node (tests/twiml_differential.rs)
/// rests on this single `write_xml`.
///
/// Expansion, per table: the struct (`Option` per attribute, `extra_attributes`,
/// `children`), the child enum, `new` and one setter per attribute (`@setter`; numbers
/// take the exact type so literals infer), the child appenders, `From` impls for the
/// child enum, `WriteXml` for both, and `FromElement`/`FromNode` for parsing.
macro_rules! element {
    // A number's setter takes the exact type, so a plain literal (`.timeout(20)`) infers
    // to it; `impl Into<u32>` would leave the literal's type open (and fall back to i32).
    (@setter [$(#[$adoc:meta])*] $field:ident u32) => {
        $(#[$adoc])*
        #[must_use]
        pub fn $field(mut self, value: u32) -> Self {
            self.$field = Some(value);
            self
        }
    };
    (@setter [$(#[$adoc:meta])*] $field:ident $fty:ident $(<$fin:ident>)?) => {
        $(#[$adoc])*
        #[must_use]
        pub fn $field(mut self, value: impl Into<$fty $(<$fin>)?>) -> Self {
            self.$field = Some(value.into());
            self
        }
    };
    (@new required) => {
        /// Creates the element with its text content.
        pub fn new(text: impl Into<String>) -> Self {
            Self::default().text(text)
        }
    };
    (@new none) => {
        /// Creates the element with no attributes and no content.
        pub fn new() -> Self {
            Self::default()
        }
    };
    (
        $(#[$doc:meta])*
        $name:ident = $tag:literal, text: $text:ident,
        attrs { $( $(#[$adoc:meta])* $field:ident : $fty:ident $(<$fin:ident>)? = $xml:literal, )* },
        children $child:ident { $( $cvar:ident($cty:ty) = $cmeth:ident, )* },
        fields { $( $(#[$xdoc:meta])* $xfield:ident : $xty:ty, )* }
    ) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Default)]
        #[non_exhaustive]
        pub struct $name {
            $( $(#[$adoc])* pub $field: Option<$fty $(<$fin>)?>, )*
            /// Attributes beyond the typed ones (the escape hatch), written after them in
            /// this order.
            pub extra_attributes: Vec<(String, String)>,
            /// Content in document order: child elements, text, comments, custom elements.
            pub children: Vec<$child>,
            $( $(#[$xdoc])* pub $xfield: $xty, )*
        }

        #[doc = concat!("What may appear inside `<", $tag, ">`: the types enforce TwiML's nesting.")]
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        // Boxing the big verbs would cost an allocation each and clumsier matching.
        #[allow(clippy::large_enum_variant)]
        pub enum $child {
            $( #[doc = concat!("A [`", stringify!($cty), "`].")] $cvar($cty), )*
            /// Text content.
            Text(String),
            /// An XML comment.
            Comment(String),
            /// Any other element (escape hatch, e.g. vendor SSML), kept as a generic tree.
            Custom($crate::Element),
        }

        impl $name {
            /// The element's tag name.
            pub const TAG: &'static str = $tag;
            /// The typed attribute names, in the order they are written.
            pub const ATTRIBUTES: &'static [&'static str] = &[$($xml),*];

            element!(@new $text);

            $( element!(@setter [$(#[$adoc])*] $field $fty $(<$fin>)?); )*

            /// Sets an attribute this crate has no typed setter for (escape hatch, like
            /// passing extra keys in twilio-node's attributes object).
            #[must_use]
            pub fn attribute(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
                self.extra_attributes.push((name.into(), value.into()));
                self
            }

            /// Appends a child: any element allowed here, text, a comment or a custom
            /// [`Element`]($crate::Element).
            #[must_use]
            pub fn child(mut self, child: impl Into<$child>) -> Self {
                self.push(child);
                self
            }

            /// Appends a child in place (adjacent text is merged, empty text is skipped,
            /// as twilio-node writes them).
            pub fn push(&mut self, child: impl Into<$child>) {
                let child = child.into();
                if let $child::Text(text) = &child {
                    if text.is_empty() {
                        return;
                    }
                    if let Some($child::Text(previous)) = self.children.last_mut() {
                        previous.push_str(text);
                        return;
                    }
                }
                self.children.push(child);
            }

            /// Appends text (twilio-node `addText`).
            #[must_use]
            pub fn text(self, text: impl Into<String>) -> Self {
                self.child($child::Text(text.into()))
            }

            /// Appends an XML comment.
            #[must_use]
            pub fn comment(self, comment: impl Into<String>) -> Self {
                self.child($child::Comment(comment.into()))
            }

            /// Appends a custom element (twilio-node `addChild`).
            #[must_use]
            pub fn custom(self, element: $crate::Element) -> Self {
                self.child($child::Custom(element))
            }

            $(
                #[doc = concat!("Appends a [`", stringify!($cty), "`].")]
                #[must_use]
                #[allow(clippy::should_implement_trait)] // SSML `<sub>` is named `sub`

                pub fn $cmeth(self, child: $cty) -> Self {
                    self.child($child::$cvar(child))
                }
            )*
        }

        $(
            impl From<$cty> for $child {
                fn from(child: $cty) -> Self {
                    Self::$cvar(child)
                }
            }
        )*

        impl From<$crate::Element> for $child {
            fn from(element: $crate::Element) -> Self {
                Self::Custom(element)
            }
        }

        impl $crate::render::WriteXml for $name {
            fn write_xml<S: $crate::render::Sink + ?Sized>(
                &self,
                out: &mut S,
            ) -> Result<(), $crate::Error> {
                out.put(concat!("<", $tag))?;
                $(
                    if let Some(value) = &self.$field {
                        out.put(concat!(" ", $xml, "=\""))?;
                        $crate::attr::AttrValue::write_value(value, out)?;
                        out.put("\"")?;
                    }
                )*
                if !self.extra_attributes.is_empty() {
                    $crate::render::write_extra_attributes(
                        $tag,
                        Self::ATTRIBUTES,
                        &self.extra_attributes,
                        out,
                    )?;
                }
                if self.children.iter().all(|c| matches!(c, $child::Text(t) if t.is_empty())) {
                    return out.put("/>");
                }
                out.put(">")?;
                for child in &self.children {
                    child.write_xml(out)?;
                }
                out.put(concat!("</", $tag, ">"))
            }
        }

        impl $crate::render::WriteXml for $child {
            fn write_xml<S: $crate::render::Sink + ?Sized>(
                &self,
                out: &mut S,
            ) -> Result<(), $crate::Error> {
                match self {
                    $( Self::$cvar(child) => child.write_xml(out), )*
                    Self::Text(text) => $crate::render::escape_text(text, out),
                    Self::Comment(comment) => $crate::render::write_comment(comment, out),
                    Self::Custom(element) => element.write_xml(out),
                }
            }
        }

        impl $crate::parse::FromElement for $name {
            fn from_element(element: $crate::Element) -> Result<Self, $crate::Error> {
                let mut out = Self::default();
                for (name, value) in element.attributes {
                    $(
                        if name == $xml {
                            out.$field = Some($crate::attr::parse_attr($tag, $xml, value)?);
                            continue;
                        }
                    )*
                    out.extra_attributes.push((name, value));
                }
                for node in element.children {
                    out.children.push(<$child as $crate::parse::FromNode>::from_node(node)?);
                }
                Ok(out)
            }
        }

        impl $crate::parse::FromNode for $child {
            fn from_node(node: $crate::Node) -> Result<Self, $crate::Error> {
                match node {
                    $crate::Node::Text(text) => Ok(Self::Text(text)),
                    $crate::Node::Comment(comment) => Ok(Self::Comment(comment)),
                    $crate::Node::Element(element) => {
                        $(
                            if element.name == <$cty>::TAG {
                                return Ok(Self::$cvar(
                                    <$cty as $crate::parse::FromElement>::from_element(element)?,
                                ));
                            }
                        )*
                        Ok(Self::Custom(element))
                    }
                }
            }
        }
    };
}

pub(crate) use {element, language_codes, value_enum};
