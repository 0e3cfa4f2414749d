//! `cargo xtask spec --format sarif`: the report as SARIF 2.1.0, what code-scanning tools
//! (GitHub's `upload-sarif`, IDE viewers) read.
//!
//! One run: `tool.driver` lists the rules the profile applies (id, description, the hint as
//! help text, default level, the group as a tag); each finding is a result pointing at its rule
//! (`ruleId`, `ruleIndex`), with its file (a relative URI) and line and column, the JSON pointer
//! as its logical location, and rule and pointer as a partial fingerprint, so a finding keeps
//! its identity when lines move. An unreadable document is a failed invocation with a located
//! notification and no results. Text from the document is cleaned of control characters.
//! `xtask/tests/ci_formats.rs` validates the output against the official schema.

use serde_json::{Value, json};

use super::github::pointer_label;
use super::rules::{Group, RULES, Rule, Severity};
use super::{Diagnostic, Location, Profile, Report, clean};
use crate::github::repo_path;

/// The schema the output declares (`$schema`).
pub const SARIF_SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The report as a SARIF 2.1.0 log (pretty-printed JSON).
pub fn render_sarif(report: &Report) -> String {
    serde_json::to_string_pretty(&sarif_log(report)).unwrap_or_default()
}

/// The report as a SARIF 2.1.0 log.
pub fn sarif_log(report: &Report) -> Value {
    let rules = applied_rules(report.profile);
    let uri = uri(&repo_path(&report.file));
    let results: Vec<Value> = report
        .diagnostics
        .iter()
        .map(|diagnostic| result(&rules, &uri, diagnostic))
        .collect();
    let invocation = match &report.fatal {
        None => json!({ "executionSuccessful": true }),
        Some(fatal) => json!({
            "executionSuccessful": false,
            "toolExecutionNotifications": [{
                "level": "error",
                "message": { "text": format!("unreadable: {}", clean(&fatal.message)) },
                "locations": [{
                    "physicalLocation": physical(&uri, fatal.position.unwrap_or_default()),
                }],
            }],
        }),
    };
    json!({
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "xtask spec",
                "fullName": "passport-paas cargo xtask spec (OpenAPI 3.0 linter)",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules.iter().map(|rule| descriptor(rule)).collect::<Vec<_>>(),
            }},
            "invocations": [invocation],
            "results": results,
        }],
    })
}

/// The rules the profile applies, in [`RULES`] order (house rules only under `house`).
fn applied_rules(profile: Profile) -> Vec<&'static Rule> {
    RULES
        .iter()
        .filter(|rule| rule.group != Group::House || profile == Profile::House)
        .collect()
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn descriptor(rule: &Rule) -> Value {
    json!({
        "id": rule.id,
        "shortDescription": { "text": format!("{} ({})", rule.id, rule.group.title()) },
        "help": { "text": rule.hint },
        "defaultConfiguration": { "level": level(rule.severity) },
        "properties": { "tags": [rule.group.name()] },
    })
}

fn result(rules: &[&Rule], uri: &str, diagnostic: &Diagnostic) -> Value {
    let pointer = clean(pointer_label(&diagnostic.pointer));
    let mut value = json!({
        "ruleId": diagnostic.rule,
        "level": level(diagnostic.severity),
        "message": { "text": clean(&diagnostic.message) },
        "locations": [{
            "physicalLocation": physical(uri, diagnostic.position),
            "logicalLocations": [{ "fullyQualifiedName": pointer }],
        }],
        "partialFingerprints": { "rulePointer/v1": format!("{}:{pointer}", diagnostic.rule) },
    });
    if let Some(index) = rules.iter().position(|rule| rule.id == diagnostic.rule) {
        value["ruleIndex"] = json!(index);
    }
    value
}

/// A physical location: the file and a region starting at `at` (1-based; 0 is written as 1).
fn physical(uri: &str, at: Location) -> Value {
    json!({
        "artifactLocation": { "uri": uri },
        "region": { "startLine": at.line.max(1), "startColumn": at.column.max(1) },
    })
}

/// `path` as a URI reference: unreserved characters and `/` as they are, every other byte
/// percent-encoded (a space is `%20`).
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn paths_become_uri_references() {
        assert_eq!(super::uri("openapi/a b%.yaml"), "openapi/a%20b%25.yaml");
        assert_eq!(super::uri("dir/ñ.yaml"), "dir/%C3%B1.yaml");
    }
}
