//! Generates the client from `openapi/passport-paas.yaml` into `$OUT_DIR`.
//!
//! Shape after progenitor's `example-build`: load the spec, generate with explicit settings,
//! format with prettyplease, write to `$OUT_DIR`. The spec model and the generator are the
//! `passport-paas-spec` build-dependency (feature `codegen`), the same crate every other tool
//! reads the spec with: `codegen.rs` (progenitor's client), `enums.rs` (open enums) and
//! `wiring.rs` (per-operation tables and impls).

use std::path::Path;

use passport_paas_spec::{codegen, model};

fn main() {
    println!("cargo:rerun-if-changed={}", codegen::SPEC_PATH);
    let text = std::fs::read_to_string(codegen::SPEC_PATH)
        .unwrap_or_else(|error| fail(&format!("cannot read {}: {error}", codegen::SPEC_PATH)));
    let spec = model::Spec::parse(&text)
        .unwrap_or_else(|error| fail(&format!("{}: {error}", codegen::SPEC_PATH)));
    let generated = codegen::generate(&spec)
        .unwrap_or_else(|error| fail(&format!("{}: {error}", codegen::SPEC_PATH)));
    let out_dir = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR for build scripts");
    let out_dir = Path::new(&out_dir);
    write(&out_dir.join("codegen.rs"), &generated.client);
    write(&out_dir.join("enums.rs"), &generated.enums);
    write(&out_dir.join("wiring.rs"), &generated.wiring);
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
