//! What a response returns: statuses, headers (removed or made optional break response
//! handling), and bodies compared media type by media type.

use std::collections::BTreeMap;

use passport_paas_spec::{Operation, Status, escape};
use serde_json::Value;

use super::schema::{Ctx, Direction};
use super::{Differ, Found, Side, Verdict};

type Responses<'a> = BTreeMap<Status, (&'a Value, String)>;

fn responses<'a>(spec: &'a passport_paas_spec::Spec, operation: &Operation) -> Responses<'a> {
    let resolver = spec.resolver();
    operation
        .responses
        .iter()
        .filter_map(|response| {
            let value = spec.root().pointer(&response.pointer)?;
            let (value, at) = resolver.follow_at(value, &response.pointer).ok()?;
            Some((response.status, (value, at)))
        })
        .collect()
}

/// The first success response: its body is the generated method's output type.
fn output(responses: &Responses<'_>) -> Option<Status> {
    responses.keys().copied().find(|s| s.is_success())
}

impl<'a> Differ<'a> {
    pub(super) fn responses(&mut self, old: &'a Operation, new: &'a Operation) {
        let (was, is) = (responses(self.old, old), responses(self.new, new));
        let output_moved = output(&was) != output(&is);
        for (status, (old_response, old_at)) in &was {
            let location = format!("response {status}");
            let Some((new_response, new_at)) = is.get(status) else {
                let success = status.is_success();
                let mut found = Found::new(
                    "response-status-removed",
                    location,
                    format!(
                        "{} response status removed",
                        if success { "success" } else { "error" }
                    ),
                    success,
                    Side::Old,
                    old_at.clone(),
                );
                if success && output_moved && output(&was) == Some(*status) {
                    found.rust = Verdict::Breaking;
                    found.rust_note =
                        Some("the method's output type comes from another response now".into());
                }
                self.push(found);
                continue;
            };
            self.headers(&location, (old_response, old_at), (new_response, new_at));
            self.contents(
                &location,
                Direction::Response,
                (old_response, old_at),
                (new_response, new_at),
            );
        }
        for (status, (_, at)) in &is {
            if !was.contains_key(status) {
                let mut found = Found::new(
                    "response-status-added",
                    format!("response {status}"),
                    "response status added".into(),
                    false,
                    Side::New,
                    at.clone(),
                );
                if output_moved && output(&is) == Some(*status) {
                    found.rust = Verdict::Breaking;
                    found.rust_note =
                        Some("the method's output type comes from this response now".into());
                }
                self.push(found);
            }
        }
    }

    /// Compares the headers of two responses, matched by lower-cased name.
    fn headers(&mut self, location: &str, old: (&'a Value, &str), new: (&'a Value, &str)) {
        let (was, is) = (
            headers(self.old, old.0, old.1),
            headers(self.new, new.0, new.1),
        );
        for (name, (old_header, old_at)) in &was {
            let place = format!("{location} · header `{name}`");
            match is.get(name) {
                None => self.push(Found::new(
                    "response-header-removed",
                    place,
                    "response header removed".into(),
                    true,
                    Side::Old,
                    old_at.clone(),
                )),
                Some((new_header, new_at)) => {
                    self.header_kept(place, (old_header, old_at), (new_header, new_at));
                }
            }
        }
        for (name, (_, at)) in &is {
            if !was.contains_key(name) {
                self.push(Found::new(
                    "response-header-added",
                    format!("{location} · header `{name}`"),
                    "response header added".into(),
                    false,
                    Side::New,
                    at.clone(),
                ));
            }
        }
    }

    /// A header both responses have: its required-ness and its schema.
    fn header_kept(&mut self, place: String, old: (&'a Value, &str), new: (&'a Value, &str)) {
        let required = |h: &Value| h.get("required") == Some(&Value::Bool(true));
        let (old_header, old_at) = old;
        let (new_header, new_at) = new;
        if required(old_header) && !required(new_header) {
            self.push(Found::new(
                "response-header-became-optional",
                place.clone(),
                "response header became optional".into(),
                true,
                Side::New,
                new_at.to_owned(),
            ));
        } else if !required(old_header) && required(new_header) {
            self.push(Found::new(
                "response-header-became-required",
                place.clone(),
                "response header became required".into(),
                false,
                Side::New,
                new_at.to_owned(),
            ));
        }
        let ctx = Ctx {
            location: place,
            direction: Direction::Response,
            rust: false,
            strong: false,
            inert: None,
        };
        let schema = |h: &'a Value| h.get("schema").unwrap_or(&Value::Null);
        self.schema(
            &ctx,
            schema(old_header),
            &format!("{old_at}/schema"),
            schema(new_header),
            &format!("{new_at}/schema"),
            0,
        );
    }
}

/// The headers of a response by lower-cased name, each resolved, with where it sits.
fn headers<'a>(
    spec: &'a passport_paas_spec::Spec,
    response: &'a Value,
    at: &str,
) -> BTreeMap<String, (&'a Value, String)> {
    let mut found = BTreeMap::new();
    for (name, header) in response
        .get("headers")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let header_at = format!("{at}/headers/{}", escape(name));
        if let Ok((header, header_at)) = spec.resolver().follow_at(header, &header_at) {
            found.insert(name.to_ascii_lowercase(), (header, header_at));
        }
    }
    found
}
