//! JSON Pointer segments (RFC 6901): `~` is written `~0` and `/` is written `~1`. Every place
//! the code builds or reads a pointer goes through these two.

use std::borrow::Cow;

/// A member name as a pointer segment (`a/b` → `a~1b`).
pub fn escape(name: &str) -> Cow<'_, str> {
    if name.contains(['~', '/']) {
        Cow::Owned(name.replace('~', "~0").replace('/', "~1"))
    } else {
        Cow::Borrowed(name)
    }
}

/// A pointer segment as the name or index it stands for (`a~1b` → `a/b`).
pub fn unescape(segment: &str) -> Cow<'_, str> {
    if segment.contains('~') {
        Cow::Owned(segment.replace("~1", "/").replace("~0", "~"))
    } else {
        Cow::Borrowed(segment)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_round_trip() {
        for (name, segment) in [
            ("plain", "plain"),
            ("a/b", "a~1b"),
            ("~x", "~0x"),
            ("~1", "~01"),
            ("/~/", "~1~0~1"),
        ] {
            assert_eq!(escape(name), segment);
            assert_eq!(unescape(segment), name);
        }
    }
}
