//! The misbehaviours a test queues ([`Fault`]), and which queued one a request takes: the
//! first whose scope (none, a method, or a method and exact path) matches it.

use std::collections::VecDeque;
use std::time::Duration;

/// A misbehaviour applied to the next request (in the order they were pushed).
#[derive(Clone, Debug)]
pub enum Fault {
    /// Answer with exactly this status, content type and body.
    Respond {
        /// The status.
        status: u16,
        /// The `Content-Type`, if any.
        content_type: Option<String>,
        /// The body.
        body: String,
        /// Extra headers.
        headers: Vec<(String, String)>,
    },
    /// Wait this long before answering normally (slow headers).
    Delay(Duration),
    /// Send a 200 header and part of the normal body, then drop the connection.
    ResetMidBody,
    /// Answer 200 with a JSON body of at least this many bytes.
    Oversized(usize),
    /// Answer this status with the request's `Authorization` value echoed in the JSON body
    /// (JSON-escaped) and in an `x-request-id` header: a server that leaks credentials.
    EchoAuthorization(u16),
    /// Handle the request normally (its effects happen), then answer with this status and
    /// an empty body instead: the answer to a request that did its work is lost.
    AfterProcessing(u16),
}

impl Fault {
    /// A JSON answer with `status`.
    pub fn json(status: u16, body: impl Into<String>) -> Self {
        Fault::Respond {
            status,
            content_type: Some("application/json".into()),
            body: body.into(),
            headers: Vec::new(),
        }
    }

    /// An answer with `status`, `content_type` and `body`.
    pub fn body(status: u16, content_type: &str, body: impl Into<String>) -> Self {
        Fault::Respond {
            status,
            content_type: Some(content_type.into()),
            body: body.into(),
            headers: Vec::new(),
        }
    }

    /// Adds a header to a [`Fault::Respond`].
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        if let Fault::Respond { headers, .. } = &mut self {
            headers.push((name.into(), value.into()));
        }
        self
    }
}

/// A queued fault with the scope it applies to (`None`: any request).
pub(crate) type Queued = (Option<String>, Fault);

/// The scope [`MockServer::push_fault_on`](crate::MockServer::push_fault_on) keeps: `GET`, or
/// `GET /v1/keys` (the method upper-cased, the path as given).
pub(crate) fn scope(text: &str) -> String {
    match text.split_once(' ') {
        Some((method, path)) => format!("{} {path}", method.to_uppercase()),
        None => text.to_uppercase(),
    }
}

/// Takes the first queued fault whose scope matches `method` and `path`.
pub(crate) fn take(queue: &mut VecDeque<Queued>, method: &str, path: &str) -> Option<Fault> {
    // `GET` matches the method; `GET /v1/x` the method and the exact path.
    let position = queue.iter().position(|(only, _)| {
        only.as_deref()
            .is_none_or(|scope| match scope.split_once(' ') {
                Some((m, p)) => m == method && p == path,
                None => scope == method,
            })
    });
    position
        .and_then(|index| queue.remove(index))
        .map(|(_, fault)| fault)
}
