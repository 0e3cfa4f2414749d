//! `cargo xtask spec [PATH]`: validate and lint one OpenAPI 3.0 document.
//!
//! The document is parsed twice from the same text: as typed OpenAPI exactly as `build.rs`
//! parses it (`codegen::parse_spec`), and as a JSON value the rules walk. Each rule has a
//! stable kebab-case id, a severity and a one-line hint ([`RULES`]); each diagnostic points at
//! `file:line:column` through the [`source::SourceMap`].

mod document;
mod examples;
mod report;
pub(crate) mod rules;
mod schemas;
pub mod source;

use serde::Serialize;
use serde_json::Value;

pub use report::{render_human, render_json};
use source::{Position, SourceMap};

/// How bad a finding is: errors fail the check, warnings do not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Fails the check (exit 1).
    Error,
    /// Reported, does not fail.
    Warning,
}

/// One rule: id, severity, and the hint every diagnostic of it carries.
#[derive(Debug)]
pub struct Rule {
    /// Stable kebab-case id.
    pub id: &'static str,
    /// Severity of its diagnostics.
    pub severity: Severity,
    /// One-line fix hint.
    pub hint: &'static str,
}

macro_rules! rules {
    ($($id:literal $severity:ident $hint:literal;)+) => {
        /// Every rule `cargo xtask spec` applies.
        pub const RULES: &[Rule] = &[$(Rule { id: $id, severity: Severity::$severity, hint: $hint }),+];
    };
}

rules! {
    "openapi-version" Error "progenitor reads OpenAPI 3.0.x: set `openapi: 3.0.3`";
    "document-structure" Error "fix the field so the document matches the OpenAPI 3.0 structure";
    "unresolved-ref" Error "point the $ref at an existing `#/components/...` entry";
    "operation-id-missing" Error "give the operation an `operationId`: it names the generated method";
    "operation-id-unique" Error "rename one of the operations: generated method names must be unique";
    "operation-id-snake-case" Error "use an id like `listTokens` or `list_tokens` that snake-cases to a Rust identifier";
    "path-params-match" Error "declare each `{name}` of the path as a required `in: path` parameter, and no others";
    "duplicate-parameter" Error "remove the second declaration of the parameter";
    "security-defined" Error "declare `security` and define each scheme it names under `components.securitySchemes`";
    "server-https" Error "use an `https://` server url without a trailing slash";
    "operation-success-response" Error "document a 2xx response";
    "operation-4xx-response" Error "document at least one 4xx response";
    "operation-500-response" Error "document the 500 response";
    "response-json-schema" Error "give the response an `application/json` content with a schema";
    "single-error-schema" Error "make every error response of the operation use the same schema (progenitor supports one)";
    "typed-enum" Error "give the enum a `type` and make each value of that type";
    "duplicate-enum-value" Error "remove the repeated enum value";
    "required-property-exists" Error "add the property to `properties` or drop it from `required`";
    "integer-range" Error "make `minimum` at most `maximum`, within the range of the format";
    "integer-format" Warning "set `format: int32` or `format: int64` so the generated type is explicit";
    "missing-description" Warning "describe it: the text becomes the generated doc comment";
    "unused-component" Warning "reference the component or delete it";
    "operation-tag-defined" Warning "list the tag under the top-level `tags` with a description";
    "info-contact" Warning "add `info.contact`";
    "info-license" Warning "add `info.license`";
    "path-trailing-slash" Error "remove the trailing slash from the path";
    "example-valid" Error "fix the example, or the schema, so the example validates";
    "codegen" Error "change the spec so progenitor can generate from it (see the message)";
}

/// One finding.
#[derive(Clone, Debug, Serialize)]
pub struct Diagnostic {
    /// Rule id.
    pub rule: &'static str,
    /// Severity.
    pub severity: Severity,
    /// What is wrong, lowercase, no trailing period.
    pub message: String,
    /// How to fix it.
    pub hint: &'static str,
    /// JSON pointer into the document.
    pub pointer: String,
    /// Where in the file.
    #[serde(flatten)]
    pub position: Position,
}

/// The result of checking one file.
#[derive(Debug, Serialize)]
pub struct Report {
    /// The file as given.
    pub file: String,
    /// Findings, in document order.
    pub diagnostics: Vec<Diagnostic>,
    /// Set when the file could not be read or parsed; no rule ran.
    pub fatal: Option<Fatal>,
}

/// The file could not be read or parsed.
#[derive(Debug, Serialize)]
pub struct Fatal {
    /// The reader's or parser's message.
    pub message: String,
    /// The parser's location, when it gave one.
    pub position: Option<Position>,
}

impl Report {
    /// 0 clean (warnings allowed), 1 errors, 2 unreadable or unparsable.
    pub fn exit_code(&self) -> u8 {
        if self.fatal.is_some() {
            2
        } else if self.errors() > 0 {
            1
        } else {
            0
        }
    }

    /// How many errors.
    pub fn errors(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    /// How many warnings.
    pub fn warnings(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count()
    }
}

/// Collects diagnostics while the rules walk the document.
pub(crate) struct Checker<'a> {
    pub doc: &'a Value,
    map: &'a SourceMap,
    diagnostics: Vec<Diagnostic>,
}

