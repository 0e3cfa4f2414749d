//! `responses-conform`: every case goes through the generated client, and the answer is
//! judged as the bytes on the wire against the spec.
//!
//! - a valid value the client refuses before sending is a failure; an invalid one it refuses
//!   is a pass (it never reached the server);
//! - the status must be documented for the operation;
//! - an invalid request must not succeed;
//! - the body received must validate against the documented schema for that status (the
//!   bytes, not what the client made of them), and a success the spec describes must parse;
//! - the documented response headers must hold what their schemas allow (`headers`);
//! - a field the schema does not document is noted, not failed (servers may add fields).

use passport_paas::dynamic::call;
use passport_paas_spec::validate::{describe, undocumented_fields};
use passport_paas_spec::{Operation, essence};
use serde_json::Value;

use crate::Context;
use crate::cases::{Case, cases};
use crate::report::Tally;

pub(crate) async fn check(context: &Context<'_>, total: usize, seed: u64) -> Tally {
    let mut tally = Tally::new("responses-conform");
    let operations: Vec<&Operation> = context
        .spec
        .api
        .operations
        .iter()
        // The promise rests on the method the client sends, not the one the document names.
        .filter(|o| context.writes || crate::read_only(&o.id))
        .collect();
    let budget = (total / operations.len().max(1)).max(1);
    for (index, operation) in operations.into_iter().enumerate() {
        tally.operations.push(operation.id.clone());
        for case in cases(
            context.spec,
            operation,
            budget,
            seed.wrapping_add(index as u64),
        ) {
            match judge(context, operation, &case).await {
                Ok(notes) => {
                    tally.pass();
                    for note in notes {
                        tally.note(note);
                    }
                }
                Err(problem) => tally.fail(case.describe(), problem),
            }
        }
    }
    tally
}

async fn judge(
    context: &Context<'_>,
    operation: &Operation,
    case: &Case,
) -> Result<Vec<String>, String> {
    let outcome = call(context.client, &operation.id, &case.input).await;
    let Some(status) = outcome.exchange.status else {
        return unanswered(&outcome.result, case);
    };
    let code = status.as_u16();
    let Some(response) = operation.response_for(code) else {
        return Err(format!(
            "status {code} is not documented for {}",
            operation.id
        ));
    };
    if !case.valid && status.is_success() {
        return Err(format!("an invalid request ({}) got {code}", case.varies));
    }
    crate::headers::check(context.spec, code, response, |name| {
        let value = outcome.exchange.headers.get(name)?;
        value.to_str().ok().map(str::to_owned)
    })?;
    let body = &outcome.exchange.body;
    // An answer that carries secrets (an issued token) is judged, never quoted: a violation
    // names where it is, not the value found there.
    let secret = passport_paas::operation::find(&operation.id).is_some_and(|o| o.returns_secret);
    let answer = Answer {
        context,
        code,
        body,
        secret,
    };
    let notes = match &response.content {
        None if body.iter().all(u8::is_ascii_whitespace) => Vec::new(),
        None => return Err(format!("{code} documents no body, but one came")),
        Some(content) if content.schema.is_null() => Vec::new(),
        Some(content) if !content.is_json() => {
            let sent = outcome
                .exchange
                .headers
                .get("content-type")
                .and_then(|v| v.to_str().ok())
                .map(essence)
                .unwrap_or_default();
            answer.text(content, &sent)?;
            Vec::new()
        }
        Some(content) => answer.json(content, &operation.id)?,
    };
    if status.is_success()
        && let Err(error) = &outcome.result
    {
        return Err(format!(
            "the client cannot read a {code} the spec describes: {error}"
        ));
    }
    Ok(notes)
}

/// A case that got no answer: right when the client refused an invalid value itself.
fn unanswered<T>(
    result: &Result<T, passport_paas::Error>,
    case: &Case,
) -> Result<Vec<String>, String> {
    match result {
        Err(error) if error.is_invalid_parameter() && !case.valid => Ok(Vec::new()),
        Err(error) if error.is_invalid_parameter() => Err(format!(
            "the client refused a valid value ({}): {error}",
            case.varies
        )),
        Err(error) => Err(format!("no answer: {error}")),
        Ok(_) => Err("a success without a response".into()),
    }
}

/// One answer's body, judged against the documented content of its status.
struct Answer<'a> {
    context: &'a Context<'a>,
    code: u16,
    body: &'a [u8],
    /// The answer carries secrets: violations are located, never quoted.
    secret: bool,
}

impl Answer<'_> {
    fn describe(&self, violations: &[passport_paas_spec::validate::Violation]) -> String {
        if !self.secret {
            return describe(violations);
        }
        let paths: Vec<String> = violations.iter().map(|v| format!("`{}`", v.path)).collect();
        format!(
            "at {} (not quoted: this answer carries secrets)",
            paths.join(", ")
        )
    }

    /// Text or bytes: the documented media type, and a string schema's constraints.
    fn text(&self, content: &passport_paas_spec::Content, sent: &str) -> Result<(), String> {
        let code = self.code;
        if sent != essence(&content.media_type) {
            return Err(format!(
                "the {code} body is {sent:?}, the spec documents {:?}",
                content.media_type
            ));
        }
        let schema = self.context.spec.resolver().schema(&content.schema);
        if schema.get("type").and_then(Value::as_str) != Some("string") {
            return Ok(());
        }
        let text = Value::String(String::from_utf8_lossy(self.body).into_owned());
        self.context
            .validators
            .validate(&content.schema, &text)
            .map_err(|violations| {
                format!(
                    "the {code} text does not match the spec: {}",
                    self.describe(&violations)
                )
            })
    }

    /// JSON: valid against the schema; fields the schema does not document are notes.
    fn json(
        &self,
        content: &passport_paas_spec::Content,
        operation: &str,
    ) -> Result<Vec<String>, String> {
        let code = self.code;
        let value: Value = serde_json::from_slice(self.body)
            .map_err(|e| format!("the {code} body is not json: {e}"))?;
        self.context
            .validators
            .validate(&content.schema, &value)
            .map_err(|violations| {
                format!(
                    "the {code} body does not match the spec: {}",
                    self.describe(&violations)
                )
            })?;
        let resolver = self.context.spec.resolver();
        Ok(undocumented_fields(&resolver, &content.schema, &value)
            .into_iter()
            .map(|field| format!("{operation} {code}: undocumented field {field}"))
            .collect())
    }
}
