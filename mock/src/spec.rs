//! What the mock knows of the spec: its operations, their parameters, and their examples.
//!
//! Everything the mock routes and validates comes from `openapi/passport-paas.yaml`, embedded
//! at compile time, so the mock follows the spec the client is generated from.

use std::collections::BTreeMap;

use openapiv3::{
    OpenAPI, Parameter, ParameterSchemaOrContent, ReferenceOr, Schema, SchemaKind, StatusCode, Type,
};
use serde_json::Value;

/// The spec the client is generated from.
pub const SPEC_YAML: &str = include_str!("../../openapi/passport-paas.yaml");

/// One operation of the spec, reduced to what the mock needs.
#[derive(Clone, Debug)]
pub struct Operation {
    /// The spec's `operationId`.
    pub id: String,
    /// Upper-case HTTP method.
    pub method: String,
    /// The path template, e.g. `/v1/iam/oauth/tokens/{token_id}`.
    pub path: String,
    /// Query parameters, by wire name.
    pub query: BTreeMap<String, ParamRule>,
    /// The first documented 2xx status.
    pub success_status: u16,
    /// The first example of the success response, if any.
    pub success_example: Option<Value>,
    /// Documented statuses with their first example body.
    pub error_examples: BTreeMap<u16, Option<Value>>,
}

/// What a query parameter accepts.
#[derive(Clone, Debug, Default)]
pub struct ParamRule {
    /// Whether it must be present.
    pub required: bool,
    /// `integer`, `string`, `number`, `boolean`.
    pub kind: String,
    /// Integer bounds.
    pub minimum: Option<i64>,
    /// Integer bounds.
    pub maximum: Option<i64>,
    /// Allowed values of an enum.
    pub allowed: Option<Vec<String>>,
}

/// The parsed spec.
#[derive(Debug)]
pub struct Spec {
    /// Every operation, in document order.
    pub operations: Vec<Operation>,
}

impl Spec {
    /// Parses the embedded spec.
    pub fn embedded() -> Self {
        Self::parse(SPEC_YAML).expect("the embedded spec parses; `cargo xtask spec` checks it")
    }

    /// Parses a spec document.
    pub fn parse(text: &str) -> Result<Self, String> {
        let api: OpenAPI = serde_norway::from_str(text).map_err(|e| e.to_string())?;
        let mut operations = Vec::new();
        for (path, method, operation) in api.operations() {
            let mut query = BTreeMap::new();
            for parameter in &operation.parameters {
                let Some(Parameter::Query { parameter_data, .. }) =
                    resolve_parameter(&api, parameter)
                else {
                    continue;
                };
                let schema = match &parameter_data.format {
                    ParameterSchemaOrContent::Schema(schema) => resolve_schema(&api, schema),
                    ParameterSchemaOrContent::Content(_) => None,
                };
                let mut rule = schema.map(param_rule).unwrap_or_default();
                rule.required = parameter_data.required;
                query.insert(parameter_data.name.clone(), rule);
            }
            let mut success_status = 200;
            let mut success_example = None;
            let mut error_examples = BTreeMap::new();
            for (status, response) in &operation.responses.responses {
                let StatusCode::Code(code) = status else {
                    continue;
                };
                let example = resolve_response(&api, response).and_then(first_example);
                if (200..300).contains(code) {
                    if success_example.is_none() {
                        success_status = *code;
                        success_example = example;
                    }
                } else {
                    error_examples.insert(*code, example);
                }
            }
            operations.push(Operation {
                id: operation.operation_id.clone().unwrap_or_default(),
                method: method.to_uppercase(),
                path: path.to_owned(),
                query,
                success_status,
                success_example,
                error_examples,
            });
        }
        Ok(Self { operations })
    }

    /// The operation serving `method` on `path`, with the path parameters it captured.
    pub fn route(
        &self,
        method: &str,
        path: &str,
    ) -> Option<(&Operation, BTreeMap<String, String>)> {
        self.operations.iter().find_map(|operation| {
            if !operation.method.eq_ignore_ascii_case(method) {
                return None;
            }
            match_template(&operation.path, path).map(|captures| (operation, captures))
        })
    }

    /// The methods the operations on `path` accept (empty: no such path).
    pub fn methods_for(&self, path: &str) -> Vec<String> {
        self.operations
            .iter()
            .filter(|operation| match_template(&operation.path, path).is_some())
            .map(|operation| operation.method.clone())
            .collect()
    }
}

