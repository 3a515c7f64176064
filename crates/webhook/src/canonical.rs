//! The string Twilio signs: the URL, then every form parameter as `name` + `value`.

use std::cmp::Ordering;

/// The form parameters in the order Twilio signs them, as positions in the
/// request's own list: every `name` + `value` in twilio-node's order, which is names
/// by UTF-16 code units (JavaScript's default `sort`), a repeated name's values
/// likewise, exact duplicate pairs dropped. Sorting whole `(name, value)` pairs and
/// dropping equal neighbours gives exactly that order.
///
/// Built for one request and dropped with it; nothing of the request is copied.
/// [`SortedParams::feed`] hands the URL and then the pieces to a MAC, which hashes
/// the same bytes as the concatenated string would.
pub(crate) struct SortedParams<'a, K, V> {
    params: &'a [(K, V)],
    order: Order<'a>,
}

/// Up to this many parameters are sorted on the stack (Twilio sends 10 to 40).
const INLINE: usize = 64;
/// In an inline key, the low byte: the parameter's position (6 bits) and the
/// duplicate mark; the seven bytes above it are the name's first bytes.
const POSITION: u64 = 0x3F;
const DUPLICATE: u64 = 0x80;

/// The stack space the inline sort works in, owned by the caller's frame (so the
/// keys are never moved).
pub(crate) struct SortSpace([u64; INLINE]);

impl SortSpace {
    pub(crate) fn new() -> Self {
        Self([0; INLINE])
    }
}

enum Order<'a> {
    /// One key per parameter: the name's first seven bytes, then the position (and
    /// a duplicate mark), for requests of at most [`INLINE`] parameters.
    Inline(&'a [u64]),
    /// Positions, duplicates removed: many parameters, or names not ASCII.
    Heap(Vec<usize>),
}

/// How many bytes a [`Stage`] gathers before handing them to the MAC: whole blocks
/// of SHA-1 and SHA-256, so the MAC hashes them in place.
const STAGE: usize = 256;

impl<'a, K, V> SortedParams<'a, K, V>
where
    K: AsRef<str>,
    V: AsRef<str>,
{
    pub(crate) fn new(params: &'a [(K, V)], space: &'a mut SortSpace) -> Self {
        let order = match Self::inline_order(params, &mut space.0) {
            Some(keys) => Order::Inline(keys),
            None => Self::heap_order(params),
        };
        Self { params, order }
    }

    /// Parameter `i` as `(name, value)`.
    fn pair(params: &[(K, V)], i: usize) -> Option<(&str, &str)> {
        params.get(i).map(|(k, v)| (k.as_ref(), v.as_ref()))
    }

    /// Sorts up to [`INLINE`] parameters whose names start with seven ASCII bytes
    /// (or fewer) as integers: the names' first seven bytes decide most comparisons
    /// (see [`prefix`]; for ASCII, byte order is UTF-16 order); only runs of names
    /// that share them are then sorted by the whole pair in UTF-16 order, and exact
    /// duplicates marked. `None` for other requests.
    fn inline_order<'s>(params: &[(K, V)], space: &'s mut [u64; INLINE]) -> Option<&'s [u64]> {
        const NOT_ASCII: u64 = 0x8080_8080_8080_8000;
        let keys = space.get_mut(..params.len())?;
        for (position, (key, (name, _))) in keys.iter_mut().zip(params).enumerate() {
            let head = prefix(name.as_ref());
            if head & NOT_ASCII != 0 {
                return None;
            }
            *key = (head & !0xFF) | position as u64;
        }
        keys.sort_unstable();
        let whole = |key: &u64| Self::pair(params, (key & POSITION) as usize);
        let shared = |a: &u64, b: &u64| a >> 8 == b >> 8;
        if keys.windows(2).any(|w| shared(&w[0], &w[1])) {
            for run in keys.chunk_by_mut(shared) {
                if run.len() > 1 {
                    run.sort_unstable_by(|a, b| cmp_pairs(whole(a), whole(b)));
                    for i in 1..run.len() {
                        if whole(&run[i - 1]) == whole(&run[i]) {
                            run[i] |= DUPLICATE;
                        }
                    }
                }
            }
        }
        Some(keys)
    }

    /// Sorts positions, for many parameters or names that are not ASCII.
    fn heap_order(params: &[(K, V)]) -> Order<'a> {
        let pair = |i: usize| Self::pair(params, i);
        let mut positions: Vec<usize> = (0..params.len()).collect();
        // UTF-8 byte order is UTF-16 order for strings without a character at or above
        // U+E000 (lead byte 0xEE or higher); then the plain comparison will do.
        let high = |s: &str| !s.is_ascii() && s.bytes().any(|b| b >= 0xEE);
        if params
            .iter()
            .any(|(k, v)| high(k.as_ref()) || high(v.as_ref()))
        {
            positions.sort_unstable_by(|&a, &b| cmp_pairs(pair(a), pair(b)));
        } else {
            positions.sort_unstable_by_key(|&i| pair(i));
        }
        // `cmp_utf16` is `Equal` only for equal strings: duplicates are neighbours.
        positions.dedup_by(|a, b| pair(*a) == pair(*b));
        Order::Heap(positions)
    }

    /// Feeds `url` and then every `name` and `value` to `mac`, in order, through a
    /// local [`Stage`]: one `update` per few blocks instead of one per piece (31 for
    /// a status callback).
    pub(crate) fn feed<M: hmac::Mac>(&self, url: &[u8], mac: &mut M) {
        let mut stage = Stage::new(mac);
        stage.put(url);
        self.each_piece(|piece| stage.put(piece));
        stage.finish();
    }

    /// Calls `put` with every `name` and `value`, in order.
    #[inline(always)]
    fn each_piece(&self, mut put: impl FnMut(&[u8])) {
        let mut pair = |i: usize| {
            if let Some((k, v)) = self.params.get(i) {
                put(k.as_ref().as_bytes());
                put(v.as_ref().as_bytes());
            }
        };
        match &self.order {
            Order::Inline(keys) => keys
                .iter()
                .filter(|key| *key & DUPLICATE == 0)
                .for_each(|key| pair((key & POSITION) as usize)),
            Order::Heap(positions) => positions.iter().for_each(|&i| pair(i)),
        }
    }

    /// The bytes [`SortedParams::feed`] hashes after the URL, concatenated.
    #[cfg(test)]
    pub(crate) fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.each_piece(|piece| out.extend_from_slice(piece));
        out
    }
}

