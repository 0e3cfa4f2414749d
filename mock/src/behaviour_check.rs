//! `behaviour.yaml` checked against the spec it was written for: every entry names an
//! operation of the spec, every key is one the mock reads, every collection exists, and every
//! item path (`set`, `when`, `match`, and the `{body.…}` / `{required.N.…}` templates) names a
//! field of the schema it acts on. A misspelt key or a renamed operation is a located finding
//! (`behaviour.yaml:LINE:COL: …`), not a rule the mock silently ignores.
//!
//! An entry for an operation the spec does not have does not apply (the mock runs on other
//! specs too, and an operation removed from the spec takes its rules with it); one whose id is
//! a slip away from an operation the spec has (case, or two edits) is reported as misspelt.
//! The mock refuses to start on the embedded spec when the file has findings.

use passport_paas_spec::{Document, Operation, Resolver, Resources, Role, Spec, escape};
use serde_json::Value;

/// Keys an entry may hold.
const ENTRY_KEYS: &[&str] = &[
    "issue_token",
    "target",
    "require",
    "when",
    "set",
    "create",
    "emit",
];

/// One finding: where in the behaviour file, and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// 1-based line in the behaviour file.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Keys and values come from the file: no control character reaches a terminal.
        let message: String = self
            .message
            .chars()
            .map(|c| match c.is_control() {
                true => c.escape_default().to_string(),
                false => c.to_string(),
            })
            .collect();
        write!(f, "behaviour.yaml:{}:{}: {message}", self.line, self.column)
    }
}

/// The findings of `behaviour` (the file's text) against `spec`.
pub fn check(spec: &Spec, behaviour: &str) -> Vec<Finding> {
    let document = match Document::parse(behaviour) {
        Ok(document) => document,
        Err(error) => {
            let at = error.position.unwrap_or_default();
            return vec![Finding {
                line: at.line.max(1),
                column: at.column.max(1),
                message: error.message,
            }];
        }
    };
    let mut checker = Checker {
        document: &document,
        resolver: spec.resolver(),
        spec,
        findings: Vec::new(),
    };
    checker.entries();
    checker.findings
}

struct Checker<'a> {
    document: &'a Document,
    resolver: Resolver<'a>,
    spec: &'a Spec,
    findings: Vec<Finding>,
}

