//! The OpenAPI 3.0 object model: which fields each object kind allows, of which type, and
//! which it requires. [`super::walk`] checks the document against it, as Spectral's
//! `oas3-schema` checks it against the specification's JSON Schema.

/// Every object kind of OpenAPI 3.0.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Root,
    Info,
    Contact,
    License,
    Server,
    ServerVariable,
    Components,
    Paths,
    PathItem,
    Operation,
    ExternalDocs,
    Parameter,
    RequestBody,
    MediaType,
    Encoding,
    Responses,
    Response,
    Callback,
    Example,
    Link,
    Header,
    Tag,
    Schema,
    Discriminator,
    Xml,
    SecurityScheme,
    OAuthFlows,
    OAuthFlow,
    SecurityRequirement,
}

/// The type of a field's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Ty {
    /// A string.
    Str,
    /// A boolean.
    Bool,
    /// A number.
    Num,
    /// Any value, not walked (examples, defaults, extensions).
    Any,
    /// A list of any values (`enum`).
    AnyList,
    /// A list of strings.
    Strings,
    /// A map of strings.
    StrMap,
    /// An object of a kind.
    Obj(Kind),
    /// An object of a kind, or a Reference Object.
    RefOr(Kind),
    /// A map of objects of a kind.
    Map(Kind),
    /// A map of objects of a kind or references.
    RefMap(Kind),
    /// A list of objects of a kind.
    List(Kind),
    /// A list of objects of a kind or references.
    RefList(Kind),
    /// `additionalProperties`: a boolean or a schema.
    SchemaOrBool,
}

use Kind as K;
use Ty::*;

/// How a kind is named in messages.
pub(crate) fn name(kind: Kind) -> &'static str {
    match kind {
        K::Root => "the OpenAPI object",
        K::Info => "an info object",
        K::Contact => "a contact object",
        K::License => "a license object",
        K::Server => "a server object",
        K::ServerVariable => "a server variable",
        K::Components => "the components object",
        K::Paths => "the paths object",
        K::PathItem => "a path item",
        K::Operation => "an operation",
        K::ExternalDocs => "an external documentation object",
        K::Parameter => "a parameter",
        K::RequestBody => "a request body",
        K::MediaType => "a media type object",
        K::Encoding => "an encoding object",
        K::Responses => "a responses object",
        K::Response => "a response object",
        K::Callback => "a callback object",
        K::Example => "an example object",
        K::Link => "a link object",
        K::Header => "a header object",
        K::Tag => "a tag object",
        K::Schema => "a schema",
        K::Discriminator => "a discriminator",
        K::Xml => "an xml object",
        K::SecurityScheme => "a security scheme",
        K::OAuthFlows => "an oauth flows object",
        K::OAuthFlow => "an oauth flow",
        K::SecurityRequirement => "a security requirement",
    }
}

/// The fields `kind` must have.
pub(crate) fn required(kind: Kind) -> &'static [&'static str] {
    match kind {
        K::Root => &["openapi", "info", "paths"],
        K::Info => &["title", "version"],
        K::License | K::Tag => &["name"],
        K::Server => &["url"],
        K::ServerVariable => &["default"],
        K::ExternalDocs => &["url"],
        K::Parameter => &["name", "in"],
        K::RequestBody => &["content"],
        K::Response => &["description"],
        K::Operation => &["responses"],
        K::Discriminator => &["propertyName"],
        K::SecurityScheme => &["type"],
        K::OAuthFlow => &["scopes"],
        _ => &[],
    }
}

/// The patterned keys of a kind that has them: the type of the value under `key`, or an
/// explanation of why `key` is not allowed.
pub(crate) fn patterned(kind: Kind, key: &str) -> Option<Result<Ty, String>> {
    Some(match kind {
        K::Paths if key.starts_with('/') => Ok(Obj(K::PathItem)),
        K::Paths => Err(format!("path {key:?} does not start with `/`")),
        K::Responses if is_status(key) => Ok(RefOr(K::Response)),
        K::Responses => Err(format!(
            "{key:?} is not a response status (`200`, `2XX` or `default`)"
        )),
        K::Callback => Ok(Obj(K::PathItem)),
        K::SecurityRequirement => Ok(Strings),
        _ => return None,
    })
}

/// A response status key: `default`, a code from 100 to 599, or `1XX`…`5XX`.
pub(crate) fn is_status(key: &str) -> bool {
    let bytes = key.as_bytes();
    key == "default"
        || (bytes.len() == 3
            && (b'1'..=b'5').contains(&bytes[0])
            && (bytes[1..].iter().all(u8::is_ascii_digit)
                || bytes[1..].eq_ignore_ascii_case(b"xx")))
}

/// Allowed values of an enumerated string field.
pub(crate) fn allowed(kind: Kind, field: &str) -> Option<&'static [&'static str]> {
    Some(match (kind, field) {
        (K::Parameter, "in") => &["query", "header", "path", "cookie"],
        (K::Schema, "type") => &["string", "number", "integer", "boolean", "array", "object"],
        (K::SecurityScheme, "type") => &["apiKey", "http", "oauth2", "openIdConnect"],
        (K::Parameter | K::Header, "style") => &[
            "matrix",
            "label",
            "form",
            "simple",
            "spaceDelimited",
            "pipeDelimited",
            "deepObject",
        ],
        _ => return None,
    })
}

/// Fields a security scheme of a type must have.
pub(crate) fn scheme_requires(scheme_type: &str) -> &'static [&'static str] {
    match scheme_type {
        "apiKey" => &["name", "in"],
        "http" => &["scheme"],
        "oauth2" => &["flows"],
        "openIdConnect" => &["openIdConnectUrl"],
        _ => &[],
    }
}

/// Fields an OAuth flow must have, by the flow's name.
pub(crate) fn flow_requires(flow: &str) -> &'static [&'static str] {
    match flow {
        "implicit" => &["authorizationUrl"],
        "password" | "clientCredentials" => &["tokenUrl"],
        "authorizationCode" => &["authorizationUrl", "tokenUrl"],
        _ => &[],
    }
}
