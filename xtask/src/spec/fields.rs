//! The fixed fields of each OpenAPI 3.0 object kind and the type of each field's value:
//! the table [`super::walk`] checks every object against.

use super::structure::Kind as K;
use super::structure::Ty::{self, *};

const PARAMETER_FIELDS: &[(&str, Ty)] = &[
    ("name", Str),
    ("in", Str),
    ("description", Str),
    ("required", Bool),
    ("deprecated", Bool),
    ("allowEmptyValue", Bool),
    ("style", Str),
    ("explode", Bool),
    ("allowReserved", Bool),
    ("schema", RefOr(K::Schema)),
    ("example", Any),
    ("examples", RefMap(K::Example)),
    ("content", Map(K::MediaType)),
];

const OPERATION_FIELDS: &[(&str, Ty)] = &[
    ("tags", Strings),
    ("summary", Str),
    ("description", Str),
    ("externalDocs", Obj(K::ExternalDocs)),
    ("operationId", Str),
    ("parameters", RefList(K::Parameter)),
    ("requestBody", RefOr(K::RequestBody)),
    ("responses", Obj(K::Responses)),
    ("callbacks", RefMap(K::Callback)),
    ("deprecated", Bool),
    ("security", List(K::SecurityRequirement)),
    ("servers", List(K::Server)),
];

const ROOT_FIELDS: &[(&str, Ty)] = &[
    ("openapi", Str),
    ("info", Obj(K::Info)),
    ("servers", List(K::Server)),
    ("paths", Obj(K::Paths)),
    ("components", Obj(K::Components)),
    ("security", List(K::SecurityRequirement)),
    ("tags", List(K::Tag)),
    ("externalDocs", Obj(K::ExternalDocs)),
];

const INFO_FIELDS: &[(&str, Ty)] = &[
    ("title", Str),
    ("description", Str),
    ("termsOfService", Str),
    ("contact", Obj(K::Contact)),
    ("license", Obj(K::License)),
    ("version", Str),
];

const CONTACT_FIELDS: &[(&str, Ty)] = &[("name", Str), ("url", Str), ("email", Str)];

const LICENSE_FIELDS: &[(&str, Ty)] = &[("name", Str), ("url", Str)];

const SERVER_FIELDS: &[(&str, Ty)] = &[
    ("url", Str),
    ("description", Str),
    ("variables", Map(K::ServerVariable)),
];

const SERVER_VARIABLE_FIELDS: &[(&str, Ty)] =
    &[("enum", Strings), ("default", Str), ("description", Str)];

const COMPONENTS_FIELDS: &[(&str, Ty)] = &[
    ("schemas", RefMap(K::Schema)),
    ("responses", RefMap(K::Response)),
    ("parameters", RefMap(K::Parameter)),
    ("examples", RefMap(K::Example)),
    ("requestBodies", RefMap(K::RequestBody)),
    ("headers", RefMap(K::Header)),
    ("securitySchemes", RefMap(K::SecurityScheme)),
    ("links", RefMap(K::Link)),
    ("callbacks", RefMap(K::Callback)),
];

const PATH_ITEM_FIELDS: &[(&str, Ty)] = &[
    ("$ref", Str),
    ("summary", Str),
    ("description", Str),
    ("get", Obj(K::Operation)),
    ("put", Obj(K::Operation)),
    ("post", Obj(K::Operation)),
    ("delete", Obj(K::Operation)),
    ("options", Obj(K::Operation)),
    ("head", Obj(K::Operation)),
    ("patch", Obj(K::Operation)),
    ("trace", Obj(K::Operation)),
    ("servers", List(K::Server)),
    ("parameters", RefList(K::Parameter)),
];

const EXTERNAL_DOCS_FIELDS: &[(&str, Ty)] = &[("description", Str), ("url", Str)];

const REQUEST_BODY_FIELDS: &[(&str, Ty)] = &[
    ("description", Str),
    ("content", Map(K::MediaType)),
    ("required", Bool),
];

const MEDIA_TYPE_FIELDS: &[(&str, Ty)] = &[
    ("schema", RefOr(K::Schema)),
    ("example", Any),
    ("examples", RefMap(K::Example)),
    ("encoding", Map(K::Encoding)),
];

const ENCODING_FIELDS: &[(&str, Ty)] = &[
    ("contentType", Str),
    ("headers", RefMap(K::Header)),
    ("style", Str),
    ("explode", Bool),
    ("allowReserved", Bool),
];

const RESPONSE_FIELDS: &[(&str, Ty)] = &[
    ("description", Str),
    ("headers", RefMap(K::Header)),
    ("content", Map(K::MediaType)),
    ("links", RefMap(K::Link)),
];

const EXAMPLE_FIELDS: &[(&str, Ty)] = &[
    ("summary", Str),
    ("description", Str),
    ("value", Any),
    ("externalValue", Str),
];

