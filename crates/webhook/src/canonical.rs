//! The string Twilio signs: the URL, then every form parameter as `name` + `value`.

use std::cmp::Ordering;

/// Sorts parameters the way twilio-node does: names by UTF-16 code units (JavaScript's
/// default `sort`), a repeated name's values likewise, exact duplicates dropped.
///
/// Sorting `(name, value)` pairs and removing equal neighbours yields exactly that
/// order, without building a map.
pub(crate) fn sorted_params<K, V>(params: &[(K, V)]) -> Vec<(&str, &str)>
where
    K: AsRef<str>,
    V: AsRef<str>,
{
    let mut pairs: Vec<(&str, &str)> = params
        .iter()
        .map(|(k, v)| (k.as_ref(), v.as_ref()))
        .collect();
    // Byte order equals UTF-16 order unless a string has a character at or above
    // U+E000 (UTF-8 lead byte 0xEE or higher); most webhooks take the fast path.
    let high = |s: &str| !s.is_ascii() && s.bytes().any(|b| b >= 0xEE);
    if pairs.iter().any(|(k, v)| high(k) || high(v)) {
        pairs.sort_unstable_by(|a, b| cmp_utf16(a.0, b.0).then_with(|| cmp_utf16(a.1, b.1)));
    } else {
        // Most names differ in their first 8 bytes: compare those as one integer,
        // computed once per parameter.
        let mut keyed: Vec<(u64, &str, &str)> =
            pairs.iter().map(|&(k, v)| (prefix(k), k, v)).collect();
        keyed.sort_unstable();
        for (slot, (_, k, v)) in pairs.iter_mut().zip(keyed) {
            *slot = (k, v);
        }
    }
    pairs.dedup();
    pairs
}

/// The first 8 bytes of `s`, big-endian, zero-padded: orders like the bytes do,
/// with ties broken by the full comparison that follows it.
fn prefix(s: &str) -> u64 {
    s.bytes()
        .take(8)
        .enumerate()
        .fold(0, |acc, (i, b)| acc | (u64::from(b) << (56 - 8 * i)))
}

/// The parameters' part of the signed string: every `name` + `value`, in order.
pub(crate) fn params_suffix(sorted: &[(&str, &str)]) -> String {
    signed_string("", sorted)
}

/// Compares two strings by their UTF-16 code units, like JavaScript's `<`.
///
/// UTF-8 byte order equals code point order, which differs from UTF-16 order only
/// when a supplementary character (encoded as a surrogate, 0xD800..) meets a BMP
/// character at or above 0xE000. So only the first differing character needs care.
pub(crate) fn cmp_utf16(a: &str, b: &str) -> Ordering {
    let (ab, bb) = (a.as_bytes(), b.as_bytes());
    let Some(i) = ab.iter().zip(bb).position(|(x, y)| x != y) else {
        return ab.len().cmp(&bb.len());
    };
    // The shared prefix ends on the same character boundary in both strings.
    let start = (0..=i).rev().find(|&j| a.is_char_boundary(j)).unwrap_or(0);
    let ca = a.get(start..).and_then(|s| s.chars().next());
    let cb = b.get(start..).and_then(|s| s.chars().next());
    match (ca, cb) {
        (Some(x), Some(y)) => utf16_key(x).cmp(&utf16_key(y)),
        _ => ab.len().cmp(&bb.len()),
    }
}

/// The first UTF-16 code unit of `c`, then the code point to break ties between two
/// supplementary characters that share a high surrogate.
fn utf16_key(c: char) -> (u32, u32) {
    let cp = u32::from(c);
    if cp >= 0x1_0000 {
        (0xD800 + ((cp - 0x1_0000) >> 10), cp)
    } else {
        (cp, cp)
    }
}

/// The signed string itself (the validator streams it into the MAC instead).
pub(crate) fn signed_string(url: &str, sorted: &[(&str, &str)]) -> String {
    let len = url.len() + sorted.iter().map(|(k, v)| k.len() + v.len()).sum::<usize>();
    let mut out = String::with_capacity(len);
    out.push_str(url);
    for (k, v) in sorted {
        out.push_str(k);
        out.push_str(v);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn js_cmp(a: &str, b: &str) -> Ordering {
        a.encode_utf16().cmp(b.encode_utf16())
    }

    #[test]
    fn utf16_order_matches_encode_utf16() {
        let samples = [
            "",
            "a",
            "A",
            "ab",
            "b",
            "\u{e000}",
            "\u{ffff}",
            "\u{10000}",
            "\u{1f600}",
            "é",
            "\u{1f600}a",
            "\u{1f601}",
            "z\u{ff21}",
            "z\u{1f600}",
            "zz",
        ];
        for a in samples {
            for b in samples {
                assert_eq!(cmp_utf16(a, b), js_cmp(a, b), "{a:?} vs {b:?}");
            }
        }
    }

    #[test]
    fn fast_path_orders_like_bytes() {
        let p = [
            ("MediaUrl10", "b"),
            ("MediaUrl1", "z"),
            ("MediaUrl2", "a"),
            ("MediaUrl10", "a"),
            ("a\u{0}", "x"),
            ("a", "x"),
            ("", "e"),
            ("MediaUrl", ""),
        ];
        let mut expected: Vec<(&str, &str)> = p.to_vec();
        expected.sort_by(|a, b| js(a.0, b.0).then_with(|| js(a.1, b.1)));
        assert_eq!(sorted_params(&p), expected);
    }

    fn js(a: &str, b: &str) -> Ordering {
        a.encode_utf16().cmp(b.encode_utf16())
    }

    #[test]
    fn repeated_values_sorted_and_deduplicated() {
        let p = [("b", "2"), ("a", "z"), ("b", "1"), ("b", "2"), ("a", "y")];
        assert_eq!(
            sorted_params(&p),
            vec![("a", "y"), ("a", "z"), ("b", "1"), ("b", "2")]
        );
    }
}
