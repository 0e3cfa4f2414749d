//! Seeded JSON instances of OpenAPI schemas: the mock's generated data and the conformance
//! harness's inputs.
//!
//! Instances are valid by construction where the schema says how (types, formats, enums,
//! ranges, lengths, item counts, required properties); where it cannot (a `pattern`), the
//! schema's own `example` is used. Optional properties are left out at random, and on request
//! the deviations a newer server may send are mixed in: unknown enum values, extra fields.

use serde_json::{Map, Value, json};

use crate::model::{Effective, Merged, Resolver};

/// How far an instance may stray from the schema.
#[derive(Clone, Copy, Debug, Default)]
pub struct Deviations {
    /// Put an unknown value into string enums (sometimes).
    pub unknown_enums: bool,
    /// Add properties the schema does not list (sometimes).
    pub extra_fields: bool,
}

/// Builds instances of the schemas of one document.
pub struct Generator<'a> {
    resolver: Resolver<'a>,
    rng: fastrand::Rng,
    deviations: Deviations,
    /// Probability (0–255) that an optional property is present.
    presence: u8,
    /// Nodes the instance being built may still have (see [`MAX_INSTANCE_NODES`]).
    budget: usize,
    /// Merging the instance being built may still take (see [`MAX_INSTANCE_MERGE_WORK`]).
    merge_work: usize,
}

/// The most nodes one instance has: a schema asking for more (`minItems: 1000000`, or wide
/// objects nested eight deep) gets a truncated instance, not an unbounded one.
pub const MAX_INSTANCE_NODES: usize = 100_000;

/// The most merging one instance may take, in [`Effective::work`] (`allOf` members and
/// references; each schema node is merged once per instance, however often it is met):
/// documents whose many schemas each unite thousands of members get a truncated instance, not
/// one that takes minutes.
pub const MAX_INSTANCE_MERGE_WORK: usize = 2_000_000;

impl<'a> Generator<'a> {
    /// A generator for the document `root`, drawing from `seed`.
    pub fn new(root: &'a Value, seed: u64, deviations: Deviations) -> Self {
        Self {
            resolver: Resolver::new(root),
            rng: fastrand::Rng::with_seed(seed),
            deviations,
            presence: 128,
            budget: MAX_INSTANCE_NODES,
            merge_work: MAX_INSTANCE_MERGE_WORK,
        }
    }

    /// Every optional property present (for complete-looking data).
    pub fn complete(mut self) -> Self {
        self.presence = 255;
        self
    }

    /// The random source, for callers that draw alongside.
    pub fn rng(&mut self) -> &mut fastrand::Rng {
        &mut self.rng
    }

    /// One instance of `schema`.
    pub fn instance(&mut self, schema: &Value) -> Value {
        self.budget = MAX_INSTANCE_NODES;
        self.merge_work = MAX_INSTANCE_MERGE_WORK;
        self.value(&mut Merged::new(), schema, 0)
    }

    fn value<'s>(&mut self, memo: &mut Merged<'s>, schema: &'s Value, depth: usize) -> Value
    where
        'a: 's,
    {
        if self.budget == 0 || self.merge_work == 0 {
            return Value::Null;
        }
        // Every node counts against the budget, the null that stands for a cut depth too.
        self.budget -= 1;
        if depth > 8 {
            return Value::Null;
        }
        let (schema, work) = self.resolver.effective_in(memo, schema);
        self.merge_work = self.merge_work.saturating_sub(work);
        if schema.get("nullable") == Some(&Value::Bool(true)) && self.rng.u8(..) < 20 {
            return Value::Null;
        }
        if let Some(one) = schema
            .get("oneOf")
            .or_else(|| schema.get("anyOf"))
            .and_then(Value::as_array)
            .filter(|one| !one.is_empty())
        {
            let pick = self.rng.usize(..one.len());
            let mut value = self.value(memo, &one[pick], depth + 1);
            discriminate(&schema, &one[pick], &mut value);
            return value;
        }
        if let Some(values) = schema
            .get("enum")
            .and_then(Value::as_array)
            .filter(|v| !v.is_empty())
        {
            if self.deviations.unknown_enums && self.rng.u8(..) < 40 {
                // An unknown value of the enum's own type: a newer server's value.
                if values.iter().all(Value::is_string) {
                    return json!(format!("UNKNOWN_VALUE_{}", self.rng.u16(..)));
                }
                if values.iter().all(|v| v.as_i64().is_some()) {
                    let top = values.iter().filter_map(Value::as_i64).max().unwrap_or(0);
                    return json!(top.saturating_add(1 + i64::from(self.rng.u16(..))));
                }
            }
            return values[self.rng.usize(..values.len())].clone();
        }
        let kind = schema.get("type").and_then(Value::as_str).or_else(|| {
            if schema.has("properties") {
                Some("object")
            } else {
                schema.has("items").then_some("array")
            }
        });
        match kind {
            Some("object") => self.object(memo, &schema, depth),
            Some("array") => self.array(memo, &schema, depth),
            Some("integer") => self.integer(&schema),
            Some("number") => self.number(&schema),
            Some("boolean") => json!(self.rng.bool()),
            Some("string") => self.string(&schema),
            _ => schema.get("example").cloned().unwrap_or(Value::Null),
        }
    }

