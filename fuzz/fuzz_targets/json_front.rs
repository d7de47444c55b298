//! The JSON front: decoding, parsing with anomalies, pointer location and line/column positions.
#![no_main]

use libfuzzer_sys::fuzz_target;
use syncplan::json::{decode, lines::LineIndex, locate::locate, parse::Lists, parse_noting, Arena};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = decode(data) else { return };
    let index = LineIndex::new(text);
    // Positions of every byte offset that starts a character, and of the end.
    let offsets: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).step_by(7).collect();
    let positions = index.positions(text, &offsets);
    assert_eq!(positions.len(), offsets.len());
    let arena = Arena::new();
    let Ok(parsed) = parse_noting(text, &arena) else { return };
    // Every list, object and decoded string lives in the arena: walk them all.
    let _ = parsed.value.to_serde();
    // Pointers to the first members and elements, plus the anomalies' own.
    let mut pointers: Vec<String> = parsed.anomalies.iter().map(|a| a.pointer.clone()).collect();
    if let Some(object) = parsed.value.as_object() {
        for (name, member) in object.iter().take(8) {
            let escaped = name.replace('~', "~0").replace('/', "~1");
            pointers.push(format!("/{escaped}"));
            if let Some(items) = member.as_array() {
                pointers.extend((0..items.len().min(8)).map(|i| format!("/{escaped}/{i}")));
            }
        }
    }
    pointers.push("/no/such/member".to_string());
    let wanted: Vec<&str> = pointers.iter().map(String::as_str).collect();
    let spots = locate(text, &wanted, &parsed.lists);
    // Jumping through the recorded lists lands where scanning does.
    assert_eq!(spots, locate(text, &wanted, &Lists::default()));
    for spot in spots {
        for offset in [spot.key, spot.value].into_iter().flatten() {
            assert!(offset <= text.len());
        }
    }
});
