//! The HMAC of a signed string, resumed from the hash state of identical leading
//! blocks seen in a recent request.
//!
//! Every webhook Twilio sends to one endpoint begins with the same bytes: the URL,
//! then (parameters sorted by name) `AccountSid`, `ApiVersion` and whatever else is
//! fixed for that account. HMAC hashes its input in 64-byte blocks, and the state
//! after a block depends only on the key and the bytes so far; so a thread remembers
//! the states after the first few blocks of recent requests, per key, and a request
//! that starts with the same whole blocks under the same key resumes from there
//! instead of compressing them again (a typical status callback skips two of the
//! eight SHA-1 compressions its HMAC takes). The result is the same HMAC, bit for
//! bit, as hashing from the start; the tests below compare it with the `hmac` crate's.
//!
//! A key's states are found by an id given to it when it was keyed, never reused,
//! so a state can only resume a computation under the very key that made it. The
//! time saved depends only on whether whole 64-byte blocks at fixed offsets equal
//! those of a recent request under the same key: a caller cannot learn another
//! request's content a byte at a time from it, and network jitter dwarfs the
//! tens of nanoseconds a block costs.

use std::cell::RefCell;
use std::slice;
use std::sync::atomic::{AtomicU64, Ordering};

use hmac::block_api::HmacCore;
use hmac::digest::array::Array;
use hmac::digest::block_api::{Block, Buffer, EagerHash, FixedOutputCore, UpdateCore};
use hmac::digest::{InvalidLength, KeyInit, Output};
use subtle::ConstantTimeEq;

/// At most this many leading blocks of a request are remembered (per entry).
const MAX_BLOCKS: usize = 8;
/// Entries per thread and algorithm: the endpoints a thread serves in turn (voice
/// URL, status callback, messaging...) each keep their own.
const ENTRIES: usize = 4;

/// After a request diverges inside an entry's remembered run, the entry stops
/// growing for this many requests: the blocks past the shared ones vary from request
/// to request, and remembering each would cost a copy for nothing.
const RETRY_AFTER: u32 = 64;

/// Ids for keyed MACs; a `u64` counter does not wrap in practice.
static NEXT_ID: AtomicU64 = AtomicU64::new(0);

/// An HMAC keyed once (inner and outer pad already hashed), with an id that names
/// this key in the per-thread caches. Clones share the id, as they share the key.
#[derive(Clone)]
pub(crate) struct KeyedMac<D: EagerHash> {
    id: u64,
    core: HmacCore<D>,
}

impl<D: Cached> KeyedMac<D> {
    pub(crate) fn new(key: &[u8]) -> Result<Self, InvalidLength> {
        Ok(Self {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            core: HmacCore::new_from_slice(key)?,
        })
    }

    /// Whether the HMAC of the concatenated `parts` is `expected`, compared in
    /// constant time. A single part (the usual case) may resume from the cache.
    pub(crate) fn verify(&self, parts: [&[u8]; 2], expected: &[u8]) -> bool {
        let tag = match parts {
            [whole, []] => self.tag(whole),
            _ => self.finish(self.core.clone(), parts),
        };
        // Branch-free over the contents; one `ct_eq` at the end keeps the compiler
        // from turning the fold into an early exit (the length is public).
        let diff = tag
            .iter()
            .zip(expected)
            .fold(0u8, |acc, (a, b)| acc | (a ^ b));
        tag.len() == expected.len() && bool::from(diff.ct_eq(&0))
    }

    /// The HMAC of `message`, resuming from this thread's cache when it can.
    fn tag(&self, message: &[u8]) -> Output<HmacCore<D>> {
        let (blocks, _) = Array::slice_as_chunks(message);
        D::with_cache(|cache| {
            let (state, done) = cache.start(self, blocks);
            let rest = message.get(done * BLOCK..).unwrap_or_default();
            self.finish(state.clone(), [rest, &[]])
        })
        .unwrap_or_else(|| self.finish(self.core.clone(), [message, &[]]))
    }