    fn object<'s>(&mut self, memo: &mut Merged<'s>, schema: &Effective<'s>, depth: usize) -> Value
    where
        'a: 's,
    {
        let required = schema.required();
        let mut object = Map::new();
        for (name, property) in schema.properties().unwrap_or_default() {
            // Past the node budget the instance is cut short: no nulls for what is left.
            if self.budget == 0 {
                break;
            }
            let needed = required.contains(name);
            if needed || self.rng.u8(..) < self.presence {
                let value = self.value(memo, property, depth + 1);
                if value.is_null() && !needed && !nullable(&self.resolver, memo, property) {
                    continue;
                }
                object.insert(name.to_owned(), value);
            }
        }
        // A typed map (`additionalProperties: {schema}`) gets an entry of its value type;
        // extras go only where the schema allows any (`additionalProperties` absent or true).
        let additional = schema.get("additionalProperties");
        if let Some(values @ Value::Object(_)) = additional {
            let entry = self.value(memo, values, depth + 1);
            object.insert(format!("key_{}", self.rng.u16(..)), entry);
        } else if additional.is_none_or(|a| *a == Value::Bool(true))
            && self.deviations.extra_fields
            && self.rng.u8(..) < 60
        {
            object.insert(
                format!("x_extra_{}", self.rng.u16(..)),
                json!({ "nested": [1, "two", null] }),
            );
        }
        Value::Object(object)
    }

    fn array<'s>(&mut self, memo: &mut Merged<'s>, schema: &Effective<'s>, depth: usize) -> Value
    where
        'a: 's,
    {
        let items = schema.get("items").unwrap_or(&Value::Null);
        let low = schema.get("minItems").and_then(Value::as_u64).unwrap_or(0) as usize;
        let high = schema
            .get("maxItems")
            .and_then(Value::as_u64)
            .map_or(low.max(3), |h| h as usize)
            .max(low);
        let count = self
            .rng
            .usize(low..=high.min(low.saturating_add(4)))
            .min(self.budget);
        let unique = schema.get("uniqueItems") == Some(&Value::Bool(true));
        let mut out: Vec<Value> = Vec::with_capacity(count);
        for _ in 0..count.saturating_mul(3) {
            if out.len() == count {
                break;
            }
            let value = self.value(memo, items, depth + 1);
            if !unique || !out.contains(&value) {
                out.push(value);
            }
        }
        Value::Array(out)
    }

    fn integer(&mut self, schema: &Effective<'_>) -> Value {
        let (floor, ceiling) = match schema.get("format").and_then(Value::as_str) {
            Some("int32") => (i64::from(i32::MIN), i64::from(i32::MAX)),
            _ => (-(1 << 53), 1 << 53),
        };
        let exclusive = |key: &str| schema.get(key) == Some(&Value::Bool(true));
        let mut low = schema
            .get("minimum")
            .and_then(Value::as_f64)
            .map_or(floor, |v| {
                v.ceil().clamp(floor as f64, ceiling as f64) as i64
            });
        let mut high = schema
            .get("maximum")
            .and_then(Value::as_f64)
            .map_or(ceiling, |v| {
                v.floor().clamp(floor as f64, ceiling as f64) as i64
            });
        if exclusive("exclusiveMinimum") {
            low = low.saturating_add(1);
        }
        if exclusive("exclusiveMaximum") {
            high = high.saturating_sub(1);
        }
        if low > high {
            return json!(low);
        }
        // Boundaries a quarter of the time each: that is where bugs live.
        match self.rng.u8(..4) {
            0 => json!(low),
            1 => json!(high),
            _ => json!(self.rng.i64(low..=high)),
        }
    }

    fn number(&mut self, schema: &Effective<'_>) -> Value {
        let low = schema.get("minimum").and_then(Value::as_f64).unwrap_or(0.0);
        let high = schema
            .get("maximum")
            .and_then(Value::as_f64)
            .unwrap_or(low + 1000.0);
        json!(low + (high - low).max(0.0) * self.rng.f64())
    }

