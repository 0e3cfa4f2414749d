//! The compiler's errors in the generated client, read from `cargo --message-format=json`,
//! and where in the spec each comes from.
//!
//! An error in generated code names a line of `codegen.rs`, `enums.rs` or `wiring.rs`. The
//! nearest item above that line (`pub struct X`, `pub enum X`, `impl … for X`, `pub fn x`)
//! names the Rust type or method, and that name leads back to the spec: the component schema
//! it was generated from (`Thing`, or `ThingKind` for a property of `Thing`), or the operation
//! (`list_things`, `ListThings`). What cannot be traced is reported at the document's root.

use passport_paas_spec::{Case, Spec, codegen, escape, sanitize};
use serde_json::Value;

/// One compiler error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompileError {
    /// The compiler's message (one line).
    pub message: String,
    /// The generated file (`codegen.rs`, `enums.rs`, `wiring.rs`) or a library source file.
    pub file: String,
    /// 1-based line in that file.
    pub line: usize,
    /// The generated item the line belongs to, when found.
    pub item: Option<String>,
}

impl CompileError {
    /// The diagnostic's message.
    pub fn describe(&self) -> String {
        let item = self
            .item
            .as_deref()
            .map(|item| format!(" in `{item}`"))
            .unwrap_or_default();
        format!(
            "the generated client does not compile{item} ({}:{}): {}",
            self.file, self.line, self.message
        )
    }
}

/// The errors of `package` in cargo's JSON messages, at most 50.
pub fn read(stdout: &str, package: &str, generated: &codegen::Generated) -> Vec<CompileError> {
    let mut errors = Vec::new();
    for line in stdout.lines() {
        let Ok(message) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        let ours = message
            .get("package_id")
            .and_then(Value::as_str)
            .is_some_and(|id| id.contains(package));
        let inner = &message["message"];
        if message["reason"] != "compiler-message" || !ours || inner["level"] != "error" {
            continue;
        }
        let text: String = inner["message"]
            .as_str()
            .unwrap_or("error")
            .lines()
            .next()
            .unwrap_or_default()
            .chars()
            .filter(|c| !c.is_control())
            .take(300)
            .collect();
        let span = inner["spans"]
            .as_array()
            .and_then(|spans| spans.iter().find(|s| s["is_primary"] == true));
        let file = span
            .and_then(|s| s["file_name"].as_str())
            .and_then(|f| f.rsplit('/').next())
            .unwrap_or("?")
            .to_owned();
        let line = span
            .and_then(|s| s["line_start"].as_u64())
            .and_then(|l| usize::try_from(l).ok())
            .unwrap_or(0);
        let source = match file.as_str() {
            "codegen.rs" => Some(&generated.client),
            "enums.rs" => Some(&generated.enums),
            "wiring.rs" => Some(&generated.wiring),
            _ => None,
        };
        let item = source.and_then(|text| item_at(text, line));
        errors.push(CompileError {
            message: text,
            file,
            line,
            item,
        });
        if errors.len() == 50 {
            break;
        }
    }
    errors
}

/// The name of the item 1-based `line` of `text` belongs to: the type of the nearest
/// `struct`, `enum` or `impl` above it, or the method when that `impl` is `Client`'s.
pub fn item_at(text: &str, line: usize) -> Option<String> {
    let lines: Vec<&str> = text.lines().collect();
    let end = line.min(lines.len());
    let mut function = None;
    for l in lines[..end].iter().rev() {
        match item_name(l.trim()) {
            Some(Item::Function(name)) => {
                function.get_or_insert(name);
            }
            Some(Item::Type(name)) if function.is_some() && name == "Client" => return function,
            Some(Item::Type(name)) if name == "Client" => return None,
            Some(Item::Type(name)) => return Some(name),
            Some(Item::Impl(name)) if name == "Client" => return function,
            Some(Item::Impl(name)) => return Some(name),
            None => {}
        }
    }
    function
}

enum Item {
    Function(String),
    Type(String),
    Impl(String),
}

fn item_name(line: &str) -> Option<Item> {
    let line = line.strip_prefix("pub ").unwrap_or(line);
    let ident = |rest: &str| -> Option<String> {
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        (!name.is_empty()).then_some(name)
    };
    if let Some(rest) = line.strip_prefix("fn ") {
        return ident(rest).map(Item::Function);
    }
    if let Some(rest) = line
        .strip_prefix("struct ")
        .or_else(|| line.strip_prefix("enum "))
    {
        return ident(rest).map(Item::Type);
    }
    if line.starts_with("impl") {
        let target = line.rsplit(" for ").next()?;
        let target = skip_generics(target.trim_start_matches("impl").trim_start());
        return ident(target.rsplit("::").next()?.trim_start()).map(Item::Impl);
    }
    None
}

