//! The rules of `cargo xtask spec`: ids, groups, severities and hints, and the version gate.
//!
//! Each rule has a stable kebab-case id and belongs to one group. `invalid` rules find what
//! breaks OpenAPI 3.0 (or contradicts itself), `codegen` rules what progenitor 0.15 cannot
//! generate, and `house` rules this project's style, applied only under the house profile.

use serde::Serialize;
use serde_json::Value;

use super::{Checker, Diagnostic, Location};

/// How bad a finding is: errors fail the check, warnings do not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Fails the check (exit 1).
    Error,
    /// Reported, does not fail.
    Warning,
}

/// What a rule is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Group {
    /// The document breaks OpenAPI 3.0, or contradicts itself.
    Invalid,
    /// progenitor cannot generate a client from it.
    Codegen,
    /// This project's style.
    House,
}

impl Group {
    /// The group's name.
    pub fn name(self) -> &'static str {
        match self {
            Group::Invalid => "invalid",
            Group::Codegen => "codegen",
            Group::House => "house",
        }
    }

    /// What the group means, for report headings.
    pub fn title(self) -> &'static str {
        match self {
            Group::Invalid => "the document breaks OpenAPI 3.0",
            Group::Codegen => "progenitor cannot generate this",
            Group::House => "this project's style",
        }
    }
}

/// One rule.
#[derive(Debug)]
pub struct Rule {
    /// Stable kebab-case id.
    pub id: &'static str,
    /// Its group.
    pub group: Group,
    /// Severity of its diagnostics.
    pub severity: Severity,
    /// One-line fix hint.
    pub hint: &'static str,
}

macro_rules! rules {
    ($($id:literal $group:ident $severity:ident $hint:literal;)+) => {
        /// Every rule `cargo xtask spec` applies.
        pub const RULES: &[Rule] = &[$(Rule {
            id: $id,
            group: Group::$group,
            severity: Severity::$severity,
            hint: $hint,
        }),+];
    };
}

rules! {
    "duplicate-key" Invalid Error "remove one of the two keys: a reader keeps only the last";
    "unknown-field" Invalid Error "remove the field or move it where OpenAPI 3.0 allows it (extensions start with `x-`)";
    "document-structure" Invalid Error "fix the field so the document matches the OpenAPI 3.0 structure";
    "unresolved-ref" Invalid Error "point the $ref at an existing `#/components/...` entry";
    "schema-cycle" Invalid Error "break the cycle: let one step go into the value, and make that step optional (not required, `minItems: 0`)";
    "ref-siblings" Invalid Warning "OpenAPI 3.0 ignores the siblings of a $ref: wrap it in `allOf` or move them to the target";
    "operation-id-unique" Invalid Error "rename one of the operations: operationIds must be unique";
    "path-params-match" Invalid Error "declare each `{name}` of the path as a required `in: path` parameter, and no others";
    "duplicate-parameter" Invalid Error "remove the second declaration of the parameter";
    "security-defined" Invalid Error "define each scheme a `security` requirement names under `components.securitySchemes`";
    "server-variables" Invalid Error "define every `{variable}` of the server url under `variables`, with a default from its enum";
    "operation-success-response" Invalid Warning "document a success (1xx, 2xx, 3xx or default) response";
    "typed-enum" Invalid Error "make each enum value of the schema's type";
    "duplicate-enum-value" Invalid Error "remove the repeated enum value";
    "required-property-exists" Invalid Error "add the property to `properties` or drop it from `required`";
    "integer-range" Invalid Error "make `minimum` at most `maximum`, within the range of the format";
    "array-items" Invalid Error "give the array schema an `items` schema";
    "example-valid" Invalid Error "fix the example, or the schema, so the example validates";
    "default-valid" Invalid Error "fix the default, or the schema, so the default validates";
    "openapi-version" Codegen Error "progenitor reads OpenAPI 3.0.x: set `openapi: 3.0.3`";
    "operation-id-missing" Codegen Error "give the operation an `operationId`: it names the generated method";
    "operation-id-rust-name" Codegen Error "rename the operation: its generated method must be a distinct Rust identifier";
    "parameter-rust-name" Codegen Error "rename the parameter: its generated builder setter must be distinct";
    "codegen" Codegen Error "change the spec so progenitor can generate from it (see the message)";
    "operation-id-style" House Error "name operations like `listTokens`: a lowerCamelCase verb and noun";
    "operation-4xx-response" House Error "document at least one 4xx response";
    "operation-500-response" House Error "document the 500 response";
    "response-json-schema" House Error "give the response a JSON content (`application/json`) with a schema";
    "single-error-schema" House Error "make every error response of the operation use the same schema";
    "security-declared" House Error "declare `security` at the top level or on the operation (`[]` for none)";
    "server-https" House Error "list `https://` servers without a trailing slash";
    "path-trailing-slash" House Error "remove the trailing slash from the path";
    "enum-type" House Error "give the enum a `type`";
    "integer-format" House Warning "set `format: int32` or `format: int64` so the generated type is explicit";
    "missing-description" House Warning "describe it: the text becomes the generated doc comment";
    "unused-component" House Warning "reference the component or delete it";
    "operation-tag-defined" House Warning "list the tag under the top-level `tags` with a description";
    "info-contact" House Warning "add `info.contact`";
    "info-license" House Warning "add `info.license`";
}

