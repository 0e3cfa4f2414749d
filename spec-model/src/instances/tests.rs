//! The instance generator's tests: valid instances, bounds, and the merge budget.

use super::*;
use crate::validate::{Validators, nodes};

#[test]
fn instances_validate_against_their_schemas() {
    let root = json!({ "components": { "schemas": {
        "Money": { "type": "object", "required": ["value", "currency"], "properties": {
            "value": { "type": "string", "pattern": "^-?[0-9]+(\\.[0-9]+)?$" },
            "currency": { "type": "string", "enum": ["COP"] } } },
        "Thing": { "type": "object", "required": ["id", "tags"], "properties": {
            "id": { "type": "string", "format": "uuid" },
            "at": { "type": "string", "format": "date-time" },
            "count": { "type": "integer", "format": "int32", "minimum": 1, "maximum": 9 },
            "code": { "type": "string", "minLength": 3, "maxLength": 3 },
            "tags": { "type": "array", "minItems": 1, "maxItems": 2, "items": { "type": "string" } },
            "price": { "$ref": "#/components/schemas/Money" } } }
    } } });
    let schema = json!({ "$ref": "#/components/schemas/Thing" });
    let validators = Validators::new(&root, [&schema]);
    let mut generator = Generator::new(&root, 7, Deviations::default());
    for _ in 0..200 {
        let value = generator.instance(&schema);
        assert!(validators.validate(&schema, &value).is_ok(), "{value}");
    }
    assert_eq!(civil_from_days(0), (1970, 1, 1));
    assert_eq!(civil_from_days(19_723), (2024, 1, 1));
}

fn members() -> Vec<Value> {
    (0..2_000)
        .map(|index| json!({ "description": format!("member {index}") }))
        .collect()
}

#[test]
fn a_schema_met_at_every_node_is_merged_once() {
    let properties: Map<String, Value> = (0..10)
        .map(|index| {
            (
                format!("p{index}"),
                json!({ "$ref": "#/components/schemas/Wide" }),
            )
        })
        .collect();
    let root = json!({ "components": { "schemas": { "Wide": {
        "type": "object", "required": (0..10).map(|i| format!("p{i}")).collect::<Vec<_>>(),
        "properties": properties, "allOf": members()
    } } } });
    let wide = json!({ "$ref": "#/components/schemas/Wide" });
    let per_object = Resolver::new(&root).effective(&wide).work();
    let mut generator = Generator::new(&root, 7, Deviations::default());
    let instance = generator.instance(&wide);
    // Every object is Wide with its 2,000 members. Merged at each, the merge budget would
    // end the instance after a few hundred objects; merged once per node (the outer
    // reference and the ten properties' references), it goes on to the node budget.
    let merged_at_every_object = (MAX_INSTANCE_MERGE_WORK / per_object + 1) * 11;
    let made = nodes(&instance);
    assert!(made > merged_at_every_object, "{made}");
    // The node budget is what ends it, and it holds: no nulls are added past it.
    assert!(made > MAX_INSTANCE_NODES / 2, "{made}");
    assert!(made <= MAX_INSTANCE_NODES + 1, "{made}");
}

#[test]
fn many_schemas_that_each_merge_thousands_get_a_truncated_instance() {
    // Three hundred schema nodes of their own, each uniting the same 2,000 members again.
    let properties: Map<String, Value> = (0..300)
        .map(|index| {
            let own = json!({ "type": "object",
                              "allOf": [{ "$ref": "#/components/schemas/Members" }] });
            (format!("p{index:03}"), own)
        })
        .collect();
    let required: Vec<String> = (0..300).map(|i| format!("p{i:03}")).collect();
    let root = json!({ "components": { "schemas": {
        "Members": { "allOf": members() },
        "Many": { "type": "object", "required": required, "properties": properties }
    } } });
    let per_property = Resolver::new(&root)
        .effective(&root["components"]["schemas"]["Many"]["properties"]["p000"])
        .work();
    let many = json!({ "$ref": "#/components/schemas/Many" });
    let mut generator = Generator::new(&root, 7, Deviations::default());
    let instance = generator.instance(&many);
    let objects = instance
        .as_object()
        .unwrap()
        .values()
        .filter(|value| value.is_object())
        .count();
    // The budget ends the instance after about `MAX / per_property` of them (nulls after).
    let affordable = MAX_INSTANCE_MERGE_WORK / per_property;
    assert!(
        objects.abs_diff(affordable) <= 1,
        "{objects} vs {affordable}"
    );
    assert!(objects < 300, "{objects}");
}
