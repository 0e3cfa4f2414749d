//! The harness behind `cargo xtask`: one module per command, each callable from tests.

/// Spec loading and generator settings, shared with `build.rs` (the same file).
#[path = "../../codegen/mod.rs"]
pub mod codegen;

pub mod conformance;
pub mod diff;
pub mod generate;
pub mod mock;
pub mod schema;
pub mod spec;

/// The workspace root (the library crate's directory).
pub fn workspace_root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask sits in the workspace")
        .to_path_buf()
}
