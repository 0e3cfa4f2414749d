//! The limits on what a spec may be: one place owns them all.
//!
//! A spec can come from a stranger's pull request, so every reader of one is bounded here, and
//! each limit has one diagnostic that names it (a [`LoadError`] with a position): the document's
//! size, how deep its mappings and sequences nest, how many nodes it holds once its aliases are
//! expanded (the "billion laughs" defence, counted as the nodes an alias *would* produce, before
//! producing them), how many operations and component schemas it declares, and how long a `$ref`
//! chain may be. Real specs stay below every number (the large public single-file OpenAPI
//! documents, such as GitHub's REST description at about 10 MB and a million nodes, nest a few
//! dozen levels and use aliases sparingly), so the limits only ever stop hostile or broken documents. They are set so that
//! `xtask spec` (parse, walk, validators, progenitor) stays under 1 GiB resident on any input:
//! memory is a small constant per node, and the nodes are bounded. The walks that follow
//! references are cycle-aware on top (visited sets, [`MAX_REF_CHAIN`], [`MAX_MERGE_STEPS`]).

use std::io::Read;

use serde_json::Value;

use super::source::{LoadError, Position};

/// The largest document read, in bytes (16 MiB).
pub const MAX_BYTES: usize = 16 * 1024 * 1024;

/// How deep mappings and sequences may nest (aliases included).
pub const MAX_DEPTH: usize = 128;

/// How many nodes (scalars, mappings, sequences) a document may hold, aliases expanded.
pub const MAX_NODES: usize = 2_000_000;

/// How many nodes all the aliases of a document may produce together, at most; within that,
/// no more than [`ALIAS_FREE`] plus [`ALIAS_RATIO`] times the nodes written so far (as
/// serde_yaml bounds repetition by the document's own size): a 1 KB bomb stops at a few
/// thousand nodes, a large spec that shares schemas through anchors is not bothered.
pub const MAX_ALIAS_NODES: usize = 100_000;

/// Alias nodes any document may produce.
pub const ALIAS_FREE: usize = 10_000;

/// Alias nodes per node written.
pub const ALIAS_RATIO: usize = 8;

/// How many operations the `paths` may declare.
pub const MAX_OPERATIONS: usize = 20_000;

/// How many schemas `components.schemas` may declare.
pub const MAX_SCHEMAS: usize = 20_000;

/// How many `$ref` hops one reference may take before it is called a cycle.
pub const MAX_REF_CHAIN: usize = 64;

/// How many schemas one effective-schema computation (`allOf` merged) may visit.
pub const MAX_MERGE_STEPS: usize = 10_000;

/// The message for a document larger than [`MAX_BYTES`].
pub fn too_large(bytes: usize) -> LoadError {
    LoadError {
        message: format!(
            "the document is {bytes} bytes, more than the limit of {MAX_BYTES} bytes (16 MiB)"
        ),
        position: Some(Position { line: 1, column: 1 }),
    }
}

/// Reads at most [`MAX_BYTES`] of UTF-8 text from `reader`; a larger input is refused
/// without being read further.
pub fn read_bounded(reader: impl Read) -> Result<String, LoadError> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|error| LoadError {
            message: format!("cannot read the document: {error}"),
            position: None,
        })?;
    if bytes.len() > MAX_BYTES {
        return Err(LoadError {
            message: format!("the document is larger than the limit of {MAX_BYTES} bytes (16 MiB)"),
            position: Some(Position { line: 1, column: 1 }),
        });
    }
    String::from_utf8(bytes).map_err(|error| {
        let valid = &error.as_bytes()[..error.utf8_error().valid_up_to()];
        let text = String::from_utf8_lossy(valid);
        let line = text.matches('\n').count() + 1;
        let column = text.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        LoadError {
            message: "the document is not utf-8 text".into(),
            position: Some(Position { line, column }),
        }
    })
}

/// Reads the file at `path` with [`read_bounded`].
pub fn read_file(path: &std::path::Path) -> Result<String, LoadError> {
    let file = std::fs::File::open(path).map_err(|error| LoadError {
        message: format!("cannot read {}: {error}", path.display()),
        position: None,
    })?;
    read_bounded(file)
}

