//! The mock on constructs the project's spec does not use, loaded in process: the planted
//! families of `xtask/tests/planted/constructs.json` merged into the project's spec (the same
//! data the planted-change build uses), and a small spec of non-JSON bodies.
//!
//! Bodies are read under their documented media type and an undocumented one is a 415; `PUT`
//! replaces and `PATCH` merges; documented response headers are sent.

use passport_paas_mock::{MockConfig, MockServer, SPEC_YAML};
use passport_paas_spec::Document;
use serde_json::{Value, json};

const TOKEN: &str = "constructs-token";

/// The project's spec with the planted constructs merged in.
fn planted_spec() -> String {
    let mut root = Document::parse(SPEC_YAML).expect("the spec parses").root;
    let constructs: Value =
        serde_json::from_str(include_str!("../../xtask/tests/planted/constructs.json"))
            .expect("constructs.json");
    for (path, item) in constructs["paths"].as_object().expect("paths") {
        root["paths"][path] = item.clone();
    }
    for (name, schema) in constructs["components"]["schemas"]
        .as_object()
        .expect("schemas")
    {
        root["components"]["schemas"][name] = schema.clone();
    }
    root.to_string()
}

async fn mock(spec: String) -> MockServer {
    // The workspace's reqwest has rustls without a provider (the client's `rustls`).
    let _ = rustls::crypto::ring::default_provider().install_default();
    MockServer::start(MockConfig {
        tokens: vec![TOKEN.into()],
        spec: Some(spec),
        ..MockConfig::default()
    })
    .await
    .expect("the mock starts")
}

async fn send(
    mock: &MockServer,
    method: &str,
    path: &str,
    body: Option<(&str, Vec<u8>)>,
) -> (u16, reqwest::header::HeaderMap, Value) {
    let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
    let mut request = reqwest::Client::new()
        .request(method, format!("{}{path}", mock.url()))
        .bearer_auth(TOKEN);
    if let Some((content_type, bytes)) = body {
        request = request.header("content-type", content_type).body(bytes);
    }
    let response = request.send().await.expect("the mock answers");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let text = response.text().await.expect("a body");
    let value = serde_json::from_str(&text).unwrap_or(Value::String(text));
    (status, headers, value)
}

fn json_body(value: Value) -> Option<(&'static str, Vec<u8>)> {
    Some(("application/json", value.to_string().into_bytes()))
}

#[tokio::test]
async fn a_form_body_is_read_as_a_form_and_json_there_is_a_415() {
    let mock = mock(planted_spec()).await;
    let form = |text: &str| {
        Some((
            "application/x-www-form-urlencoded",
            text.as_bytes().to_vec(),
        ))
    };
    let path = "/v1/planted/feedback?source=web";
    let (status, _, body) = send(&mock, "POST", path, form("rating=2&comment=fine+thanks")).await;
    assert_eq!(status, 200, "{body}");
    let (status, _, body) = send(&mock, "POST", path, form("rating=7")).await;
    assert_eq!(status, 400, "an integer outside the enum: {body}");
    assert!(
        body["message"]
            .as_str()
            .unwrap_or_default()
            .contains("rating"),
        "{body}"
    );
    let (status, _, body) = send(&mock, "POST", path, form("comment=no+rating")).await;
    assert_eq!(status, 400, "a required field missing: {body}");
    let (status, _, body) = send(&mock, "POST", path, json_body(json!({ "rating": 1 }))).await;
    assert_eq!(status, 415, "{body}");
    assert!(
        body["message"]
            .as_str()
            .unwrap_or_default()
            .contains("application/json")
    );
    let (status, _, _) = send(&mock, "POST", "/v1/planted/feedback", form("rating=1")).await;
    assert_eq!(status, 400, "the required query parameter is missing");
}

#[tokio::test]
async fn put_replaces_and_patch_merges() {
    let mock = mock(planted_spec()).await;
    let created = json!({ "name": "first", "priority": 1, "labels": { "a": "1" } });
    let (status, _, item) = send(&mock, "POST", "/v1/planted/gadgets", json_body(created)).await;
    assert_eq!(status, 201, "{item}");
    let at = format!(
        "/v1/planted/gadgets/{}",
        item["gadget_id"].as_str().expect("an id")
    );
    let patch = json!({ "labels": { "b": "2" } });
    let (status, _, patched) = send(&mock, "PATCH", &at, json_body(patch)).await;
    assert_eq!(status, 200, "{patched}");
    assert_eq!(patched["labels"], json!({ "a": "1", "b": "2" }));
    assert_eq!(
        patched["priority"],
        json!(1),
        "PATCH keeps what it does not name"
    );
    let replacement = json!({ "name": "second", "labels": { "c": "3" } });
    let (status, _, replaced) = send(&mock, "PUT", &at, json_body(replacement)).await;
    assert_eq!(status, 200, "{replaced}");
    let (_, _, read) = send(&mock, "GET", &at, None).await;
    assert_eq!(read, replaced);
    assert_eq!(read["labels"], json!({ "c": "3" }));
    assert_eq!(read["name"], json!("second"));
    assert!(
        read.get("priority").is_none(),
        "PUT drops what it leaves out: {read}"
    );
    assert_eq!(read["gadget_id"], item["gadget_id"], "the id stays");
}

#[tokio::test]
async fn documented_response_headers_are_sent() {
    let mock = mock(planted_spec()).await;
    let (status, headers, body) = send(&mock, "GET", "/v1/planted/gadgets", None).await;
    assert_eq!(status, 200, "{body}");
    let count = headers
        .get("x-total-count")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    assert_eq!(count, body.as_array().map(Vec::len), "{headers:?}");
}

const BODIES: &str = r#"{"openapi": "3.0.3", "info": {"title": "bodies", "version": "1"},
  "security": [],
  "paths": {
    "/notes": {"post": {"operationId": "putNote",
      "requestBody": {"required": true, "content": {"text/plain": {"schema": {"type": "string", "maxLength": 5}}}},
      "responses": {"204": {"description": "kept"}}}},
    "/blobs": {"post": {"operationId": "putBlob",
      "requestBody": {"required": true, "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}},
      "responses": {"204": {"description": "kept"}}}}
  }}"#;

#[tokio::test]
async fn text_and_octet_stream_bodies_are_taken_under_their_media_type() {
    let mock = mock(BODIES.to_owned()).await;
    let text = |t: &str| Some(("text/plain; charset=utf-8", t.as_bytes().to_vec()));
    assert_eq!(send(&mock, "POST", "/notes", text("hi")).await.0, 204);
    assert_eq!(send(&mock, "POST", "/notes", text("too long")).await.0, 400);
    let latin1 = Some(("text/plain", vec![0xff, 0xfe]));
    assert_eq!(send(&mock, "POST", "/notes", latin1).await.0, 400);
    let (status, _, body) = send(&mock, "POST", "/notes", json_body(json!("hi"))).await;
    assert_eq!(status, 415, "{body}");
    let bytes = Some(("application/octet-stream", vec![0, 159, 146, 150]));
    assert_eq!(send(&mock, "POST", "/blobs", bytes).await.0, 204);
    let (status, _, _) = send(&mock, "POST", "/blobs", text("hi")).await;
    assert_eq!(status, 415);
    assert_eq!(
        send(&mock, "POST", "/blobs", None).await.0,
        400,
        "a required body"
    );
}
