//! `example-valid`: every example (media type, schema, parameter) validates against its schema,
//! with OpenAPI 3.0 `nullable` translated to JSON Schema first (`crate::schema`).

use serde_json::Value;

use super::Checker;
use super::rules::resolve;
use super::schemas::all_schemas;
use super::source::escape;

pub(crate) fn check(c: &mut Checker<'_>) {
    let doc = c.doc;
    for (pointer, schema, _) in all_schemas(doc) {
        if let Some(example) = schema.get("example") {
            validate(c, &format!("{pointer}/example"), schema, example);
        }
    }
    let mut holders = Vec::new();
    find_holders(doc, String::new(), &mut holders);
    for (pointer, holder) in holders {
        let Some(schema) = holder.get("schema") else {
            continue;
        };
        if let Some(example) = holder.get("example") {
            validate(c, &format!("{pointer}/example"), schema, example);
        }
        for (name, example) in holder
            .get("examples")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            let at = format!("{pointer}/examples/{}", escape(name));
            let Some((example, _)) = resolve(doc, example, &at) else {
                continue;
            };
            if let Some(value) = example.get("value") {
                validate(c, &format!("{at}/value"), schema, value);
            }
        }
    }
}

/// Media-type objects and parameters: the objects holding `schema` next to `example(s)`.
fn find_holders<'a>(value: &'a Value, pointer: String, into: &mut Vec<(String, &'a Value)>) {
    match value {
        Value::Object(object) => {
            if object.contains_key("schema")
                && (object.contains_key("example") || object.contains_key("examples"))
            {
                into.push((pointer.clone(), value));
            }
            for (key, child) in object {
                if key != "example" && key != "examples" {
                    find_holders(child, format!("{pointer}/{}", escape(key)), into);
                }
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                find_holders(child, format!("{pointer}/{index}"), into);
            }
        }
        _ => {}
    }
}

fn validate(c: &mut Checker<'_>, pointer: &str, schema: &Value, example: &Value) {
    // A schema that does not compile has a dangling reference, which `unresolved-ref` reports.
    if crate::schema::validator(c.doc, schema).is_err() {
        return;
    }
    if let Err(problems) = crate::schema::validate(c.doc, schema, example) {
        c.report(
            "example-valid",
            pointer,
            format!("the example does not match its schema: {problems}"),
        );
    }
}
