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
#[inline]
pub(crate) fn escape_text<S: Sink + ?Sized>(text: &str, out: &mut S) -> Result<(), Error> {
    escape(text, false, out)
}

/// Escapes an attribute value.
#[inline]
pub(crate) fn escape_attr<S: Sink + ?Sized>(value: &str, out: &mut S) -> Result<(), Error> {
    escape(value, true, out)
}

/// Copies `s` to `out`, replacing the characters the table at the top of this module
/// lists, in runs: everything between two replacements is one `put`.
///
/// The scan stops only at candidate bytes (below 0x20, `&`, `<`, `>` or `"`, and
/// non-ASCII bytes); a string of plain ASCII is checked eight bytes at a time and
/// written with a single `put`. Non-ASCII characters are valid XML except U+FFFE and
/// U+FFFF (a Rust `str` holds no surrogates), so a run of non-ASCII bytes is only
/// checked for those two.
#[inline]
fn escape<S: Sink + ?Sized>(s: &str, attr: bool, out: &mut S) -> Result<(), Error> {
    // Most values need no escaping: the scan is inlined into the caller and a clean
    // value is written with one `put`, without a call.
    match next_candidate(s.as_bytes(), 0, if attr { b'"' } else { b'>' }) {
        None => out.put(s),
        Some(first) => escape_from(s, first, attr, out),
    }
}

/// The rest of [`escape`] from `first`, the first candidate byte (everything before
/// it is clean).
fn escape_from<S: Sink + ?Sized>(
    s: &str,
    first: usize,
    attr: bool,
    out: &mut S,
) -> Result<(), Error> {
    let bytes = s.as_bytes();
    let quote_or_gt = if attr { b'"' } else { b'>' };
    let context = if attr { "attribute value" } else { "text" };
    // `bytes[start..i]` is scanned and clean but not yet written.
    let mut start = 0;
    let mut i;
    let mut at = first;
    loop {
        'handle: {
            let replacement = match bytes[at] {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'"' => "&quot;",
                b'\t' | b'\n' if !attr => {
                    i = at + 1;
                    break 'handle;
                }
                b'\t' => "&#x9;",
                b'\n' => "&#xA;",
                b'\r' => "&#xD;",
                0x80.. => {
                    i = at;
                    while let Some(&b) = bytes.get(i) {
                        if b < 0x80 {
                            break;
                        }
                        // U+FFFE and U+FFFF are EF BF BE / EF BF BF in UTF-8.
                        if b == 0xEF
                            && bytes.get(i + 1) == Some(&0xBF)
                            && matches!(bytes.get(i + 2), Some(0xBE | 0xBF))
                        {
                            return Err(invalid_char(s, i, context));
                        }
                        i += 1;
                    }
                    break 'handle;
                }
                0x00..=0x1F => return Err(invalid_char(s, at, context)),
                // Not reached (the scan flags only the bytes above), but harmless.
                _ => {
                    i = at + 1;
                    break 'handle;
                }
            };
            // `at` is the index of an ASCII byte, so both slices fall on char boundaries.
            out.put(&s[start..at])?;
            out.put(replacement)?;
            i = at + 1;
            start = i;
        }
        match next_candidate(bytes, i, quote_or_gt) {
            Some(next) => at = next,
            None => break,
        }
    }
    out.put(&s[start..])
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `v` equal to `b` (bytes above the first match may be
/// flagged falsely; the lowest flag is exact).
#[inline(always)]
fn bytes_equal(v: u64, b: u8) -> u64 {
    let x = v ^ (ONES * u64::from(b));
    x.wrapping_sub(ONES) & !x & HIGHS
}

/// The high bit of each byte of `v` the escaper must look at: below 0x20 or at least
/// 0x80, `&`, `<`, and `quote_or_gt`. Borrows can flag bytes above a real candidate
/// falsely, never below one, so the lowest flag is exact.
#[inline(always)]
fn candidates(v: u64, quote_or_gt: u8) -> u64 {
    ((v.wrapping_sub(ONES * 0x20) | v) & HIGHS)
        | bytes_equal(v, b'&')
        | bytes_equal(v, b'<')
        | bytes_equal(v, quote_or_gt)
}

/// Index of the first candidate byte at or after `i` (see [`candidates`]), scanning
/// eight bytes at a time (SWAR), or `None` when the rest is clean.
#[inline]
fn next_candidate(bytes: &[u8], mut i: usize, quote_or_gt: u8) -> Option<usize> {
    let first = |v: u64, i: usize| {
        let hit = candidates(v, quote_or_gt);
        (hit != 0).then(|| i + (hit.trailing_zeros() / 8) as usize)
    };
    let mut rest = bytes.get(i..)?;
    while let Some((chunk, tail)) = rest.split_first_chunk::<8>() {
        if let Some(at) = first(u64::from_le_bytes(*chunk), i) {
            return Some(at);
        }
        i += 8;
        rest = tail;
    }
    if rest.is_empty() {
        return None;
    }
    // The last 1 to 7 bytes, in the low bytes of a word whose high bytes are zero:
    // those are flagged (below 0x20) but lie above every real byte, so a flag there
    // means "none". A variable-length copy into a stack buffer would cost a `memcpy`
    // call and a stalled load; an overlapping load of the string's last eight bytes
    // shifted down, or a byte loop for strings shorter than eight, costs neither.
    let v = match bytes.last_chunk::<8>() {
        Some(last) => u64::from_le_bytes(*last) >> (8 * (8 - rest.len())),
        None => rest
            .iter()
            .rev()
            .fold(0, |word, &b| (word << 8) | u64::from(b)),
    };
    first(v, i).filter(|&at| at < bytes.len())
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
    fn escaper_matches_reference_on_mixed_strings() {
        let alphabet = [
            'a', 'Z', ' ', '0', '&', '<', '>', '"', '\'', '\t', '\n', '\r', '\u{1}', '\u{1F}',
            '\u{7F}', '\u{80}', 'é', 'ï', '€', '\u{EFFF}', '\u{FFFD}', '\u{FFFE}', '\u{FFFF}',
            '😀',
        ];
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..20_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let len = (state % 40) as usize;
            let mut s = String::new();
            let mut pick = state;
            for _ in 0..len {
                pick = pick.rotate_left(5).wrapping_mul(0x9E37_79B9_7F4A_7C15);
                // Mostly plain letters, as real values are.
                let c = if pick.is_multiple_of(4) {
                    alphabet[(pick >> 8) as usize % alphabet.len()]
                } else {
                    'x'
                };
                s.push(c);
            }
            for attr in [false, true] {
                let mut out = String::new();
                let ours = escape(&s, attr, &mut out).map(|()| out);
                match (ours, reference(&s, attr)) {
                    (Ok(a), Ok(b)) => assert_eq!(a, b, "{s:?} attr={attr}"),
                    (Err(Error::InvalidCharacter { character, .. }), Err(c)) => {
                        assert_eq!(character, c, "{s:?} attr={attr}");
                    }
                    (a, b) => panic!("{s:?} attr={attr}: {a:?} vs {b:?}"),
                }
            }
        }
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
