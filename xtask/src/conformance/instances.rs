//! Seeded JSON instances of OpenAPI schemas: schema-valid documents with optional fields left
//! out at random, plus the deviations a newer server may send (unknown enum values, extra
//! fields) when asked.

use serde_json::{Map, Value, json};

use crate::spec::rules::resolve;

/// How far an instance may stray from the schema.
#[derive(Clone, Copy, Debug)]
pub struct Deviations {
    /// Put an unknown value into string enums (sometimes).
    pub unknown_enums: bool,
    /// Add properties the schema does not list (sometimes).
    pub extra_fields: bool,
}

/// Builds instances of schemas of one spec.
pub struct Generator<'a> {
    spec: &'a Value,
    rng: fastrand::Rng,
    deviations: Deviations,
}

impl<'a> Generator<'a> {
    /// A generator for `spec`, drawing from `seed`.
    pub fn new(spec: &'a Value, seed: u64, deviations: Deviations) -> Self {
        Self {
            spec,
            rng: fastrand::Rng::with_seed(seed),
            deviations,
        }
    }

    /// One instance of `schema`.
    pub fn instance(&mut self, schema: &Value) -> Value {
        self.value(schema, 0)
    }

    fn value(&mut self, schema: &Value, depth: usize) -> Value {
        let spec = self.spec;
        let schema = resolve(spec, schema, "").map_or(schema, |(target, _)| target);
        if depth > 8 {
            return Value::Null;
        }
        if schema.get("nullable") == Some(&Value::Bool(true)) && self.rng.u8(..) < 20 {
            return Value::Null;
        }
        if let Some(all) = schema.get("allOf").and_then(Value::as_array) {
            // The spec uses single-member allOf to describe a reference.
            if let Some(first) = all.first() {
                return self.value(first, depth + 1);
            }
        }
        if let Some(one) = schema
            .get("oneOf")
            .or_else(|| schema.get("anyOf"))
            .and_then(Value::as_array)
            && !one.is_empty()
        {
            let pick = self.rng.usize(..one.len());
            return self.value(&one[pick], depth + 1);
        }
        if let Some(values) = schema.get("enum").and_then(Value::as_array)
            && !values.is_empty()
        {
            if self.deviations.unknown_enums && self.rng.u8(..) < 40 {
                return json!(format!("UNKNOWN_VALUE_{}", self.rng.u16(..)));
            }
            return values[self.rng.usize(..values.len())].clone();
        }
        match schema.get("type").and_then(Value::as_str) {
            Some("object") => self.object(schema, depth),
            Some("array") => {
                let items = schema.get("items").cloned().unwrap_or(Value::Null);
                let count = self.rng.usize(0..4);
                Value::Array((0..count).map(|_| self.value(&items, depth + 1)).collect())
            }
            Some("integer") => self.integer(schema),
            Some("number") => json!(self.rng.f64() * 1000.0),
            Some("boolean") => json!(self.rng.bool()),
            Some("string") => self.string(schema),
            _ => Value::Null,
        }
    }

    fn object(&mut self, schema: &Value, depth: usize) -> Value {
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let mut object = Map::new();
        for (name, property) in schema
            .get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            if required.contains(&name.as_str()) || self.rng.bool() {
                object.insert(name.clone(), self.value(property, depth + 1));
            }
        }
        if self.deviations.extra_fields && self.rng.u8(..) < 60 {
            object.insert(
                format!("x_extra_{}", self.rng.u16(..)),
                json!({ "nested": [1, "two", null] }),
            );
        }
        Value::Object(object)
    }

    fn integer(&mut self, schema: &Value) -> Value {
        let (floor, ceiling) = match schema.get("format").and_then(Value::as_str) {
            Some("int32") => (i64::from(i32::MIN), i64::from(i32::MAX)),
            _ => (-(1 << 53), 1 << 53),
        };
        let low = schema
            .get("minimum")
            .and_then(Value::as_i64)
            .unwrap_or(floor)
            .max(floor);
        let high = schema
            .get("maximum")
            .and_then(Value::as_i64)
            .unwrap_or(ceiling)
            .min(ceiling);
        if low > high {
            return json!(low);
        }
        // Boundaries half of the time: that is where bugs live.
        match self.rng.u8(..4) {
            0 => json!(low),
            1 => json!(high),
            _ => json!(self.rng.i64(low..=high)),
        }
    }

    fn string(&mut self, schema: &Value) -> Value {
        match schema.get("format").and_then(Value::as_str) {
            Some("date-time") => {
                let seconds = self.rng.i64(0..4_102_444_800);
                let millis = self.rng.u32(0..1000);
                let instant = chrono::DateTime::from_timestamp(seconds, millis * 1_000_000)
                    .unwrap_or_default();
                json!(instant.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string())
            }
            Some("uuid") => {
                let (a, b) = (self.rng.u64(..), self.rng.u64(..));
                let hex = format!("{a:016x}{b:016x}");
                json!(format!(
                    "{}-{}-4{}-a{}-{}",
                    &hex[0..8],
                    &hex[8..12],
                    &hex[13..16],
                    &hex[17..20],
                    &hex[20..32]
                ))
            }
            _ => {
                const ALPHABET: &[char] = &[
                    'a', 'Z', '0', ' ', '&', '=', '/', 'ñ', 'ü', '"', '\\', '中', '+', '%',
                ];
                let length = self.rng.usize(0..12);
                json!(
                    (0..length)
                        .map(|_| ALPHABET[self.rng.usize(..ALPHABET.len())])
                        .collect::<String>()
                )
            }
        }
    }
}
