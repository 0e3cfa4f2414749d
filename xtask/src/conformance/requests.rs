//! Request conformance: parameter combinations drawn from the spec's schemas, sent through the
//! generated client, each outcome checked like Schemathesis checks a server.
//!
//! Valid cases cover every enum value, the boundaries of every range and strings that need
//! encoding; invalid cases step past a boundary or use an unknown enum value, and must be
//! rejected by the client before sending or by the server with a 4xx.

use passport_paas::builder::ListTokens;
use passport_paas::compat::{GrantFlow, OrderDirection};
use passport_paas::{Call, Client, Error};
use serde_json::{Value, json};

use super::Tally;
use crate::spec::rules::resolve;

/// `value`, with a local `$ref` followed.
fn resolved(spec: &Value, value: &Value) -> Value {
    resolve(spec, value, "").map_or(Value::Null, |(target, _)| target.clone())
}

/// One generated request: (parameter, value) pairs, and whether all of them are valid.
#[derive(Clone, Debug)]
pub struct Case {
    /// The query parameters.
    pub params: Vec<(String, Value)>,
    /// Whether every value is within the spec.
    pub valid: bool,
}

impl Case {
    fn describe(&self) -> String {
        let pairs: Vec<String> = self
            .params
            .iter()
            .map(|(n, v)| format!("{n}={v}"))
            .collect();
        format!("GET /v1/iam/oauth/tokens?{}", pairs.join("&"))
    }
}

/// Valid and invalid values of each query parameter of `listTokens`, from the spec.
pub fn parameter_values(spec: &Value) -> Vec<(String, Vec<Value>, Vec<Value>)> {
    let mut found = Vec::new();
    let parameters = spec
        .pointer("/paths/~1v1~1iam~1oauth~1tokens/get/parameters")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for parameter in parameters {
        let parameter = resolved(spec, &parameter);
        if parameter.get("in").and_then(Value::as_str) != Some("query") {
            continue;
        }
        let name = parameter["name"].as_str().unwrap_or_default().to_owned();
        let schema = resolved(spec, &parameter["schema"]);
        let (mut valid, mut invalid) = (Vec::new(), Vec::new());
        if let Some(values) = schema.get("enum").and_then(Value::as_array) {
            valid.extend(values.iter().cloned());
            invalid.push(json!("NOT_A_DOCUMENTED_VALUE"));
        } else if schema["type"] == "integer" {
            let low = schema.get("minimum").and_then(Value::as_i64);
            let high = schema.get("maximum").and_then(Value::as_i64);
            valid.extend([low, high].into_iter().flatten().map(|v| json!(v)));
            valid.push(json!(low.unwrap_or(0).max(1).min(high.unwrap_or(i64::MAX))));
            valid.push(json!(
                low.unwrap_or(0)
                    .saturating_add(9)
                    .min(high.unwrap_or(i64::MAX))
            ));
            invalid.extend(low.map(|v| json!(v - 1)));
            invalid.extend(high.map(|v| json!(v + 1)));
        } else {
            valid.extend(
                ["created_at", "acc 1&role=x", "ñandú/ü?#", "a+b %20", ""].map(|s| json!(s)),
            );
        }
        found.push((name, valid, invalid));
    }
    found
}

/// `count` cases from `seed`: random valid combinations, and single invalid values.
pub fn cases(spec: &Value, count: usize, seed: u64) -> Vec<Case> {
    let values = parameter_values(spec);
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut cases = Vec::with_capacity(count);
    // Every value of every parameter once, alone, first.
    for (name, valid, invalid) in &values {
        for value in valid {
            cases.push(Case {
                params: vec![(name.clone(), value.clone())],
                valid: true,
            });
        }
        for value in invalid {
            cases.push(Case {
                params: vec![(name.clone(), value.clone())],
                valid: false,
            });
        }
    }
    while cases.len() < count && !values.is_empty() {
        let mut params = Vec::new();
        let mut valid = true;
        for (name, good, bad) in &values {
            if !rng.bool() || good.is_empty() {
                continue;
            }
            if !bad.is_empty() && rng.u8(..) < 16 {
                params.push((name.clone(), bad[rng.usize(..bad.len())].clone()));
                valid = false;
            } else {
                params.push((name.clone(), good[rng.usize(..good.len())].clone()));
            }
        }
        cases.push(Case { params, valid });
    }
    cases.truncate(count.max(1));
    cases
}