/// The signed string on its way to a MAC: pieces are gathered in a local buffer of
/// [`STAGE`] bytes, handed over whenever it fills (whole blocks, which the MAC hashes
/// in place) and at the end. Lives on the stack for one check.
struct Stage<'m, M> {
    mac: &'m mut M,
    buf: [u8; STAGE],
    len: usize,
}

impl<'m, M: hmac::Mac> Stage<'m, M> {
    fn new(mac: &'m mut M) -> Self {
        Self {
            mac,
            buf: [0; STAGE],
            len: 0,
        }
    }

    /// Appends `bytes`; a piece that fits is copied inline (see [`copy_short`]).
    #[inline(always)]
    fn put(&mut self, bytes: &[u8]) {
        let end = self.len + bytes.len();
        match self.buf.get_mut(self.len..end) {
            Some(free) => {
                copy_short(free, bytes);
                self.len = end;
            }
            None => self.put_long(bytes),
        }
    }

    /// Appends `bytes`, which do not fit in what is left: fills the buffer, hands it
    /// over, and goes on with the rest.
    #[inline(never)]
    fn put_long(&mut self, mut bytes: &[u8]) {
        while let Some(free) = self.buf.get_mut(self.len..) {
            if bytes.len() < free.len() {
                if let Some(free) = free.get_mut(..bytes.len()) {
                    free.copy_from_slice(bytes);
                }
                self.len += bytes.len();
                return;
            }
            let (now, rest) = bytes.split_at(free.len());
            free.copy_from_slice(now);
            self.mac.update(&self.buf);
            self.len = 0;
            bytes = rest;
        }
    }

    fn finish(self) {
        self.mac
            .update(self.buf.get(..self.len).unwrap_or_default());
    }
}

/// Copies `src` into `dst` (the same length) with fixed-size moves the compiler
/// turns into a few loads and stores, instead of a call to `memcpy` for each of the
/// signed string's short pieces: 16-byte chunks and then the last 16 bytes (which
/// may overlap the chunk before), or for a shorter piece its first and last 8, 4
/// or 2 bytes (which overlap), or its one byte.
#[inline(always)]
fn copy_short(dst: &mut [u8], src: &[u8]) {
    fn copy<const N: usize>(dst: &mut [u8], src: &[u8], at: usize) {
        if let (Some(d), Some(s)) = (dst.get_mut(at..at + N), src.get(at..at + N)) {
            d.copy_from_slice(s);
        }
    }
    let n = src.len().min(dst.len());
    if n >= 16 {
        for at in (0..n - 16).step_by(16) {
            copy::<16>(dst, src, at);
        }
        copy::<16>(dst, src, n - 16);
    } else if n >= 8 {
        copy::<8>(dst, src, 0);
        copy::<8>(dst, src, n - 8);
    } else if n >= 4 {
        copy::<4>(dst, src, 0);
        copy::<4>(dst, src, n - 4);
    } else if n >= 2 {
        copy::<2>(dst, src, 0);
        copy::<2>(dst, src, n - 2);
    } else if n == 1 {
        copy::<1>(dst, src, 0);
    }
}

