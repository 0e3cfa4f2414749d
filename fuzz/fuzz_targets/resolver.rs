//! The `$ref`/`allOf` resolver and the operation table on OpenAPI-shaped documents whose
//! component schemas refer to each other in every way (cycles through `$ref`, `allOf`,
//! `oneOf`/`anyOf`, `not`, `items`, `properties`, `additionalProperties`; anchors, aliases and
//! merge keys): the table builds, every effective schema and property list ends, cycles are
//! found, instances are bounded — never a panic, a hang or a stack overflow.
//! `cargo fuzz run --features libfuzzer resolver`.
#![cfg_attr(feature = "libfuzzer", no_main)]

use passport_paas_fuzz::fuzz_target;
use passport_paas_spec::instances::{Deviations, Generator};
use passport_paas_spec::{Resources, Spec, escape, schema_cycles, validate};
use serde_json::{Value, json};

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let text = match mode % 4 {
        0 => String::from_utf8_lossy(rest).into_owned(),
        _ => passport_paas_fuzz::document(rest),
    };
    let Ok(spec) = Spec::parse(&text) else {
        return;
    };
    let resolver = spec.resolver();
    let _ = Resources::new(&spec.api, &resolver);
    for cycle in schema_cycles(spec.root()) {
        assert!(cycle.pointer.ends_with("/$ref"), "{cycle:?}");
        assert!(spec.root().pointer(&cycle.pointer).is_some(), "{cycle:?}");
    }
    let names: Vec<String> = spec
        .root()
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(name, _)| name.clone())
        .collect();
    let deviations = Deviations {
        unknown_enums: true,
        extra_fields: true,
    };
    let mut generator = Generator::new(spec.root(), u64::from(mode), deviations);
    for name in names {
        let at = format!("/components/schemas/{}", escape(&name));
        let reference = json!({ "$ref": format!("#{at}") });
        let merged = resolver.schema(&reference);
        let _ = resolver.follow_at(&reference, "");
        let _ = resolver.property_sites(&reference, &at);
        let instance = generator.instance(&reference);
        let _ = validate::undocumented_fields(&resolver, &merged, &instance);
    }
    for operation in &spec.api.operations {
        assert!(operation.pointer.starts_with("/paths/"));
    }
});