fn match_template(template: &str, path: &str) -> Option<BTreeMap<String, String>> {
    let template_parts: Vec<&str> = template.trim_matches('/').split('/').collect();
    let path_parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    if template_parts.len() != path_parts.len() {
        return None;
    }
    let mut captures = BTreeMap::new();
    for (want, got) in template_parts.iter().zip(&path_parts) {
        if let Some(name) = want.strip_prefix('{').and_then(|w| w.strip_suffix('}')) {
            let value = percent_decode(got);
            if value.is_empty() {
                return None;
            }
            captures.insert(name.to_owned(), value);
        } else if want != got {
            return None;
        }
    }
    Some(captures)
}

fn percent_decode(text: &str) -> String {
    url::form_urlencoded::parse(format!("x={}", text.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, value)| value.into_owned())
        .unwrap_or_default()
}

impl ParamRule {
    /// Checks one value; the error says what is wrong with it.
    pub fn check(&self, value: &str) -> Result<(), String> {
        match self.kind.as_str() {
            "integer" => {
                let number: i64 = value
                    .parse()
                    .map_err(|_| format!("{value:?} is not an integer"))?;
                if let Some(minimum) = self.minimum.filter(|&m| number < m) {
                    return Err(format!("{number} is below the minimum {minimum}"));
                }
                if let Some(maximum) = self.maximum.filter(|&m| number > m) {
                    return Err(format!("{number} is above the maximum {maximum}"));
                }
            }
            "boolean" if value != "true" && value != "false" => {
                return Err(format!("{value:?} is not a boolean"));
            }
            _ => {}
        }
        match &self.allowed {
            Some(allowed) if !allowed.iter().any(|a| a == value) => {
                Err(format!("{value:?} is not one of {}", allowed.join(", ")))
            }
            _ => Ok(()),
        }
    }
}

fn param_rule(schema: &Schema) -> ParamRule {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Integer(integer)) => {
            // The format bounds the value too: int32 is i32's range.
            let (low, high) = match &integer.format {
                openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32) => {
                    (i64::from(i32::MIN), i64::from(i32::MAX))
                }
                _ => (i64::MIN, i64::MAX),
            };
            ParamRule {
                kind: "integer".into(),
                minimum: Some(integer.minimum.unwrap_or(low).max(low)),
                maximum: Some(integer.maximum.unwrap_or(high).min(high)),
                ..ParamRule::default()
            }
        }
        SchemaKind::Type(Type::String(string)) => ParamRule {
            kind: "string".into(),
            allowed: (!string.enumeration.is_empty())
                .then(|| string.enumeration.iter().flatten().cloned().collect()),
            ..ParamRule::default()
        },
        SchemaKind::Type(Type::Boolean(_)) => ParamRule {
            kind: "boolean".into(),
            ..ParamRule::default()
        },
        _ => ParamRule {
            kind: "other".into(),
            ..ParamRule::default()
        },
    }
}

fn resolve_parameter<'a>(
    api: &'a OpenAPI,
    parameter: &'a ReferenceOr<Parameter>,
) -> Option<&'a Parameter> {
    match parameter {
        ReferenceOr::Item(item) => Some(item),
        ReferenceOr::Reference { reference } => {
            let name = reference.strip_prefix("#/components/parameters/")?;
            match api.components.as_ref()?.parameters.get(name)? {
                ReferenceOr::Item(item) => Some(item),
                ReferenceOr::Reference { .. } => None,
            }
        }
    }
}

fn resolve_schema<'a>(api: &'a OpenAPI, schema: &'a ReferenceOr<Schema>) -> Option<&'a Schema> {
    match schema {
        ReferenceOr::Item(item) => Some(item),
        ReferenceOr::Reference { reference } => {
            let name = reference.strip_prefix("#/components/schemas/")?;
            match api.components.as_ref()?.schemas.get(name)? {
                ReferenceOr::Item(item) => Some(item),
                ReferenceOr::Reference { .. } => None,
            }
        }
    }
}

fn resolve_response<'a>(
    api: &'a OpenAPI,
    response: &'a ReferenceOr<openapiv3::Response>,
) -> Option<&'a openapiv3::Response> {
    match response {
        ReferenceOr::Item(item) => Some(item),
        ReferenceOr::Reference { reference } => {
            let name = reference.strip_prefix("#/components/responses/")?;
            match api.components.as_ref()?.responses.get(name)? {
                ReferenceOr::Item(item) => Some(item),
                ReferenceOr::Reference { .. } => None,
            }
        }
    }
}

fn first_example(response: &openapiv3::Response) -> Option<Value> {
    let media = response.content.get("application/json")?;
    media.example.clone().or_else(|| {
        media.examples.values().find_map(|example| match example {
            ReferenceOr::Item(example) => example.value.clone(),
            ReferenceOr::Reference { .. } => None,
        })
    })
}