/// Sets one parameter on the generated builder. An unknown name is a harness/spec drift.
fn apply<'a>(request: ListTokens<'a>, name: &str, value: &Value) -> Result<ListTokens<'a>, String> {
    let int = || value.as_i64().unwrap_or_default();
    let text = || {
        value
            .as_str()
            .map(str::to_owned)
            .unwrap_or_else(|| value.to_string())
    };
    let page = || u32::try_from(int()).unwrap_or(0);
    Ok(match name {
        "page_params.page_size" => request.page_params_page_size(page()),
        "page_params.page_number" => request.page_params_page_number(page()),
        "page_params.first_request_timestamp.seconds" => {
            request.page_params_first_request_timestamp_seconds(int())
        }
        "page_params.first_request_timestamp.nanos" => request
            .page_params_first_request_timestamp_nanos(
                int().clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32,
            ),
        "order_params.order_key" => request.order_params_order_key(text()),
        "order_params.order_direction" => {
            request.order_params_order_direction(OrderDirection::from(text().as_str()))
        }
        "account_id" => request.account_id(text()),
        "user_id" => request.user_id(text()),
        "grant_flow" => request.grant_flow(GrantFlow::from(text().as_str())),
        "role" => request.role(text()),
        other => {
            return Err(format!(
                "spec parameter `{other}` has no setter in the conformance harness"
            ));
        }
    })
}

/// Sends every case and checks each outcome against the spec.
pub async fn check(client: &Client, spec: &Value, cases: &[Case], tally: &mut Tally) {
    let documented: Vec<u16> = spec
        .pointer("/paths/~1v1~1iam~1oauth~1tokens/get/responses")
        .and_then(Value::as_object)
        .map(|r| r.keys().filter_map(|k| k.parse().ok()).collect())
        .unwrap_or_default();
    let page_schema = spec
        .pointer(
            "/paths/~1v1~1iam~1oauth~1tokens/get/responses/200/content/application~1json/schema",
        )
        .cloned()
        .unwrap_or(Value::Null);
    let error_schema = json!({ "$ref": "#/components/schemas/Error" });
    for case in cases {
        let mut request = client.list_tokens();
        let mut drift = None;
        for (name, value) in &case.params {
            match apply(request.clone(), name, value) {
                Ok(next) => request = next,
                Err(message) => drift = Some(message),
            }
        }
        if let Some(message) = drift {
            tally.fail(case.describe(), message);
            continue;
        }
        let verdict = match (case.valid, request.call().await) {
            (_, Ok(page)) => {
                let body = serde_json::to_value(&page).unwrap_or_default();
                crate::schema::validate(spec, &page_schema, &body)
                    .map_err(|e| format!("200 body does not match the schema: {e}"))
            }
            (true, Err(Error::InvalidParameter { name, reason })) => Err(format!(
                "the client rejected a valid value: {name}: {reason}"
            )),
            (false, Err(Error::InvalidParameter { .. })) => Ok(()),
            (valid, Err(Error::Api { status, body, .. })) => {
                let code = status.as_u16();
                if !documented.contains(&code) {
                    Err(format!("status {code} is not documented for the operation"))
                } else if !valid && !(400..500).contains(&code) {
                    Err(format!("an invalid value got {code}, not a 4xx"))
                } else {
                    match body {
                        None => Err(format!("{code} body is not a json error body")),
                        Some(body) => {
                            let body = serde_json::to_value(&body).unwrap_or_default();
                            crate::schema::validate(spec, &error_schema, &body).map_err(|e| {
                                format!("{code} body does not match the error schema: {e}")
                            })
                        }
                    }
                }
            }
            (_, Err(other)) => Err(format!("the response does not conform: {other}")),
        };
        match verdict {
            Ok(()) => tally.pass(),
            Err(message) => tally.fail(case.describe(), message),
        }
    }
}
