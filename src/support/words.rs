//! Text eight bytes at a time: tests on a 64-bit word that find given bytes in it without a
//! loop over them. Scans that every byte of a payload (or every key) goes through use them.

/// The byte 0x01 in every place.
pub const ONES: u64 = 0x0101_0101_0101_0101;
/// The high bit of every byte.
pub const HIGHS: u64 = 0x8080_8080_8080_8080;

/// The first eight bytes of `bytes` as a word, the first byte lowest.
pub fn word(bytes: &[u8]) -> u64 {
    u64::from_le_bytes(bytes[..8].try_into().unwrap_or_default())
}

/// Marks, in the high bit of its byte, the lowest byte of `word` that is below `limit` (at
/// most 0x80); bits above the lowest mark may be spurious.
pub fn bytes_below(word: u64, limit: u8) -> u64 {
    word.wrapping_sub(ONES * u64::from(limit)) & !word & HIGHS
}

/// Marks the lowest byte of `word` equal to `byte`, as `bytes_below` marks.
pub fn bytes_equal(word: u64, byte: u8) -> u64 {
    bytes_below(word ^ (ONES * u64::from(byte)), 1)
}

/// Whether `bytes` holds `byte`.
pub fn contains(bytes: &[u8], byte: u8) -> bool {
    let mut words = bytes.chunks_exact(8);
    let found = words.by_ref().any(|w| bytes_equal(word(w), byte) != 0);
    found || words.remainder().contains(&byte)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_byte_is_found_wherever_it_is() {
        for len in 0..20 {
            let plain = vec![b'a'; len];
            assert!(!contains(&plain, b'u'));
            for at in 0..len {
                let mut with = plain.clone();
                with[at] = b'u';
                assert!(contains(&with, b'u'), "{len} {at}");
            }
        }
        // Bytes one above or below, and with the high bit, are not it.
        assert!(!contains(b"tvtvtvtv\xf5\xf5\xf5\xf5tv", b'u'));
    }

    #[test]
    fn the_lowest_mark_is_the_first_match() {
        let text = word(b"ab\"c\x1fd\"e");
        assert_eq!(bytes_equal(text, b'"').trailing_zeros() / 8, 2);
        assert_eq!(bytes_below(text, 0x20).trailing_zeros() / 8, 4);
        assert_eq!(bytes_equal(word(b"abcdefgh"), b'"'), 0);
        assert_eq!(bytes_below(word(b"abcdefgh"), 0x20), 0);
    }
}
