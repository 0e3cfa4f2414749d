//! The per-operation wiring: what would otherwise be written by hand once per operation.
//!
//! For every operation of the spec, the build emits
//! - its row of the operation table (auth, parameters with ranges and lengths, pagination);
//! - `Client::<operation>()` with the spec's summary and description as its doc;
//! - `impl Request` for its builder, so `.call()` works whatever its error schema, and
//!   whether its success is JSON or raw bytes;
//! - `impl Paginated` when it follows the pagination convention;
//! - a dynamic entry: operation id + JSON input → the generated builder (harness, `paas`).
//!
//! Types are taken from what progenitor generated ([`Shapes`]), never guessed.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value;
use syn::Type;

use super::super::model::{Location, Operation, Resolver, Spec};
use super::prepare::{LEAVES, Prepared};
use super::syntax::{Builder, Shapes};

/// Emits the wiring module's body, formatted.
pub fn emit(spec: &Spec, prepared: &Prepared, shapes: &Shapes) -> Result<String, String> {
    let resolver = spec.resolver();
    let mut table = Vec::new();
    let mut methods = Vec::new();
    let mut impls = Vec::new();
    let mut builds = Vec::new();
    let mut sends = Vec::new();
    let mut walks = Vec::new();
    for operation in &spec.api.operations {
        let builder_name = shapes.methods.get(&operation.rust_name).ok_or_else(|| {
            format!(
                "progenitor generated no method `{}` for operation {}",
                operation.rust_name, operation.id
            )
        })?;
        let builder = shapes.builders.get(builder_name).ok_or_else(|| {
            format!(
                "progenitor generated no builder `{builder_name}` for {}",
                operation.id
            )
        })?;
        let ty = format_ident!("{}", builder_name);
        let method = format_ident!("{}", operation.rust_name);
        let id = &operation.id;
        table.push(row(operation, &resolver));
        methods.push(client_method(operation, &method, &ty));
        let output = &builder.output;
        let error = &builder.error;
        // A `DELETE` whose retry finds the work done can only report success when the
        // success carries no body.
        let output_text = quote!(#output).to_string();
        let settled = if output_text == "()" {
            quote! { Some(()) }
        } else {
            quote! { None }
        };
        // A success that is not JSON (`text/plain`, `image/png`): progenitor hands over the
        // bytes, which no JSON check applies to.
        let raw = output_text.contains("ByteStream") || output_text.contains("Upgraded");
        impls.push(quote! {
            impl<'a> crate::call::Request for builder::#ty<'a> {
                type Output = #output;
                type ErrorBody = #error;
                const OPERATION: &'static str = #id;
                const RAW_SUCCESS: bool = #raw;
                fn send_generated(
                    self,
                ) -> impl ::std::future::Future<
                    Output = ::std::result::Result<
                        progenitor_client::ResponseValue<#output>,
                        progenitor_client::Error<#error>,
                    >,
                > + Send {
                    builder::#ty::send(self)
                }
                fn settled_output() -> Option<#output> {
                    #settled
                }
            }
        });
        let build = format_ident!("build_{}", operation.rust_name);
        builds.push(dynamic_builder(operation, builder, &build, &method, &ty)?);
        let send = if raw {
            quote! { send_raw }
        } else {
            quote! { send }
        };
        sends.push(quote! { #id => Ok(crate::dynamic::#send(#build(client, input)?)), });
        if let Some(paginated) = paginated(operation, builder, shapes, &ty)? {
            impls.push(paginated);
            walks
                .push(quote! { #id => Ok(crate::dynamic::walk(#build(client, input)?, options)), });
        }
    }
    let components = components(spec, prepared, shapes);
    let tokens = quote! {
        /// Every schema of `components.schemas` with the Rust type that models it.
        pub(crate) static COMPONENTS: &[crate::dynamic::Component] = &[#(#components),*];

        /// Every operation of the spec, in document order.
        pub(crate) static OPERATIONS: &[crate::operation::OperationSpec] = &[#(#table),*];

        #[allow(deprecated)]
        impl crate::Client { #(#methods)* }

        #(#impls)*

        #(#builds)*

        /// Starts the operation `id` with `input` (dynamic dispatch).
        #[allow(deprecated, unused_variables)]
        pub(crate) fn send<'a>(
            client: &'a crate::Client,
            id: &str,
            input: &crate::dynamic::Input,
        ) -> ::std::result::Result<crate::dynamic::Pending<'a>, crate::Error> {
            match id {
                #(#sends)*
                other => Err(crate::dynamic::unknown_operation(other)),
            }
        }

        /// Walks every page of the list operation `id` with `input` (dynamic dispatch).
        #[allow(deprecated, unused_variables)]
        pub(crate) fn walk<'a>(
            client: &'a crate::Client,
            id: &str,
            input: &crate::dynamic::Input,
            options: crate::PageOptions,
        ) -> ::std::result::Result<crate::dynamic::Pages<'a>, crate::Error> {
            match id {
                #(#walks)*
                other => Err(crate::dynamic::not_paginated(other)),
            }
        }
    };
    let file: syn::File =
        syn::parse2(tokens).map_err(|error| format!("the wiring does not parse: {error}"))?;
    Ok(prettyplease::unparse(&file))
}

/// One row per component schema: its name and the Rust type that models it.
fn components(spec: &Spec, prepared: &Prepared, shapes: &Shapes) -> Vec<TokenStream> {
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
                let type_name =
                    super::super::model::sanitize(name, super::super::model::Case::Pascal);
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

fn optional_str(value: Option<&str>) -> TokenStream {
    match value {
        Some(text) => quote! { Some(#text) },
        None => quote! { None },
    }
}

fn optional_i64(value: Option<i64>) -> TokenStream {
    match value {
        Some(number) => {
            let literal = Literal::i64_suffixed(number);
            quote! { Some(#literal) }
        }
        None => quote! { None },
    }
}

fn optional_u64(value: Option<u64>) -> TokenStream {
    match value {
        Some(number) => {
            let literal = Literal::u64_suffixed(number);
            quote! { Some(#literal) }
        }
        None => quote! { None },
    }
}

/// The operation's row of the table.
fn row(operation: &Operation, resolver: &Resolver<'_>) -> TokenStream {
    let id = &operation.id;
    let rust_name = &operation.rust_name;
    let method = operation.method.to_uppercase();
    let path = &operation.path;
    let tags = &operation.tags;
    let needs_credentials = operation.auth != super::super::model::Auth::None;
    let parameters = operation.parameters.iter().map(|parameter| {
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
    });
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

fn client_method(operation: &Operation, method: &syn::Ident, ty: &syn::Ident) -> TokenStream {
    let mut doc = format!(
        "`{} {}`",
        operation.method.to_uppercase(),
        operation.path.replace('`', "'")
    );
    if let Some(summary) = &operation.summary {
        doc.push_str(&format!(": {summary}"));
    }
    if let Some(description) = &operation.description {
        doc.push_str(&format!("\n\n{}", description.trim()));
    }
    doc.push_str(
        "\n\nSet parameters on the returned builder, then send it with \
         [`Call::call`](crate::Call::call)",
    );
    if operation.pagination.is_some() {
        doc.push_str(", or walk every page with [`Paginate`](crate::Paginate)");
    }
    doc.push('.');
    let deprecated = operation
        .deprecated
        .then(|| quote! { #[deprecated(note = "the spec marks this operation deprecated")] });
    quote! {
        #[doc = #doc]
        #deprecated
        pub fn #method(&self) -> builder::#ty<'_> {
            self.generated().#method()
        }
    }
}

/// `build_<operation>`: a builder with every parameter and the body taken from JSON.
fn dynamic_builder(
    operation: &Operation,
    builder: &Builder,
    build: &syn::Ident,
    method: &syn::Ident,
    ty: &syn::Ident,
) -> Result<TokenStream, String> {
    let mut names = Vec::new();
    let mut sets = Vec::new();
    for parameter in &operation.parameters {
        let setter = builder.setters.get(&parameter.rust_name).ok_or_else(|| {
            format!(
                "progenitor generated no setter `{}` for parameter {:?} of {}",
                parameter.rust_name, parameter.name, operation.id
            )
        })?;
        let name = &parameter.name;
        let setter_ident = format_ident!("{}", parameter.rust_name);
        names.push(name.clone());
        sets.push(quote! {
            if let Some(value) = input.parameter(#name) {
                request = request.#setter_ident(crate::dynamic::argument::<#setter>(#name, value)?);
            }
        });
    }
    let raw = |ty: &Type| last_segment(ty).is_some_and(|(name, _)| name == "Body");
    let body = match (&operation.body, builder.setters.get("body")) {
        // A body progenitor sends as raw bytes (`application/octet-stream`, …): a string's
        // text, or any other JSON as its text.
        (Some(_), Some(body_type)) if raw(body_type) => quote! {
            if let Some(value) = input.body() {
                let bytes: ::std::vec::Vec<u8> = match value {
                    ::serde_json::Value::String(text) => text.clone().into_bytes(),
                    other => other.to_string().into_bytes(),
                };
                request = request.body(bytes);
            }
        },
        (Some(_), Some(body_type)) => quote! {
            if let Some(value) = input.body() {
                request = request.body(crate::dynamic::argument::<#body_type>("body", value)?);
            }
        },
        _ => quote! { input.expect_no_body()?; },
    };
    Ok(quote! {
        #[allow(deprecated, unused_mut)]
        fn #build<'a>(
            client: &'a crate::Client,
            input: &crate::dynamic::Input,
        ) -> ::std::result::Result<builder::#ty<'a>, crate::Error> {
            input.expect_parameters(&[#(#names),*])?;
            let mut request = client.#method();
            #(#sets)*
            #body
            Ok(request)
        }
    })
}

/// The last segment of a path type, with its type arguments.
fn last_segment(ty: &Type) -> Option<(String, Vec<Type>)> {
    let Type::Path(path) = ty else {
        return None;
    };
    let last = path.path.segments.last()?;
    let arguments = match &last.arguments {
        syn::PathArguments::AngleBracketed(args) => args
            .args
            .iter()
            .filter_map(|a| match a {
                syn::GenericArgument::Type(t) => Some(t.clone()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    Some((last.ident.to_string(), arguments))
}

/// `impl Paginated` for a list operation.
fn paginated(
    operation: &Operation,
    builder: &Builder,
    shapes: &Shapes,
    ty: &syn::Ident,
) -> Result<Option<TokenStream>, String> {
    let Some(pagination) = &operation.pagination else {
        return Ok(None);
    };
    let missing = |what: &str| format!("{}: the generated code has no {what}", operation.id);
    let (page_type, _) = last_segment(&builder.output).ok_or_else(|| missing("page type"))?;
    let page = shapes
        .structs
        .get(&page_type)
        .ok_or_else(|| missing("page struct"))?;
    let field = |wire: &str| page.fields.iter().find(|(w, _, _)| w == wire);
    let (_, info_field, _) =
        field(&pagination.info_property).ok_or_else(|| missing("pagination field"))?;
    let (_, items_field, items_type) =
        field(&pagination.items_property).ok_or_else(|| missing("items field"))?;
    let info_field = format_ident!("{}", info_field);
    let items_field = format_ident!("{}", items_field);
    // `Vec<T>` or `Option<Vec<T>>`.
    let (outer, arguments) = last_segment(items_type).ok_or_else(|| missing("items type"))?;
    let (items_expr, borrowed, vec_type) = match (outer.as_str(), arguments.first()) {
        ("Vec", _) => (
            quote! { page.#items_field },
            quote! { &page.#items_field },
            items_type.clone(),
        ),
        ("Option", Some(inner)) => (
            quote! { page.#items_field.unwrap_or_default() },
            quote! { page.#items_field.as_deref().unwrap_or_default() },
            inner.clone(),
        ),
        _ => return Err(missing("list of items")),
    };
    let item_type = last_segment(&vec_type)
        .and_then(|(_, args)| args.into_iter().next())
        .ok_or_else(|| missing("item type"))?;
    let item_name = last_segment(&item_type).map(|(name, _)| name);
    // Field types inside `types` name their siblings unqualified.
    let item_type = match (&item_type, &item_name) {
        (Type::Path(path), Some(name))
            if path.qself.is_none()
                && path.path.leading_colon.is_none()
                && path.path.segments.len() == 1
                && shapes.structs.contains_key(name) =>
        {
            let ident = format_ident!("{}", name);
            syn::parse_quote!(types::#ident)
        }
        _ => item_type,
    };
    let item_id = pagination
        .item_id
        .as_ref()
        .and_then(|wire| {
            let (name, _) = last_segment(&item_type)?;
            let (_, rust, _) = shapes
                .structs
                .get(&name)?
                .fields
                .iter()
                .find(|(w, _, _)| w == wire)?;
            Some(format_ident!("{}", rust))
        })
        .map_or_else(
            || quote! { None },
            |field| quote! { crate::pagination::id_text(&item.#field) },
        );
    let page_setter = format_ident!(
        "{}",
        super::super::model::sanitize(&pagination.page_number, super::super::model::Case::Snake)
    );
    let snapshot = match &pagination.snapshot {
        Some((seconds, nanos)) => {
            let seconds = format_ident!(
                "{}",
                super::super::model::sanitize(seconds, super::super::model::Case::Snake)
            );
            let nanos = format_ident!(
                "{}",
                super::super::model::sanitize(nanos, super::super::model::Case::Snake)
            );
            quote! { Some(self.#seconds(seconds).#nanos(nanos)) }
        }
        None => quote! { { let _ = (seconds, nanos); None } },
    };
    let names = page_fields(pagination);
    Ok(Some(quote! {
        impl<'a> crate::pagination::Paginated<'a> for builder::#ty<'a> {
            type Item = #item_type;
            fn with_page(self, page: u32) -> Self {
                self.#page_setter(page)
            }
            fn with_snapshot(self, seconds: i64, nanos: i32) -> Option<Self> {
                #snapshot
            }
            fn page_info(
                page: &Self::Output,
            ) -> ::std::result::Result<crate::pagination::PageInfo, crate::Error> {
                crate::pagination::PageInfo::read(&page.#info_field, &#names)
            }
            fn page_items(page: &Self::Output) -> &[Self::Item] {
                #borrowed
            }
            fn into_page_items(page: Self::Output) -> Vec<Self::Item> {
                #items_expr
            }
            fn item_id(item: &Self::Item) -> Option<String> {
                #item_id
            }
        }
    }))
}

/// The wire names of a list's pagination state, as the walker's `PageFields`.
fn page_fields(pagination: &super::super::model::Pagination) -> TokenStream {
    let optional = |name: &Option<String>| match name {
        Some(name) => quote! { Some(#name) },
        None => quote! { None },
    };
    let state = &pagination.info_property;
    let total_pages = &pagination.info.total_pages;
    let current_page = &pagination.info.current_page;
    let total_elements = optional(&pagination.info.total_elements);
    let snapshot = optional(&pagination.info.snapshot);
    quote! {
        crate::pagination::PageFields {
            state: #state,
            total_pages: #total_pages,
            current_page: #current_page,
            total_elements: #total_elements,
            snapshot: #snapshot,
        }
    }
}
