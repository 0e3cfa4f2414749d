//! The generated tables: `OPERATIONS` (one row per operation: auth, parameters with ranges
//! and lengths, pagination, whether a success holds a secret) and `COMPONENTS` (each
//! component schema with the Rust type that models it).

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value;

use super::super::model::{Auth, Case, Location, Operation, Parameter, Resolver, Spec, sanitize};
use super::prepare::{LEAVES, Prepared};
use super::syntax::Shapes;

/// One row per component schema: its name and the Rust type that models it.
pub(super) fn components(spec: &Spec, prepared: &Prepared, shapes: &Shapes) -> Vec<TokenStream> {
    let names = spec
        .root()
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|schemas| schemas.keys().cloned().collect::<Vec<_>>())
        .unwrap_or_default();
    names
        .iter()
        .filter_map(|name| {
            let rust: syn::Type = if prepared.enums.iter().any(|e| &e.name == name) {
                let ident = format_ident!("{}", super::kinds::type_name(name));
                syn::parse_quote!(crate::generated::enums::#ident)
            } else if let Some((_, reserved)) =
                prepared.leaf_components.iter().find(|(c, _)| c == name)
            {
                let leaf = LEAVES.iter().find(|l| l.component == *reserved)?;
                syn::parse_str(leaf.rust_type).ok()?
            } else {
                let type_name = sanitize(name, Case::Pascal);
                if !shapes.types.contains(&type_name) {
                    return None;
                }
                let ident = format_ident!("{}", type_name);
                syn::parse_quote!(types::#ident)
            };
            Some(quote! {
                crate::dynamic::Component {
                    name: #name,
                    round_trip: crate::dynamic::round_trip::<#rust>,
                    json_schema: crate::dynamic::json_schema::<#rust>,
                }
            })
        })
        .collect()
}

/// The operation's row of the table.
pub(super) fn row(operation: &Operation, resolver: &Resolver<'_>) -> TokenStream {
    let id = &operation.id;
    let rust_name = &operation.rust_name;
    let method = operation.method.to_uppercase();
    let path = &operation.path;
    let tags = &operation.tags;
    let needs_credentials = operation.auth != Auth::None;
    let parameters = operation
        .parameters
        .iter()
        .map(|parameter| parameter_row(parameter, resolver));
    let paginated = operation.pagination.is_some();
    let returns_secret = operation
        .responses
        .iter()
        .filter(|r| r.status.is_success())
        .filter_map(|r| r.content.as_ref())
        .any(|content| holds_secret(resolver, &content.schema, 0));
    let summary = optional_str(operation.summary.as_deref());
    let deprecated = operation.deprecated;
    quote! {
        crate::operation::OperationSpec {
            id: #id,
            rust_name: #rust_name,
            method: #method,
            path: #path,
            tags: &[#(#tags),*],
            summary: #summary,
            deprecated: #deprecated,
            needs_credentials: #needs_credentials,
            paginated: #paginated,
            returns_secret: #returns_secret,
            parameters: &[#(#parameters),*],
        }
    }
}

/// Whether a schema holds a `format: password` string anywhere.
fn holds_secret(resolver: &Resolver<'_>, schema: &Value, depth: usize) -> bool {
    if depth > 16 {
        return false;
    }
    let schema = resolver.schema(schema);
    if schema.get("format").and_then(Value::as_str) == Some("password") {
        return true;
    }
    let children = schema
        .get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|p| p.values())
        .chain(schema.get("items"))
        .chain(
            ["oneOf", "anyOf"]
                .iter()
                .filter_map(|k| schema.get(*k).and_then(Value::as_array))
                .flatten(),
        );
    children
        .collect::<Vec<_>>()
        .into_iter()
        .any(|child| holds_secret(resolver, child, depth + 1))
}

/// A parameter's row: its name, place, required-ness, integer range and length bounds.
fn parameter_row(parameter: &Parameter, resolver: &Resolver<'_>) -> TokenStream {
    let name = &parameter.name;
    let rust_name = &parameter.rust_name;
    let location = format_ident!(
        "{}",
        match parameter.location {
            Location::Path => "Path",
            Location::Query => "Query",
            Location::Header => "Header",
            Location::Cookie => "Cookie",
        }
    );
    let required = parameter.required;
    let schema = resolver.schema(&parameter.schema);
    let integer = schema.get("type").and_then(Value::as_str) == Some("integer");
    let bound = |key: &str| schema.get(key).and_then(Value::as_i64).filter(|_| integer);
    let length = |key: &str| schema.get(key).and_then(Value::as_u64);
    let (minimum, maximum) = (
        optional_i64(bound("minimum")),
        optional_i64(bound("maximum")),
    );
    let (min_length, max_length) = (
        optional_u64(length("minLength")),
        optional_u64(length("maxLength")),
    );
    quote! {
        crate::operation::ParamSpec {
            name: #name,
            rust_name: #rust_name,
            location: crate::operation::Location::#location,
            required: #required,
            minimum: #minimum,
            maximum: #maximum,
            min_length: #min_length,
            max_length: #max_length,
        }
    }
}

/// `Some(text)` or `None`, as tokens.
fn optional_str(value: Option<&str>) -> TokenStream {
    match value {
        Some(text) => quote! { Some(#text) },
        None => quote! { None },
    }
}

/// `Some(number)` or `None`, as tokens.
fn optional_i64(value: Option<i64>) -> TokenStream {
    match value {
        Some(number) => {
            let literal = Literal::i64_suffixed(number);
            quote! { Some(#literal) }
        }
        None => quote! { None },
    }
}

/// `Some(number)` or `None`, as tokens.
fn optional_u64(value: Option<u64>) -> TokenStream {
    match value {
        Some(number) => {
            let literal = Literal::u64_suffixed(number);
            quote! { Some(#literal) }
        }
        None => quote! { None },
    }
}
