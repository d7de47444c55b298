//! Text written straight into JavaScript strings, a piece at a time. A report returned as one
//! Rust `String` would be held whole in the module's memory, which never shrinks once grown:
//! a population's preview report is larger than the state it describes. Pieces are decoded
//! into JavaScript as they fill, and joined there.

use js_sys::{Array, JsString};

/// Bytes gathered before they are handed to JavaScript as one string.
const PIECE_BYTES: usize = 1 << 20;
/// The first piece's room, doubled up to a piece: a small report takes little memory.
const FIRST_BYTES: usize = 16 << 10;

pub struct JsText {
    pieces: Array,
    pending: Vec<u8>,
}

impl Default for JsText {
    fn default() -> JsText {
        JsText {
            pieces: Array::new(),
            pending: Vec::new(),
        }
    }
}

impl JsText {
    /// The whole text, joined in JavaScript.
    pub fn finish(mut self) -> JsString {
        self.hand_over();
        self.pieces.join("")
    }

    /// Hands over the pending bytes up to the last whole character; a character cut by the
    /// piece's end waits for the next piece. Bytes that are no UTF-8 at all (no writer of
    /// this crate writes them) are handed over replaced, so that nothing is held forever.
    fn hand_over(&mut self) {
        let taken = match std::str::from_utf8(&self.pending) {
            Ok(text) => {
                self.pieces.push(&JsString::from(text));
                text.len()
            }
            Err(bad) if bad.error_len().is_some() => {
                let text = String::from_utf8_lossy(&self.pending);
                self.pieces.push(&JsString::from(text.as_ref()));
                self.pending.len()
            }
            Err(cut) => {
                let whole = &self.pending[..cut.valid_up_to()];
                self.pieces.push(&JsString::from(
                    std::str::from_utf8(whole).unwrap_or_default(),
                ));
                whole.len()
            }
        };
        self.pending.drain(..taken);
    }

    /// Hands over a full piece, or grows the pending bytes' room towards a piece.
    #[cold]
    fn make_room(&mut self, wanted: usize) {
        if self.pending.len() >= PIECE_BYTES {
            self.hand_over();
        }
        let room = (self.pending.capacity() * 2).clamp(FIRST_BYTES, PIECE_BYTES + 4);
        let needed = room.max(self.pending.len() + wanted);
        self.pending.reserve_exact(needed - self.pending.len());
    }
}

impl std::io::Write for JsText {
    #[inline]
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.write_all(bytes)?;
        Ok(bytes.len())
    }

    /// serde_json writes a few bytes at a time: the common case is one copy into room that
    /// is already there.
    #[inline]
    fn write_all(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        if self.pending.capacity() - self.pending.len() < bytes.len() {
            self.make_room(bytes.len());
        }
        self.pending.extend_from_slice(bytes);
        Ok(())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
