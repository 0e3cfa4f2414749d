//! The arguments of one command with what `paas` shows about them: the spec model's
//! [`passport_paas_spec::surface`] (names, kinds, which properties get flags) plus help texts
//! and examples from the spec's descriptions.
//!
//! Flag names come from the surface only, so `paas` and `cargo xtask review` agree on them.

use passport_paas_spec::prose::reader_text;
use passport_paas_spec::surface;
use passport_paas_spec::{Location, Operation};
use serde_json::Value;

pub use passport_paas_spec::surface::{path_order, properties};

use crate::naming::first_paragraph;
use crate::values::Kind;

/// One parameter.
pub struct Argument {
    /// The wire name.
    pub wire: String,
    /// Where it travels.
    pub location: Location,
    /// The long flag; `None` for a positional (path) argument.
    pub flag: Option<String>,
    /// Whether a global flag (`--accept-language`) provides it.
    pub global: bool,
    /// Whether the spec requires it.
    pub required: bool,
    /// Help text (first paragraph) and long help (all of it, with the values).
    pub help: (String, String),
    /// How its text is typed (of the items, for arrays).
    pub kind: Kind,
    /// An array: the flag repeats.
    pub repeated: bool,
    /// The spec's example.
    pub example: Option<Value>,
    /// The effective schema.
    pub schema: Value,
}

/// A request body.
pub struct BodySpec {
    /// Whether the spec requires it.
    pub required: bool,
    /// One flag per simple property (top-level, or of a top-level object).
    pub fields: Vec<BodyField>,
    /// The spec's first request example.
    pub example: Option<Value>,
}

/// A flag for one body property.
pub struct BodyField {
    /// The property's path: its name, or an object's name and the inner name.
    pub path: Vec<String>,
    /// The long flag.
    pub flag: String,
    /// How its text is typed.
    pub kind: Kind,
    /// Help text and long help.
    pub help: (String, String),
    /// The path parameter of the same (top-level) name that it defaults to.
    pub from_path: Option<String>,
}

/// Help text from a description: its first paragraph, and all of it with the values.
fn help(description: Option<&str>, kind: &Kind, deprecated: bool) -> (String, String) {
    let prefix = if deprecated { "[deprecated] " } else { "" };
    let text = reader_text(description.unwrap_or_default());
    let text = text.trim();
    let mut short = format!("{prefix}{}", first_paragraph(text));
    let mut long = format!("{prefix}{text}");
    if let Some(values) = kind.values_help() {
        for part in [&mut short, &mut long] {
            if !part.is_empty() {
                part.push_str(if part.ends_with('\n') { "\n" } else { "\n\n" });
            }
            part.push_str(&values);
        }
    }
    (short, long)
}

/// The surface's arguments of `operation` with their help texts and examples.
pub fn parameters(operation: &Operation, arguments: Vec<surface::Argument>) -> Vec<Argument> {
    arguments
        .into_iter()
        .map(|argument| {
            let parameter = &operation.parameters[argument.parameter];
            let description = parameter.description.as_deref();
            Argument {
                help: help(description, &argument.kind, parameter.deprecated),
                wire: argument.wire,
                location: argument.location,
                flag: argument.flag,
                global: argument.global,
                required: argument.required,
                kind: argument.kind,
                repeated: argument.repeated,
                example: parameter.example.clone(),
                schema: argument.schema,
            }
        })
        .collect()
}

/// The surface's body flags of `operation` with their help texts, and the body's example.
pub fn body(operation: &Operation, body: Option<surface::Body>) -> Option<BodySpec> {
    let spec_body = operation.body.as_ref()?;
    let body = body?;
    let fields = body
        .fields
        .into_iter()
        .map(|field| {
            let (short, long) = help(field.description.as_deref(), &field.kind, field.deprecated);
            let dotted = field.path.join(".");
            let mut note = format!("Body property `{dotted}`.");
            if let Some(argument) = &field.from_path {
                note.push_str(&format!(
                    " Defaults to the {} argument.",
                    argument.to_uppercase()
                ));
            }
            BodyField {
                path: field.path,
                flag: field.flag,
                kind: field.kind,
                help: (
                    format!("{note} {short}").trim_end().to_owned(),
                    format!("{note} {long}").trim_end().to_owned(),
                ),
                from_path: field.from_path,
            }
        })
        .collect();
    Some(BodySpec {
        required: body.required,
        fields,
        example: spec_body.examples.first().map(|e| e.value.clone()),
    })
}