/// The rule with this id.
pub fn rule(id: &str) -> &'static Rule {
    RULES
        .iter()
        .find(|r| r.id == id)
        .unwrap_or_else(|| panic!("rule {id} is not in RULES"))
}

/// Checks `openapi`; `true` when the document is 3.0.x and the other rules can run.
pub(crate) fn version(c: &mut Checker<'_>) -> bool {
    match c.doc.get("openapi") {
        Some(Value::String(version)) if version.starts_with("3.0.") => true,
        Some(Value::String(version)) => {
            c.report(
                "openapi-version",
                "/openapi",
                format!("openapi {version} is not supported: progenitor reads OpenAPI 3.0.x"),
            );
            false
        }
        Some(other) => {
            c.report(
                "openapi-version",
                "/openapi",
                format!("openapi {other} is not a version string: progenitor reads OpenAPI 3.0.x"),
            );
            false
        }
        None => {
            let what = if c.doc.get("swagger").is_some() {
                "a swagger 2.0 document"
            } else {
                "the `openapi` version field is missing"
            };
            c.report(
                "openapi-version",
                "",
                format!("{what}: progenitor reads OpenAPI 3.0.x"),
            );
            false
        }
    }
}

/// For a document the reader could not read: the version diagnostic when its text declares an
/// OpenAPI version other than 3.0 (a 3.1 document is always told so, never "unreadable").
pub(crate) fn version_from_text(text: &str, problem: &str) -> Option<Diagnostic> {
    let (index, line) = text.lines().enumerate().find_map(|(index, line)| {
        let rest = line
            .trim_start_matches(['{', ' ', '\t'])
            .strip_prefix("\"openapi\"")
            .or_else(|| line.strip_prefix("openapi"))?;
        let version: String = rest
            .trim_start()
            .strip_prefix(':')?
            .trim_start()
            .trim_start_matches(['"', '\''])
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        Some((index, version))
    })?;
    let looks_like_version = line.split('.').count() >= 2
        && line
            .split('.')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()));
    if !looks_like_version || line.starts_with("3.0.") {
        return None;
    }
    let rule = rule("openapi-version");
    Some(Diagnostic {
        rule: rule.id,
        group: rule.group,
        severity: rule.severity,
        message: format!(
            "openapi {line} is not supported: progenitor reads OpenAPI 3.0.x (and the text does not read as YAML: {problem})"
        ),
        hint: rule.hint,
        pointer: "/openapi".into(),
        position: Location {
            line: index + 1,
            column: 1,
        },
    })
}
