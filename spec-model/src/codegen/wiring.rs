//! The per-operation wiring: what would otherwise be written by hand once per operation.
//!
//! For every operation of the spec, the build emits
//! - its row of the operation table (auth, parameters with ranges and lengths, pagination;
//!   see `tables`);
//! - `Client::<operation>()` with the spec's summary and description as its doc;
//! - `impl Request` for its builder, so `.call()` works whatever its error schema, and
//!   whether its success is JSON or raw bytes;
//! - `impl Paginated` when it follows the pagination convention (see `paging`);
//! - a dynamic entry: operation id + JSON input → the generated builder (harness, `paas`; see
//!   `dynamic`).
//!
//! Types are taken from what progenitor generated ([`Shapes`]), never guessed.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::Type;

use super::super::model::{Operation, Resolver, Spec};
use super::dynamic::dynamic_builder;
use super::paging::paginated;
use super::prepare::Prepared;
use super::syntax::{Builder, Shapes};
use super::tables::{components, row};

/// The generated pieces, one list per kind, in operation order.
#[derive(Default)]
struct Pieces {
    table: Vec<TokenStream>,
    methods: Vec<TokenStream>,
    impls: Vec<TokenStream>,
    builds: Vec<TokenStream>,
    sends: Vec<TokenStream>,
    walks: Vec<TokenStream>,
}

/// Emits the wiring module's body, formatted.
pub fn emit(spec: &Spec, prepared: &Prepared, shapes: &Shapes) -> Result<String, String> {
    let resolver = spec.resolver();
    let mut pieces = Pieces::default();
    for operation in &spec.api.operations {
        wire(operation, &resolver, shapes, &mut pieces)?;
    }
    let components = components(spec, prepared, shapes);
    let tokens = module(&pieces, &components);
    let file: syn::File =
        syn::parse2(tokens).map_err(|error| format!("the wiring does not parse: {error}"))?;
    Ok(prettyplease::unparse(&file))
}

/// Adds one operation's pieces.
fn wire(
    operation: &Operation,
    resolver: &Resolver<'_>,
    shapes: &Shapes,
    pieces: &mut Pieces,
) -> Result<(), String> {
    let (builder_name, builder) = generated_builder(operation, shapes)?;
    let ty = format_ident!("{}", builder_name);
    let method = format_ident!("{}", operation.rust_name);
    let id = &operation.id;
    pieces.table.push(row(operation, resolver));
    pieces.methods.push(client_method(operation, &method, &ty));
    pieces.impls.push(request_impl(operation, builder, &ty));
    let build = format_ident!("build_{}", operation.rust_name);
    pieces
        .builds
        .push(dynamic_builder(operation, builder, &build, &method, &ty)?);
    let send = if raw_success(&builder.output) {
        quote! { send_raw }
    } else {
        quote! { send }
    };
    pieces
        .sends
        .push(quote! { #id => Ok(crate::dynamic::#send(#build(client, input)?)), });
    if let Some(paginated) = paginated(operation, builder, shapes, &ty)? {
        pieces.impls.push(paginated);
        pieces
            .walks
            .push(quote! { #id => Ok(crate::dynamic::walk(#build(client, input)?, options)), });
    }
    Ok(())
}

/// The builder progenitor generated for `operation`: its type name and shape.
fn generated_builder<'s>(
    operation: &Operation,
    shapes: &'s Shapes,
) -> Result<(&'s String, &'s Builder), String> {
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
    Ok((builder_name, builder))
}

/// Whether a success is not JSON (`text/plain`, `image/png`): progenitor hands over the
/// bytes, which no JSON check applies to.
fn raw_success(output: &Type) -> bool {
    let output_text = quote!(#output).to_string();
    output_text.contains("ByteStream") || output_text.contains("Upgraded")
}

/// `impl Request` for the operation's builder.
fn request_impl(operation: &Operation, builder: &Builder, ty: &syn::Ident) -> TokenStream {
    let id = &operation.id;
    let output = &builder.output;
    let error = &builder.error;
    // A `DELETE` whose retry finds the work done can only report success when the
    // success carries no body.
    let settled = if quote!(#output).to_string() == "()" {
        quote! { Some(()) }
    } else {
        quote! { None }
    };
    let raw = raw_success(output);
    quote! {
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
    }
}

/// `Client::<operation>()`, with the spec's summary and description as its doc.
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

/// The module: the two tables, the client methods, the impls, the dynamic builders and the
/// two dispatchers.
fn module(pieces: &Pieces, components: &[TokenStream]) -> TokenStream {
    let Pieces {
        table,
        methods,
        impls,
        builds,
        sends,
        walks,
    } = pieces;
    quote! {
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
    }
}