    /// Hashes `parts` into `core` and finishes the HMAC.
    fn finish(&self, mut core: HmacCore<D>, parts: [&[u8]; 2]) -> Output<HmacCore<D>> {
        let mut buffer = Buffer::<HmacCore<D>>::default();
        for part in parts {
            buffer.digest_blocks(part, |blocks| core.update_blocks(blocks));
        }
        let mut out = Output::<HmacCore<D>>::default();
        core.finalize_fixed_core(&mut buffer, &mut out);
        out
    }
}

/// The block size of SHA-1 and SHA-256, the two hashes Twilio signs with.
const BLOCK: usize = 64;

/// The remembered leading blocks of recent requests, for one thread and hash.
pub(crate) struct Cache<D: EagerHash> {
    entries: Vec<Entry<D>>,
    /// The entry replaced next when a request matches none.
    victim: usize,
    /// The entry used last.
    last: usize,
}

impl<D: EagerHash> Cache<D> {
    const fn new() -> Self {
        Self {
            entries: Vec::new(),
            victim: 0,
            last: 0,
        }
    }
}

/// Leading blocks of a request under one key, and the state after each:
/// `states[i]` has hashed `blocks[..=i]`.
struct Entry<D: EagerHash> {
    key: u64,
    blocks: Vec<Block<HmacCore<D>>>,
    states: Vec<HmacCore<D>>,
    /// How many blocks the entry may grow to: where requests last diverged, for
    /// [`RETRY_AFTER`] requests, then [`MAX_BLOCKS`] again.
    limit: usize,
    /// Requests left before `limit` is lifted.
    retry: u32,
}

impl<D: EagerHash> Entry<D> {
    fn new(key: u64) -> Self {
        Self {
            key,
            blocks: Vec::with_capacity(MAX_BLOCKS),
            states: Vec::with_capacity(MAX_BLOCKS),
            limit: MAX_BLOCKS,
            retry: 0,
        }
    }

    /// Empties the entry for `key`, keeping its memory.
    fn reset(&mut self, key: u64) {
        self.key = key;
        self.blocks.clear();
        self.states.clear();
        self.limit = MAX_BLOCKS;
        self.retry = 0;
    }

    /// Keeps the first `shared` blocks, noting a divergence inside the run.
    fn keep(&mut self, shared: usize) {
        if shared < self.blocks.len() {
            self.blocks.truncate(shared);
            self.states.truncate(shared);
            self.limit = shared;
            self.retry = RETRY_AFTER;
        } else if self.retry > 0 {
            self.retry -= 1;
        } else {
            self.limit = MAX_BLOCKS;
        }
    }
}

