//! The string Twilio signs: the URL, then every form parameter as `name` + `value`.

use std::cmp::Ordering;

/// One parameter ready for sorting: the first 8 bytes of its name as an integer
/// (see [`prefix`]), then the name and the value, borrowed from the caller.
pub(crate) type Entry<'a> = (u64, &'a str, &'a str);

/// Up to this many parameters are sorted in a stack buffer (no allocation).
const INLINE: usize = 32;

/// Sorts parameters the way twilio-node does: names by UTF-16 code units (JavaScript's
/// default `sort`), a repeated name's values likewise, exact duplicates dropped; then
/// hands the sorted, de-duplicated entries to `f`.
///
/// Sorting `(name, value)` pairs and removing equal neighbours yields exactly that
/// order, without building a map. The entries borrow the caller's strings; up to
/// [`INLINE`] parameters need no allocation at all.
pub(crate) fn with_sorted_params<'a, K, V, R>(
    params: &'a [(K, V)],
    f: impl FnOnce(&[Entry<'a>]) -> R,
) -> R
where
    K: AsRef<str>,
    V: AsRef<str>,
{
    let entry = |(k, v): &'a (K, V)| -> Entry<'a> {
        let (k, v) = (k.as_ref(), v.as_ref());
        (prefix(k), k, v)
    };
    if params.len() <= INLINE {
        let mut buf: [Entry<'a>; INLINE] = [(0, "", ""); INLINE];
        for (slot, p) in buf.iter_mut().zip(params) {
            *slot = entry(p);
        }
        let entries = &mut buf[..params.len()];
        let n = sort_dedup(entries);
        f(&entries[..n])
    } else {
        let mut entries: Vec<Entry<'a>> = params.iter().map(entry).collect();
        let n = sort_dedup(&mut entries);
        f(&entries[..n])
    }
}

/// Sorts `entries` in twilio-node's order and moves the distinct ones to the front;
/// returns how many there are.
fn sort_dedup(entries: &mut [Entry<'_>]) -> usize {
    // Byte order equals UTF-16 order unless a string has a character at or above
    // U+E000 (UTF-8 lead byte 0xEE or higher). Only the names are checked, once per
    // request: values are compared only between entries with the same name, and
    // then always with `cmp_utf16`. Most webhooks take the byte path.
    let high = |s: &str| !s.is_ascii() && s.bytes().any(|b| b >= 0xEE);
    if entries.iter().any(|(_, k, _)| high(k)) {
        sort_by(entries, |a, b| {
            cmp_utf16(a.1, b.1).then_with(|| cmp_utf16(a.2, b.2))
        });
    } else {
        sort_by(entries, cmp_bytes);
    }
    // In-place de-duplication of equal neighbours (`Vec::dedup` on a slice).
    let mut kept = 0;
    for i in 0..entries.len() {
        let (_, k, v) = entries[i];
        if kept == 0 || (entries[kept - 1].1, entries[kept - 1].2) != (k, v) {
            entries[kept] = entries[i];
            kept += 1;
        }
    }
    kept
}

/// The fast comparator, valid when no name has a character at or above U+E000:
/// names by their bytes (most differ in the first 8, which the integer prefix
/// decides; `memcmp` breaks ties), then a repeated name's values in UTF-16 order.
fn cmp_bytes(a: &Entry<'_>, b: &Entry<'_>) -> Ordering {
    a.0.cmp(&b.0)
        .then_with(|| a.1.as_bytes().cmp(b.1.as_bytes()))
        .then_with(|| cmp_utf16(a.2, b.2))
}

/// Insertion sort up to [`INLINE`] entries, `sort_unstable_by` beyond. Webhooks
/// arrive in Twilio's own order, partly sorted; `sort_unstable` already uses
/// insertion sort up to 20 entries, so this only extends it to the stack buffer's
/// 32 (measured: no difference at 15). Both give the comparator's order, and equal
/// entries are identical, so stability does not matter.
fn sort_by(entries: &mut [Entry<'_>], cmp: impl Fn(&Entry<'_>, &Entry<'_>) -> Ordering) {
    if entries.len() > INLINE {
        entries.sort_unstable_by(cmp);
        return;
    }
    for i in 1..entries.len() {
        let x = entries[i];
        let mut j = i;
        while j > 0 && cmp(&x, &entries[j - 1]) == Ordering::Less {
            entries[j] = entries[j - 1];
            j -= 1;
        }
        entries[j] = x;
    }
}

/// The sorted, de-duplicated `(name, value)` pairs (for signing and tests).
pub(crate) fn sorted_params<K, V>(params: &[(K, V)]) -> Vec<(&str, &str)>
where
    K: AsRef<str>,
    V: AsRef<str>,
{
    with_sorted_params(params, |entries| {
        entries.iter().map(|&(_, k, v)| (k, v)).collect()
    })
}

/// The first 8 bytes of `s`, big-endian, zero-padded: orders like the bytes do,
/// with ties broken by the full comparison that follows it.
fn prefix(s: &str) -> u64 {
    let bytes = s.as_bytes();
    if let Some(head) = bytes.first_chunk::<8>() {
        return u64::from_be_bytes(*head);
    }
    // Shorter than 8 bytes: shift them in by hand (no `memcpy` call).
    let mut p = 0u64;
    for (i, &b) in bytes.iter().enumerate() {
        p |= u64::from(b) << (56 - 8 * i);
    }
    p
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

/// The signed string itself (the validator streams the parts into the MAC instead).
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
    fn heap_path_matches_inline_path() {
        // More parameters than the stack buffer holds, with repeats and a high
        // character so both the heap path and the UTF-16 path are taken.
        let names = ["MediaUrl", "Body", "z\u{ff21}", "z\u{1f600}", "A"];
        let p: Vec<(String, String)> = (0..3 * INLINE)
            .map(|i| (names[i % names.len()].to_owned(), (i % 7).to_string()))
            .collect();
        let mut expected: Vec<(&str, &str)> =
            p.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        expected.sort_by(|a, b| js(a.0, b.0).then_with(|| js(a.1, b.1)));
        expected.dedup();
        assert_eq!(sorted_params(&p), expected);
        assert_eq!(sorted_params(&p[..INLINE]).len(), {
            let mut d: Vec<_> = p[..INLINE].to_vec();
            d.sort();
            d.dedup();
            d.len()
        });
    }

    /// A small fixed-seed PRNG (xorshift64*), so the test needs no dependency.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }

        fn below(&mut self, n: usize) -> usize {
            usize::try_from(self.next() % n as u64).unwrap_or(0)
        }

        /// A name of 0..12 characters from `alphabet`; short names and shared
        /// prefixes make ties in the first 8 bytes common.
        fn name(&mut self, alphabet: &[char]) -> String {
            let len = self.below(12);
            (0..len)
                .map(|_| alphabet[self.below(alphabet.len())])
                .collect()
        }
    }

    #[test]
    fn fast_path_order_equals_utf16_order_on_random_names() {
        let ascii: Vec<char> = [
            '\0', ' ', '0', '9', 'A', 'Z', '_', 'a', 'b', 'z', '~', '\x7f',
        ]
        .into_iter()
        .collect();
        // Non-ASCII below U+E000 (still the byte path) and above it (UTF-16 path).
        let low: Vec<char> = ascii
            .iter()
            .copied()
            .chain(['é', '\u{80}', '\u{d7ff}', '\u{7ff}'])
            .collect();
        let high: Vec<char> = low
            .iter()
            .copied()
            .chain([
                '\u{e000}',
                '\u{ff21}',
                '\u{ffff}',
                '\u{10000}',
                '\u{1f600}',
                '\u{10ffff}',
            ])
            .collect();
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        for round in 0..3000 {
            let alphabet = [&ascii, &low, &high][round % 3];
            let n = 1 + rng.below(2 * INLINE);
            let names: Vec<String> = (0..n).map(|_| rng.name(alphabet)).collect();
            // Repeat names now and then, with values that need UTF-16 order too.
            let p: Vec<(String, String)> = (0..n)
                .map(|i| {
                    let k = names[if rng.below(4) == 0 {
                        rng.below(i + 1)
                    } else {
                        i
                    }]
                    .clone();
                    (k, rng.name(&high))
                })
                .collect();
            let mut expected: Vec<(&str, &str)> =
                p.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            expected.sort_by(|a, b| js(a.0, b.0).then_with(|| js(a.1, b.1)));
            expected.dedup();
            assert_eq!(sorted_params(&p), expected, "round {round}: {p:?}");

            // The byte comparator alone, on names without a high character, gives
            // the UTF-16 comparator's order (and agrees on every pair).
            if alphabet != &high {
                let mut fast: Vec<Entry<'_>> = p
                    .iter()
                    .map(|(k, v)| (prefix(k), k.as_str(), v.as_str()))
                    .collect();
                let mut slow = fast.clone();
                sort_by(&mut fast, cmp_bytes);
                slow.sort_by(|a, b| cmp_utf16(a.1, b.1).then_with(|| cmp_utf16(a.2, b.2)));
                assert_eq!(fast, slow, "round {round}");
                for a in &fast {
                    for b in &fast {
                        assert_eq!(cmp_bytes(a, b), js(a.1, b.1).then_with(|| js(a.2, b.2)));
                    }
                }
            }
        }
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