/// The parameters' part of the signed string (tests only; validation feeds the
/// pieces to the MAC instead of joining them).
#[cfg(test)]
pub(crate) fn signed_params<K: AsRef<str>, V: AsRef<str>>(params: &[(K, V)]) -> Vec<u8> {
    SortedParams::new(params, &mut SortSpace::new()).to_bytes()
}

/// The first eight bytes of `name` as a big-endian integer, zero-padded. When two
/// names' prefixes (or their top seven bytes) differ, they compare like the names:
/// at the first differing byte either both names have a byte (which decides), or
/// the shorter one has ended, which makes it the smaller both ways. Equal prefixes
/// say nothing, and the names are compared in full.
///
/// A name shorter than eight bytes is read as its first and last 4 (or 2) bytes,
/// which overlap, each shifted to its place: no loop and no store to memory.
#[inline]
fn prefix(name: &str) -> u64 {
    let b = name.as_bytes();
    let n = b.len();
    // Where the last `N` bytes of a name of `n < 8` bytes go: `8 - n` bytes up from
    // the bottom.
    let shift = |n: usize| 8 * (8 - n as u32);
    if let Some(head) = b.first_chunk::<8>() {
        u64::from_be_bytes(*head)
    } else if let (Some(first), Some(last)) = (b.first_chunk::<4>(), b.last_chunk::<4>()) {
        u64::from(u32::from_be_bytes(*first)) << 32
            | u64::from(u32::from_be_bytes(*last)) << shift(n)
    } else if let (Some(first), Some(last)) = (b.first_chunk::<2>(), b.last_chunk::<2>()) {
        u64::from(u16::from_be_bytes(*first)) << 48
            | u64::from(u16::from_be_bytes(*last)) << shift(n)
    } else {
        b.first().map_or(0, |&c| u64::from(c) << 56)
    }
}

/// Compares two `(name, value)` pairs in UTF-16 order, names first.
fn cmp_pairs(a: Option<(&str, &str)>, b: Option<(&str, &str)>) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => cmp_utf16(a.0, b.0).then_with(|| cmp_utf16(a.1, b.1)),
        _ => a.is_some().cmp(&b.is_some()),
    }
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
    fn prefixes_are_the_first_eight_bytes_zero_padded() {
        let names = [
            "",
            "a",
            "To",
            "Fro",
            "From",
            "Caller",
            "Called!",
            "Duration",
            "AccountSid",
        ];
        for name in names {
            let mut head = [0u8; 8];
            for (h, b) in head.iter_mut().zip(name.bytes()) {
                *h = b;
            }
            assert_eq!(prefix(name), u64::from_be_bytes(head), "{name:?}");
        }
    }

    /// The staged feed hashes exactly the URL and then the pieces, whatever their
    /// lengths and wherever the stage's boundaries fall.
    #[test]
    fn feed_hashes_the_url_then_the_pieces() {
        use hmac::{Hmac, KeyInit, Mac};
        let mut rng = Rng(0x2545_F491_4F6C_DD1D);
        let text = |rng: &mut Rng, max: usize| -> String {
            let len = rng.below(max + 1);
            (0..len)
                .map(|i| char::from(b'a' + u8::try_from(i % 26).unwrap_or(0)))
                .collect()
        };
        for round in 0..3_000 {
            let url = text(&mut rng, if round % 3 == 0 { 700 } else { 80 });
            let n = rng.below(30);
            let long = if round % 5 == 0 { 600 } else { 40 };
            let p: Vec<(String, String)> = (0..n)
                .map(|_| (text(&mut rng, 20), text(&mut rng, long)))
                .collect();
            let mut space = SortSpace::new();
            let sorted = SortedParams::new(&p, &mut space);
            let Ok(mut staged) = Hmac::<sha1::Sha1>::new_from_slice(b"key") else {
                return;
            };
            let mut plain = staged.clone();
            sorted.feed(url.as_bytes(), &mut staged);
            plain.update(url.as_bytes());
            plain.update(&sorted.to_bytes());
            assert_eq!(
                staged.finalize().into_bytes(),
                plain.finalize().into_bytes(),
                "round {round}"
            );
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
