//! The string Twilio signs: the URL, then every form parameter as `name` + `value`.

use std::cmp::Ordering;

/// The parameters' part of the signed string, built for this request alone: every
/// `name` + `value` in twilio-node's order, which is names by UTF-16 code units
/// (JavaScript's default `sort`), a repeated name's values likewise, exact duplicate
/// pairs dropped. Sorting whole `(name, value)` pairs and dropping equal neighbours
/// gives exactly that order.
pub(crate) fn signed_params<K, V>(params: &[(K, V)]) -> Vec<u8>
where
    K: AsRef<str>,
    V: AsRef<str>,
{
    let mut pairs: Vec<(&str, &str)> = params
        .iter()
        .map(|(k, v)| (k.as_ref(), v.as_ref()))
        .collect();
    // UTF-8 byte order is UTF-16 order for strings without a character at or above
    // U+E000 (lead byte 0xEE or higher), which is every webhook in practice; then
    // the plain byte comparison of the tuples will do.
    let high = |s: &str| !s.is_ascii() && s.bytes().any(|b| b >= 0xEE);
    if pairs.iter().any(|(k, v)| high(k) || high(v)) {
        pairs.sort_unstable_by(|a, b| cmp_utf16(a.0, b.0).then_with(|| cmp_utf16(a.1, b.1)));
    } else {
        // Stable: an insertion sort at this size, few comparisons on Twilio's
        // mostly sorted order (equal pairs are identical, so stability is moot).
        pairs.sort();
    }
    // `cmp_utf16` is `Equal` only for equal strings, so duplicates are neighbours now.
    pairs.dedup();
    let len = pairs.iter().map(|(k, v)| k.len() + v.len()).sum();
    let mut out = Vec::with_capacity(len);
    for (k, v) in pairs {
        out.extend_from_slice(k.as_bytes());
        out.extend_from_slice(v.as_bytes());
    }
    out
}

/// Compares two strings by their UTF-16 code units, like JavaScript's `<`.
///
/// UTF-8 byte order equals code point order, which differs from UTF-16 order only
/// when a supplementary character (a surrogate pair, 0xD800..) meets a BMP character
/// at or above U+E000. So only the first character where they differ needs care.
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

#[cfg(test)]
mod tests {
    use super::*;

    /// JavaScript's order, written the slow obvious way.
    fn js(a: &str, b: &str) -> Ordering {
        a.encode_utf16().cmp(b.encode_utf16())
    }

    /// The signed parameters built the plainest way: pairs sorted by `encode_utf16`,
    /// de-duplicated, concatenated.
    fn reference(params: &[(String, String)]) -> Vec<u8> {
        let mut pairs: Vec<&(String, String)> = params.iter().collect();
        pairs.sort_by(|a, b| js(&a.0, &b.0).then_with(|| js(&a.1, &b.1)));
        pairs.dedup();
        pairs
            .iter()
            .flat_map(|(k, v)| [k.as_bytes(), v.as_bytes()])
            .flatten()
            .copied()
            .collect()
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
                assert_eq!(cmp_utf16(a, b), js(a, b), "{a:?} vs {b:?}");
            }
        }
    }

    #[test]
    fn repeated_values_sorted_and_deduplicated() {
        let p = [("b", "2"), ("a", "z"), ("b", "1"), ("b", "2"), ("a", "y")];
        assert_eq!(signed_params(&p), b"ayazb1b2");
    }

    #[test]
    fn supplementary_characters_sort_before_high_bmp_ones() {
        // Byte order would put U+FF21 first; UTF-16 puts the surrogate pair first.
        let p = [("z\u{ff21}", "1"), ("z\u{1f600}", "2")];
        assert_eq!(signed_params(&p), "z\u{1f600}2z\u{ff21}1".as_bytes());
    }

    /// A small fixed-seed PRNG (xorshift64*), so failures reproduce.
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

        /// 0..8 characters from `alphabet`: short strings make shared prefixes,
        /// repeats and exact duplicates common.
        fn string(&mut self, alphabet: &[char]) -> String {
            (0..self.below(8))
                .map(|_| alphabet[self.below(alphabet.len())])
                .collect()
        }
    }

    #[test]
    fn random_parameters_match_the_reference() {
        let alphabet = [
            '\0',
            'A',
            'B',
            'a',
            'b',
            '~',
            'é',
            '\u{7ff}',
            '\u{e000}',
            '\u{ff21}',
            '\u{ffff}',
            '\u{10000}',
            '\u{1f600}',
        ];
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        for round in 0..5_000 {
            // Every other round without the characters that need UTF-16 order.
            let alphabet = if round % 2 == 0 {
                &alphabet[..]
            } else {
                &alphabet[..8]
            };
            let n = rng.below(40);
            let mut p: Vec<(String, String)> = Vec::with_capacity(n);
            for _ in 0..n {
                let pair = match (rng.below(4), p.len()) {
                    (0, len) if len > 0 => p[rng.below(len)].clone(),
                    (1, len) if len > 0 => (p[rng.below(len)].0.clone(), rng.string(alphabet)),
                    _ => (rng.string(alphabet), rng.string(alphabet)),
                };
                p.push(pair);
            }
            assert_eq!(signed_params(&p), reference(&p), "round {round}: {p:?}");
        }
    }
}
