//! Routing by the spec's path templates: which operation serves a method and path, and what
//! its path parameters captured.
//!
//! A literal segment beats a parameter (`/v1/qrcodes/decode` is not `/v1/qrcodes/{id}`), and a
//! path the spec knows with another method is a 405 with `Allow`.

use std::collections::BTreeMap;

use passport_paas_spec::Api;

/// One operation's route.
#[derive(Debug, Clone)]
struct Route {
    method: String,
    segments: Vec<Segment>,
    operation: String,
}

#[derive(Debug, Clone)]
enum Segment {
    Literal(String),
    Param(String),
}

/// Every route of the spec.
#[derive(Debug, Clone, Default)]
pub(crate) struct Routes {
    routes: Vec<Route>,
}

fn split(path: &str) -> Vec<&str> {
    path.trim_matches('/').split('/').collect()
}

impl Routes {
    pub(crate) fn new(api: &Api) -> Self {
        let routes = api
            .operations
            .iter()
            .map(|operation| Route {
                method: operation.method.to_uppercase(),
                segments: split(&operation.path)
                    .into_iter()
                    .map(|segment| {
                        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                            Some(name) => Segment::Param(name.to_owned()),
                            None => Segment::Literal(segment.to_owned()),
                        }
                    })
                    .collect(),
                operation: operation.id.clone(),
            })
            .collect();
        Self { routes }
    }

    /// Captures of `route` on `path` and how many literal segments matched (more is better).
    fn capture(route: &Route, path: &[&str]) -> Option<(usize, BTreeMap<String, String>)> {
        if route.segments.len() != path.len() {
            return None;
        }
        let mut literals = 0;
        let mut captures = BTreeMap::new();
        for (segment, got) in route.segments.iter().zip(path) {
            match segment {
                Segment::Literal(want) if want == got => literals += 1,
                Segment::Literal(_) => return None,
                Segment::Param(name) => {
                    let value = percent_decode(got);
                    if value.is_empty() {
                        return None;
                    }
                    captures.insert(name.clone(), value);
                }
            }
        }
        Some((literals, captures))
    }

    /// The operation serving `method` on `path`, with its captures.
    pub(crate) fn find(
        &self,
        method: &str,
        path: &str,
    ) -> Option<(&str, BTreeMap<String, String>)> {
        let parts = split(path);
        self.routes
            .iter()
            .filter(|route| route.method.eq_ignore_ascii_case(method))
            .filter_map(|route| Self::capture(route, &parts).map(|(score, c)| (score, route, c)))
            .max_by_key(|(score, _, _)| *score)
            .map(|(_, route, captures)| (route.operation.as_str(), captures))
    }

    /// The methods the spec serves on `path` (empty: no such path).
    pub(crate) fn methods(&self, path: &str) -> Vec<String> {
        let parts = split(path);
        let matching: Vec<(usize, &Route)> = self
            .routes
            .iter()
            .filter_map(|route| Self::capture(route, &parts).map(|(score, _)| (score, route)))
            .collect();
        // Only the most specific templates count: `/v1/recipients/ach` is not the
        // `/v1/recipients/{recipient_id}` of a `DELETE`.
        let best = matching.iter().map(|(score, _)| *score).max().unwrap_or(0);
        let mut methods: Vec<String> = matching
            .into_iter()
            .filter(|(score, _)| *score == best)
            .map(|(_, route)| route.method.clone())
            .collect();
        methods.dedup();
        methods
    }
}

fn percent_decode(text: &str) -> String {
    url::form_urlencoded::parse(format!("x={}", text.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, value)| value.into_owned())
        .unwrap_or_default()
}
