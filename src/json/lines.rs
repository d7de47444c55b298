//! Byte offsets to 1-based lines and UTF-16 columns (the unit editors, browsers and SARIF use).

use crate::support::words;

/// Where each line starts, and whether the text is all ASCII (then a column is a count of
/// bytes, and finding one needs no walk through the line).
pub struct LineIndex {
    starts: Vec<usize>,
    ascii: bool,
}

impl LineIndex {
    /// The lines of `text`, found with one pass over it.
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        // Eight bytes at a time: most words of a long line hold no line feed at all.
        let bytes = text.as_bytes();
        let mut words = bytes.chunks_exact(8);
        let mut at = 0;
        for word in &mut words {
            if words::bytes_equal(words::word(word), b'\n') != 0 {
                starts.extend(line_starts(&bytes[at..at + 8], at));
            }
            at += 8;
        }
        starts.extend(line_starts(words.remainder(), at));
        LineIndex {
            starts,
            ascii: false,
        }
    }

    /// The lines of a text whose line starts are known already (`starts`, 0 first, in
    /// order), and whether it is all ASCII.
    pub fn from_starts(starts: Vec<usize>, ascii: bool) -> LineIndex {
        debug_assert_eq!(starts.first(), Some(&0));
        LineIndex { starts, ascii }
    }

    /// The byte offset where 1-based `line` starts, clamped to the last line.
    pub fn line_start(&self, line: usize) -> usize {
        let index = line.saturating_sub(1).min(self.starts.len() - 1);
        self.starts[index]
    }

    fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// Line and UTF-16 column of every offset, in the order given. Offsets are sorted first so
    /// that a long single-line file (minified JSON) is walked once, not once per offset.
    pub fn positions(&self, text: &str, offsets: &[usize]) -> Vec<(u32, u32)> {
        let bytes = text.as_bytes();
        if self.ascii {
            return offsets
                .iter()
                .map(|&offset| {
                    let offset = offset.min(bytes.len());
                    let line = self.line_of(offset);
                    (to_u32(line + 1), to_u32(offset - self.starts[line] + 1))
                })
                .collect();
        }
        let order = crate::support::order::sorted_indices(offsets.len(), |a, b| {
            offsets[a].cmp(&offsets[b])
        });
        let mut result = vec![(1, 1); offsets.len()];
        // The last position computed: (line index, byte offset, UTF-16 units from line start).
        let mut previous: Option<(usize, usize, usize)> = None;
        for i in order {
            let offset = offsets[i].min(bytes.len());
            let line = self.line_of(offset);
            let (from, units_before) = match previous {
                Some((prev_line, prev_offset, units)) if prev_line == line => (prev_offset, units),
                _ => (self.starts[line], 0),
            };
            let units = units_before + utf16_len(&bytes[from..offset]);
            previous = Some((line, offset, units));
            result[i] = (to_u32(line + 1), to_u32(units + 1));
        }
        result
    }
}

/// UTF-16 code units in a run of UTF-8: one per character, two for characters outside the
/// basic plane (those are the ones whose UTF-8 form starts with a byte 0xF0 or above).
fn utf16_len(utf8: &[u8]) -> usize {
    let per_byte = |bytes: &[u8]| -> usize {
        bytes
            .iter()
            .map(|&b| usize::from((b & 0xC0) != 0x80) + usize::from(b >= 0xF0))
            .sum()
    };
    // Eight bytes at a time: a word of ASCII is eight units.
    let mut words = utf8.chunks_exact(8);
    let mut units = 0;
    for word in &mut words {
        if words::word(word) & words::HIGHS == 0 {
            units += 8;
        } else {
            units += per_byte(word);
        }
    }
    units + per_byte(words.remainder())
}

/// The offsets after each line feed in `bytes`, which start at offset `base`.
fn line_starts(bytes: &[u8], base: usize) -> impl Iterator<Item = usize> + '_ {
    bytes
        .iter()
        .enumerate()
        .filter(|&(_, &b)| b == b'\n')
        .map(move |(i, _)| base + i + 1)
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_utf16_units() {
        // "é" is one unit, "😀" is two.
        let text = "{\n  \"é😀\": 1, \"x\": 2\n}";
        let index = LineIndex::new(text);
        let x = text.find("\"x\"").unwrap();
        let one = text.find('1').unwrap();
        assert_eq!(
            index.positions(text, &[x, one, 0]),
            vec![(2, 13), (2, 10), (1, 1)]
        );
    }

    #[test]
    fn long_lines_and_many_lines() {
        let text = format!(
            "{}\n{}\n\n{}😀x",
            "a".repeat(21),
            "é".repeat(9),
            "b".repeat(17)
        );
        let index = LineIndex::new(&text);
        assert_eq!(index.starts, [0, 22, 41, 42]);
        let x = text.find('x').unwrap();
        assert_eq!(index.positions(&text, &[x, 30]), vec![(4, 20), (2, 5)]);
    }

    #[test]
    fn known_starts_of_ascii_text_give_the_same_positions_without_a_walk() {
        let text = "{\n  \"a\": 1,\r\n  \"bb\": [2, 3]\n}";
        let scanned = LineIndex::new(text);
        let known = LineIndex::from_starts(scanned.starts.clone(), true);
        let offsets: Vec<usize> = (0..=text.len() + 3).rev().collect();
        assert_eq!(
            known.positions(text, &offsets),
            scanned.positions(text, &offsets)
        );
        let three = text.find('3').unwrap();
        assert_eq!(known.positions(text, &[three]), vec![(3, 13)]);
    }

    #[test]
    fn crlf_lines() {
        let text = "{\r\n\"a\": 1\r\n}";
        let index = LineIndex::new(text);
        assert_eq!(
            index.positions(text, &[text.find('1').unwrap()]),
            vec![(2, 6)]
        );
        assert_eq!(index.line_start(3), text.len() - 1);
    }
}
