//! The one reader of the passport-paas OpenAPI document.
//!
//! - [`model`]: loading (YAML or JSON, with a source map), `$ref`/`allOf` resolution and the
//!   operation table that every tool walks;
//! - [`prose`]: descriptions as readers see them, without the maintainers' provenance markers;
//! - [`surface`]: the `paas` command-line surface (groups, commands, flags and their names);
//! - `validate` and `instances` (feature `validate`, on by default): OpenAPI 3.0 schemas as
//!   JSON Schema, for examples, requests and responses, and seeded instances of them;
//! - `codegen` (feature `codegen`): the progenitor settings and the per-operation wiring the
//!   library's `build.rs` generates (its build-dependency on this crate enables only this).

#![deny(missing_docs)]

#[cfg(feature = "validate")]
pub mod instances;
pub mod model;
pub mod prose;
pub mod surface;
#[cfg(feature = "validate")]
pub mod validate;

#[cfg(feature = "codegen")]
pub mod codegen;

pub use model::*;
