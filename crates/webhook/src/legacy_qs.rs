//! Node's legacy `querystring.parse` + `querystring.stringify` round trip, which
//! twilio-node applies to the normalised URL as its last fallback.

/// Parses `query` as `querystring.parse` does, then re-serialises it as
/// `querystring.stringify` does.
pub(crate) fn restringify(query: &str) -> String {
    let mut keys: Vec<(String, Vec<String>)> = Vec::new();
    for segment in query.split('&') {
        if segment.is_empty() {
            continue;
        }
        let (k, v) = segment.split_once('=').unwrap_or((segment, ""));
        let (k, v) = (unescape(k), unescape(v));
        match keys.iter_mut().find(|(name, _)| *name == k) {
            Some((_, values)) => values.push(v),
            None => keys.push((k, vec![v])),
        }
    }
    // The result is a JavaScript object: integer-like keys come first, ascending.
    keys.sort_by_key(|(k, _)| array_index(k).map_or((1, 0), |n| (0, n)));
    let mut out = String::with_capacity(query.len());
    for (k, values) in &keys {
        for v in values {
            if !out.is_empty() {
                out.push('&');
            }
            escape_into(k, &mut out);
            out.push('=');
            escape_into(v, &mut out);
        }
    }
    out
}

/// `querystring.unescape` after `+` became a space: percent-decodes valid `%XX`,
/// keeps malformed escapes as they are, and decodes the bytes as lossy UTF-8.
fn unescape(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'+' {
            out.push(b' ');
        } else if b == b'%' {
            let hex = bytes.get(i + 1..i + 3).and_then(|h| {
                let h = std::str::from_utf8(h).ok()?;
                u8::from_str_radix(h, 16)
                    .ok()
                    .filter(|_| h.bytes().all(|c| c.is_ascii_hexdigit()))
            });
            if let Some(decoded) = hex {
                out.push(decoded);
                i += 3;
                continue;
            }
            out.push(b);
        } else {
            out.push(b);
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `querystring.escape`: everything but `A-Z a-z 0-9 - . _ ~ ! ' ( ) *` is
/// percent-encoded as UTF-8 with upper-case hex.
fn escape_into(s: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~!'()*".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xF)]));
        }
    }
}

/// A canonical array index (`0`, or no leading zero, below 2^32 - 1).
fn array_index(k: &str) -> Option<u64> {
    if k.is_empty() || (k.len() > 1 && k.starts_with('0')) || !k.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    k.parse::<u64>().ok().filter(|&n| n < u64::from(u32::MAX))
}

#[cfg(test)]
mod tests {
    use super::restringify;

    #[test]
    fn node_round_trip_examples() {
        assert_eq!(restringify("a=it's+ok&b=%27"), "a=it's%20ok&b='");
        assert_eq!(restringify("b=1&a=2&b=3&2=x&1=y"), "1=y&2=x&b=1&b=3&a=2");
        assert_eq!(restringify("x&&=&y=%zz"), "x=&=&y=%25zz");
        assert_eq!(
            restringify("s=sip%3Aalice%40example.com"),
            "s=sip%3Aalice%40example.com"
        );
    }
}
