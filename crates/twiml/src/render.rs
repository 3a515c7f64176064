//! Writing XML the way twilio-node (xmlbuilder 13) writes it: one line, `<a/>` for
//! empty elements, `<!-- c -->` comments, and xmlbuilder's escaping rules:
//!
//! | character | text      | attribute value |
//! |-----------|-----------|-----------------|
//! | `&`       | `&amp;`   | `&amp;`         |
//! | `<`       | `&lt;`    | `&lt;`          |
//! | `>`       | `&gt;`    | kept            |
//! | `"`       | kept      | `&quot;`        |
//! | `\t` `\n` | kept      | `&#x9;` `&#xA;` |
//! | `\r`      | `&#xD;`   | `&#xD;`         |
//!
//! Characters XML 1.0 forbids (C0 controls other than tab, newline and carriage
//! return; U+FFFE; U+FFFF) are a typed [`Error::InvalidCharacter`], never written.

use std::{fmt, io};

use crate::Error;

/// Where rendered XML goes. `String` is the fast path; the adapters below wrap
/// `fmt::Write` and `io::Write`.
pub(crate) trait Sink {
    fn put(&mut self, s: &str) -> Result<(), Error>;
}

impl Sink for String {
    #[inline]
    fn put(&mut self, s: &str) -> Result<(), Error> {
        self.push_str(s);
        Ok(())
    }
}

/// Adapts any `fmt::Write`.
pub(crate) struct FmtSink<'a, W: fmt::Write + ?Sized>(pub(crate) &'a mut W);

impl<W: fmt::Write + ?Sized> Sink for FmtSink<'_, W> {
    fn put(&mut self, s: &str) -> Result<(), Error> {
        self.0.write_str(s).map_err(|_| Error::Fmt)
    }
}

/// Adapts any `io::Write` (wrap unbuffered writers in a `BufWriter`).
pub(crate) struct IoSink<'a, W: io::Write + ?Sized>(pub(crate) &'a mut W);

impl<W: io::Write + ?Sized> Sink for IoSink<'_, W> {
    fn put(&mut self, s: &str) -> Result<(), Error> {
        self.0.write_all(s.as_bytes()).map_err(Error::Io)
    }
}

/// Something that renders itself as XML.
pub(crate) trait WriteXml {
    fn write_xml<S: Sink + ?Sized>(&self, out: &mut S) -> Result<(), Error>;
}

/// The declaration twilio-node starts every document with.
pub(crate) const DECLARATION: &str = r#"<?xml version="1.0" encoding="UTF-8"?>"#;

/// Escapes element text.
pub(crate) fn escape_text<S: Sink + ?Sized>(text: &str, out: &mut S) -> Result<(), Error> {
    escape(text, false, out)
}

/// Escapes an attribute value.
pub(crate) fn escape_attr<S: Sink + ?Sized>(value: &str, out: &mut S) -> Result<(), Error> {
    escape(value, true, out)
}

/// Bytes the escaper must look at: markup characters, C0 controls, and 0xEF (the
/// lead byte of U+FFFE / U+FFFF). Everything else is copied in bulk.
const fn special_bytes(attr: bool) -> [bool; 256] {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = true;
        b += 1;
    }
    table[b'&' as usize] = true;
    table[b'<' as usize] = true;
    table[0xEF] = true;
    if attr {
        table[b'"' as usize] = true;
    } else {
        table[b'>' as usize] = true;
        table[b'\t' as usize] = false;
        table[b'\n' as usize] = false;
    }
    table
}

static TEXT_SPECIAL: [bool; 256] = special_bytes(false);
static ATTR_SPECIAL: [bool; 256] = special_bytes(true);

fn escape<S: Sink + ?Sized>(s: &str, attr: bool, out: &mut S) -> Result<(), Error> {
    let table = if attr { &ATTR_SPECIAL } else { &TEXT_SPECIAL };
    let bytes = s.as_bytes();
    let mut start = 0;
    let mut i = 0;
    loop {
        i = next_special(bytes, i, table, attr);
        let Some(&b) = bytes.get(i) else { break };
        let replacement = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\t' => "&#x9;",
            b'\n' => "&#xA;",
            b'\r' => "&#xD;",
            // U+FFFE and U+FFFF are EF BF BE / EF BF BF in UTF-8.
            0xEF if bytes.get(i + 1) == Some(&0xBF)
                && matches!(bytes.get(i + 2), Some(0xBE | 0xBF)) =>
            {
                return Err(invalid_char(
                    s,
                    i,
                    if attr { "attribute value" } else { "text" },
                ));
            }
            0xEF => {
                i += 1;
                continue;
            }
            _ => {
                return Err(invalid_char(
                    s,
                    i,
                    if attr { "attribute value" } else { "text" },
                ));
            }
        };
        // `i` is the index of an ASCII byte, so both slices fall on char boundaries.
        out.put(&s[start..i])?;
        out.put(replacement)?;
        i += 1;
        start = i;
    }
    out.put(&s[start..])
}