const LINK_FIELDS: &[(&str, Ty)] = &[
    ("operationRef", Str),
    ("operationId", Str),
    ("parameters", Any),
    ("requestBody", Any),
    ("description", Str),
    ("server", Obj(K::Server)),
];

const TAG_FIELDS: &[(&str, Ty)] = &[
    ("name", Str),
    ("description", Str),
    ("externalDocs", Obj(K::ExternalDocs)),
];

const SCHEMA_FIELDS: &[(&str, Ty)] = &[
    ("title", Str),
    ("multipleOf", Num),
    ("maximum", Num),
    ("exclusiveMaximum", Bool),
    ("minimum", Num),
    ("exclusiveMinimum", Bool),
    ("maxLength", Num),
    ("minLength", Num),
    ("pattern", Str),
    ("maxItems", Num),
    ("minItems", Num),
    ("uniqueItems", Bool),
    ("maxProperties", Num),
    ("minProperties", Num),
    ("required", Strings),
    ("enum", AnyList),
    ("type", Str),
    ("allOf", RefList(K::Schema)),
    ("oneOf", RefList(K::Schema)),
    ("anyOf", RefList(K::Schema)),
    ("not", RefOr(K::Schema)),
    ("items", RefOr(K::Schema)),
    ("properties", RefMap(K::Schema)),
    ("additionalProperties", SchemaOrBool),
    ("description", Str),
    ("format", Str),
    ("default", Any),
    ("nullable", Bool),
    ("discriminator", Obj(K::Discriminator)),
    ("readOnly", Bool),
    ("writeOnly", Bool),
    ("xml", Obj(K::Xml)),
    ("externalDocs", Obj(K::ExternalDocs)),
    ("example", Any),
    ("deprecated", Bool),
];

const DISCRIMINATOR_FIELDS: &[(&str, Ty)] = &[("propertyName", Str), ("mapping", StrMap)];

const XML_FIELDS: &[(&str, Ty)] = &[
    ("name", Str),
    ("namespace", Str),
    ("prefix", Str),
    ("attribute", Bool),
    ("wrapped", Bool),
];

const SECURITY_SCHEME_FIELDS: &[(&str, Ty)] = &[
    ("type", Str),
    ("description", Str),
    ("name", Str),
    ("in", Str),
    ("scheme", Str),
    ("bearerFormat", Str),
    ("flows", Obj(K::OAuthFlows)),
    ("openIdConnectUrl", Str),
];

const OAUTH_FLOWS_FIELDS: &[(&str, Ty)] = &[
    ("implicit", Obj(K::OAuthFlow)),
    ("password", Obj(K::OAuthFlow)),
    ("clientCredentials", Obj(K::OAuthFlow)),
    ("authorizationCode", Obj(K::OAuthFlow)),
];

const OAUTH_FLOW_FIELDS: &[(&str, Ty)] = &[
    ("authorizationUrl", Str),
    ("tokenUrl", Str),
    ("refreshUrl", Str),
    ("scopes", StrMap),
];

/// The fixed fields of `kind` (kinds with patterned keys only: none).
pub(crate) fn fields(kind: K) -> &'static [(&'static str, Ty)] {
    match kind {
        K::Root => ROOT_FIELDS,
        K::Info => INFO_FIELDS,
        K::Contact => CONTACT_FIELDS,
        K::License => LICENSE_FIELDS,
        K::Server => SERVER_FIELDS,
        K::ServerVariable => SERVER_VARIABLE_FIELDS,
        K::Components => COMPONENTS_FIELDS,
        K::PathItem => PATH_ITEM_FIELDS,
        K::Operation => OPERATION_FIELDS,
        K::ExternalDocs => EXTERNAL_DOCS_FIELDS,
        K::Parameter => PARAMETER_FIELDS,
        // A header is a parameter without `name` and `in`.
        K::Header => &PARAMETER_FIELDS[2..],
        K::RequestBody => REQUEST_BODY_FIELDS,
        K::MediaType => MEDIA_TYPE_FIELDS,
        K::Encoding => ENCODING_FIELDS,
        K::Response => RESPONSE_FIELDS,
        K::Example => EXAMPLE_FIELDS,
        K::Link => LINK_FIELDS,
        K::Tag => TAG_FIELDS,
        K::Schema => SCHEMA_FIELDS,
        K::Discriminator => DISCRIMINATOR_FIELDS,
        K::Xml => XML_FIELDS,
        K::SecurityScheme => SECURITY_SCHEME_FIELDS,
        K::OAuthFlows => OAUTH_FLOWS_FIELDS,
        K::OAuthFlow => OAUTH_FLOW_FIELDS,
        K::Paths | K::Responses | K::Callback | K::SecurityRequirement => &[],
    }
}
