//! Checks of one OpenAPI object that involve several of its fields (parameters and headers,
//! security schemes, OAuth flows, responses, servers), and the collection of the examples a
//! parameter, header or media type holds. Part of the walk ([`super::walk`]).

use std::borrow::Cow;

use passport_paas_spec::escape;
use serde_json::{Map, Value};

use super::structure::{self, Kind};
use super::walk::{Link, Sample, SampleKind, Walker};

impl<'a> Walker<'_, 'a> {
    /// Checks that depend on several fields of one object, and sample collection.
    pub(super) fn after(
        &mut self,
        kind: Kind,
        object: &'a Map<String, Value>,
        at: &str,
        link: Link<'_>,
    ) {
        match kind {
            Kind::Parameter | Kind::Header => self.parameter(kind, object, at),
            Kind::MediaType => self.samples_of(object, at),
            Kind::SecurityScheme => self.security_scheme(object, at),
            Kind::OAuthFlow => {
                for field in structure::flow_requires(link.key) {
                    if !object.contains_key(*field) {
                        self.structure(at, format!("the {} flow has no `{field}`", link.key));
                    }
                }
            }
            Kind::Responses if object.keys().all(|k| k.starts_with("x-")) => {
                self.structure(at, "the operation documents no response".into());
            }
            Kind::Server => self.server(object, at),
            _ => {}
        }
    }

    /// A parameter or header: `schema` or `content`, a path parameter is required, and its
    /// samples.
    fn parameter(&mut self, kind: Kind, object: &'a Map<String, Value>, at: &str) {
        let (schema, content) = (object.get("schema"), object.get("content"));
        match (schema, content) {
            (Some(_), Some(_)) => {
                let message = format!("{} has both `schema` and `content`", structure::name(kind));
                self.structure(at, message);
            }
            (None, None) => {
                let message = format!(
                    "{} has neither `schema` nor `content`",
                    structure::name(kind)
                );
                self.structure(at, message);
            }
            (None, Some(content)) if content.as_object().is_some_and(|m| m.len() != 1) => {
                let message =
                    "`content` of a parameter must hold exactly one media type".to_owned();
                self.structure(&format!("{at}/content"), message);
            }
            _ => {}
        }
        if object.get("in").and_then(Value::as_str) == Some("path")
            && object.get("required") != Some(&Value::Bool(true))
        {
            let name = object
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let message = format!("path parameter {name:?} must be `required: true`");
            self.c.report("path-params-match", at, message);
        }
        self.samples_of(object, at);
    }

    /// A security scheme has the fields its type needs; an apiKey sits in a known place.
    fn security_scheme(&mut self, object: &Map<String, Value>, at: &str) {
        let kind_name = object
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or_default();
        for field in structure::scheme_requires(kind_name) {
            if !object.contains_key(*field) {
                self.structure(
                    at,
                    format!("a security scheme of type {kind_name} has no `{field}`"),
                );
            }
        }
        if kind_name == "apiKey"
            && let Some(place) = object.get("in").and_then(Value::as_str)
            && !["query", "header", "cookie"].contains(&place)
        {
            self.structure(
                &format!("{at}/in"),
                format!("`in` of an apiKey scheme must be query, header or cookie, not {place:?}"),
            );
        }
    }

    /// `example` and `examples` of a parameter, header or media type, against its `schema`.
    pub(super) fn samples_of(&mut self, object: &'a Map<String, Value>, at: &str) {
        let Some(schema) = object.get("schema") else {
            return;
        };
        if let Some(value) = object.get("example") {
            self.out.samples.push(Sample {
                schema: Cow::Borrowed(schema),
                value,
                pointer: format!("{at}/example"),
                kind: SampleKind::Example,
            });
        }
        for (name, example) in object
            .get("examples")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            let example_at = format!("{at}/examples/{}", escape(name));
            if let Ok((example, target_at)) = self.c.resolver.follow_at(example, &example_at)
                && let Some(value) = example.get("value")
            {
                self.out.samples.push(Sample {
                    schema: Cow::Borrowed(schema),
                    value,
                    pointer: format!("{target_at}/value"),
                    kind: SampleKind::Example,
                });
            }
        }
    }

    /// `server-variables`: every `{name}` of the url is a variable, each default is allowed.
    pub(super) fn server(&mut self, object: &Map<String, Value>, at: &str) {
        let url = object
            .get("url")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let variables = object.get("variables").and_then(Value::as_object);
        for name in url
            .split('{')
            .skip(1)
            .filter_map(|part| part.split_once('}').map(|(n, _)| n))
        {
            if !variables.is_some_and(|v| v.contains_key(name)) {
                let message =
                    format!("server url variable {{{name}}} is not defined in `variables`");
                self.c
                    .report("server-variables", &format!("{at}/url"), message);
            }
        }
        for (name, variable) in variables.into_iter().flatten() {
            let default = variable.get("default").and_then(Value::as_str);
            let choices = variable.get("enum").and_then(Value::as_array);
            if let (Some(default), Some(choices)) = (default, choices)
                && !choices.iter().any(|c| c.as_str() == Some(default))
            {
                let message = format!(
                    "the default {default:?} of server variable {name:?} is not in its enum"
                );
                self.c.report(
                    "server-variables",
                    &format!("{at}/variables/{}/default", escape(name)),
                    message,
                );
            }
        }
    }
}
