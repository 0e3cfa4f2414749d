//! `types-match-spec`: the JSON Schema each Rust type derives (schemars) against the spec's
//! schema of its component: properties, required, types, formats, nullability, items and enum
//! values, recursively through properties and items.
//!
//! Nullability is compared by what matters to a reader of the wire: a field the spec marks
//! `nullable` must accept `null`; a required, non-nullable field must not be optional. An
//! optional field the Rust type also accepts as `null` is lenient, not a mismatch.

use passport_paas::dynamic::components;
use passport_paas_spec::Resolver;
use serde_json::{Value, json};

use crate::Context;
use crate::report::Tally;

/// Formats that change the Rust type; others are annotations.
const TYPED_FORMATS: &[&str] = &["int32", "int64", "date-time", "date", "uuid", "password"];

pub(crate) fn check(context: &Context<'_>) -> Tally {
    let mut tally = Tally::new("types-match-spec");
    let spec = context.spec;
    for component in components() {
        let Some(_) = spec
            .root()
            .pointer(&format!("/components/schemas/{}", component.name))
        else {
            continue;
        };
        let ours = (component.json_schema)();
        let theirs = json!({ "$ref": format!("#/components/schemas/{}", component.name) });
        let mut comparison = Comparison {
            resolver: spec.resolver(),
            document: &ours,
            problems: Vec::new(),
        };
        comparison.compare(&ours, &theirs, component.name, 0);
        let problems = comparison.problems;
        if problems.is_empty() {
            tally.pass();
        } else {
            tally.fail(component.name.to_owned(), problems.join("; "));
        }
    }
    tally
}

/// A schemars schema with its `$ref`s (into its own `$defs`) followed.
fn follow<'a>(document: &'a Value, schema: &'a Value) -> &'a Value {
    let mut current = schema;
    for _ in 0..16 {
        match current.get("$ref").and_then(Value::as_str) {
            Some(reference) => match reference
                .strip_prefix('#')
                .and_then(|p| document.pointer(p))
            {
                Some(target) => current = target,
                None => return current,
            },
            None => return current,
        }
    }
    current
}

/// (the schema without its `null` alternative, whether it admits `null`).
fn split_null<'a>(document: &'a Value, schema: &'a Value) -> (Value, bool) {
    let schema = follow(document, schema);
    for key in ["anyOf", "oneOf"] {
        if let Some(options) = schema.get(key).and_then(Value::as_array) {
            let (nulls, others): (Vec<&Value>, Vec<&Value>) = options
                .iter()
                .partition(|o| follow(document, o).get("type") == Some(&json!("null")));
            if !nulls.is_empty() && others.len() == 1 {
                return (follow(document, others[0]).clone(), true);
            }
        }
    }
    match schema.get("type") {
        Some(Value::Array(kinds)) if kinds.contains(&json!("null")) => {
            let mut rest = schema.clone();
            let kinds: Vec<Value> = kinds
                .iter()
                .filter(|k| **k != json!("null"))
                .cloned()
                .collect();
            rest["type"] = if kinds.len() == 1 {
                kinds[0].clone()
            } else {
                Value::Array(kinds)
            };
            (rest, true)
        }
        _ => (schema.clone(), false),
    }
}

fn strings(value: Option<&Value>) -> Vec<String> {
    let mut out: Vec<String> = value
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
        .filter(|v| v != "null")
        .collect();
    out.sort();
    out
}

/// One component's Rust schema (schemars) against the spec's, collecting the differences.
struct Comparison<'a> {
    resolver: Resolver<'a>,
    /// The Rust schema document (its `$defs` resolve the Rust side's references).
    document: &'a Value,
    problems: Vec<String>,
}

impl Comparison<'_> {
    /// Compares `ours` (Rust) with `theirs` (the spec) at `at`, then their properties and items.
    fn compare(&mut self, ours: &Value, theirs: &Value, at: &str, depth: usize) {
        if depth > 12 {
            return;
        }
        let theirs = self.resolver.schema(theirs);
        let (ours, _) = split_null(self.document, ours);
        if !self.same_kind(&ours, &theirs, at) {
            return;
        }
        self.format_and_enum(&ours, &theirs, at);
        if let Some(spec_properties) = theirs.get("properties").and_then(Value::as_object) {
            self.properties(&ours, &theirs, spec_properties, at, depth);
        }
        if let (Some(spec_items), Some(rust_items)) = (theirs.get("items"), ours.get("items")) {
            self.compare(rust_items, spec_items, &format!("{at}[]"), depth + 1);
        }
    }

    /// Whether the types agree (a spec `number` read as a Rust integer is fine).
    fn same_kind(&mut self, ours: &Value, theirs: &Value, at: &str) -> bool {
        let kind = |s: &Value| s.get("type").and_then(Value::as_str).map(str::to_owned);
        if let (Some(spec_kind), Some(rust_kind)) = (kind(theirs), kind(ours))
            && spec_kind != rust_kind
            && !(spec_kind == "number" && rust_kind == "integer")
        {
            self.problems.push(format!(
                "{at}: type {spec_kind} in the spec, {rust_kind} in rust"
            ));
            return false;
        }
        true
    }

    fn format_and_enum(&mut self, ours: &Value, theirs: &Value, at: &str) {
        let rust_format = ours.get("format").and_then(Value::as_str);
        if let Some(format) = theirs.get("format").and_then(Value::as_str)
            && TYPED_FORMATS.contains(&format)
            && rust_format != Some(format)
            && !(format == "int32" && rust_format == Some("uint32"))
        {
            self.problems.push(format!(
                "{at}: format {format} in the spec, {} in rust",
                rust_format.unwrap_or("none")
            ));
        }
        let (spec_values, rust_values) = (strings(theirs.get("enum")), strings(ours.get("enum")));
        if !spec_values.is_empty() && spec_values != rust_values {
            self.problems.push(format!(
                "{at}: enum values {spec_values:?} in the spec, {rust_values:?} in rust"
            ));
        }
    }

    /// Each property on both sides, required and nullable alike, compared in turn.
    fn properties(
        &mut self,
        ours: &Value,
        theirs: &Value,
        spec_properties: &serde_json::Map<String, Value>,
        at: &str,
        depth: usize,
    ) {
        let rust_properties = ours.get("properties").and_then(Value::as_object);
        let spec_required = strings(theirs.get("required"));
        let rust_required = strings(ours.get("required"));
        let said = |required: bool| if required { "required" } else { "optional" };
        for (name, property) in spec_properties {
            let Some(rust_property) = rust_properties.and_then(|p| p.get(name)) else {
                self.problems
                    .push(format!("{at}.{name}: in the spec, not in rust"));
                continue;
            };
            let here = format!("{at}.{name}");
            let spec_nullable =
                self.resolver.schema(property).get("nullable") == Some(&json!(true));
            let (_, rust_nullable) = split_null(self.document, rust_property);
            let required = spec_required.contains(name);
            let rust_requires = rust_required.contains(name);
            if required != rust_requires {
                self.problems.push(format!(
                    "{here}: {} in the spec, {} in rust",
                    said(required),
                    said(rust_requires)
                ));
            }
            // An optional Rust field reads `null` as absent: nullable enough.
            if spec_nullable && rust_requires && !rust_nullable {
                self.problems
                    .push(format!("{here}: nullable in the spec, not in rust"));
            }
            self.compare(rust_property, property, &here, depth + 1);
        }
        for name in rust_properties.into_iter().flatten().map(|(n, _)| n) {
            if !spec_properties.contains_key(name) {
                self.problems
                    .push(format!("{at}.{name}: in rust, not in the spec"));
            }
        }
    }
}
