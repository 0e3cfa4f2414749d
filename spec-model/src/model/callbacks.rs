//! The callbacks table: what the provider sends *to* the fintech, read from `x-webhooks`.
//!
//! The provider documents two callbacks (payment event notifications and the inbound payment
//! authorization). They are not operations of the API — nobody calls them on the provider — so
//! they live under `x-webhooks` (the OpenAPI 3.1 `webhooks` field, spelled as an extension
//! because progenitor reads 3.0 only; 3.0 `callbacks` would tie each one to an operation that
//! triggers it, and these are configured in a dashboard instead). Each entry is reduced to what
//! the tools act on: its name, its request body schema and example, the reply it expects, and
//! the name of the generated type its payload parses into. Adding an entry to the spec adds a
//! row here, a generated type, a variant of `webhooks::Event` and a route of `paas webhooks
//! listen`, with no Rust edit.

use serde_json::Value;

use super::media::json_media;
use super::names::{Case, sanitize};
use super::source::escape;

/// The extension that holds the callbacks.
pub const EXTENSION: &str = "x-webhooks";

/// One callback the provider sends.
#[derive(Clone, Debug, PartialEq)]
pub struct Callback {
    /// Its key under `x-webhooks` (`paymentEvent`); also its route in the receivers.
    pub name: String,
    /// The Rust variant name (`PaymentEvent`).
    pub variant: String,
    /// The `operationId` (`onPaymentEvent`), or the name when there is none.
    pub operation_id: String,
    /// JSON pointer of the callback's `post` operation.
    pub pointer: String,
    /// `summary`, if any.
    pub summary: Option<String>,
    /// The request body's JSON schema as written (its `$ref`s kept).
    pub body: Option<Value>,
    /// The request body's example, if any.
    pub example: Option<Value>,
    /// The component the payload's Rust type is generated from (`PaymentEventCallback`, or the
    /// referenced component when the body is a bare `$ref`, e.g. `Payment`).
    pub body_type: String,
    /// Whether `body_type` is a component this table adds to the generated document (an
    /// inline body schema), rather than one the spec already names.
    pub body_is_inline: bool,
    /// The JSON schema of the success reply the provider expects, if it expects a body.
    pub reply: Option<Value>,
    /// The reply's one required boolean property (`accept`): the callback *decides* something
    /// and a receiver must answer it in time, with a fallback when its handler is late.
    pub decision_field: Option<String>,
}

/// Every callback of `root`, in document order. Entries that are not mappings with a `post`
/// operation are skipped (the linter reports them); nothing here panics on a hostile spec.
pub fn callbacks(root: &Value) -> Vec<Callback> {
    let Some(hooks) = root.get(EXTENSION).and_then(Value::as_object) else {
        return Vec::new();
    };
    let taken: Vec<String> = root
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|schemas| schemas.keys().cloned().collect())
        .unwrap_or_default();
    let mut out: Vec<Callback> = Vec::new();
    for (name, item) in hooks {
        let Some(post) = item.get("post").filter(|p| p.is_object()) else {
            continue;
        };
        let variant = sanitize(name, Case::Pascal);
        if variant.is_empty() || out.iter().any(|c| c.variant == variant) {
            continue;
        }
        let body = media_schema(post.get("requestBody"));
        let example = media(post.get("requestBody")).and_then(|m| m.get("example").cloned());
        let (body_type, body_is_inline) = match body.as_ref().and_then(component_ref) {
            Some(component) => (component.to_owned(), false),
            None => (free_name(&format!("{variant}Callback"), &taken), true),
        };
        let reply = post
            .get("responses")
            .and_then(Value::as_object)
            .and_then(|responses| {
                responses
                    .iter()
                    .find(|(status, _)| status.starts_with('2'))
                    .and_then(|(_, response)| media_schema(Some(response)))
            });
        let decision_field = reply.as_ref().and_then(|r| decision_field(r, root));
        out.push(Callback {
            operation_id: post
                .get("operationId")
                .and_then(Value::as_str)
                .map_or_else(|| name.clone(), str::to_owned),
            pointer: format!("/{EXTENSION}/{}/post", escape(name)),
            summary: post
                .get("summary")
                .and_then(Value::as_str)
                .map(str::to_owned),
            name: name.clone(),
            variant,
            body,
            example,
            body_type,
            body_is_inline,
            reply,
            decision_field,
        });
    }
    out
}

