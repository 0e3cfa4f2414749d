//! Generation from the project's spec succeeds, and the wiring covers every operation.
#![cfg(feature = "codegen")]

use passport_paas_spec::{Spec, codegen};

fn generate(file: &str) -> (Spec, codegen::Generated) {
    let path = format!("{}/../openapi/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("readable");
    let spec = Spec::parse(&text).expect("parses");
    let generated = codegen::generate(&spec).unwrap_or_else(|e| panic!("{file}: {e}"));
    if let Ok(dir) = std::env::var("DUMP_GENERATED") {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(format!("{dir}/{file}.client.rs"), &generated.client).unwrap();
        std::fs::write(format!("{dir}/{file}.wiring.rs"), &generated.wiring).unwrap();
        std::fs::write(format!("{dir}/{file}.enums.rs"), &generated.enums).unwrap();
    }
    (spec, generated)
}

#[test]
fn the_spec_generates_with_wiring_for_every_operation() {
    let (spec, generated) = generate("passport-paas.yaml");
    for operation in &spec.api.operations {
        assert!(
            generated
                .wiring
                .contains(&format!("id: \"{}\"", operation.id)),
            "{}",
            operation.id
        );
    }
}