impl Checker<'_> {
    fn report(&mut self, pointer: &str, message: String) {
        let at = self.document.locate(pointer);
        self.findings.push(Finding {
            line: at.line,
            column: at.column,
            message,
        });
    }

    fn entries(&mut self) {
        let Some(entries) = self.document.root.as_object() else {
            self.report("", "the file is not a mapping of operation ids".into());
            return;
        };
        let resources = Resources::new(&self.spec.api, &self.resolver);
        for (id, entry) in entries {
            let at = format!("/{}", escape(id));
            let Some(operation) = self.spec.api.operations.iter().find(|o| &o.id == id) else {
                // An operation the spec no longer has takes its rules with it; a name one
                // slip away from an operation it has is a misspelling.
                if let Some(near) = self.nearest(id) {
                    let message = format!("`{id}` is not an operation of the spec: `{near}`?");
                    self.report(&at, message);
                }
                continue;
            };
            self.entry(&at, entry, operation, &resources);
        }
    }

    /// The operation id a misspelt `id` most likely meant.
    fn nearest(&self, id: &str) -> Option<&str> {
        self.spec
            .api
            .operations
            .iter()
            .map(|o| o.id.as_str())
            .filter(|known| {
                known.eq_ignore_ascii_case(id) || strsim::damerau_levenshtein(known, id) <= 2
            })
            .min_by_key(|known| strsim::damerau_levenshtein(known, id))
    }

    fn entry(&mut self, at: &str, entry: &Value, operation: &Operation, resources: &Resources) {
        let Some(keys) = entry.as_object() else {
            self.report(
                at,
                format!("the entry of `{}` is not a mapping", operation.id),
            );
            return;
        };
        for key in keys.keys().filter(|k| !ENTRY_KEYS.contains(&k.as_str())) {
            let known = ENTRY_KEYS.join(", ");
            self.report(
                &format!("{at}/{}", escape(key)),
                format!("`{key}` is not a behaviour key (known: {known})"),
            );
        }
        let own = match resources.roles.get(&operation.id) {
            Some(Role::List { collection })
            | Some(Role::Get { collection, .. })
            | Some(Role::Update { collection, .. })
            | Some(Role::Delete { collection, .. })
            | Some(Role::Create { collection, .. }) => Some(collection.clone()),
            _ => None,
        };
        let required = self.requirements(at, entry, operation, resources);
        let scope = Scope {
            operation,
            required: &required,
        };
        for key in ["set", "when"] {
            let item = own
                .as_deref()
                .and_then(|c| self.collection_schema(resources, c));
            self.paths(
                &format!("{at}/{key}"),
                entry.get(key),
                item.as_ref(),
                &scope,
            );
        }
        let creates = entry.get("create").and_then(Value::as_array);
        for (index, create) in creates.into_iter().flatten().enumerate() {
            let here = format!("{at}/create/{index}");
            let item = self.named_collection(&here, create, resources);
            self.paths(
                &format!("{here}/set"),
                create.get("set"),
                item.as_ref(),
                &scope,
            );
        }
    }

    /// Checks each `require` and returns the collections they name, in order.
    fn requirements(
        &mut self,
        at: &str,
        entry: &Value,
        operation: &Operation,
        resources: &Resources,
    ) -> Vec<Option<Value>> {
        let list = entry.get("require").and_then(Value::as_array);
        let mut required = Vec::new();
        for (index, requirement) in list.into_iter().flatten().enumerate() {
            let here = format!("{at}/require/{index}");
            let item = self.named_collection(&here, requirement, resources);
            let scope = Scope {
                operation,
                required: &required,
            };
            self.paths(
                &format!("{here}/match"),
                requirement.get("match"),
                item.as_ref(),
                &scope,
            );
            required.push(item);
        }
        required
    }

    /// The item schema of the collection `{collection: …}` names, reporting an unknown one.
    fn named_collection(
        &mut self,
        at: &str,
        value: &Value,
        resources: &Resources,
    ) -> Option<Value> {
        let Some(name) = value.get("collection").and_then(Value::as_str) else {
            self.report(at, "names no `collection`".into());
            return None;
        };
        let schema = self.collection_schema(resources, name);
        if schema.is_none() {
            let known: Vec<&str> = resources.collections.keys().map(String::as_str).collect();
            self.report(
                &format!("{at}/collection"),
                format!(
                    "`{name}` is not a collection of the spec (known: {})",
                    known.join(", ")
                ),
            );
        }
        schema
    }

    fn collection_schema(&self, resources: &Resources, name: &str) -> Option<Value> {
        let collection = resources.collections.get(name)?;
        Some(collection.schema.clone())
    }

    /// Every key of `pairs` is a field path of `item`; every template value names a field.
    fn paths(&mut self, at: &str, pairs: Option<&Value>, item: Option<&Value>, scope: &Scope<'_>) {
        let Some(pairs) = pairs.and_then(Value::as_object) else {
            return;
        };
        for (path, value) in pairs {
            let here = format!("{at}/{}", escape(path));
            if let Some(item) = item
                && !self.has_path(item, path)
            {
                self.report(&here, format!("`{path}` is not a field of the item"));
            }
            for name in placeholders(value) {
                if let Err(message) = self.placeholder(&name, scope) {
                    self.report(&here, message);
                }
            }
        }
    }

    /// Whether the dotted `path` is a property path of `schema`.
    fn has_path(&self, schema: &Value, path: &str) -> bool {
        let mut current = self.resolver.schema(schema);
        for part in path.split('.') {
            let next = current.get("properties").and_then(|p| p.get(part)).cloned();
            match next {
                Some(next) => current = self.resolver.schema(&next),
                None => return false,
            }
        }
        true
    }

    fn placeholder(&self, name: &str, scope: &Scope<'_>) -> Result<(), String> {
        if matches!(name, "id" | "now") {
            return Ok(());
        }
        if let Some(path) = name.strip_prefix("body.") {
            let body = scope.operation.body.as_ref().map(|b| &b.schema);
            return match body {
                Some(schema) if self.has_path(schema, path) => Ok(()),
                _ => Err(format!("`{{{name}}}`: the request body has no `{path}`")),
            };
        }
        if let Some(rest) = name.strip_prefix("required.") {
            let (index, path) = rest.split_once('.').unwrap_or((rest, ""));
            let item = index
                .parse::<usize>()
                .ok()
                .and_then(|i| scope.required.get(i));
            return match item {
                None => Err(format!(
                    "`{{{name}}}`: there is no such `require` before it"
                )),
                Some(Some(schema)) if !path.is_empty() && !self.has_path(schema, path) => {
                    Err(format!("`{{{name}}}`: the required item has no `{path}`"))
                }
                Some(_) => Ok(()),
            };
        }
        Err(format!("`{{{name}}}` is not a template the mock fills"))
    }
}

