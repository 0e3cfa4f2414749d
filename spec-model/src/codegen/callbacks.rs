//! Generated types for the callbacks (`x-webhooks`): their payloads become components of the
//! document progenitor reads, and the build emits the `Callback` and `Event` enums over them.
//!
//! An inline request body schema of a callback is added to `components.schemas` under the
//! callback table's `body_type` *before* the leaves and enums are named, so its fields get the
//! same lenient leaves and open enums as every other type (the event name is an open enum that
//! keeps names the spec does not list). A body that is a bare `$ref` uses that component. The
//! emitted code lives next to the wiring (it names `types::…`); `passport_paas::webhooks`
//! re-exports it. Nothing here names a particular callback: a third one in the spec is a third
//! variant.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value;

use super::super::model::{Callback, callbacks};

/// [`emit`] for the callbacks of `root`, formatted; `types` are the names progenitor generated.
pub fn emit_formatted(
    root: &Value,
    types: &std::collections::BTreeSet<String>,
) -> Result<String, String> {
    let tokens = emit(&callbacks(root), &|name| types.contains(name));
    let file: syn::File = syn::parse2(tokens)
        .map_err(|error| format!("generated callback code does not parse: {error}"))?;
    Ok(prettyplease::unparse(&file))
}

/// Adds the inline payload schemas of `document`'s callbacks to its `components.schemas`.
pub fn add_components(document: &mut Value) {
    let table = callbacks(document);
    let Some(root) = document.as_object_mut() else {
        return;
    };
    let Some(schemas) = root
        .entry("components")
        .or_insert_with(|| Value::Object(Default::default()))
        .as_object_mut()
        .and_then(|components| {
            components
                .entry("schemas")
                .or_insert_with(|| Value::Object(Default::default()))
                .as_object_mut()
        })
    else {
        return;
    };
    for callback in table {
        if let (true, Some(body)) = (callback.body_is_inline, callback.body) {
            schemas.insert(callback.body_type, body);
        }
    }
}

