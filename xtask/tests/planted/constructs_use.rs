//! Typed calls on the planted constructs (`constructs.json`), for the planted-change build:
//! placed in the copy's `tests/` next to `support/`, after the constructs are merged into its
//! spec. Integer and number enums keep values a server sends that the spec does not list; a
//! form body, raw bytes, a discriminated `oneOf` body, `PUT` replacing and `PATCH` merging and
//! a top-level array answer go through the generated client to the mock.

mod support;
use std::collections::HashMap;

use passport_paas::prelude::*;
use passport_paas_mock::Fault;

const GADGET: &str = "0d1f3c4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f";

#[tokio::test]
async fn the_planted_constructs_are_callable_and_served() {
    let mock = support::mock().await;
    let client = support::client(&mock);
    let labels = HashMap::from([("a".to_owned(), "1".to_owned())]);
    let created = client
        .planted_create_gadget()
        .body_map(|b| {
            b.name("first")
                .priority(Some(types::PlantedPriority::V1))
                .ratio(Some(types::PlantedRatio::V1p5))
                .labels(labels)
        })
        .call()
        .await
        .unwrap();
    assert_eq!(created.priority, Some(types::PlantedPriority::V1));
    assert_eq!(created.ratio, Some(types::PlantedRatio::V1p5));
    let id = created.gadget_id;

    // PATCH merges the map; PUT replaces the gadget.
    let patched = client
        .planted_update_gadget()
        .gadget_id(id)
        .body_map(|b| b.labels(HashMap::from([("b".to_owned(), "2".to_owned())])))
        .call()
        .await
        .unwrap();
    assert_eq!(patched.labels.len(), 2, "{:?}", patched.labels);
    assert_eq!(patched.priority, Some(types::PlantedPriority::V1));
    let replaced = client
        .planted_replace_gadget()
        .gadget_id(id)
        .body_map(|b| b.name("second"))
        .call()
        .await
        .unwrap();
    assert!(replaced.labels.is_empty(), "{:?}", replaced.labels);
    assert_eq!(replaced.priority, None);
    let read = client.planted_get_gadget().gadget_id(id).call().await.unwrap();
    assert_eq!(read, replaced);

    // A top-level array, filtered by an integer enum; the mock sends its count header.
    let all = client
        .planted_list_gadgets()
        .min_priority(types::PlantedPriority::V0)
        .call()
        .await
        .unwrap();
    assert!(all.iter().all(|g| g.name.len() <= 64));
    let wire = support::wire(mock.requests().last().unwrap());
    assert!(wire.contains("min_priority=0"), "{wire}");

    // A form body with a required query parameter.
    client
        .planted_send_feedback()
        .source(types::PlantedSendFeedbackSource::Web)
        .body_map(|b| b.rating(types::PlantedPriority::V2))
        .call()
        .await
        .unwrap();
    let requests = mock.requests();
    let request = requests.last().unwrap();
    assert_eq!(
        request.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert!(request.body.contains("rating=2"), "{}", request.body);

    // A discriminated oneOf at the top of a body and of an answer.
    let square = types::PlantedSquare {
        kind: types::PlantedSquareKind::Square,
        side: 2.0,
    };
    let measured = client
        .planted_measure_shape()
        .body(types::PlantedShape::Square(square))
        .call()
        .await
        .unwrap();
    assert!(matches!(
        measured,
        types::PlantedShape::Circle(_) | types::PlantedShape::Square(_)
    ));
    let requests = mock.requests();
    assert!(requests.last().unwrap().body.contains(r#""kind":"square""#));

    // Raw bytes under `application/octet-stream`.
    client
        .planted_upload_gadget_image()
        .gadget_id(id)
        .body(vec![0u8, 159, 146, 150])
        .call()
        .await
        .unwrap();
    let requests = mock.requests();
    let upload = requests.last().unwrap();
    assert_eq!(upload.header("content-type"), Some("application/octet-stream"));

    // Values the spec does not list are kept, as sent.
    mock.push_fault(Fault::json(
        200,
        format!(r#"{{"gadget_id":"{GADGET}","name":"odd","priority":7,"ratio":2.25}}"#),
    ));
    let odd = client.planted_get_gadget().gadget_id(id).call().await.unwrap();
    assert_eq!(odd.priority, Some(types::PlantedPriority::Unknown(7)));
    assert_eq!(odd.ratio, Some(types::PlantedRatio::Unknown(2.25)));
    assert!(!odd.priority.unwrap().is_known());
    let sent_back = serde_json::to_value(&odd).unwrap();
    assert_eq!(sent_back["priority"], 7, "an unknown value goes back as sent");
}
