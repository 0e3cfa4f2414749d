//! Generates the client from `openapi/passport-paas.yaml` into `$OUT_DIR/codegen.rs`.
//!
//! Shape after progenitor's `example-build`: load the spec, generate with explicit settings
//! (shared with `xtask` through `codegen/mod.rs`), format with prettyplease, write to `$OUT_DIR`.

#[path = "codegen/mod.rs"]
mod codegen;

use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed={}", codegen::SPEC_PATH);
    println!("cargo:rerun-if-changed=codegen/mod.rs");
    let spec =
        codegen::load_spec(Path::new(codegen::SPEC_PATH)).unwrap_or_else(|error| fail(&error));
    let code = codegen::generate(&spec).unwrap_or_else(|error| fail(&error));
    let out_dir = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR for build scripts");
    write(&Path::new(&out_dir).join("codegen.rs"), &code);
    write(
        &Path::new(&out_dir).join("constraints.rs"),
        &codegen::query_constraints(&spec),
    );
}

fn write(path: &Path, text: &str) {
    if let Err(error) = std::fs::write(path, text) {
        fail(&format!("cannot write {}: {error}", path.display()));
    }
}

/// Stops the build with one readable line instead of a panic backtrace.
fn fail(message: &str) -> ! {
    println!("cargo:warning=passport-paas: {message}");
    eprintln!("error: {message}");
    std::process::exit(1);
}
