//! Sending a generated request builder and turning its outcome into `Result<T, crate::Error>`.
//!
//! Every generated builder implements [`Request`] (the build emits the impls from the spec),
//! so [`Call::call`] works for every operation whatever its error schema. `.call()` runs the
//! generated `send()` inside a [`recorded`] scope, then checks what the generated code cannot
//! (content type, size cap) and maps every failure to [`Error`].

use crate::error::Kind;
use progenitor_client::ResponseValue;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde_json::Value;

use crate::error::SNIPPET_CHARS;
use crate::error_body::ErrorBody;
use crate::record::{CallRecord, recorded};
use crate::redact::{Secrets, printable, snippet};
use crate::transport_error::from_transport;
use crate::{Error, operation};

/// The generated outcome of one request.
pub type Generated<T, E> = Result<ResponseValue<T>, progenitor_client::Error<E>>;

/// A generated request builder: one operation of the spec, ready to send. The build
/// implements it for every builder; user code calls [`Call::call`].
pub trait Request: Sized + Send {
    /// What a success parses into.
    type Output: Send;
    /// The error body type progenitor chose (not used to report errors: see [`Error`]).
    type ErrorBody;
    /// The spec's `operationId`.
    const OPERATION: &'static str;
    /// Whether its success is not JSON (the output is the body's bytes).
    const RAW_SUCCESS: bool;
    /// The generated `send()`.
    fn send_generated(
        self,
    ) -> impl Future<Output = Generated<Self::Output, Self::ErrorBody>> + Send;
    /// The output a success without body has, when the operation has one (`()`).
    fn settled_output() -> Option<Self::Output>;
}

/// Sends a generated request builder, returning this crate's [`Error`] on any failure.
pub trait Call {
    /// What a successful call returns.
    type Output;

    /// Sends the request (with retries, auth and checks) and parses the response.
    fn call(self) -> impl Future<Output = Result<Self::Output, Error>> + Send;
}

impl<R: Request> Call for R {
    type Output = R::Output;

    async fn call(self) -> Result<R::Output, Error> {
        let (result, mut record) = send_recorded(self, false).await;
        finish(result, &mut record, R::settled_output(), R::RAW_SUCCESS)
    }
}

/// Sends `request` in a call record's scope (keeping every answer's headers when
/// `whole_exchange`). The generated future (kilobytes: the request
/// builder, the hooks, the retries) goes on the heap first, so that each scope wrapped around
/// it moves a pointer, not the whole state: copying it was a third of the client's own
/// instructions per call (callgrind, `list_call`).
async fn send_recorded<R: Request>(
    request: R,
    whole_exchange: bool,
) -> (Generated<R::Output, R::ErrorBody>, CallRecord) {
    let generated = Box::pin(request.send_generated());
    recorded(crate::secret::on_the_wire(generated), whole_exchange).await
}

/// What went over the wire in the final attempt (redacted), for the conformance harness.
#[derive(Clone, Debug, Default)]
pub struct Exchange {
    /// The status, when a response arrived.
    pub status: Option<StatusCode>,
    /// Its headers.
    pub headers: HeaderMap,
    /// Its body as received (up to the size cap).
    pub body: bytes::Bytes,
}

/// Sends `request` and returns the outcome with what the final attempt received.
pub(crate) async fn exchange<R: Request>(request: R) -> (Result<R::Output, Error>, Exchange) {
    let (result, mut record) = send_recorded(request, true).await;
    let seen = Exchange {
        status: record.status,
        headers: record.headers.clone(),
        body: record.body.clone(),
    };
    let settled = R::settled_output();
    (finish(result, &mut record, settled, R::RAW_SUCCESS), seen)
}

/// Maps a recorded generated outcome to the crate's result.
pub(crate) fn finish<T, E>(
    result: Generated<T, E>,
    record: &mut CallRecord,
    settled: Option<T>,
    raw_success: bool,
) -> Result<T, Error> {
    if let Some(error) = record.auth_error.take() {
        return Err(error);
    }
    if let Some(status) = record.status {
        if record.body_too_large {
            return Err(Error::from(Kind::BodyTooLarge {
                status,
                limit: record.body_limit,
            }));
        }
        if status.is_success() && !raw_success && !record.body.is_empty() && !record.json {
            return Err(unexpected_content_type(status, record));
        }
    }
    match result {
        Ok(value) => Ok(value.into_inner()),
        Err(_) if record.settled_by_retry && settled.is_some() => {
            // An earlier attempt of this DELETE may have done the work; the retry finds the
            // resource gone, which is the outcome the caller asked for.
            tracing::debug!("a retried delete found its work done by an earlier attempt");
            Ok(settled.expect("checked above"))
        }
        Err(error) => Err(map_error(error, record)),
    }
}

