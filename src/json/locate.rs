//! Finds where JSON Pointers land in a document's text.
//!
//! Values are parsed without positions (the fast path); only when there is something to say
//! is the text scanned again, once for all pointers of a document, descending only into the
//! parts that lead to a wanted pointer and skipping everything else.

use std::collections::HashMap;

use super::arena::Arena;
use super::parse::Lists;

/// Where a pointer's target sits: the offset of its member name (for object members) and of
/// its value. Both are byte offsets into the text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Spot {
    pub key: Option<usize>,
    pub value: Option<usize>,
}

impl Spot {
    fn at(value: usize) -> Spot {
        Spot {
            key: None,
            value: Some(value),
        }
    }
}

#[derive(Default)]
struct Node {
    /// Children by member name, sorted.
    members: Vec<(String, usize)>,
    /// Children by array index, sorted.
    indexes: Vec<(usize, usize)>,
    parent: usize,
    spot: Spot,
}

/// Locate every pointer in `text`, which must be valid JSON and whose `lists` the parser
/// recorded. The answer for a pointer that does not resolve is the spot of its deepest
/// ancestor that does.
pub fn locate(text: &str, pointers: &[&str], lists: &Lists) -> Vec<Spot> {
    let mut nodes = vec![Node::default()];
    let mut by_segment = HashMap::new();
    let targets: Vec<usize> = pointers
        .iter()
        .map(|pointer| insert(&mut nodes, &mut by_segment, pointer))
        .collect();
    for node in &mut nodes {
        crate::support::order::sort(&mut node.members);
        crate::support::order::sort(&mut node.indexes);
    }
    let mut scanner = Scanner {
        bytes: text.as_bytes(),
        at: 0,
        lists,
        unfound: nodes.len() - 1,
    };
    scanner.whitespace();
    nodes[0].spot.value = Some(scanner.at);
    scanner.walk(&mut nodes, 0);
    targets
        .into_iter()
        .map(|mut id| loop {
            let spot = nodes[id].spot;
            if spot.value.is_some() || id == 0 {
                break spot;
            }
            id = nodes[id].parent;
        })
        .collect()
}

fn insert(
    nodes: &mut Vec<Node>,
    by_segment: &mut HashMap<(usize, String), usize>,
    pointer: &str,
) -> usize {
    let mut id = 0;
    if pointer.is_empty() {
        return id;
    }
    for raw in pointer.strip_prefix('/').unwrap_or(pointer).split('/') {
        let segment = super::pointer::unescape(raw).into_owned();
        id = match by_segment.get(&(id, segment.clone())) {
            Some(&child) => child,
            None => {
                let child = nodes.len();
                nodes.push(Node {
                    parent: id,
                    ..Node::default()
                });
                if let Ok(index) = segment.parse::<usize>() {
                    nodes[id].indexes.push((index, child));
                }
                nodes[id].members.push((segment.clone(), child));
                by_segment.insert((id, segment), child);
                child
            }
        };
    }
    id
}