/// The Rust type of a callback's payload, given the types progenitor generated.
fn payload_type(callback: &Callback, generated: &dyn Fn(&str) -> bool) -> TokenStream {
    let name =
        super::super::model::sanitize(&callback.body_type, super::super::model::Case::Pascal);
    if callback.body.is_some() && generated(&name) {
        let ident = format_ident!("{}", name);
        quote!(types::#ident)
    } else {
        // A body with no schema, or one progenitor folded into a plain type: raw JSON.
        quote!(::serde_json::Value)
    }
}

/// Emits `Callback` (which callback a delivery is) and `Event` (its typed payload), formatted
/// as items of the wiring module. `generated` says whether progenitor emitted a type name.
pub fn emit(callbacks: &[Callback], generated: &dyn Fn(&str) -> bool) -> TokenStream {
    let callback = callback_enum(callbacks);
    let event = event_enum(callbacks, generated);
    quote! {
        #callback
        #event
    }
}

/// One variant name per callback.
fn variants(callbacks: &[Callback]) -> Vec<syn::Ident> {
    callbacks
        .iter()
        .map(|c| format_ident!("{}", c.variant))
        .collect()
}

/// One variant doc per callback: its name and operation id.
fn docs(callbacks: &[Callback]) -> Vec<Literal> {
    callbacks
        .iter()
        .map(|c| Literal::string(&format!(" `{}` (`{}`).", c.name, c.operation_id)))
        .collect()
}

/// The `Callback` enum: name, operation id, summary and decision field of each callback.
fn callback_enum(callbacks: &[Callback]) -> TokenStream {
    let variants = variants(callbacks);
    let docs = docs(callbacks);
    let names: Vec<Literal> = callbacks.iter().map(|c| Literal::string(&c.name)).collect();
    let ids: Vec<Literal> = callbacks
        .iter()
        .map(|c| Literal::string(&c.operation_id))
        .collect();
    let summaries: Vec<Literal> = callbacks
        .iter()
        .map(|c| Literal::string(c.summary.as_deref().unwrap_or(&c.name)))
        .collect();
    let decisions: Vec<TokenStream> = callbacks
        .iter()
        .map(|c| match &c.decision_field {
            Some(field) => {
                let field = Literal::string(field);
                quote!(Some(#field))
            }
            None => quote!(None),
        })
        .collect();
    quote! {
        /// Which callback of the spec (`x-webhooks`) a delivery is.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Callback {
            #(#[doc = #docs] #variants,)*
        }

        impl Callback {
            /// Every callback of the spec, in document order.
            pub const ALL: &'static [Callback] = &[#(Callback::#variants),*];

            /// Its key under `x-webhooks`, also its route in the receivers.
            pub fn name(self) -> &'static str {
                match self { #(Callback::#variants => #names,)* }
            }

            /// Its `operationId`.
            pub fn operation_id(self) -> &'static str {
                match self { #(Callback::#variants => #ids,)* }
            }

            /// Its summary in the spec.
            pub fn summary(self) -> &'static str {
                match self { #(Callback::#variants => #summaries,)* }
            }

            /// The reply's required boolean (`accept`) when the callback asks for a decision.
            pub fn decision_field(self) -> Option<&'static str> {
                match self { #(Callback::#variants => #decisions,)* }
            }

            /// The callback named `name` (its `x-webhooks` key), if the spec has it.
            pub fn from_name(name: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|c| c.name() == name)
            }
        }
    }
}

/// The `Event` enum: each callback's typed payload, parsed and shown as JSON.
fn event_enum(callbacks: &[Callback], generated: &dyn Fn(&str) -> bool) -> TokenStream {
    let variants = variants(callbacks);
    let docs = docs(callbacks);
    let payloads: Vec<TokenStream> = callbacks
        .iter()
        .map(|c| payload_type(c, generated))
        .collect();
    quote! {
        /// A callback's payload, typed from its request body schema in the spec.
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum Event {
            #(#[doc = #docs] #variants(#payloads),)*
        }

        impl Event {
            /// Which callback this is.
            pub fn callback(&self) -> Callback {
                match self { #(Event::#variants(_) => Callback::#variants,)* }
            }

            /// Parses `body` as the payload of `callback`.
            pub fn parse(callback: Callback, body: &[u8]) -> ::std::result::Result<Self, ::serde_json::Error> {
                match callback {
                    #(Callback::#variants => ::serde_json::from_slice(body).map(Event::#variants),)*
                }
            }

            /// The payload as JSON (secrets in it stay redacted).
            pub fn to_json(&self) -> ::serde_json::Value {
                match self {
                    #(Event::#variants(payload) => ::serde_json::to_value(payload).unwrap_or_default(),)*
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The spec's two callbacks plus a third one added as YAML only.
    fn three_callbacks() -> Value {
        json!({
            "openapi": "3.0.3",
            "info": { "title": "t", "version": "1" },
            "components": { "schemas": { "Payment": { "type": "object",
                "properties": { "id": { "type": "string" } } } } },
            "x-webhooks": {
                "paymentEvent": { "post": { "operationId": "onPaymentEvent",
                    "requestBody": { "content": { "application/json": { "schema": {
                        "type": "object", "properties": {
                            "event": { "type": "string", "enum": ["payment.settled"] },
                            "payment": { "$ref": "#/components/schemas/Payment" } } } } } } } },
                "inboundPaymentAuthorization": { "post": {
                    "requestBody": { "content": { "application/json": { "schema":
                        { "$ref": "#/components/schemas/Payment" } } } } } },
                "refundEvent": { "post": { "operationId": "onRefundEvent",
                    "requestBody": { "content": { "application/json": { "schema": {
                        "type": "object", "properties": {
                            "amount": { "type": "integer", "format": "int64" } } } } } } } }
            },
            "paths": {}
        })
    }

    #[test]
    fn a_third_callback_gets_its_type_and_variant_without_rust() {
        let mut document = three_callbacks();
        add_components(&mut document);
        let schemas = &document["components"]["schemas"];
        assert!(schemas.get("RefundEventCallback").is_some());
        assert!(schemas.get("PaymentEventCallback").is_some());
        assert!(schemas.get("InboundPaymentAuthorizationCallback").is_none());
        // Through the whole preparation: leaves and open enums reach the new components.
        let prepared = super::super::prepare(&three_callbacks());
        let refund = &prepared.document["components"]["schemas"]["RefundEventCallback"];
        assert_eq!(
            refund["properties"]["amount"]["allOf"][0]["$ref"],
            "#/components/schemas/PaasLenientInt64"
        );
        assert!(
            prepared
                .enums
                .iter()
                .any(|e| e.name == "PaymentEventCallbackEvent")
        );
        // Through progenitor: the type exists, and the emitted enums name it.
        let client = super::super::generate_client(&prepared).expect("generates");
        assert!(
            client.contains("pub struct RefundEventCallback"),
            "{client}"
        );
        // The table is read from the spec as written (its own names are not yet taken).
        let table = callbacks(&three_callbacks());
        let file: syn::File = syn::parse_str(&client).expect("parses");
        let shapes = super::super::syntax::Shapes::read(&file);
        let code = emit(&table, &|name| shapes.types.contains(name)).to_string();
        assert!(
            code.contains("RefundEvent (types :: RefundEventCallback)"),
            "{code}"
        );
        assert!(
            code.contains("InboundPaymentAuthorization (types :: Payment)"),
            "{code}"
        );
        assert!(code.contains("\"refundEvent\""));
        syn::parse2::<syn::File>(emit(&table, &|_| true)).expect("emitted code parses");
    }
}