impl<D: EagerHash> Cache<D> {
    /// The state to resume `key`'s HMAC of a message starting with `blocks` from,
    /// and how many of them it has hashed. Resumes after the longest run of leading
    /// blocks an entry of this key shares with the request, and remembers one block
    /// more than was shared: a prefix that recurs grows a block per request, up to
    /// [`MAX_BLOCKS`]. Where requests diverge, growth pauses (see [`Entry::keep`]).
    fn start<'a>(
        &'a mut self,
        key: &'a KeyedMac<D>,
        blocks: &[Block<HmacCore<D>>],
    ) -> (&'a HmacCore<D>, usize) {
        let best = self.recent(key.id, blocks).or_else(|| {
            self.entries
                .iter()
                .enumerate()
                .filter(|(_, e)| e.key == key.id)
                .map(|(i, e)| (i, shared(&e.blocks, blocks)))
                .max_by_key(|&(_, n)| n)
                .filter(|&(_, n)| n > 0)
        });
        let (slot, shared) = match best {
            Some(found) => found,
            None if blocks.is_empty() => return (&key.core, 0),
            None => (self.fresh_slot(key.id), 0),
        };
        self.last = slot;
        let Some(entry) = self.entries.get_mut(slot) else {
            return (&key.core, 0);
        };
        entry.keep(shared);
        let remember = blocks
            .get(shared)
            .filter(|_| shared < entry.limit.min(MAX_BLOCKS));
        if let Some(block) = remember {
            let mut state = entry.states.last().unwrap_or(&key.core).clone();
            state.update_blocks(slice::from_ref(block));
            entry.blocks.push(block.clone());
            entry.states.push(state);
        }
        match entry.states.last() {
            Some(state) => (state, entry.states.len()),
            None => (&key.core, 0),
        }
    }

    /// The entry used last, when the request starts with all its blocks (the
    /// usual case: the same endpoint again), and how many that is.
    fn recent(&self, key: u64, blocks: &[Block<HmacCore<D>>]) -> Option<(usize, usize)> {
        let entry = self.entries.get(self.last)?;
        let known = Array::slice_as_flattened(&entry.blocks);
        let all = entry.key == key
            && !known.is_empty()
            && Array::slice_as_flattened(blocks).starts_with(known);
        all.then_some((self.last, entry.blocks.len()))
    }

    /// An entry emptied for `key`: a new one while there is room, else the next in turn.
    fn fresh_slot(&mut self, key: u64) -> usize {
        if self.entries.len() < ENTRIES {
            self.entries.push(Entry::new(key));
            return self.entries.len() - 1;
        }
        let slot = self.victim % ENTRIES;
        self.victim = slot + 1;
        if let Some(old) = self.entries.get_mut(slot) {
            old.reset(key);
        }
        slot
    }
}

/// How many leading blocks `known` and `blocks` have in common: usually all of
/// `known` (one comparison), else counted block by block.
fn shared<T>(known: &[Array<u8, T>], blocks: &[Array<u8, T>]) -> usize
where
    T: hmac::digest::array::ArraySize,
{
    let (known, bytes) = (
        Array::slice_as_flattened(known),
        Array::slice_as_flattened(blocks),
    );
    if bytes.starts_with(known) {
        return known.len() / BLOCK;
    }
    let pairs = known.chunks_exact(BLOCK).zip(bytes.chunks_exact(BLOCK));
    pairs.take_while(|(a, b)| a == b).count()
}

/// A hash whose HMAC states each thread caches.
pub(crate) trait Cached: EagerHash {
    /// Runs `f` on this thread's cache; `None` when it is unavailable (a re-entrant
    /// call, or a thread shutting down).
    fn with_cache<R>(f: impl FnOnce(&mut Cache<Self>) -> R) -> Option<R>;
}

macro_rules! cached {
    ($($hash:ty),*) => {$(
        impl Cached for $hash {
            fn with_cache<R>(f: impl FnOnce(&mut Cache<Self>) -> R) -> Option<R> {
                thread_local! {
                    static CACHE: RefCell<Cache<$hash>> = const { RefCell::new(Cache::new()) };
                }
                CACHE
                    .try_with(|cache| cache.try_borrow_mut().ok().map(|mut c| f(&mut c)))
                    .ok()
                    .flatten()
            }
        }
    )*};
}

