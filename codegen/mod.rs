//! Spec loading and generator settings, shared by `build.rs` and `xtask`.
//!
//! Both include this one file (`#[path = ...] mod codegen;`), so `cargo xtask generate` and the
//! build see exactly the same document and settings. Nothing else belongs here.

use std::path::Path;

use progenitor::{GenerationSettings, Generator, HooksMode, InterfaceStyle, TagStyle, TypeImpl};

/// The spec, relative to the library crate's root.
pub const SPEC_PATH: &str = "openapi/passport-paas.yaml";

/// Reads and parses an OpenAPI 3.0.x document.
///
/// YAML is parsed with `serde_norway`: `serde_yaml` is archived, `serde_yml` carries a RustSec
/// advisory, and `serde_norway` is a maintained, drop-in fork of `serde_yaml` with the same
/// data model, so `openapiv3`'s serde derives work unchanged.
pub fn load_spec(path: &Path) -> Result<openapiv3::OpenAPI, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
    parse_spec(&text).map_err(|error| format!("{}: {error}", path.display()))
}

/// Parses an OpenAPI 3.0.x document from YAML (or JSON, which is YAML) text.
pub fn parse_spec(text: &str) -> Result<openapiv3::OpenAPI, String> {
    let value: serde_norway::Value = serde_norway::from_str(text).map_err(|e| e.to_string())?;
    match value.get("openapi").and_then(serde_norway::Value::as_str) {
        Some(version) if version.starts_with("3.0.") => {}
        Some(version) => {
            return Err(format!(
                "openapi {version} is not supported: progenitor reads OpenAPI 3.0.x"
            ));
        }
        None => return Err("no `openapi` version field: progenitor reads OpenAPI 3.0.x".into()),
    }
    serde_norway::from_value(value).map_err(|e| e.to_string())
}

/// The generator settings: builder interface, user-implemented hooks, forward-compatible
/// replacements for enums, 64-bit integers and timestamps, and `schemars` derives.
pub fn settings() -> GenerationSettings {
    let mut settings = GenerationSettings::new();
    settings
        .with_interface(InterfaceStyle::Builder)
        .with_tag(TagStyle::Merged)
        .with_hooks(HooksMode::Expected)
        .with_inner_type(quote::quote!(crate::hooks::HookState))
        .with_derive("schemars::JsonSchema")
        .with_derive("PartialEq");
    for (schema, replacement, impls) in REPLACEMENTS {
        settings.with_replacement(schema, replacement, impls.iter().cloned());
    }
    settings
}

/// Spec schemas replaced by hand-written types: forward-compatible ones in `src/compat.rs`,
/// the redacting secret in `src/auth.rs`.
const REPLACEMENTS: &[(&str, &str, &[TypeImpl])] = &[
    (
        "GrantFlow",
        "crate::compat::GrantFlow",
        &[TypeImpl::Display, TypeImpl::FromStr],
    ),
    (
        "OrderDirection",
        "crate::compat::OrderDirection",
        &[TypeImpl::Display, TypeImpl::FromStr],
    ),
    (
        "Int64",
        "crate::compat::Int64",
        &[TypeImpl::Display, TypeImpl::FromStr],
    ),
    (
        "Timestamp",
        "crate::compat::Timestamp",
        &[TypeImpl::Display, TypeImpl::FromStr],
    ),
    // Secrets: `Debug` and `Display` redact them.
    ("ClientSecret", "crate::auth::Secret", &[TypeImpl::Display]),
    ("AccessToken", "crate::auth::Secret", &[TypeImpl::Display]),
];

/// Generates the client and formats it with prettyplease.
///
/// Generation errors come back as `Err` with the generator's message, never as a panic.
pub fn generate(spec: &openapiv3::OpenAPI) -> Result<String, String> {
    let mut generator = Generator::new(&settings());
    let tokens = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        generator.generate_tokens(spec)
    }))
    .map_err(|_| "progenitor panicked while generating the client".to_string())?
    .map_err(|error| format!("progenitor cannot generate the client: {error}"))?;
    let file: syn::File =
        syn::parse2(tokens).map_err(|error| format!("generated code does not parse: {error}"))?;
    Ok(prettyplease::unparse(&file))
}

/// Emits the range constraints of every integer query parameter as a Rust table, so the client
/// rejects an out-of-range value before sending it (`src/validate.rs` reads the table).
pub fn query_constraints(spec: &openapiv3::OpenAPI) -> String {
    use openapiv3::{IntegerType, ReferenceOr, SchemaKind, Type};
    let mut rows = String::new();
    for (_, method, operation) in spec.operations() {
        let _ = method;
        let Some(operation_id) = &operation.operation_id else {
            continue;
        };
        let operation_name = heck::ToSnakeCase::to_snake_case(operation_id.as_str());
        for parameter in &operation.parameters {
            let parameter = match parameter {
                ReferenceOr::Item(parameter) => parameter,
                ReferenceOr::Reference { reference } => {
                    match reference
                        .strip_prefix("#/components/parameters/")
                        .and_then(|name| spec.components.as_ref()?.parameters.get(name))
                    {
                        Some(ReferenceOr::Item(parameter)) => parameter,
                        _ => continue,
                    }
                }
            };
            let openapiv3::Parameter::Query { parameter_data, .. } = parameter else {
                continue;
            };
            let openapiv3::ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)) =
                &parameter_data.format
            else {
                continue;
            };
            let SchemaKind::Type(Type::Integer(IntegerType {
                minimum, maximum, ..
            })) = &schema.schema_kind
            else {
                continue;
            };
            let rust_name = heck::ToSnakeCase::to_snake_case(parameter_data.name.as_str());
            rows.push_str(&format!(
                "    QueryConstraint {{ operation: {operation_name:?}, name: {:?}, rust_name: {rust_name:?}, minimum: {minimum:?}, maximum: {maximum:?} }},\n",
                parameter_data.name
            ));
        }
    }
    let open: Vec<String> = spec
        .operations()
        .filter(|(_, _, operation)| operation.security.as_ref().is_some_and(|s| s.is_empty()))
        .filter_map(|(_, _, operation)| operation.operation_id.as_deref())
        .map(|id| format!("{:?}", heck::ToSnakeCase::to_snake_case(id)))
        .collect();
    format!(
        "/// Integer query-parameter ranges from the spec: generated by `codegen/mod.rs`.\n\
         pub(crate) const QUERY_CONSTRAINTS: &[QueryConstraint] = &[\n{rows}];\n\n\
         /// Operations the spec marks `security: []`: sent without credentials.\n\
         pub(crate) const UNAUTHENTICATED_OPERATIONS: &[&str] = &[{}];\n",
        open.join(", ")
    )
}
