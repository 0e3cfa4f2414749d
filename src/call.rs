//! Sending a generated request builder and turning its outcome into `Result<T, crate::Error>`.
//!
//! [`Call::call`] is the one way hand-written code sends a request: it runs the generated
//! `send()` inside a [`recorded`](crate::hooks::recorded) scope, then checks what the generated
//! code cannot (content type, size cap) and maps every failure to [`Error`].

use progenitor_client::ResponseValue;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use crate::error::{describe_transport, redact, snippet};
use crate::hooks::{CallRecord, is_json_content_type, recorded};
use crate::{Error, builder, types, validate};

type GeneratedResult<T> = Result<ResponseValue<T>, progenitor_client::Error<types::Error>>;

/// Sends a generated request builder, returning this crate's [`Error`] on any failure.
pub trait Call {
    /// What a successful call returns.
    type Output;

    /// Sends the request (with retries, auth and checks) and parses the response.
    fn call(self) -> impl Future<Output = Result<Self::Output, Error>> + Send;
}

macro_rules! impl_call {
    ($($builder:ident => $output:ty),+ $(,)?) => {$(
        impl Call for builder::$builder<'_> {
            type Output = $output;
            async fn call(self) -> Result<$output, Error> {
                finish(recorded(self.send()).await)
            }
        }
    )+};
}

impl_call! {
    ListTokens => types::TokenList,
    CreateToken => types::IssuedToken,
    GetToken => types::Token,
    RevokeToken => (),
}

/// Maps a recorded generated outcome to the crate's result.
pub(crate) fn finish<T>(
    (result, mut record): (GeneratedResult<T>, CallRecord),
) -> Result<T, Error> {
    if let Some(error) = record.auth_error.take() {
        return Err(error);
    }
    if let Some(status) = record.status {
        if record.body_too_large {
            return Err(Error::BodyTooLarge {
                status,
                limit: record.body_limit,
            });
        }
        if status.is_success() && !record.body.is_empty() && !is_json_content_type(&record.headers)
        {
            return Err(unexpected_content_type(status, &record));
        }
    }
    match result {
        Ok(value) => Ok(value.into_inner()),
        Err(error) => Err(map_error(error, &record)),
    }
}

fn map_error(error: progenitor_client::Error<types::Error>, record: &CallRecord) -> Error {
    use progenitor_client::Error as Generated;
    match error {
        Generated::InvalidRequest(message) => {
            let (name, reason) = validate::split_invalid_request(&message);
            Error::InvalidParameter { name, reason }
        }
        Generated::CommunicationError(error)
        | Generated::ResponseBodyError(error)
        | Generated::InvalidUpgrade(error) => transport(&error),
        Generated::ErrorResponse(value) => api_error(value.status(), value.headers(), record),
        Generated::UnexpectedResponse(response) => {
            let status = response.status();
            if status.is_success() {
                Error::InvalidBody {
                    status,
                    reason: format!(
                        "status {} is not documented for this operation",
                        status.as_u16()
                    ),
                    snippet: snippet(&record.body, &record.secrets),
                }
            } else {
                api_error(status, response.headers(), record)
            }
        }
        Generated::InvalidResponsePayload(_, error) => {
            let Some(status) = record.status else {
                return Error::InvalidBody {
                    status: StatusCode::OK,
                    reason: redact(&error.to_string(), &record.secrets),
                    snippet: None,
                };
            };
            if !status.is_success() {
                api_error(status, &record.headers, record)
            } else if record.body.iter().all(u8::is_ascii_whitespace) {
                Error::InvalidBody {
                    status,
                    reason: "the body is empty".into(),
                    snippet: None,
                }
            } else if !is_json_content_type(&record.headers) {
                unexpected_content_type(status, record)
            } else {
                Error::InvalidBody {
                    status,
                    reason: describe_json_error(&error, &record.secrets),
                    snippet: snippet(&record.body, &record.secrets),
                }
            }
        }
        Generated::Custom(message) => Error::Config(message),
    }
}

fn transport(error: &reqwest::Error) -> Error {
    if error.is_timeout() {
        Error::Timeout
    } else {
        Error::Connection(describe_transport(error))
    }
}

/// A non-success answer: the error body when it is JSON (either shape), a snippet otherwise.
fn api_error(status: StatusCode, headers: &HeaderMap, record: &CallRecord) -> Error {
    let text = redact(&String::from_utf8_lossy(&record.body), &record.secrets);
    let body = serde_json::from_str::<types::Error>(&text)
        .ok()
        .map(Box::new);
    let snippet = if body.is_none() {
        snippet(text.as_bytes(), &[])
    } else {
        None
    };
    let request_id = ["x-request-id", "x-trace-id", "x-correlation-id"]
        .iter()
        .find_map(|name| headers.get(*name)?.to_str().ok())
        .map(str::to_owned)
        .or_else(|| body.as_ref()?.trace_id.clone());
    Error::Api {
        status,
        body,
        snippet,
        request_id,
        retry_after: crate::retry::retry_after(headers),
    }
}

fn unexpected_content_type(status: StatusCode, record: &CallRecord) -> Error {
    Error::UnexpectedContentType {
        status,
        content_type: record
            .headers
            .get(reqwest::header::CONTENT_TYPE)
            .map(|value| {
                String::from_utf8_lossy(value.as_bytes())
                    .chars()
                    .take(100)
                    .collect()
            }),
        snippet: snippet(&record.body, &record.secrets),
    }
}

fn describe_json_error(error: &serde_json::Error, secrets: &[String]) -> String {
    let what = match error.classify() {
        serde_json::error::Category::Eof => "the json is truncated",
        serde_json::error::Category::Syntax => "the body is not valid json",
        serde_json::error::Category::Data => "the json does not match the schema",
        serde_json::error::Category::Io => "the body could not be read",
    };
    redact(&format!("{what}: {error}"), secrets)
}

/// Parses a list response from raw parts through the generated parsing path and this crate's
/// error mapping, without a network. For the fuzz target and the property tests; not an API.
#[doc(hidden)]
pub fn parse_list_response(
    status: u16,
    content_type: Option<&str>,
    body: &[u8],
) -> Result<types::TokenList, Error> {
    let status = StatusCode::from_u16(status)
        .map_err(|_| Error::Config(format!("{status} is not an http status")))?;
    let mut headers = HeaderMap::new();
    if let Some(value) = content_type.and_then(|v| reqwest::header::HeaderValue::from_str(v).ok()) {
        headers.insert(reqwest::header::CONTENT_TYPE, value);
    }
    let body = bytes::Bytes::copy_from_slice(body);
    let mut response = http::Response::new(body.clone());
    *response.status_mut() = status;
    *response.headers_mut() = headers.clone();
    let response = reqwest::Response::from(response);
    let record = CallRecord {
        status: Some(status),
        headers,
        body,
        ..CallRecord::default()
    };
    // The body is already in memory: the future never waits on I/O. Error statuses map the
    // same way whether the operation documents them or not (see `map_error`).
    let result = futures::executor::block_on(async move {
        if status == StatusCode::OK {
            ResponseValue::from_response(response).await
        } else {
            Err(progenitor_client::Error::UnexpectedResponse(response))
        }
    });
    finish((result, record))
}
