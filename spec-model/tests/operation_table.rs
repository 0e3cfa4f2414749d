//! The operation table of the project's own spec.

use passport_paas_spec::{Auth, Location, Spec};

fn spec() -> Spec {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../openapi/passport-paas.yaml"
    ))
    .expect("the spec is readable");
    Spec::parse(&text).expect("the spec parses")
}

#[test]
fn list_tokens_is_recognised_as_a_paginated_list() {
    let spec = spec();
    let list = spec.api.operation("listTokens").expect("listTokens");
    assert_eq!(
        (list.method.as_str(), list.path.as_str()),
        ("get", "/v1/iam/oauth/tokens")
    );
    assert_eq!(list.rust_name, "list_tokens");
    assert_eq!(list.type_name, "ListTokens");
    let pagination = list.pagination.as_ref().expect("paginated");
    assert_eq!(pagination.page_number, "page_params.page_number");
    assert_eq!(
        pagination.page_size.as_deref(),
        Some("page_params.page_size")
    );
    assert_eq!(
        pagination.snapshot,
        Some((
            "page_params.first_request_timestamp.seconds".into(),
            "page_params.first_request_timestamp.nanos".into()
        ))
    );
    assert_eq!(pagination.items_property, "tokens");
    assert_eq!(pagination.item_id.as_deref(), Some("token_id"));
    let language = list
        .parameters
        .iter()
        .find(|p| p.location == Location::Header)
        .expect("the language header");
    assert_eq!(language.rust_name, "accept_language");
}

#[test]
fn security_and_path_parameters_come_through() {
    let spec = spec();
    assert_eq!(spec.api.operation("createToken").unwrap().auth, Auth::None);
    assert_eq!(
        spec.api.operation("getToken").unwrap().auth,
        Auth::Required(vec!["bearerAuth".into()])
    );
    let revoke = spec.api.operation("revokeToken").unwrap();
    assert!(revoke.body.as_ref().is_some_and(|b| b.required));
    let id = revoke
        .parameters
        .iter()
        .find(|p| p.location == Location::Path)
        .unwrap();
    assert_eq!(id.name, "token_id");
    assert!(id.required);
    assert!(spec.api.operation("getToken").unwrap().pagination.is_none());
    let position = spec.document.locate(&revoke.pointer);
    assert!(position.line > 1);
}