impl Checker<'_> {
    /// Reports `message` under `rule` at `pointer`.
    pub fn report(&mut self, rule: &'static str, pointer: &str, message: impl Into<String>) {
        let rule = RULES
            .iter()
            .find(|r| r.id == rule)
            .unwrap_or_else(|| panic!("rule {rule} is not in RULES"));
        self.diagnostics.push(Diagnostic {
            rule: rule.id,
            severity: rule.severity,
            message: message.into(),
            hint: rule.hint,
            pointer: pointer.to_owned(),
            position: self.map.locate(pointer),
        });
    }
}

/// Reads and checks `path`.
pub fn check_file(path: &std::path::Path) -> Report {
    let file = path.display().to_string();
    match std::fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => check_text(&file, &text),
            Err(_) => fatal(file, "the file is not utf-8 text".into(), None),
        },
        Err(error) => fatal(file, format!("cannot read the file: {error}"), None),
    }
}

fn fatal(file: String, message: String, position: Option<Position>) -> Report {
    Report {
        file,
        diagnostics: Vec::new(),
        fatal: Some(Fatal { message, position }),
    }
}

/// Checks a document given as text; `file` labels the diagnostics.
pub fn check_text(file: &str, text: &str) -> Report {
    if text.trim().is_empty() {
        return fatal(file.into(), "the file is empty".into(), None);
    }
    let yaml: serde_norway::Value = match serde_norway::from_str(text) {
        Ok(value) => value,
        Err(error) => {
            let position = error.location().map(|l| Position {
                line: l.line(),
                column: l.column(),
            });
            return fatal(file.into(), format!("not valid yaml: {error}"), position);
        }
    };
    let doc = yaml_to_json(yaml);
    if !doc.is_object() {
        return fatal(
            file.into(),
            "the document is not a mapping of OpenAPI fields".into(),
            Some(Position { line: 1, column: 1 }),
        );
    }
    let map = SourceMap::index(text);
    let mut checker = Checker {
        doc: &doc,
        map: &map,
        diagnostics: Vec::new(),
    };
    match doc.get("openapi").and_then(Value::as_str) {
        Some(version) if version.starts_with("3.0.") => {}
        Some(version) => {
            checker.report(
                "openapi-version",
                "/openapi",
                format!("openapi {version} is not supported: progenitor reads OpenAPI 3.0.x"),
            );
            return Report {
                file: file.into(),
                diagnostics: checker.diagnostics,
                fatal: None,
            };
        }
        None => {
            checker.report(
                "openapi-version",
                "",
                "the `openapi` version field is missing: progenitor reads OpenAPI 3.0.x",
            );
            return Report {
                file: file.into(),
                diagnostics: checker.diagnostics,
                fatal: None,
            };
        }
    }
    // Parse as build.rs does; a structural error stops here, located by the parser.
    if let Err(error) = serde_norway::from_str::<openapiv3::OpenAPI>(text) {
        let pointer = "";
        checker.report(
            "document-structure",
            pointer,
            format!("not an OpenAPI 3.0 document: {error}"),
        );
        if let Some(location) = error.location()
            && let Some(last) = checker.diagnostics.last_mut()
        {
            last.position = Position {
                line: location.line(),
                column: location.column(),
            };
        }
        return Report {
            file: file.into(),
            diagnostics: checker.diagnostics,
            fatal: None,
        };
    }
    rules::check(&mut checker);
    schemas::check(&mut checker);
    examples::check(&mut checker);
    let has_errors = checker
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error);
    if !has_errors {
        // Generation is the most expensive check and its messages are the least precise: run it
        // when everything else passes, so its failures are about progenitor's own limits.
        match crate::codegen::parse_spec(text).and_then(|spec| crate::codegen::generate(&spec)) {
            Ok(_) => {}
            Err(message) => checker.report("codegen", "", message),
        }
    }
    let mut diagnostics = checker.diagnostics;
    diagnostics.sort_by_key(|d| (d.position.line, d.position.column, d.rule));
    Report {
        file: file.into(),
        diagnostics,
        fatal: None,
    }
}

/// YAML to JSON, turning non-string keys (such as an unquoted `200:`) into strings.
pub fn yaml_to_json(value: serde_norway::Value) -> Value {
    use serde_norway::Value as Yaml;
    match value {
        Yaml::Null => Value::Null,
        Yaml::Bool(b) => Value::Bool(b),
        Yaml::Number(n) => serde_json::to_value(&n).unwrap_or(Value::Null),
        Yaml::String(s) => Value::String(s),
        Yaml::Sequence(items) => Value::Array(items.into_iter().map(yaml_to_json).collect()),
        Yaml::Mapping(mapping) => Value::Object(
            mapping
                .into_iter()
                .map(|(key, value)| {
                    let key = match key {
                        Yaml::String(s) => s,
                        other => serde_norway::to_string(&other)
                            .unwrap_or_default()
                            .trim()
                            .to_owned(),
                    };
                    (key, yaml_to_json(value))
                })
                .collect(),
        ),
        Yaml::Tagged(tagged) => yaml_to_json(tagged.value),
    }
}
