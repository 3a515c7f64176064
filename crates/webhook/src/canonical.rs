//! The string Twilio signs: the URL, then every form parameter as `name` + `value`.

use std::cell::RefCell;
use std::cmp::Ordering;

/// Reused per thread, so a validation allocates nothing once a thread has seen a
/// webhook as large as this one.
struct Scratch {
    /// Sort keys: the first 8 bytes of the name (see [`prefix`]) above the
    /// parameter's index (low 32 bits), so most comparisons are one integer compare.
    keys: Vec<u128>,
    /// Whether `keys` holds every index `0..keys.len()` (nothing was de-duplicated),
    /// so it can be tried as the order of the next request of that length.
    reusable: bool,
    /// Whether each name in `keys` is ordered before the next by the prefixes alone
    /// (see [`prefix_order`]), so a request whose names have the same prefixes in
    /// the same places has the same order.
    by_prefix: bool,
    /// The signed string.
    bytes: Vec<u8>,
}

impl Scratch {
    const fn new() -> Self {
        Self {
            keys: Vec::new(),
            reusable: false,
            by_prefix: false,
            bytes: Vec::new(),
        }
    }
}

/// A thread keeps its scratch only up to this size, so one large request does not
/// pin its memory for the thread's life.
const KEEP_BYTES: usize = 64 * 1024;

thread_local! {
    static SCRATCH: RefCell<Scratch> = const { RefCell::new(Scratch::new()) };
}

/// Hands `f` the string Twilio signs for `url` as received: the URL, then every
/// parameter as `name` + `value`, in twilio-node's order (see [`order`]). The
/// parameters' part is `&signed[url.len()..]`.
pub(crate) fn with_signed_string<K, V, R>(
    url: &str,
    params: &[(K, V)],
    mut f: impl FnMut(&[u8]) -> R,
) -> R
where
    K: AsRef<str>,
    V: AsRef<str>,
{
    let on_thread = SCRATCH.try_with(|cell| {
        let mut scratch = cell.try_borrow_mut().ok()?;
        let result = signed_string(&mut scratch, url, params, &mut f);
        // An unusually large request's buffer is not kept for the thread's life.
        if scratch.bytes.capacity() > KEEP_BYTES {
            *scratch = Scratch::new();
        }
        Some(result)
    });
    match on_thread {
        Ok(Some(result)) => result,
        // A re-entrant call (`f` signing too) or a thread shutting down.
        _ => signed_string(&mut Scratch::new(), url, params, &mut f),
    }
}

fn signed_string<K, V, R>(
    scratch: &mut Scratch,
    url: &str,
    params: &[(K, V)],
    f: &mut impl FnMut(&[u8]) -> R,
) -> R
where
    K: AsRef<str>,
    V: AsRef<str>,
{
    let mut out = Writer::new(&mut scratch.bytes);
    out.put(url.as_bytes());
    // Twilio sends each kind of webhook with the same names in the same order, so
    // the order found for the previous request usually fits this one: checking it
    // while appending costs one comparison per parameter instead of a sort.
    let check = if scratch.by_prefix {
        Check::Prefixes
    } else {
        Check::Neighbours
    };
    let fits = scratch.reusable
        && scratch.keys.len() == params.len()
        && append(params, &scratch.keys, &mut out, check);
    if !fits {
        order(params, &mut scratch.keys);
        scratch.reusable = scratch.keys.len() == params.len();
        scratch.by_prefix = scratch.keys.windows(2).all(
            |w| matches!(w, [a, b] if prefix_order(key_prefix(*a), key_prefix(*b)) == Some(true)),
        );
        out.len = url.len();
        append(params, &scratch.keys, &mut out, Check::None);
    }
    let len = out.len;
    f(scratch.bytes.get(..len).unwrap_or_default())
}

/// Writes the signed string into the scratch buffer. The buffer's length only
/// grows (bytes past `len` are left from earlier requests and never read), so
/// short pieces are copied in place with fixed-size moves, not a `memcpy` call
/// each: a status callback is some thirty pieces of 2 to 40 bytes.
struct Writer<'a> {
    buf: &'a mut Vec<u8>,
    len: usize,
}

impl<'a> Writer<'a> {
    fn new(buf: &'a mut Vec<u8>) -> Self {
        Self { buf, len: 0 }
    }

    #[inline]
    fn put(&mut self, piece: &[u8]) {
        let end = self.len + piece.len();
        if end > self.buf.len() {
            self.buf.resize(end.max(2 * self.buf.len()).max(512), 0);
        }
        if let Some(out) = self.buf.get_mut(self.len..end) {
            copy_short(out, piece);
        }
        self.len = end;
    }
}

