//! The dynamic entries: `build_<operation>`, which fills the generated builder from an
//! operation id's JSON input (parameters by wire name, the body), for the harness and `paas`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use syn::Type;

use super::super::model::Operation;
use super::syntax::{Builder, last_segment};

/// `build_<operation>`: a builder with every parameter and the body taken from JSON.
pub(super) fn dynamic_builder(
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
    let body = body_setter(operation, builder);
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

/// The body part of a dynamic builder: the JSON body as the type progenitor takes, raw bytes
/// for a body it sends as bytes, or a refusal of any body when the operation takes none.
fn body_setter(operation: &Operation, builder: &Builder) -> TokenStream {
    let raw = |ty: &Type| last_segment(ty).is_some_and(|(name, _)| name == "Body");
    match (&operation.body, builder.setters.get("body")) {
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
    }
}
