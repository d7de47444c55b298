//! Typed views over parsed upload bodies: which graph objects a body holds and where.

use crate::json::pointer;
use crate::json::{Map, Value};

/// Which list of an upload body an object came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Entity,
    Relationship,
}

impl Kind {
    /// The body member that holds objects of this kind.
    pub fn array(self) -> &'static str {
        match self {
            Kind::Entity => "entities",
            Kind::Relationship => "relationships",
        }
    }
}

/// One graph object of an upload body: its fields and where it sits.
#[derive(Clone, Copy, Debug)]
pub struct Item<'a> {
    /// Index of the document among the job's documents.
    pub doc: usize,
    pub kind: Kind,
    /// Position in its body's list.
    pub index: usize,
    pub fields: &'a Map<'a>,
}

impl<'a> Item<'a> {
    pub fn get(&self, name: &str) -> Option<&'a Value<'a>> {
        self.fields.get_inline(name)
    }

    pub fn str(&self, name: &str) -> Option<&'a str> {
        self.fields.get_inline(name).and_then(Value::as_str)
    }

    /// `_key` when it is a string.
    pub fn key(&self) -> Option<&'a str> {
        self.str("_key")
    }

    /// Where the object sits, without its fields.
    pub fn place(&self) -> ObjectPlace {
        ObjectPlace {
            doc: self.doc,
            kind: self.kind,
            index: self.index,
        }
    }

    /// The JSON Pointer of the object itself. These four are not inlined: the checks name places
    /// at a hundred-odd sites, and their formatting inlined into each cost kilobytes of
    /// WebAssembly.
    #[inline(never)]
    pub fn pointer(&self) -> String {
        self.place().pointer()
    }

    /// The JSON Pointer of one of its members.
    #[inline(never)]
    pub fn member_pointer(&self, name: &str) -> String {
        format!("{}/{}", self.pointer(), pointer::escape(name))
    }

    /// How the API names the object in its messages: `entities[3]`.
    #[inline(never)]
    pub fn label(&self) -> String {
        format!("{}[{}]", self.kind.array(), self.index)
    }

    /// How the API names a member in its messages: `entities[3]._foo`.
    #[inline(never)]
    pub fn api_path(&self, name: &str) -> String {
        format!("{}.{}", self.label(), name)
    }

    /// The `_class` values: one string, or every string of an array.
    pub fn classes(&self) -> impl Iterator<Item = &'a str> {
        let value = self.fields.get_inline("_class");
        let single = value.and_then(Value::as_str);
        let many = value.and_then(Value::as_array).into_iter().flatten();
        single.into_iter().chain(many.filter_map(Value::as_str))
    }
}

/// Where a graph object sits among the job's documents: enough to name it once its body is no
/// longer at hand (an earlier batch of a job that takes its uploads one at a time).
#[derive(Clone, Copy, Debug)]
pub struct ObjectPlace {
    pub doc: usize,
    pub kind: Kind,
    pub index: usize,
}

impl ObjectPlace {
    /// The object's JSON Pointer in its document.
    pub fn pointer(&self) -> String {
        format!("/{}/{}", self.kind.array(), self.index)
    }
}

/// One upload body (one file): its graph objects in order.
#[derive(Debug, Default)]
pub struct Upload<'a> {
    pub doc: usize,
    pub bytes: usize,
    /// Whether the whole body could be read: it parsed and has the documented shape. Checks
    /// that conclude from what is absent (an empty DIFF) hold back when it could not.
    pub complete: bool,
    pub entities: Vec<Item<'a>>,
    pub relationships: Vec<Item<'a>>,
}