/// The JSON media type object of a request body or response.
fn media(holder: Option<&Value>) -> Option<&Value> {
    let (_, media, _) = json_media(holder?.get("content")?, "")?;
    Some(media)
}

fn media_schema(holder: Option<&Value>) -> Option<Value> {
    media(holder)?.get("schema").cloned()
}

/// `Name` for a bare `{"$ref": "#/components/schemas/Name"}`.
fn component_ref(schema: &Value) -> Option<&str> {
    let object = schema.as_object()?;
    if object.len() != 1 {
        return None;
    }
    object
        .get("$ref")?
        .as_str()?
        .strip_prefix("#/components/schemas/")
        .filter(|name| !name.contains('/'))
}

/// `base`, or `base2`, `base3`, … when the spec already has a component of that name.
fn free_name(base: &str, taken: &[String]) -> String {
    let mut name = base.to_owned();
    let mut counter = 2;
    while taken.iter().any(|t| t == &name) {
        name = format!("{base}{counter}");
        counter += 1;
    }
    name
}

/// The one required boolean property of a reply schema (following one component `$ref`).
fn decision_field(reply: &Value, root: &Value) -> Option<String> {
    let schema = match component_ref(reply) {
        Some(name) => root.pointer(&format!("/components/schemas/{}", escape(name)))?,
        None => reply,
    };
    let required = schema.get("required")?.as_array()?;
    let properties = schema.get("properties")?.as_object()?;
    let booleans: Vec<&str> = required
        .iter()
        .filter_map(Value::as_str)
        .filter(|name| {
            properties
                .get(*name)
                .and_then(|p| p.get("type"))
                .and_then(Value::as_str)
                == Some("boolean")
        })
        .collect();
    match booleans.as_slice() {
        [one] => Some((*one).to_owned()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn spec() -> Value {
        json!({
            "components": { "schemas": { "Payment": { "type": "object" },
                                         "RefundCallback": { "type": "object" } } },
            "x-webhooks": {
                "paymentEvent": { "post": { "operationId": "onPaymentEvent",
                    "requestBody": { "content": { "application/json": {
                        "schema": { "type": "object", "properties": { "event": { "type": "string" } } },
                        "example": { "event": "payment.settled" } } } },
                    "responses": { "200": { "description": "ok" } } } },
                "inboundPaymentAuthorization": { "post": {
                    "requestBody": { "content": { "application/json": {
                        "schema": { "$ref": "#/components/schemas/Payment" } } } },
                    "responses": { "200": { "description": "d", "content": { "application/json": {
                        "schema": { "type": "object", "required": ["accept"],
                                    "properties": { "accept": { "type": "boolean" } } } } } } } } },
                "refund": { "post": { "requestBody": { "content": { "application/json": {
                    "schema": { "type": "object" } } } } } },
                "broken": 7,
                "noPost": { "get": {} }
            }
        })
    }

    #[test]
    fn reads_every_callback_with_a_post() {
        let table = callbacks(&spec());
        let names: Vec<&str> = table.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(
            names,
            ["paymentEvent", "inboundPaymentAuthorization", "refund"]
        );
        assert_eq!(table[0].body_type, "PaymentEventCallback");
        assert!(table[0].body_is_inline);
        assert_eq!(
            table[0].example,
            Some(json!({ "event": "payment.settled" }))
        );
        assert_eq!(table[0].decision_field, None);
        assert_eq!(table[1].body_type, "Payment");
        assert!(!table[1].body_is_inline);
        assert_eq!(table[1].operation_id, "inboundPaymentAuthorization");
        assert_eq!(table[1].decision_field.as_deref(), Some("accept"));
        // A name the spec already uses gets a counter.
        assert_eq!(table[2].body_type, "RefundCallback2");
        assert_eq!(table[2].pointer, "/x-webhooks/refund/post");
    }

    #[test]
    fn hostile_shapes_give_an_empty_table() {
        for root in [
            json!(null),
            json!({ "x-webhooks": [] }),
            json!({ "x-webhooks": { "a": { "post": 1 } } }),
        ] {
            assert!(callbacks(&root).is_empty());
        }
    }
}