/// Counts what the loader builds, and refuses past the limits.
#[derive(Debug, Default)]
pub(crate) struct Budget {
    nodes: usize,
    alias_nodes: usize,
    /// Nodes copied for anchors (counted in `nodes`, not written by the author).
    copies: usize,
}

impl Budget {
    /// `count` more nodes in the document.
    pub(crate) fn nodes(&mut self, count: usize) -> Result<(), String> {
        self.nodes = self.nodes.saturating_add(count);
        if self.nodes > MAX_NODES {
            return Err(format!("the document holds more than {MAX_NODES} nodes"));
        }
        Ok(())
    }

    /// An anchored node of `count` nodes, kept as a copy for its aliases.
    pub(crate) fn anchor(&mut self, count: usize) -> Result<(), String> {
        self.copies = self.copies.saturating_add(count);
        self.nodes(count)
    }

    /// An alias that would produce `count` nodes, `height` levels deep, at `depth`.
    pub(crate) fn alias(
        &mut self,
        count: usize,
        height: usize,
        depth: usize,
    ) -> Result<(), String> {
        let own = self
            .nodes
            .saturating_sub(self.alias_nodes)
            .saturating_sub(self.copies);
        let allowed = ALIAS_FREE
            .saturating_add(own.saturating_mul(ALIAS_RATIO))
            .min(MAX_ALIAS_NODES);
        self.alias_nodes = self.alias_nodes.saturating_add(count);
        if self.alias_nodes > allowed {
            return Err(format!(
                "the aliases of the document expand to more than {allowed} nodes"
            ));
        }
        if depth + height > MAX_DEPTH {
            return Err(too_deep());
        }
        self.nodes(count)
            .map_err(|_| format!("an alias expands to more than {MAX_NODES} nodes"))
    }
}

/// The message for nesting beyond [`MAX_DEPTH`].
pub(crate) fn too_deep() -> String {
    format!("the document nests deeper than {MAX_DEPTH} levels")
}

/// Refuses a document that declares more operations or component schemas than the limits,
/// with the pointer of the collection that holds too many.
pub(crate) fn check_counts(root: &Value) -> Result<(), (String, &'static str)> {
    let operations: usize = root
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(_, item)| item.as_object().map_or(0, |item| item.len()))
        .sum();
    if operations > MAX_OPERATIONS {
        return Err((
            format!("the paths declare more than {MAX_OPERATIONS} operations"),
            "/paths",
        ));
    }
    let schemas = root
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map_or(0, |schemas| schemas.len());
    if schemas > MAX_SCHEMAS {
        return Err((
            format!("`components.schemas` declares more than {MAX_SCHEMAS} schemas"),
            "/components/schemas",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_are_bounded_and_located() {
        assert_eq!(read_bounded(&b"a: 1\n"[..]).unwrap(), "a: 1\n");
        let endless = std::io::repeat(b'a');
        let error = read_bounded(endless).unwrap_err();
        assert!(error.message.contains("larger than the limit"), "{error}");
        let error = read_bounded(&b"a: 1\nb: \xff\n"[..]).unwrap_err();
        assert_eq!(error.position, Some(Position { line: 2, column: 4 }));
    }

    #[test]
    fn the_budget_refuses_past_each_limit() {
        let mut budget = Budget::default();
        assert!(budget.nodes(MAX_NODES).is_ok());
        assert!(budget.nodes(1).is_err());
        let mut budget = Budget::default();
        assert!(budget.alias(ALIAS_FREE, 1, 1).is_ok());
        let error = budget.alias(1, 1, 1).unwrap_err();
        assert!(error.contains("expand to more than 10000 nodes"), "{error}");
        let mut budget = Budget::default();
        budget.nodes(MAX_NODES / 2).unwrap();
        assert!(budget.alias(MAX_ALIAS_NODES, 1, 1).is_ok());
        let error = budget.alias(1, 1, 1).unwrap_err();
        assert!(
            error.contains("expand to more than 100000 nodes"),
            "{error}"
        );
        assert!(Budget::default().alias(1, MAX_DEPTH, 1).is_err());
    }
}