fn map_error<E>(error: progenitor_client::Error<E>, record: &CallRecord) -> Error {
    use progenitor_client::Error as Generated;
    match error {
        Generated::InvalidRequest(message) => {
            let (name, reason) = operation::split_invalid_request(&message);
            Error::from(Kind::InvalidParameter { name, reason })
        }
        Generated::CommunicationError(error)
        | Generated::ResponseBodyError(error)
        | Generated::InvalidUpgrade(error) => from_transport(error),
        Generated::ErrorResponse(value) => api_error(value.status(), record),
        Generated::UnexpectedResponse(response) => {
            let status = response.status();
            if status.is_success() {
                Error::from(Kind::InvalidBody {
                    status,
                    reason: format!(
                        "status {} is not documented for this operation",
                        status.as_u16()
                    ),
                    snippet: excerpt(record),
                })
            } else {
                api_error(status, record)
            }
        }
        Generated::InvalidResponsePayload(_, error) => {
            let status = record.status.unwrap_or(StatusCode::OK);
            if !status.is_success() {
                api_error(status, record)
            } else if record.body.iter().all(u8::is_ascii_whitespace) {
                Error::from(Kind::InvalidBody {
                    status,
                    reason: "the body is empty".into(),
                    snippet: None,
                })
            } else if !record.json {
                unexpected_content_type(status, record)
            } else {
                Error::from(Kind::InvalidBody {
                    status,
                    reason: describe_json_error(&error, record),
                    snippet: excerpt(record),
                })
            }
        }
        Generated::Custom(message) => Error::from(Kind::Config(printable(&message))),
    }
}

/// A non-success answer: the error body when it is JSON, a snippet otherwise.
fn api_error(status: StatusCode, record: &CallRecord) -> Error {
    let body = serde_json::from_slice::<Value>(&record.body)
        .ok()
        .filter(|value| !value.is_null())
        .map(|value| Box::new(ErrorBody::new(value)));
    let snippet = if body.is_none() {
        excerpt(record)
    } else {
        None
    };
    let short = |text: &str| printable(&text.chars().take(100).collect::<String>());
    let request_id = ["x-request-id", "x-trace-id", "x-correlation-id"]
        .iter()
        .find_map(|name| record.headers.get(*name))
        .map(|value| short(&String::from_utf8_lossy(value.as_bytes())))
        .or_else(|| {
            body.as_ref()?
                .get("trace_id")
                .and_then(Value::as_str)
                .map(short)
        });
    Error::from(Kind::Api {
        status,
        body,
        snippet,
        request_id,
        retry_after: record
            .retry_after_refused
            .or_else(|| crate::retry::retry_after(&record.headers)),
    })
}

fn unexpected_content_type(status: StatusCode, record: &CallRecord) -> Error {
    Error::from(Kind::UnexpectedContentType {
        status,
        content_type: record
            .headers
            .get(reqwest::header::CONTENT_TYPE)
            .map(|value| {
                printable(
                    &String::from_utf8_lossy(value.as_bytes())
                        .chars()
                        .take(100)
                        .collect::<String>(),
                )
            }),
        snippet: excerpt(record),
    })
}

/// A short excerpt of the answer for an error line: never for an operation whose answer
/// carries secrets (an unparsable token answer may hold the token, or echo the request and its
/// client secret), and otherwise redacted for every secret the client holds at this moment —
/// on top of the redaction `exec` already applied to the body.
fn excerpt(record: &CallRecord) -> Option<String> {
    if record.holds_secrets {
        return None;
    }
    match &record.settings {
        Some(settings) => settings
            .auth
            .with_secrets_and(&record.sent_secrets, |secrets| {
                snippet(&record.body, secrets, SNIPPET_CHARS)
            }),
        None => snippet(&record.body, Secrets::default(), SNIPPET_CHARS),
    }
}

/// What is wrong with a JSON body. `serde_json` quotes the value it refused (`invalid type:
/// string "…"`): for an answer that carries secrets only the position is given, otherwise the
/// text is redacted like an excerpt.
fn describe_json_error(error: &serde_json::Error, record: &CallRecord) -> String {
    let what = match error.classify() {
        serde_json::error::Category::Eof => "the json is truncated",
        serde_json::error::Category::Syntax => "the body is not valid json",
        serde_json::error::Category::Data => "the json does not match the schema",
        serde_json::error::Category::Io => "the body could not be read",
    };
    if record.holds_secrets {
        return format!(
            "{what} at line {} column {} (not quoted: this answer carries secrets)",
            error.line(),
            error.column()
        );
    }
    let text = error.to_string();
    let text = match &record.settings {
        Some(settings) => settings
            .auth
            .with_secrets_and(&record.sent_secrets, |secrets| secrets.redact(&text)),
        None => text,
    };
    printable(&format!("{what}: {text}"))
}

/// Parses a response from raw parts through the generated parsing path and this crate's error
/// mapping, without a network. For the fuzz targets and property tests; not an API.
#[doc(hidden)]
pub fn parse_response<T: serde::de::DeserializeOwned>(
    status: u16,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Result<T, Error> {
    let status = StatusCode::from_u16(status)
        .map_err(|_| Error::from(Kind::Config(format!("{status} is not an http status"))))?;
    let mut map = HeaderMap::new();
    for (name, value) in headers {
        if let (Ok(name), Ok(value)) = (
            reqwest::header::HeaderName::from_bytes(name.as_bytes()),
            reqwest::header::HeaderValue::from_str(value),
        ) {
            map.append(name, value);
        }
    }
    let body = bytes::Bytes::copy_from_slice(body);
    let mut response = http::Response::new(body.clone());
    *response.status_mut() = status;
    let mut record = CallRecord {
        body,
        ..CallRecord::default()
    };
    record.answered(status, &map);
    *response.headers_mut() = map;
    let response = reqwest::Response::from(response);
    // The body is already in memory: the future never waits on I/O. Error statuses map the
    // same way whether the operation documents them or not (see `map_error`).
    let result: Generated<T, ()> = futures::executor::block_on(async move {
        if status.is_success() {
            ResponseValue::from_response(response).await
        } else {
            Err(progenitor_client::Error::UnexpectedResponse(response))
        }
    });
    finish(result, &mut record, None, false)
}
