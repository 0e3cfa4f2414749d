//! Request cases drawn from the spec: for every operation, a valid request (examples first,
//! then values from the schemas), every enum value and range boundary of each parameter, and
//! invalid variants (a bound stepped past, an unknown enum value, a wrong type, a body missing
//! a required property), then random valid combinations up to the budget.

use passport_paas::dynamic::Input;
use passport_paas_spec::instances::{Deviations, Generator};
use passport_paas_spec::{Location, Operation, Spec};
use serde_json::{Value, json};

/// One generated request.
#[derive(Clone, Debug)]
pub(crate) struct Case {
    pub operation: String,
    pub input: Input,
    /// Whether every value is within the spec.
    pub valid: bool,
    /// What the case varies, for the report.
    pub varies: String,
}

impl Case {
    /// The request in one line: operation, parameters, body.
    pub(crate) fn describe(&self) -> String {
        let mut text = self.operation.clone();
        for (name, value) in self.input.parameters() {
            text.push_str(&format!(" {name}={value}"));
        }
        if let Some(body) = self.input.body_value() {
            text.push_str(&format!(" body={body}"));
        }
        text
    }
}

/// Valid values of a parameter's schema worth trying, and invalid ones.
fn values(spec: &Spec, schema: &Value) -> (Vec<Value>, Vec<Value>) {
    let schema = spec.resolver().schema(schema);
    let (mut valid, mut invalid) = (Vec::new(), Vec::new());
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        valid.extend(values.iter().cloned());
        invalid.push(json!("NOT_A_DOCUMENTED_VALUE"));
        return (valid, invalid);
    }
    match schema.get("type").and_then(Value::as_str) {
        Some("integer") => {
            let low = schema.get("minimum").and_then(Value::as_i64);
            let high = schema.get("maximum").and_then(Value::as_i64);
            valid.extend([low, high].into_iter().flatten().map(|v| json!(v)));
            invalid.extend(low.and_then(|v| v.checked_sub(1)).map(|v| json!(v)));
            invalid.extend(high.and_then(|v| v.checked_add(1)).map(|v| json!(v)));
            invalid.push(json!("not-a-number"));
        }
        Some("string") if schema.get("format").is_none() && schema.get("pattern").is_none() => {
            let max = schema.get("maxLength").and_then(Value::as_u64);
            let min = schema.get("minLength").and_then(Value::as_u64).unwrap_or(0);
            for text in ["acc 1&role=x", "ñandú/ü?#", "a+b %20"] {
                if max.is_none_or(|m| text.chars().count() as u64 <= m) && text.len() as u64 >= min
                {
                    valid.push(json!(text));
                }
            }
            if let Some(max) = max {
                invalid.push(json!("x".repeat(max as usize + 1)));
            }
        }
        _ => {}
    }
    (valid, invalid)
}

/// The valid base request of an operation.
fn base(spec: &Spec, operation: &Operation, generator: &mut Generator<'_>) -> Input {
    let mut input = Input::new();
    for parameter in operation.parameters.iter().filter(|p| p.required) {
        let value = parameter
            .example
            .clone()
            .unwrap_or_else(|| generator.instance(&parameter.schema));
        input = input.with_parameter(
            parameter.name.clone(),
            text_for_path(parameter.location, value),
        );
    }
    if let Some(body) = &operation.body {
        let value = body
            .examples
            .first()
            .map(|e| e.value.clone())
            .unwrap_or_else(|| {
                Generator::new(spec.root(), generator.rng().u64(..), Deviations::default())
                    .complete()
                    .instance(&body.schema)
            });
        input = input.with_body(value);
    }
    input
}

fn text_for_path(location: Location, value: Value) -> Value {
    match (location, value) {
        (Location::Path, Value::Number(n)) => Value::String(n.to_string()),
        (_, value) => value,
    }
}

/// The cases of one operation: every structured variant, then random ones up to `budget`.
pub(crate) fn cases(spec: &Spec, operation: &Operation, budget: usize, seed: u64) -> Vec<Case> {
    let mut generator = Generator::new(spec.root(), seed, Deviations::default());
    let base = base(spec, operation, &mut generator);
    let case = |input: Input, valid: bool, varies: String| Case {
        operation: operation.id.clone(),
        input,
        valid,
        varies,
    };
    let mut out = vec![case(base.clone(), true, "the base request".into())];
    for parameter in &operation.parameters {
        if parameter.location == Location::Header {
            continue;
        }
        let (valid, invalid) = values(spec, &parameter.schema);
        for (value, ok) in valid
            .into_iter()
            .map(|v| (v, true))
            .chain(invalid.into_iter().map(|v| (v, false)))
        {
            let value = text_for_path(parameter.location, value);
            let input = base
                .clone()
                .with_parameter(parameter.name.clone(), value.clone());
            out.push(case(input, ok, format!("{} = {value}", parameter.name)));
        }
    }
    if let Some(body) = base.body_value() {
        let schema = operation
            .body
            .as_ref()
            .map(|b| spec.resolver().schema(&b.schema));
        let required = schema
            .as_ref()
            .and_then(|s| s.get("required"))
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for name in required.iter().filter_map(Value::as_str) {
            let mut broken = body.clone();
            if let Some(object) = broken.as_object_mut() {
                object.remove(name);
            }
            out.push(case(
                base.clone().with_body(broken),
                false,
                format!("body without {name}"),
            ));
        }
        if body.is_object() {
            out.push(case(
                base.clone().with_body(json!([1, 2])),
                false,
                "a body that is not an object".into(),
            ));
        }
    }
    // Random combinations of valid values of the optional parameters.
    let optional: Vec<_> = operation
        .parameters
        .iter()
        .filter(|p| !p.required && p.location != Location::Header)
        .collect();
    while out.len() < budget && !optional.is_empty() {
        let mut input = base.clone();
        for parameter in &optional {
            if generator.rng().bool() {
                let value = parameter
                    .example
                    .clone()
                    .filter(|_| generator.rng().bool())
                    .unwrap_or_else(|| generator.instance(&parameter.schema));
                input = input.with_parameter(parameter.name.clone(), value);
            }
        }
        out.push(case(input, true, "a random combination".into()));
    }
    out
}
