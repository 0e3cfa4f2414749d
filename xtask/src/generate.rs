//! `cargo xtask generate [--out DIR]`: write the formatted generated client for reading.
//!
//! It is exactly what `build.rs` writes to `$OUT_DIR` (same file, same settings), so a reviewer
//! can read or diff the client a spec change produces.

use std::path::{Path, PathBuf};

use crate::codegen;

/// Generates the client for the spec at `spec` as formatted Rust.
pub fn generated_code(spec: &Path) -> Result<String, String> {
    let document = codegen::load_spec(spec)?;
    codegen::generate(&document)
}

/// Writes `codegen.rs` (and `constraints.rs`) under `out`; returns the client's path.
pub fn run(spec: &Path, out: &Path) -> Result<PathBuf, String> {
    let document = codegen::load_spec(spec)?;
    let code = codegen::generate(&document)?;
    std::fs::create_dir_all(out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let client = out.join("codegen.rs");
    std::fs::write(&client, code).map_err(|e| format!("cannot write {}: {e}", client.display()))?;
    let constraints = out.join("constraints.rs");
    std::fs::write(&constraints, codegen::query_constraints(&document))
        .map_err(|e| format!("cannot write {}: {e}", constraints.display()))?;
    Ok(client)
}
