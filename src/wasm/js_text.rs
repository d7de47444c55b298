//! Text written straight into JavaScript strings, a piece at a time. A report returned as one
//! Rust `String` would be held whole in the module's memory, which never shrinks once grown:
//! for a population's preview that is twice the state's bytes. Pieces are decoded into
//! JavaScript as they fill, and joined there.

use js_sys::{Array, JsString};

/// Bytes gathered before they are handed to JavaScript as one string.
const PIECE_BYTES: usize = 1 << 20;

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
    /// Hands over the pending bytes up to the last whole character; a character cut by the
    /// piece's end waits for the next piece.
    fn hand_over(&mut self) {
        let whole = match std::str::from_utf8(&self.pending) {
            Ok(text) => text,
            Err(cut) => std::str::from_utf8(&self.pending[..cut.valid_up_to()]).unwrap_or_default(),
        };
        let taken = whole.len();
        self.pieces.push(&JsString::from(whole));
        self.pending.drain(..taken);
    }

    /// The whole text, joined in JavaScript.
    pub fn finish(mut self) -> JsString {
        self.hand_over();
        self.pieces.join("")
    }
}

impl std::io::Write for JsText {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if self.pending.capacity() == 0 {
            self.pending.reserve_exact(PIECE_BYTES + 4);
        }
        self.pending.extend_from_slice(bytes);
        if self.pending.len() >= PIECE_BYTES {
            self.hand_over();
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
