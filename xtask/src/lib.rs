//! The harness behind `cargo xtask`: one module per task, each callable from tests.
//!
//! `spec` and `diff` read documents through the spec model only (`passport-paas-spec`), never
//! through code generated from the spec under review, so they run on any document, including
//! one that breaks the generated client. `conformance` and `mock` live in their own crates and
//! are reached through [`passthrough`].

#![deny(missing_docs)]

pub mod cargo;
pub mod diff;
pub mod generate;
pub mod git;
pub mod github;
pub mod output;
pub mod passthrough;
pub mod review;
pub mod spec;

pub use passport_paas_spec::codegen::SPEC_PATH;

/// The workspace root (the library crate's directory).
pub fn workspace_root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask sits in the workspace")
        .to_path_buf()
}

/// The project's own spec.
pub fn project_spec() -> std::path::PathBuf {
    workspace_root().join(SPEC_PATH)
}
