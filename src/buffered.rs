//! One attempt on the wire: the request sent, the answer read in full up to the size cap, and
//! the secrets the client holds redacted from it before anything else reads it.

use bytes::{Bytes, BytesMut};
use reqwest::header::{HeaderMap, HeaderValue};
use reqwest::{ResponseBuilderExt, StatusCode};

use crate::query::pieces;

/// A response read in full, up to the size cap.
pub(crate) struct Buffered {
    pub status: StatusCode,
    version: reqwest::Version,
    /// The URL the response came from, handed on so `Response::url()` still says it (and
    /// reqwest does not parse a placeholder URL for every response).
    url: reqwest::Url,
    pub headers: HeaderMap,
    pub body: Bytes,
    pub too_large: bool,
}

impl Buffered {
    /// Replaces every secret in the body (decoded) and the header values.
    pub(crate) fn redact(&mut self, secrets: crate::redact::Secrets<'_>) {
        if let Some(body) = secrets.redact_body(&self.body) {
            self.body = Bytes::from(body);
            self.headers.remove(reqwest::header::CONTENT_LENGTH);
        }
        self.redact_headers(secrets);
    }

    /// Replaces every secret in the header values.
    pub(crate) fn redact_headers(&mut self, secrets: crate::redact::Secrets<'_>) {
        for value in self.headers.values_mut() {
            if !secrets.maybe_in_bytes(value.as_bytes()) {
                continue;
            }
            let text = String::from_utf8_lossy(value.as_bytes());
            if secrets.found_in(&text)
                && let Ok(clean) = HeaderValue::from_str(&secrets.redact(&text))
            {
                *value = clean;
            }
        }
    }

    pub(crate) fn into_response(self) -> reqwest::Response {
        let mut response = http::Response::builder()
            .url(self.url)
            .body(self.body)
            .expect("a response builder given only an extension cannot fail");
        *response.status_mut() = self.status;
        *response.version_mut() = self.version;
        *response.headers_mut() = self.headers;
        reqwest::Response::from(response)
    }
}

/// Sends one attempt and reads its body as a stream, stopping at `limit` bytes.
pub(crate) async fn send_buffered(
    client: &reqwest::Client,
    request: reqwest::Request,
    limit: usize,
) -> reqwest::Result<Buffered> {
    let mut response = client.execute(request).await?;
    let status = response.status();
    let version = response.version();
    let url = response.url().clone();
    let headers = std::mem::take(response.headers_mut());
    let declared = response.content_length().unwrap_or(0);
    let mut too_large = usize::try_from(declared).map_or(true, |declared| declared > limit);
    // An answer that arrives in one chunk (most do) is kept as it came; only a second chunk
    // makes a copy, into a buffer as large as the declared length (within the cap).
    let mut first: Option<Bytes> = None;
    let mut joined = BytesMut::new();
    let mut length = 0usize;
    while !too_large && let Some(chunk) = response.chunk().await? {
        length = length.saturating_add(chunk.len());
        if length > limit {
            too_large = true;
        } else if let Some(earlier) = first.take() {
            joined.reserve(usize::try_from(declared).unwrap_or(0).max(length));
            joined.extend_from_slice(&earlier);
            joined.extend_from_slice(&chunk);
        } else if joined.is_empty() {
            first = Some(chunk);
        } else {
            joined.extend_from_slice(&chunk);
        }
    }
    Ok(Buffered {
        status,
        version,
        url,
        headers,
        body: first.unwrap_or_else(|| joined.freeze()),
        too_large,
    })
}

/// Whether a response's `Content-Type` says JSON (`application/json` or `…+json`).
pub(crate) fn is_json_content_type(headers: &HeaderMap) -> bool {
    headers
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| {
            let essence = pieces(value, b';').next().unwrap_or_default().trim();
            let (kind, subtype) = match essence.bytes().position(|b| b == b'/') {
                Some(at) => (&essence[..at], &essence[at + 1..]),
                None => ("", ""),
            };
            let lower_ends_with = |text: &str, suffix: &str| {
                text.len() >= suffix.len()
                    && text.as_bytes()[text.len() - suffix.len()..]
                        .eq_ignore_ascii_case(suffix.as_bytes())
            };
            kind.eq_ignore_ascii_case("application")
                && (subtype.eq_ignore_ascii_case("json") || lower_ends_with(subtype, "+json"))
        })
}

#[cfg(test)]
mod tests {
    use super::is_json_content_type;
    use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderValue};

    fn with(content_type: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_TYPE, HeaderValue::from_str(content_type).unwrap());
        headers
    }

    #[test]
    fn json_and_json_suffixed_types_in_any_case_are_json() {
        for json in [
            "application/json",
            "Application/JSON; charset=utf-8",
            " application/problem+json ",
            "application/vnd.passport.v1+JSON",
        ] {
            assert!(is_json_content_type(&with(json)), "{json}");
        }
        for other in [
            "text/json",
            "application/jsonp",
            "application/json-seq",
            "text/plain; x=application/json",
            "application",
            "",
        ] {
            assert!(!is_json_content_type(&with(other)), "{other}");
        }
        assert!(!is_json_content_type(&HeaderMap::new()));
    }
}