/// `out.copy_from_slice(src)` for slices of equal length, with the short lengths
/// done as two overlapping fixed-size copies (one from each end).
#[inline(always)]
fn copy_short(out: &mut [u8], src: &[u8]) {
    match src.len() {
        0..=3 => out.iter_mut().zip(src).for_each(|(o, s)| *o = *s),
        4..=7 => copy_ends::<4>(out, src),
        8..=15 => copy_ends::<8>(out, src),
        16..=32 => copy_ends::<16>(out, src),
        _ => out.copy_from_slice(src),
    }
}

/// Copies the first and the last `N` bytes of `src` (at least `N` long) to the
/// same places in `out` (as long as `src`); together they cover it when
/// `src.len() <= 2 * N`.
#[inline(always)]
fn copy_ends<const N: usize>(out: &mut [u8], src: &[u8]) {
    if let (Some(o), Some(s)) = (out.first_chunk_mut::<N>(), src.first_chunk::<N>()) {
        *o = *s;
    }
    if let (Some(o), Some(s)) = (out.last_chunk_mut::<N>(), src.last_chunk::<N>()) {
        *o = *s;
    }
}

/// How [`append`] checks a reused order while appending.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Check {
    /// Not at all: `keys` was just sorted.
    None,
    /// Every neighbour strictly greater than the one before.
    Neighbours,
    /// Every name's prefix equal to the one in its key, for keys whose prefixes
    /// alone order them (`Scratch::by_prefix`): the names then order the same way,
    /// strictly, so nothing could have been de-duplicated either.
    Prefixes,
}

