//! `cargo xtask generate [--spec PATH] [--out DIR]`: write the code the build generates.
//!
//! The same spec model and the same `codegen::generate` as `build.rs`, so a reviewer can read or
//! diff the client, its open enums and its wiring a spec change produces.

use std::path::{Path, PathBuf};

use passport_paas_spec::{Spec, codegen};

/// The generated code for the spec at `path`.
pub fn generated(path: &Path) -> Result<codegen::Generated, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
    let spec = Spec::parse(&text).map_err(|error| format!("{}: {error}", path.display()))?;
    codegen::generate(&spec)
}

/// Writes `client.rs`, `enums.rs` and `wiring.rs` under `out`; returns the files written.
pub fn run(spec: &Path, out: &Path) -> Result<Vec<PathBuf>, String> {
    let generated = generated(spec)?;
    std::fs::create_dir_all(out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let mut written = Vec::new();
    for (name, code) in [
        ("client.rs", &generated.client),
        ("enums.rs", &generated.enums),
        ("wiring.rs", &generated.wiring),
    ] {
        let path = out.join(name);
        std::fs::write(&path, code).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        written.push(path);
    }
    Ok(written)
}