/// Index of the next byte at or after `i` that `table` marks, or `bytes.len()`.
///
/// Skips eight clean bytes at a time (SWAR): a word is clean when it has no byte
/// below 0x20 and none equal to `&`, `<`, `>`/`"` or 0xEF. Words that fail the test
/// (possibly only because of a tab or newline in text) are checked byte by byte.
fn next_special(bytes: &[u8], mut i: usize, table: &[bool; 256], attr: bool) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let has_zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGHS;
    let quote_or_gt = ONES * u64::from(if attr { b'"' } else { b'>' });
    loop {
        while let Some(chunk) = bytes.get(i..i + 8) {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            let v = u64::from_le_bytes(word);
            let hit = (v.wrapping_sub(ONES * 0x20) & !v & HIGHS)
                | has_zero(v ^ (ONES * u64::from(b'&')))
                | has_zero(v ^ (ONES * u64::from(b'<')))
                | has_zero(v ^ quote_or_gt)
                | has_zero(v ^ (ONES * 0xEF));
            if hit != 0 {
                break;
            }
            i += 8;
        }
        let end = (i + 8).min(bytes.len());
        while i < end {
            if table[usize::from(bytes[i])] {
                return i;
            }
            i += 1;
        }
        if i >= bytes.len() {
            return bytes.len();
        }
    }
}

fn invalid_char(s: &str, byte: usize, context: &'static str) -> Error {
    let character = s[byte..].chars().next().unwrap_or('\u{0}');
    Error::InvalidCharacter { character, context }
}

/// Checks that a string holds only characters XML 1.0 allows.
pub(crate) fn check_chars(s: &str, context: &'static str) -> Result<(), Error> {
    match s.char_indices().find(|&(_, c)| !is_xml_char(c)) {
        Some((i, _)) => Err(invalid_char(s, i, context)),
        None => Ok(()),
    }
}

/// XML 1.0 `Char` (surrogates cannot occur in a Rust `str`).
pub(crate) fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Writes `<!-- comment -->`. A comment may not contain `--` (twilio-node throws too).
pub(crate) fn write_comment<S: Sink + ?Sized>(comment: &str, out: &mut S) -> Result<(), Error> {
    if comment.contains("--") {
        return Err(Error::InvalidComment(comment.to_owned()));
    }
    check_chars(comment, "comment")?;
    out.put("<!-- ")?;
    out.put(comment)?;
    out.put(" -->")
}

/// Writes escape-hatch attributes after checking their names.
pub(crate) fn write_extra_attributes<S: Sink + ?Sized>(
    element: &str,
    typed: &[&str],
    extra: &[(String, String)],
    out: &mut S,
) -> Result<(), Error> {
    for (i, (name, value)) in extra.iter().enumerate() {
        check_name(name)?;
        let duplicate = typed.contains(&name.as_str()) || extra[..i].iter().any(|(n, _)| n == name);
        if duplicate {
            return Err(Error::DuplicateAttribute {
                element: element.to_owned(),
                attribute: name.clone(),
            });
        }
        out.put(" ")?;
        out.put(name)?;
        out.put("=\"")?;
        escape_attr(value, out)?;
        out.put("\"")?;
    }
    Ok(())
}

/// Checks an element or attribute name against XML 1.0's `Name` production.
pub(crate) fn check_name(name: &str) -> Result<(), Error> {
    let mut chars = name.chars();
    let valid = chars.next().is_some_and(is_name_start) && chars.all(is_name_char);
    if valid {
        Ok(())
    } else {
        Err(Error::InvalidName(name.to_owned()))
    }
}

fn is_name_start(c: char) -> bool {
    matches!(c,
        ':' | 'A'..='Z' | '_' | 'a'..='z'
        | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{2FF}'
        | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}' | '\u{200C}'..='\u{200D}'
        | '\u{2070}'..='\u{218F}' | '\u{2C00}'..='\u{2FEF}' | '\u{3001}'..='\u{D7FF}'
        | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}' | '\u{10000}'..='\u{EFFFF}')
}

fn is_name_char(c: char) -> bool {
    is_name_start(c)
        || matches!(c, '-' | '.' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The obvious per-character escaper, to check the word-at-a-time one against.
    fn reference(s: &str, attr: bool) -> Result<String, char> {
        let mut out = String::new();
        for c in s.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' if !attr => out.push_str("&gt;"),
                '"' if attr => out.push_str("&quot;"),
                '\t' if attr => out.push_str("&#x9;"),
                '\n' if attr => out.push_str("&#xA;"),
                '\r' => out.push_str("&#xD;"),
                c if !is_xml_char(c) => return Err(c),
                c => out.push(c),
            }
        }
        Ok(out)
    }

    #[test]
    fn word_at_a_time_escaper_matches_reference_at_every_position() {
        let specials = [
            '&', '<', '>', '"', '\t', '\n', '\r', '\u{1}', '\u{FFFE}', '\u{FFFF}', 'ï', '\u{EFFF}',
            '\u{FFFD}', '😀',
        ];
        for len in 0..24 {
            for pos in 0..=len {
                for &c in &specials {
                    let mut s: String = "abcdefghijklmnopqrstuvwxyz".chars().take(len).collect();
                    s.insert(pos.min(s.len()), c);
                    for attr in [false, true] {
                        let mut out = String::new();
                        let ours = escape(&s, attr, &mut out).map(|()| out);
                        match (ours, reference(&s, attr)) {
                            (Ok(a), Ok(b)) => assert_eq!(a, b, "{s:?} attr={attr}"),
                            (Err(Error::InvalidCharacter { character, .. }), Err(c)) => {
                                assert_eq!(character, c);
                            }
                            (a, b) => panic!("{s:?} attr={attr}: {a:?} vs {b:?}"),
                        }
                    }
                }
            }
        }
    }
}