    fn string(&mut self, schema: &Effective<'_>) -> Value {
        if schema.get("pattern").is_some()
            && let Some(example) = schema.get("example").filter(|e| e.is_string())
        {
            return example.clone();
        }
        let text = match schema.get("format").and_then(Value::as_str) {
            Some("date-time") => {
                let seconds = self.rng.i64(946_684_800..4_102_444_800);
                let millis = self.rng.u32(0..1000);
                let (days, rest) = (seconds / 86_400, seconds % 86_400);
                let (year, month, day) = civil_from_days(days);
                format!(
                    "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{millis:03}Z",
                    rest / 3600,
                    rest % 3600 / 60,
                    rest % 60
                )
            }
            Some("date") => {
                let (year, month, day) = civil_from_days(self.rng.i64(10_957..47_482));
                format!("{year:04}-{month:02}-{day:02}")
            }
            Some("uuid") => uuid(&mut self.rng),
            Some("email") => format!("user{}@example.com", self.rng.u16(..)),
            Some("uri") => format!("https://example.com/{}", self.rng.u16(..)),
            _ if schema.get("pattern").is_some() => {
                // No example to lean on: a decimal is the commonest pattern in this API.
                format!("{}.{:02}", self.rng.u32(0..100_000), self.rng.u8(0..100))
            }
            _ => {
                if let Some(example) = schema.get("example").and_then(Value::as_str)
                    && self.rng.bool()
                {
                    example.to_owned()
                } else {
                    const ALPHABET: &[char] = &[
                        'a', 'Z', '0', ' ', '&', '=', '/', 'ñ', 'ü', '"', '\\', '中', '+', '%',
                    ];
                    let length = self.rng.usize(1..12);
                    (0..length)
                        .map(|_| ALPHABET[self.rng.usize(..ALPHABET.len())])
                        .collect()
                }
            }
        };
        json!(fit_length(schema, text))
    }
}

/// A `oneOf`/`anyOf` member's instance names its member in the discriminator property, so it
/// matches exactly that member (an unknown tag matches none).
fn discriminate(union: &Effective<'_>, member: &Value, value: &mut Value) {
    let Some(discriminator) = union.get("discriminator") else {
        return;
    };
    let Some(property) = discriminator.get("propertyName").and_then(Value::as_str) else {
        return;
    };
    let Some(target) = member.get("$ref").and_then(Value::as_str) else {
        return;
    };
    let mapped = discriminator
        .get("mapping")
        .and_then(Value::as_object)
        .and_then(|mapping| mapping.iter().find(|(_, to)| to.as_str() == Some(target)))
        .map(|(tag, _)| tag.clone());
    let tag = mapped.or_else(|| target.rsplit('/').next().map(str::to_owned));
    if let (Some(object), Some(tag)) = (value.as_object_mut(), tag) {
        object.insert(property.to_owned(), Value::String(tag));
    }
}

fn nullable<'s>(resolver: &Resolver<'s>, memo: &mut Merged<'s>, schema: &'s Value) -> bool {
    resolver.effective_in(memo, schema).0.get("nullable") == Some(&Value::Bool(true))
}

/// The longest string an instance holds: a larger `minLength` gets a shorter string.
pub const MAX_INSTANCE_STRING: usize = 65_536;

/// Pads or cuts `text` to the schema's length bounds (padding at most to
/// [`MAX_INSTANCE_STRING`]).
fn fit_length(schema: &Effective<'_>, mut text: String) -> String {
    let min = schema
        .get("minLength")
        .and_then(Value::as_u64)
        .map_or(0, |m| usize::try_from(m).unwrap_or(usize::MAX))
        .min(MAX_INSTANCE_STRING);
    let max = schema
        .get("maxLength")
        .and_then(Value::as_u64)
        .map(|m| usize::try_from(m).unwrap_or(usize::MAX));
    let length = text.chars().count();
    if length < min {
        text.extend(std::iter::repeat_n('x', min - length));
    }
    if let Some(max) = max
        && text.chars().count() > max
    {
        text = text.chars().take(max).collect();
    }
    text
}

/// A random (version 4 shaped) UUID.
pub fn uuid(rng: &mut fastrand::Rng) -> String {
    let hex = format!("{:016x}{:016x}", rng.u64(..), rng.u64(..));
    format!(
        "{}-{}-4{}-{}{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[13..16],
        ["8", "9", "a", "b"][rng.usize(..4)],
        &hex[17..20],
        &hex[20..32]
    )
}

/// (year, month, day) of a day count since 1970-01-01 (Howard Hinnant's algorithm).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests;