/// Appends `name` + `value` of each parameter in the order of `keys`. With a
/// check, stops and returns `false` where it fails; applied to a permutation of
/// all the parameters' indexes, returning `true` means it was their sorted,
/// de-duplicated order.
fn append<K, V>(params: &[(K, V)], keys: &[u128], out: &mut Writer<'_>, check: Check) -> bool
where
    K: AsRef<str>,
    V: AsRef<str>,
{
    let mut previous: Option<(u64, (&str, &str))> = None;
    for &key in keys {
        if check != Check::None && index(key) >= params.len() {
            return false;
        }
        let pair = pair(params, key);
        match check {
            Check::None => {}
            Check::Prefixes => {
                if prefix(pair.0) != key_prefix(key) {
                    return false;
                }
            }
            Check::Neighbours => {
                let p = prefix(pair.0);
                if previous.is_some_and(|(q, before)| !less(q, before, p, pair)) {
                    return false;
                }
                previous = Some((p, pair));
            }
        }
        out.put(pair.0.as_bytes());
        out.put(pair.1.as_bytes());
    }
    true
}

/// `a < b` in twilio-node's order, given the names' prefixes: decided by the
/// prefixes where they can (see [`prefix_order`]), else by the whole strings.
#[inline]
fn less(pa: u64, a: (&str, &str), pb: u64, b: (&str, &str)) -> bool {
    prefix_order(pa, pb)
        .unwrap_or_else(|| cmp_utf16(a.0, b.0).then_with(|| cmp_utf16(a.1, b.1)) == Ordering::Less)
}

/// Whether a name with prefix `pa` sorts before one with prefix `pb`, when the
/// prefixes decide it for any names that have them: where they first differ in an
/// ASCII byte (or one name ends), bytes order like UTF-16. `None` when they are
/// equal or differ first in a non-ASCII byte.
#[inline]
fn prefix_order(pa: u64, pb: u64) -> Option<bool> {
    let diff = pa ^ pb;
    if diff == 0 {
        return None;
    }
    let shift = 56 - (diff.leading_zeros() / 8) * 8;
    ((pa >> shift) & 0xFF < 0x80 && (pb >> shift) & 0xFF < 0x80).then_some(pa < pb)
}

/// The name prefix a sort key carries (its high 64 bits, written by `order`).
fn key_prefix(key: u128) -> u64 {
    u64::try_from(key >> 32).unwrap_or(u64::MAX)
}

/// The sorted, de-duplicated `(name, value)` pairs (what the tests compare).
#[cfg(test)]
fn sorted_params<K, V>(params: &[(K, V)]) -> Vec<(&str, &str)>
where
    K: AsRef<str>,
    V: AsRef<str>,
{
    let mut keys = Vec::new();
    order(params, &mut keys);
    keys.iter().map(|&key| pair(params, key)).collect()
}

/// The parameter a sort key points at.
fn pair<K: AsRef<str>, V: AsRef<str>>(params: &[(K, V)], key: u128) -> (&str, &str) {
    // The low 32 bits are an index into `params`, written by `order`.
    params
        .get(index(key))
        .map_or(("", ""), |(k, v)| (k.as_ref(), v.as_ref()))
}

fn index(key: u128) -> usize {
    usize::try_from(key & u128::from(u32::MAX)).unwrap_or(usize::MAX)
}

/// Fills `keys` with the parameters in twilio-node's order: names by UTF-16 code
/// units (JavaScript's default `sort`), a repeated name's values likewise, exact
/// duplicates dropped. Sorting `(name, value)` pairs and dropping equal neighbours
/// yields exactly that order, without building a map.
fn order<K: AsRef<str>, V: AsRef<str>>(params: &[(K, V)], keys: &mut Vec<u128>) {
    keys.clear();
    keys.extend(params.iter().enumerate().map(|(i, (k, _))| {
        // Indexes beyond u32 cannot occur: no request body holds 4 billion pairs.
        let i = u32::try_from(i).unwrap_or(u32::MAX);
        (u128::from(prefix(k.as_ref())) << 32) | u128::from(i)
    }));
    let name = |key: u128| pair(params, key).0;
    let value = |key: u128| pair(params, key).1;
    // Byte order equals UTF-16 order unless a string has a character at or above
    // U+E000 (UTF-8 lead byte 0xEE or higher). Only the names are checked: values
    // are compared only between equal names, and then always in UTF-16 order.
    let high = |s: &str| !s.is_ascii() && s.bytes().any(|b| b >= 0xEE);
    if params.iter().any(|(k, _)| high(k.as_ref())) {
        keys.sort_unstable_by(|&a, &b| {
            cmp_utf16(name(a), name(b)).then_with(|| cmp_utf16(value(a), value(b)))
        });
    } else {
        // By prefix (ties by index, which only keeps the sort deterministic) ...
        sort_keys(keys);
        // ... then each run of equal prefixes by the whole name and the value.
        let mut start = 0;
        while start < keys.len() {
            let p = keys[start] >> 32;
            let end = start + keys[start..].iter().take_while(|&&k| k >> 32 == p).count();
            if end - start > 1 {
                keys[start..end].sort_unstable_by(|&a, &b| {
                    name(a)
                        .as_bytes()
                        .cmp(name(b).as_bytes())
                        .then_with(|| cmp_utf16(value(a), value(b)))
                });
            }
            start = end;
        }
    }
    // Equal pairs are neighbours now; equal pairs also share their prefix, so
    // only neighbours with the same prefix need their strings compared.
    keys.dedup_by(|b, a| *a >> 32 == *b >> 32 && pair(params, *a) == pair(params, *b));
}

/// Up to this many keys are insertion-sorted.
const INSERTION_MAX: usize = 32;

/// Sorts the keys: insertion sort up to [`INSERTION_MAX`] (webhooks are small and arrive partly
/// sorted; moving 16-byte integers is cheap), `sort_unstable` beyond.
fn sort_keys(keys: &mut [u128]) {
    if keys.len() > INSERTION_MAX {
        keys.sort_unstable();
        return;
    }
    for i in 1..keys.len() {
        let x = keys[i];
        let mut j = i;
        while j > 0 && x < keys[j - 1] {
            keys[j] = keys[j - 1];
            j -= 1;
        }
        keys[j] = x;
    }
}

/// The first 8 bytes of `s`, big-endian, zero-padded: orders like the bytes do,
/// with ties broken by the full comparison that follows it.
#[inline]
fn prefix(s: &str) -> u64 {
    let bytes = s.as_bytes();
    let len = bytes.len();
    if let Some(head) = bytes.first_chunk::<8>() {
        return u64::from_be_bytes(*head);
    }
    // 4 to 7 bytes: the first four and the last four (overlapping, equal where they
    // overlap) put in place; no loop, no `memcpy` call.
    if let (Some(first), Some(last)) = (bytes.first_chunk::<4>(), bytes.last_chunk::<4>()) {
        let first = u64::from(u32::from_be_bytes(*first)) << 32;
        let last = u64::from(u32::from_be_bytes(*last)) << (8 * (8 - len));
        return first | last;
    }
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
    fn large_inputs_match_small_ones() {
        // More parameters than insertion sort takes, with repeats and a high
        // character so both `sort_unstable` and the UTF-16 path are taken.
        let names = ["MediaUrl", "Body", "z\u{ff21}", "z\u{1f600}", "A"];
        let p: Vec<(String, String)> = (0..3 * INSERTION_MAX)
            .map(|i| (names[i % names.len()].to_owned(), (i % 7).to_string()))
            .collect();
        let mut expected: Vec<(&str, &str)> =
            p.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        expected.sort_by(|a, b| js(a.0, b.0).then_with(|| js(a.1, b.1)));
        expected.dedup();
        assert_eq!(sorted_params(&p), expected);
        assert_eq!(sorted_params(&p[..INSERTION_MAX]).len(), {
            let mut d: Vec<_> = p[..INSERTION_MAX].to_vec();
            d.sort();
            d.dedup();
            d.len()
        });
    }

    /// The writer's in-place copies against plain concatenation, for every piece
    /// length the size classes distinguish, into a buffer left dirty by a longer
    /// earlier string.
    #[test]
    fn writer_matches_concatenation() {
        let mut rng = Rng(0x5DEE_CE66_D1CE_4E5B);
        let mut buf = Vec::new();
        for _ in 0..2_000 {
            let pieces: Vec<Vec<u8>> = (0..rng.below(40))
                .map(|_| {
                    let len = rng.below(70);
                    (0..len)
                        .map(|_| u8::try_from(rng.below(256)).unwrap_or(0))
                        .collect()
                })
                .collect();
            let mut out = Writer::new(&mut buf);
            for piece in &pieces {
                out.put(piece);
            }
            let len = out.len;
            assert_eq!(buf.get(..len), Some(pieces.concat().as_slice()));
        }
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
            let n = 1 + rng.below(2 * INSERTION_MAX);
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

            // The signed bytes are those pairs, concatenated.
            let concatenated: String = expected.iter().flat_map(|(k, v)| [*k, *v]).collect();
            with_signed_string("u", &p, |signed| {
                assert_eq!(
                    signed,
                    format!("u{concatenated}").as_bytes(),
                    "round {round}"
                );
            });
        }
    }

    fn signed(p: &[(String, String)]) -> Vec<u8> {
        with_signed_string("u", p, <[u8]>::to_vec)
    }

    fn expected_signed(p: &[(String, String)]) -> Vec<u8> {
        let mut out = b"u".to_vec();
        for (k, v) in sorted_params(p) {
            out.extend_from_slice(k.as_bytes());
            out.extend_from_slice(v.as_bytes());
        }
        out
    }

    /// The order remembered from the previous request is only used when it still
    /// sorts the new one: each request below follows one that leaves a stale order
    /// of the same length (or one built with duplicates) in the thread's scratch.
    #[test]
    fn reused_order_is_checked() {
        let alphabet: Vec<char> = ['\0', 'A', 'B', 'a', 'b', '~', 'é', '\u{ff21}', '\u{1f600}']
            .into_iter()
            .collect();
        let mut rng = Rng(0xC0FF_EE00_D15E_A5E5);
        for round in 0..2000 {
            let n = 1 + rng.below(20);
            let base: Vec<(String, String)> = (0..n)
                .map(|_| (rng.name(&alphabet), rng.name(&alphabet)))
                .collect();
            let mut variants = vec![base.clone(), base.clone()];
            let (i, j) = (rng.below(n), rng.below(n));
            let mut swapped = base.clone();
            swapped.swap(i, j);
            variants.push(swapped);
            let mut changed = base.clone();
            changed[i].1 = rng.name(&alphabet);
            variants.push(changed);
            let mut renamed = base.clone();
            renamed[j].0 = rng.name(&alphabet);
            variants.push(renamed);
            let mut duplicated = base.clone();
            duplicated[i] = base[j].clone();
            variants.push(duplicated);
            let mut longer = base.clone();
            longer.push(base[i].clone());
            variants.push(longer);
            variants.push(base.clone());
            for (v, p) in variants.iter().enumerate() {
                assert_eq!(
                    signed(p),
                    expected_signed(p),
                    "round {round} variant {v}: {p:?}"
                );
            }
        }
    }

    /// An order left by a request with duplicates does not cover every index of a
    /// shorter request; it must not be tried (the signed string would lose `y`).
    #[test]
    fn order_built_with_duplicates_is_not_reused() {
        let owned = |p: &[(&str, &str)]| -> Vec<(String, String)> {
            p.iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect()
        };
        let first = owned(&[("b", "1"), ("b", "1"), ("a", "2")]);
        assert_eq!(signed(&first), b"ua2b1");
        let second = owned(&[("x", "1"), ("y", "1")]);
        assert_eq!(signed(&second), b"ux1y1");
    }

    #[test]
    fn prefix_is_the_first_eight_bytes_zero_padded() {
        for s in [
            "",
            "a",
            "ab",
            "abc",
            "abcd",
            "abcde",
            "abcdef",
            "abcdefg",
            "abcdefgh",
            "abcdefghi",
            "é\u{1f600}",
        ] {
            let mut padded = [0u8; 8];
            let n = s.len().min(8);
            padded[..n].copy_from_slice(&s.as_bytes()[..n]);
            assert_eq!(prefix(s), u64::from_be_bytes(padded), "{s:?}");
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