struct Scanner<'a> {
    bytes: &'a [u8],
    at: usize,
    lists: &'a Lists,
    /// Nodes (the root aside) whose spot is not known yet: at none, the scan stops, however
    /// much text is left.
    unfound: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> u8 {
        self.bytes.get(self.at).copied().unwrap_or(0)
    }

    fn found(&mut self, nodes: &mut [Node], node: usize, spot: Spot) {
        if nodes[node].spot.value.is_none() {
            self.unfound -= 1;
        }
        nodes[node].spot = spot;
    }

    fn whitespace(&mut self) {
        while matches!(self.peek(), b' ' | b'\t' | b'\n' | b'\r') {
            self.at += 1;
        }
    }

    /// At the start of a value belonging to `node`: record nothing (the caller did), descend
    /// where `node` has children, else skip the value.
    fn walk(&mut self, nodes: &mut [Node], node: usize) {
        match self.peek() {
            b'{' if !nodes[node].members.is_empty() => self.object(nodes, node),
            b'[' if !nodes[node].indexes.is_empty() => self.array(nodes, node),
            _ => self.skip_value(),
        }
    }

    fn object(&mut self, nodes: &mut [Node], node: usize) {
        self.at += 1;
        while self.unfound > 0 {
            self.whitespace();
            match self.peek() {
                b'"' => {}
                b'}' | 0 => {
                    self.at += 1;
                    return;
                }
                _ => {
                    // A comma between members.
                    self.at += 1;
                    continue;
                }
            }
            let key_at = self.at;
            let name = self.string();
            self.whitespace();
            self.at += 1; // the colon
            self.whitespace();
            let child = nodes[node]
                .members
                .binary_search_by(|(member, _)| member.as_str().cmp(&name))
                .ok()
                .map(|i| nodes[node].members[i].1);
            match child {
                Some(child) => {
                    let spot = Spot {
                        key: Some(key_at),
                        value: Some(self.at),
                    };
                    self.found(nodes, child, spot);
                    self.walk(nodes, child);
                }
                None => self.skip_value(),
            }
        }
    }

    fn array(&mut self, nodes: &mut [Node], node: usize) {
        if let Some(list) = self.lists.at(self.at) {
            // Jump to the wanted elements, then past the list.
            for &(index, child) in &nodes[node].indexes.clone() {
                if let Some(&start) = list.elements.get(index) {
                    self.at = start;
                    self.found(nodes, child, Spot::at(start));
                    self.walk(nodes, child);
                }
            }
            self.at = list.end;
            return;
        }
        self.at += 1;
        let mut index = 0;
        let mut wanted = 0;
        while self.unfound > 0 {
            self.whitespace();
            match self.peek() {
                b']' | 0 => {
                    self.at += 1;
                    return;
                }
                b',' => {
                    self.at += 1;
                    index += 1;
                    continue;
                }
                _ => {}
            }
            let indexes = &nodes[node].indexes;
            while wanted < indexes.len() && indexes[wanted].0 < index {
                wanted += 1;
            }
            if wanted < indexes.len() && indexes[wanted].0 == index {
                let child = indexes[wanted].1;
                self.found(nodes, child, Spot::at(self.at));
                self.walk(nodes, child);
            } else if wanted == indexes.len() {
                // Nothing more wanted here: skip the rest of the array at once.
                self.skip_to_close(1);
                return;
            } else {
                self.skip_value();
            }
        }
    }

    /// Reads a string token and returns its value, decoding escapes only when there are any.
    fn string(&mut self) -> String {
        let start = self.at + 1;
        let end = self.string_end(start);
        self.at = end + 1;
        let raw = &self.bytes[start.min(end)..end];
        if raw.contains(&b'\\') {
            let quoted = &self.bytes[start - 1..=end.min(self.bytes.len() - 1)];
            let arena = Arena::new();
            let decoded = std::str::from_utf8(quoted)
                .ok()
                .and_then(|text| super::parse_noting(text, &arena).ok());
            decoded
                .and_then(|parsed| parsed.value.as_str().map(str::to_string))
                .unwrap_or_default()
        } else {
            String::from_utf8_lossy(raw).into_owned()
        }
    }

    /// The offset of the closing quote of a string whose content starts at `from`.
    fn string_end(&self, from: usize) -> usize {
        let mut i = from;
        while i < self.bytes.len() {
            match self.bytes[i] {
                b'"' => return i,
                b'\\' => i += 2,
                _ => i += 1,
            }
        }
        self.bytes.len()
    }

    fn skip_value(&mut self) {
        match self.peek() {
            b'"' => self.at = self.string_end(self.at + 1) + 1,
            // A list the parser recorded ends where it noted.
            b'{' | b'[' => match self.lists.at(self.at) {
                Some(list) => self.at = list.end,
                None => {
                    self.at += 1;
                    self.skip_to_close(1);
                }
            },
            _ => {
                while !matches!(
                    self.peek(),
                    b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r' | 0
                ) {
                    self.at += 1;
                }
            }
        }
    }

    /// Skips until `depth` open containers have closed.
    fn skip_to_close(&mut self, mut depth: usize) {
        while self.at < self.bytes.len() {
            match self.bytes[self.at] {
                b'"' => {
                    self.at = self.string_end(self.at + 1) + 1;
                    continue;
                }
                b'{' | b'[' => depth += 1,
                b'}' | b']' => {
                    depth -= 1;
                    if depth == 0 {
                        self.at += 1;
                        return;
                    }
                }
                _ => {}
            }
            self.at += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_keys_and_values() {
        let text =
            r#"{"entities": [ {"_key": "a"}, {"x": [1, {"y": true}], "a/b": null, "é\"": 3} ]}"#;
        let lists = crate::json::parse_noting(text, &Arena::new())
            .unwrap()
            .lists;
        let spots = locate(
            text,
            &[
                "/entities/1/x/1/y",
                "/entities/0",
                "/entities/1/a~1b",
                "/entities/1/é\"",
            ],
            &lists,
        );
        assert_eq!(
            spots,
            locate(
                text,
                &[
                    "/entities/1/x/1/y",
                    "/entities/0",
                    "/entities/1/a~1b",
                    "/entities/1/é\""
                ],
                &Lists::default()
            ),
            "the same with and without the recorded lists"
        );
        assert_eq!(spots[0].value, Some(text.find("true").unwrap()));
        assert_eq!(spots[0].key, Some(text.find("\"y\"").unwrap()));
        assert_eq!(spots[1].value, Some(text.find("{\"_key").unwrap()));
        assert_eq!(spots[2].key, Some(text.find("\"a/b\"").unwrap()));
        assert_eq!(spots[3].value, Some(text.find('3').unwrap()));
    }

    #[test]
    fn unresolved_pointer_falls_back_to_ancestor() {
        let text = r#"{"entities": [{"a": 1}]}"#;
        let lists = crate::json::parse_noting(text, &Arena::new())
            .unwrap()
            .lists;
        let spots = locate(
            text,
            &["/entities/0/missing", "/entities/7", "", "/nothing/here"],
            &lists,
        );
        assert_eq!(spots[0].value, Some(text.find("{\"a\"").unwrap()));
        assert_eq!(spots[1].value, Some(text.find('[').unwrap()));
        assert_eq!(spots[2].value, Some(0));
        assert_eq!(spots[3].value, Some(0));
    }
}
