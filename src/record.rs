//! What one call saw, kept in a task-local [`CallRecord`]: the hooks write it as the call goes,
//! `call.rs` reads it to build a typed error the generated code cannot express. A call made
//! inside another (the token request inside a call) keeps the outer call's deadline.

use std::cell::RefCell;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use crate::settings::Settings;

/// What one call saw, for error reporting in `call.rs`. Everything in it is redacted.
#[derive(Debug, Default)]
pub(crate) struct CallRecord {
    pub status: Option<StatusCode>,
    /// The answer's headers, kept when something reads them after the call: an error is built
    /// from a non-success or non-JSON answer, and `whole_exchange` asks for every answer's.
    /// A JSON success is parsed and returned, and its headers are not copied here.
    pub headers: HeaderMap,
    /// The answer's `Content-Type` says JSON.
    pub json: bool,
    /// The caller reads the whole exchange ([`crate::call::exchange`]): keep every answer's
    /// headers.
    pub whole_exchange: bool,
    pub body: Bytes,
    pub body_too_large: bool,
    pub body_limit: usize,
    /// Obtaining the access token failed; the call was not sent.
    pub auth_error: Option<crate::Error>,
    /// When the whole call must be over (token work included).
    pub deadline: Option<Instant>,
    /// A retried `DELETE` met 404/409 after an attempt that may have done the work.
    pub settled_by_retry: bool,
    /// The server asked to wait longer than the policy allows.
    pub retry_after_refused: Option<Duration>,
    /// The settings, for redacting text built later.
    pub settings: Option<Arc<Settings>>,
    /// The operation's answer may carry secrets (`format: password` in its success schema):
    /// no excerpt of it is ever quoted, whatever its status or shape.
    pub holds_secrets: bool,
    /// The secrets the request carried in its body: an answer echoing them is redacted.
    pub sent_secrets: Vec<crate::Secret>,
}

impl CallRecord {
    /// Notes the answer's status and content type, and copies its headers when anything will
    /// read them after the call (see [`CallRecord::headers`]).
    pub(crate) fn answered(&mut self, status: StatusCode, headers: &HeaderMap) {
        self.status = Some(status);
        self.json = crate::buffered::is_json_content_type(headers);
        if self.whole_exchange || !self.json || !status.is_success() {
            self.headers = headers.clone();
        }
    }
}

tokio::task_local! {
    /// Boxed: a task-local future swaps its value into the thread-local and back on every
    /// poll, and a pointer is cheaper to swap than the record (callgrind, `list_call`).
    static CALL_RECORD: RefCell<Box<CallRecord>>;
    static ACQUIRING_TOKEN: ();
}

/// Runs `call` with a fresh [`CallRecord`] and returns both (with every answer's headers when
/// `whole_exchange`). A call made while another is in flight (the token request inside a
/// call) keeps the outer call's deadline.
pub(crate) async fn recorded<F: Future>(call: F, whole_exchange: bool) -> (F::Output, CallRecord) {
    let inherited = CALL_RECORD
        .try_with(|record| record.borrow().deadline)
        .ok()
        .flatten();
    let fresh = Box::new(CallRecord {
        deadline: inherited,
        whole_exchange,
        ..CallRecord::default()
    });
    CALL_RECORD
        .scope(RefCell::new(fresh), async move {
            let output = call.await;
            let record = CALL_RECORD.with(|record| std::mem::take(&mut **record.borrow_mut()));
            (output, record)
        })
        .await
}

/// Runs `future` as the client's own token request: it is never authenticated itself.
pub(crate) async fn acquiring_token<F: Future>(future: F) -> F::Output {
    ACQUIRING_TOKEN.scope((), future).await
}

pub(crate) fn record(update: impl FnOnce(&mut CallRecord)) {
    // Outside `recorded` (a caller using `.send()` directly) there is no record.
    let _ = CALL_RECORD.try_with(|record| update(&mut record.borrow_mut()));
}

pub(crate) fn call_deadline() -> Option<Instant> {
    CALL_RECORD
        .try_with(|record| record.borrow().deadline)
        .ok()
        .flatten()
}

/// Whether this task is the client's own token request.
pub(crate) fn acquiring() -> bool {
    ACQUIRING_TOKEN.try_with(|_| ()).is_ok()
}
