//! The spec model: one loader, one source map, one resolver, one operation table.
//!
//! Everything that reads `openapi/passport-paas.yaml` — `build.rs`, the mock, `xtask spec`,
//! `xtask diff`, the conformance harness and `paas` — reads it through this module, so they
//! agree on what it means. The library's `build.rs` uses it through the build-dependency on
//! this crate (without the `validate` feature), so it depends on nothing a build script lacks.

mod callbacks;
mod cycles;
mod document;
mod effective;
mod events;
pub mod limits;
mod media;
mod merge;
mod names;
mod operations;
mod pagination;
mod parameters;
mod resolve;
mod resources;
mod responses;
mod scalars;
mod security;
mod source;

pub use callbacks::{Callback, callbacks};
pub use cycles::{Cycle, schema_cycles};
pub use document::Document;
pub use effective::Effective;
pub use events::LoadIssue;
pub use media::{Body, Content, Example, essence, is_json_essence, json_media, reads_as_json};
pub use merge::Merged;
pub use names::{Case, sanitize, sanitize_field};
pub use operations::{Api, METHODS, Operation};
pub use pagination::{Ordering, PageFields, Pagination};
pub use parameters::{Location, Parameter};
pub use resolve::{RefError, Resolver};
pub use resources::{Collection, Resources, Role, component_of, success};
pub use responses::{Response, Status};
pub use security::Auth;
pub use source::{LoadError, Position, SourceMap, escape, push_escaped, unescape};

/// A loaded spec: the document and its operation table.
#[derive(Clone, Debug)]
pub struct Spec {
    /// The parsed document.
    pub document: Document,
    /// Its operations.
    pub api: Api,
}

impl Spec {
    /// Parses `text` and builds the operation table. A document that is not a mapping (empty,
    /// `null`, a scalar, a list) is not a spec, and one past the [`limits`] is refused.
    pub fn parse(text: &str) -> Result<Self, LoadError> {
        let document = Document::parse(text)?;
        if !document.root.is_object() {
            return Err(LoadError {
                message: "the document is not a mapping of OpenAPI fields".into(),
                position: Some(document.locate("")),
            });
        }
        if let Err((message, pointer)) = limits::check_counts(&document.root) {
            return Err(LoadError {
                message,
                position: Some(document.locate(pointer)),
            });
        }
        let api = Api::new(&document.root);
        Ok(Self { document, api })
    }

    /// The document as JSON.
    pub fn root(&self) -> &serde_json::Value {
        &self.document.root
    }

    /// A resolver over the document.
    pub fn resolver(&self) -> Resolver<'_> {
        Resolver::new(&self.document.root)
    }
}
