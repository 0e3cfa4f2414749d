//! The one reader of the passport-paas OpenAPI document.
//!
//! - [`model`]: loading (YAML or JSON, with a source map), `$ref`/`allOf` resolution and the
//!   operation table that every tool walks;
//! - [`validate`]: OpenAPI 3.0 schemas as JSON Schema, for examples, requests and responses;
//! - `codegen` (feature `codegen`): the progenitor settings and the per-operation wiring the
//!   library's `build.rs` generates (the build includes the same files).

#![deny(missing_docs)]

pub mod instances;
pub mod model;
pub mod validate;

#[cfg(feature = "codegen")]
pub mod codegen;

pub use model::*;
