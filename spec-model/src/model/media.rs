//! Bodies and media types: the request body, response content, their examples, and the
//! choice of the media type a JSON client reads or sends.

use serde_json::Value;

use super::resolve::Resolver;
use super::source::escape;

/// A request body.
#[derive(Clone, Debug)]
pub struct Body {
    /// Whether it must be sent.
    pub required: bool,
    /// The media type the client sends.
    pub media_type: String,
    /// Its schema as written.
    pub schema: Value,
    /// Examples of the media type (and of the schema).
    pub examples: Vec<Example>,
    /// `description`.
    pub description: Option<String>,
    /// JSON pointer of the media type object.
    pub pointer: String,
}

/// One example value.
#[derive(Clone, Debug)]
pub struct Example {
    /// Its name under `examples`, if it has one.
    pub name: Option<String>,
    /// The value.
    pub value: Value,
    /// JSON pointer of the value.
    pub pointer: String,
}

/// A response body.
#[derive(Clone, Debug)]
pub struct Content {
    /// The media type (the JSON one when there are several).
    pub media_type: String,
    /// Its schema as written, `Null` when there is none.
    pub schema: Value,
    /// Examples.
    pub examples: Vec<Example>,
    /// JSON pointer of the media type object.
    pub pointer: String,
}

impl Content {
    /// Whether the body is JSON to a JSON client: a JSON media type or a wildcard.
    pub fn is_json(&self) -> bool {
        reads_as_json(&self.media_type)
    }
}

/// Whether a JSON client reads a body of this media type as JSON: a JSON media type (any
/// parameters, any case) or a wildcard.
pub fn reads_as_json(media_type: &str) -> bool {
    let essence = essence(media_type);
    is_json_essence(&essence) || matches!(essence.as_str(), "*/*" | "application/*")
}

/// The request body of the operation at `pointer`, when it has one a client can send.
pub(super) fn read_body(resolver: &Resolver<'_>, operation: &Value, pointer: &str) -> Option<Body> {
    let body = operation.get("requestBody")?;
    let at = format!("{pointer}/requestBody");
    let (body, at) = resolver.follow_at(body, &at).ok()?;
    let (media_type, media, media_at) = json_media(body.get("content")?, &at)?;
    Some(Body {
        required: body.get("required") == Some(&Value::Bool(true)),
        media_type,
        schema: media.get("schema").cloned().unwrap_or(Value::Null),
        examples: examples_of(resolver, media, &media_at),
        description: body
            .get("description")
            .and_then(Value::as_str)
            .map(str::to_owned),
        pointer: media_at,
    })
}

/// The body of a response object whose target sits at `at`, when it has one.
pub(super) fn read_content(resolver: &Resolver<'_>, response: &Value, at: &str) -> Option<Content> {
    let (media_type, media, media_at) = json_media(response.get("content")?, at)?;
    Some(Content {
        media_type,
        schema: media.get("schema").cloned().unwrap_or(Value::Null),
        examples: examples_of(resolver, media, &media_at),
        pointer: media_at,
    })
}

/// The media type a JSON client reads or sends: `application/json`, then a JSON variant
/// (`application/json; charset=utf-8`, `application/problem+json`), then a wildcard, then the
/// first one listed. Returns (media type, media object, its pointer).
pub fn json_media<'a>(content: &'a Value, at: &str) -> Option<(String, &'a Value, String)> {
    let content = content.as_object()?;
    let pick = |predicate: &dyn Fn(&str) -> bool| {
        content
            .iter()
            .find(|(media_type, _)| predicate(&essence(media_type)))
    };
    let (media_type, media) = pick(&|m| m == "application/json")
        .or_else(|| pick(&is_json_essence))
        .or_else(|| pick(&|m| m == "*/*" || m == "application/*"))
        .or_else(|| content.iter().next())?;
    Some((
        media_type.clone(),
        media,
        format!("{at}/content/{}", escape(media_type)),
    ))
}

/// A media type without parameters, lower-cased (`application/json; charset=utf-8` →
/// `application/json`).
pub fn essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// Whether a media type essence is JSON (`application/json`, `…+json`).
pub fn is_json_essence(essence: &str) -> bool {
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// The examples of a media type object, and the schema's own `example`.
fn examples_of(resolver: &Resolver<'_>, media: &Value, at: &str) -> Vec<Example> {
    let mut examples = Vec::new();
    if let Some(value) = media.get("example") {
        examples.push(Example {
            name: None,
            value: value.clone(),
            pointer: format!("{at}/example"),
        });
    }
    for (name, example) in media
        .get("examples")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let example_at = format!("{at}/examples/{}", escape(name));
        if let Ok((example, target_at)) = resolver.follow_at(example, &example_at)
            && let Some(value) = example.get("value")
        {
            examples.push(Example {
                name: Some(name.clone()),
                value: value.clone(),
                pointer: format!("{target_at}/value"),
            });
        }
    }
    examples
}
