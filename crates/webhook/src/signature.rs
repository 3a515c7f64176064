//! Decoding the signature header: standard base64 with padding, as the `base64`
//! crate's `STANDARD` engine accepts it (canonical padding, no stray bits), for the
//! at most 64 characters an HMAC-SHA256 signature takes. Written out because the
//! general decoder's setup costs as much as the decoding of these few bytes.

/// The longest digest we check (SHA-256's 32 bytes) fits; longer headers are
/// rejected, as they would not match anyway.
pub(crate) const MAX_DECODED: usize = 48;

/// The value of each base64 character; `INVALID` for the others (and for `=`,
/// which is handled where it may appear).
const INVALID: u8 = 0xFF;
const VALUES: [u8; 256] = {
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut table = [INVALID; 256];
    let mut i = 0;
    while i < alphabet.len() {
        table[alphabet[i] as usize] = i as u8;
        i += 1;
    }
    table
};

/// Decodes `text` into `out`, returning the decoded bytes, or `None` when it is not
/// canonical padded standard base64 (or too long).
pub(crate) fn decode<'o>(text: &str, out: &'o mut [u8; MAX_DECODED]) -> Option<&'o [u8]> {
    let bytes = text.as_bytes();
    if !bytes.len().is_multiple_of(4) || bytes.len() / 4 * 3 > MAX_DECODED {
        return None;
    }
    let Some((body, last)) = bytes.split_last_chunk::<4>() else {
        return Some(&[]);
    };
    // Every group but the last: four characters, three bytes, no padding.
    // Any invalid character's value (0xFF) leaves its high bits here.
    let mut bad = 0u8;
    for (group, o) in body.chunks_exact(4).zip(out.chunks_exact_mut(3)) {
        let n = group.iter().fold(0u32, |n, &c| {
            let v = VALUES[usize::from(c)];
            bad |= v;
            n << 6 | u32::from(v)
        });
        let [_, x, y, z] = n.to_be_bytes();
        o.copy_from_slice(&[x, y, z]);
    }
    if bad & 0xC0 != 0 {
        return None;
    }
    // The last group: "xx==" or "xxx=" or four characters; the bits the padding
    // stands for must be zero (canonical encoding).
    let pad = match last {
        [_, _, b'=', b'='] => 2,
        [_, _, _, b'='] => 1,
        _ => 0,
    };
    let mut n = 0u32;
    for (i, &c) in last.iter().enumerate() {
        let v = if i >= 4 - pad {
            0
        } else {
            VALUES[usize::from(c)]
        };
        if v == INVALID {
            return None;
        }
        n = n << 6 | u32::from(v);
    }
    let stray = n & [0, 0xFF, 0xFFFF][pad];
    if stray != 0 {
        return None;
    }
    let start = body.len() / 4 * 3;
    let take = 3 - pad;
    let [_, x, y, z] = n.to_be_bytes();
    out.get_mut(start..start + take)?
        .copy_from_slice([x, y, z].get(..take)?);
    out.get(..start + take)
}

#[cfg(test)]
mod tests {
    use base64::Engine as _;
    use base64::engine::general_purpose::STANDARD;

    use super::*;

    fn reference(text: &str) -> Option<Vec<u8>> {
        let mut buf = [0u8; MAX_DECODED];
        let len = STANDARD.decode_slice(text.as_bytes(), &mut buf).ok()?;
        Some(buf[..len].to_vec())
    }

    fn ours(text: &str) -> Option<Vec<u8>> {
        decode(text, &mut [0u8; MAX_DECODED]).map(<[u8]>::to_vec)
    }

    /// Every encoding of 0..=48 random bytes, and strings near them (a character
    /// changed, dropped, padded, truncated, stray bits set): the same answer as the
    /// `base64` crate's `STANDARD` engine.
    #[test]
    fn matches_the_base64_crate() {
        let mut state = 0x2545_F491_4F6C_DD1D_u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_ .";
        for round in 0..20_000 {
            let len = usize::try_from(next() % 50).unwrap_or(0);
            let data: Vec<u8> = (0..len).map(|_| next().to_le_bytes()[0]).collect();
            let mut text = STANDARD.encode(&data).into_bytes();
            match round % 5 {
                0 => {}
                1 if !text.is_empty() => {
                    let at = usize::try_from(next() % text.len() as u64).unwrap_or(0);
                    text[at] =
                        alphabet[usize::try_from(next() % alphabet.len() as u64).unwrap_or(0)];
                }
                2 if !text.is_empty() => {
                    text.pop();
                }
                3 => text.extend_from_slice(b"=="),
                _ => {
                    // A padded group's last data character with its lowest bit
                    // set: a bit the padding stands for (stray).
                    let b64 = &alphabet[..64];
                    if let Some(at) = text.iter().position(|&c| c == b'=')
                        && let Some(before) = at.checked_sub(1)
                        && let Some(v) = b64.iter().position(|&c| c == text[before])
                    {
                        text[before] = b64[v | 1];
                    }
                }
            }
            let text = String::from_utf8(text).unwrap_or_default();
            assert_eq!(ours(&text), reference(&text), "{text:?}");
        }
        for text in [
            "", "=", "====", "A===", "AA=A", "AAA=AAAA", "QQ==", "QR==", "QUI=", "QUJ=",
        ] {
            assert_eq!(ours(text), reference(text), "{text:?}");
        }
    }
}