cached!(sha1::Sha1, sha2::Sha256);

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use hmac::{Hmac, Mac};

    use super::*;

    fn reference<D: EagerHash>(key: &[u8], message: &[u8]) -> Vec<u8>
    where
        Hmac<D>: KeyInit + Mac,
    {
        let mut mac = <Hmac<D> as KeyInit>::new_from_slice(key).unwrap();
        mac.update(message);
        mac.finalize().into_bytes().to_vec()
    }

    /// A small deterministic generator (xorshift), so failures reproduce.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, n: usize) -> usize {
            usize::try_from(self.next() % n as u64).unwrap()
        }
    }

    /// Messages sharing leading blocks with earlier ones in every way the cache
    /// distinguishes (none, some, all, longer, shorter, one byte changed in a
    /// remembered block, several endpoints in turn), each checked against the
    /// `hmac` crate: equal tags, and a changed tag rejected.
    fn differential<D: Cached>(seed: u64)
    where
        Hmac<D>: KeyInit + Mac,
    {
        let mut rng = Rng(seed);
        let keys: Vec<Vec<u8>> = (0..3)
            .map(|k| format!("auth-token-{k}-0123456789abcdef").into_bytes())
            .collect();
        let macs: Vec<KeyedMac<D>> = keys.iter().map(|k| KeyedMac::new(k).unwrap()).collect();
        let bases: Vec<Vec<u8>> = (0..6)
            .map(|b| {
                (0..700)
                    .map(|i| u8::try_from((i * 7 + b * 31) % 251).unwrap())
                    .collect()
            })
            .collect();
        for _ in 0..3_000 {
            let k = rng.below(keys.len());
            let mut message = bases[rng.below(bases.len())].clone();
            message.truncate(rng.below(message.len() + 1));
            if !message.is_empty() && rng.below(2) == 0 {
                let at = rng.below(message.len());
                message[at] ^= 1 << rng.below(8);
            }
            let expected = reference::<D>(&keys[k], &message);
            assert!(
                macs[k].verify([&message, &[]], &expected),
                "len {}",
                message.len()
            );
            let split = rng.below(message.len() + 1);
            let (a, b) = message.split_at(split);
            assert!(macs[k].verify([a, b], &expected));
            let mut wrong = expected.clone();
            let at = rng.below(wrong.len());
            wrong[at] ^= 1;
            assert!(!macs[k].verify([&message, &[]], &wrong));
        }
    }

    #[test]
    fn sha1_tags_match_the_hmac_crate() {
        differential::<sha1::Sha1>(0x9E37_79B9_7F4A_7C15);
    }

    #[test]
    fn sha256_tags_match_the_hmac_crate() {
        differential::<sha2::Sha256>(0xD1B5_4A32_D192_ED03);
    }

    /// Two keys hashing the same request in turn on one thread: each state must
    /// resume only its own key's computation.
    #[test]
    fn a_state_never_resumes_another_keys_hmac() {
        let message = [b'x'; 300];
        let first = KeyedMac::<sha1::Sha1>::new(b"first-token").unwrap();
        let second = KeyedMac::<sha1::Sha1>::new(b"second-token").unwrap();
        let first_tag = reference::<sha1::Sha1>(b"first-token", &message);
        let second_tag = reference::<sha1::Sha1>(b"second-token", &message);
        for _ in 0..(MAX_BLOCKS + 2) {
            assert!(first.verify([&message, &[]], &first_tag));
            assert!(!second.verify([&message, &[]], &first_tag));
            assert!(second.verify([&message, &[]], &second_tag));
            assert!(!first.verify([&message, &[]], &second_tag));
        }
    }

    /// A prefix seen again grows the remembered run a block per request, up to the
    /// limit; a request differing in its second block keeps only the first, and the
    /// run grows again only after [`RETRY_AFTER`] requests.
    #[test]
    fn remembered_run_grows_and_shrinks() {
        let mac = KeyedMac::<sha1::Sha1>::new(b"grow-token").unwrap();
        let message = [b'y'; 64 * (MAX_BLOCKS + 3)];
        let lengths = || {
            sha1::Sha1::with_cache(|c| {
                c.entries
                    .iter()
                    .filter(|e| e.key == mac.id)
                    .map(|e| e.blocks.len())
                    .collect::<Vec<_>>()
            })
            .unwrap()
        };
        for n in 1..=(MAX_BLOCKS + 2) {
            assert!(mac.verify(
                [&message, &[]],
                &reference::<sha1::Sha1>(b"grow-token", &message)
            ));
            assert_eq!(lengths(), vec![n.min(MAX_BLOCKS)]);
        }
        let mut other = message;
        other[64 + 5] = b'z';
        let other_tag = reference::<sha1::Sha1>(b"grow-token", &other);
        for _ in 0..=RETRY_AFTER {
            assert!(mac.verify([&other, &[]], &other_tag));
            assert_eq!(lengths(), vec![1]);
        }
        assert!(mac.verify([&other, &[]], &other_tag));
        assert_eq!(lengths(), vec![2]);
    }
}