fn skip_generics(text: &str) -> &str {
    if !text.starts_with('<') {
        return text;
    }
    let mut depth = 0usize;
    for (index, c) in text.char_indices() {
        match c {
            '<' => depth += 1,
            '>' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return text[index + 1..].trim_start();
                }
            }
            _ => {}
        }
    }
    text
}

/// The JSON pointer of what `error`'s item was generated from ("" when not found).
pub fn locate(spec: &Spec, error: &CompileError) -> String {
    let Some(item) = error.item.as_deref() else {
        return String::new();
    };
    for operation in &spec.api.operations {
        if sanitize(&operation.id, Case::Snake) == item
            || sanitize(&operation.id, Case::Pascal) == item
        {
            return format!("/paths/{}/{}", escape(&operation.path), operation.method);
        }
    }
    let schemas = spec
        .root()
        .pointer("/components/schemas")
        .and_then(Value::as_object);
    // The component whose type name is the longest prefix of the item's: a property's
    // hoisted type (`ThingKind`) comes from its schema (`Thing`).
    let best = schemas
        .into_iter()
        .flat_map(|schemas| schemas.keys())
        .filter(|name| item.starts_with(&sanitize(name, Case::Pascal)))
        .max_by_key(|name| sanitize(name, Case::Pascal).len());
    if let Some(name) = best {
        return format!("/components/schemas/{}", escape(name));
    }
    // An inline schema of an operation (`ListThingsOrder`, `ListThingsResponse`).
    spec.api
        .operations
        .iter()
        .filter(|operation| item.starts_with(&sanitize(&operation.id, Case::Pascal)))
        .max_by_key(|operation| operation.id.len())
        .map(|operation| format!("/paths/{}/{}", escape(&operation.path), operation.method))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    const CLIENT: &str = "pub mod types {\n    pub struct Thing {\n        pub a: i64,\n    }\n    impl ::schemars::JsonSchema for ThingKind {\n        fn schema_name() -> String {\n            gen\n        }\n    }\n}\nimpl Client {\n    pub fn list_things(&self) {\n        x\n    }\n}\n";

    #[test]
    fn an_error_line_names_its_item() {
        assert_eq!(item_at(CLIENT, 3).as_deref(), Some("Thing"));
        assert_eq!(item_at(CLIENT, 7).as_deref(), Some("ThingKind"));
        assert_eq!(item_at(CLIENT, 5).as_deref(), Some("ThingKind"));
        assert_eq!(item_at(CLIENT, 13).as_deref(), Some("list_things"));
        let wide = "impl<'a> From<&'a X> for super::Wide<'a> {\n    x\n}\n";
        assert_eq!(item_at(wide, 2).as_deref(), Some("Wide"));
        assert_eq!(item_at(CLIENT, 0), None);
        assert_eq!(item_at(CLIENT, 10_000).as_deref(), Some("list_things"));
    }

    fn generated() -> codegen::Generated {
        codegen::Generated {
            client: CLIENT.to_owned(),
            enums: String::new(),
            wiring: String::new(),
        }
    }

    #[test]
    fn cargo_messages_become_located_errors() {
        let ours = r#"{"reason":"compiler-message","package_id":"path+file:///x/paas-codegen-check#0.0.0","message":{"level":"error","message":"expected identifier, found reserved keyword `gen`\u001b[0m","spans":[{"file_name":"/t/out/codegen.rs","line_start":5,"is_primary":true}]}}"#;
        let warning = ours.replace("\"level\":\"error\"", "\"level\":\"warning\"");
        let theirs = ours.replace("paas-codegen-check", "serde");
        let stdout = format!("{ours}\nnot json\n{warning}\n{theirs}\n");
        let errors = read(&stdout, "paas-codegen-check", &generated());
        assert_eq!(errors.len(), 1, "{errors:?}");
        let error = &errors[0];
        assert_eq!((error.file.as_str(), error.line), ("codegen.rs", 5));
        assert_eq!(error.item.as_deref(), Some("ThingKind"));
        assert!(!error.message.contains('\u{1b}'));
        assert!(error.describe().contains("in `ThingKind` (codegen.rs:5)"));
    }

    #[test]
    fn an_item_leads_back_to_its_schema_or_operation() {
        let spec = Spec::parse(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /things:\n    get:\n      operationId: listThings\n      responses: {'200': {description: ok}}\ncomponents:\n  schemas:\n    Thing: {type: object}\n    Th: {type: object}\n",
        )
        .expect("parses");
        let at = |item: &str| {
            let error = CompileError {
                message: String::new(),
                file: "codegen.rs".into(),
                line: 1,
                item: Some(item.to_owned()),
            };
            locate(&spec, &error)
        };
        assert_eq!(at("ThingKind"), "/components/schemas/Thing");
        assert_eq!(at("list_things"), "/paths/~1things/get");
        assert_eq!(at("ListThingsOrder"), "/paths/~1things/get");
        assert_eq!(at("Other"), "");
    }
}
