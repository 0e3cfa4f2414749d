//! Client generation: the spec model → progenitor → formatted Rust, plus the per-operation
//! wiring the hand-written layer needs.
//!
//! The library's `build.rs` and `xtask` both reach this module through the `codegen` feature
//! of the spec crate (a build-dependency of the library), so `cargo xtask generate` and the
//! build produce the same code from the same settings.

mod callbacks;
mod dynamic;
mod enums;
mod kinds;
mod paging;
mod prepare;
mod responses;
mod scalars;
mod schema_walk;
mod syntax;
mod tables;
mod wiring;

use progenitor::{GenerationSettings, Generator, HooksMode, InterfaceStyle, TagStyle, TypeImpl};

use super::model::Spec;

pub use prepare::{EnumKind, LEAVES, OpenEnum, Prepared, enum_values, prepare, string_enum};

/// The spec, relative to the library crate's root.
pub const SPEC_PATH: &str = "openapi/passport-paas.yaml";

/// Where the generated open enums live, as the generated code names them.
pub const ENUM_MODULE: &str = "crate::generated::enums";

/// Everything the build writes.
#[derive(Debug)]
pub struct Generated {
    /// progenitor's client, formatted.
    pub client: String,
    /// The open enums, formatted.
    pub enums: String,
    /// The per-operation wiring, formatted.
    pub wiring: String,
}

/// The generator settings: builder interface, user-implemented hooks, the client's lenient
/// leaves and open enums in place of the schemas `prepare` named, and `schemars` derives.
pub fn settings(prepared: &Prepared) -> GenerationSettings {
    let mut settings = GenerationSettings::new();
    settings
        .with_interface(InterfaceStyle::Builder)
        .with_tag(TagStyle::Merged)
        .with_hooks(HooksMode::Expected)
        .with_inner_type(quote::quote!(crate::hooks::HookState))
        .with_derive("schemars::JsonSchema")
        .with_derive("PartialEq");
    for leaf in LEAVES {
        let mut impls = vec![TypeImpl::Display];
        if leaf.from_str {
            impls.push(TypeImpl::FromStr);
        }
        settings.with_replacement(leaf.component, leaf.rust_type, impls.into_iter());
    }
    for (component, reserved) in &prepared.leaf_components {
        if let Some(leaf) = LEAVES.iter().find(|leaf| leaf.component == *reserved) {
            let mut impls = vec![TypeImpl::Display];
            if leaf.from_str {
                impls.push(TypeImpl::FromStr);
            }
            settings.with_replacement(component, leaf.rust_type, impls.into_iter());
        }
    }
    for open in &prepared.enums {
        settings.with_replacement(
            &open.name,
            format!("{ENUM_MODULE}::{}", kinds::type_name(&open.name)),
            [TypeImpl::Display, TypeImpl::FromStr].into_iter(),
        );
    }
    settings
}

/// Parses the prepared document as progenitor's input.
pub fn openapi(prepared: &Prepared) -> Result<openapiv3::OpenAPI, String> {
    serde_json::from_value(prepared.document.clone())
        .map_err(|error| format!("not an OpenAPI 3.0 document progenitor can read: {error}"))
}

/// Runs progenitor on the prepared spec; its output, formatted. Panics inside progenitor
/// come back as `Err` with their message.
pub fn generate_client(prepared: &Prepared) -> Result<String, String> {
    let spec = openapi(prepared)?;
    let mut generator = Generator::new(&settings(prepared));
    let tokens = catch_panic(|| generator.generate_tokens(&spec))?
        .map_err(|error| format!("progenitor cannot generate the client: {error}"))?;
    let file: syn::File =
        syn::parse2(tokens).map_err(|error| format!("generated code does not parse: {error}"))?;
    Ok(prettyplease::unparse(&file))
}

/// Generates the client, its open enums and its wiring from a parsed spec.
pub fn generate(spec: &Spec) -> Result<Generated, String> {
    if let Some(version) = spec.root().get("openapi").and_then(|v| v.as_str())
        && !version.starts_with("3.0.")
    {
        return Err(format!(
            "openapi {version} is not supported: progenitor reads OpenAPI 3.0.x"
        ));
    }
    let prepared = prepare(spec.root());
    let client = generate_client(&prepared)?;
    let file: syn::File = syn::parse_str(&client)
        .map_err(|error| format!("generated code does not parse: {error}"))?;
    let shapes = syntax::Shapes::read(&file);
    let mut wiring = wiring::emit(spec, &prepared, &shapes)?;
    wiring.push_str(&callbacks::emit_formatted(spec.root(), &shapes.types)?);
    Ok(Generated {
        client,
        enums: enums::emit(&prepared.enums),
        wiring,
    })
}

/// Runs `work`, turning a panic into `Err` with the panic's message (not printed).
pub fn catch_panic<T>(work: impl FnOnce() -> T) -> Result<T, String> {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work));
    std::panic::set_hook(previous);
    outcome.map_err(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "no message".to_owned());
        format!("progenitor panicked: {message}")
    })
}