/// What templates of one entry may refer to.
struct Scope<'a> {
    operation: &'a Operation,
    required: &'a [Option<Value>],
}

/// The `{…}` names in a template value.
fn placeholders(value: &Value) -> Vec<String> {
    let Some(mut rest) = value.as_str() else {
        return Vec::new();
    };
    let mut names = Vec::new();
    while let Some(start) = rest.find('{') {
        let Some(end) = rest[start..].find('}') else {
            break;
        };
        names.push(rest[start + 1..start + end].to_owned());
        rest = &rest[start + end + 1..];
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{BEHAVIOUR_YAML, SPEC_YAML};

    fn project() -> Spec {
        Spec::parse(SPEC_YAML).expect("the embedded spec loads")
    }

    #[test]
    fn the_shipped_file_fits_the_shipped_spec() {
        let findings = check(&project(), BEHAVIOUR_YAML);
        assert!(findings.is_empty(), "{findings:#?}");
    }

    #[test]
    fn every_kind_of_mistake_is_located() {
        let text = "\
activateKey:
  sett: { status: ACTIVE }
resolveKeys:
  set: { resolution_id: \"{id}\" }
removedOperation:
  set: { status: GONE }
resolveKey:
  require:
    - collection: Keys
      match: { id: \"{body.key.key_type}\" }
  set: { resolution_idd: \"{required.3.key}\" }
initiateBrebPayment:
  set: { status: \"{body.nothing}\", direction: \"{today}\" }
";
        let findings = check(&project(), text);
        let lines: Vec<String> = findings.iter().map(ToString::to_string).collect();
        let expect = [
            "behaviour.yaml:2:3: `sett` is not a behaviour key",
            "behaviour.yaml:3:1: `resolveKeys` is not an operation of the spec: `resolveKey`?",
            "behaviour.yaml:9:7: `Keys` is not a collection of the spec",
            "behaviour.yaml:11:10: `resolution_idd` is not a field of the item",
            "behaviour.yaml:11:10: `{required.3.key}`: there is no such `require` before it",
            "behaviour.yaml:13:10: `{body.nothing}`: the request body has no `nothing`",
            "behaviour.yaml:13:36: `{today}` is not a template the mock fills",
        ];
        for wanted in expect {
            assert!(
                lines.iter().any(|line| line.starts_with(wanted)),
                "{wanted}\nmissing in:\n{}",
                lines.join("\n")
            );
        }
        assert_eq!(lines.len(), expect.len(), "{}", lines.join("\n"));
    }

    #[test]
    fn a_control_character_in_the_file_is_escaped() {
        let findings = check(&project(), "activateKey: { \"se\\u001b[2Jt\": 1 }\n");
        let line = findings[0].to_string();
        assert!(!line.contains('\u{1b}'), "{line:?}");
        assert!(line.contains("\\u{1b}"), "{line:?}");
    }
}
