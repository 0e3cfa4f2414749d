#!/usr/bin/env python3
"""Writes a large, valid OpenAPI 3.0 document for timing `cargo xtask spec` against Spectral.

    python3 xtask/bench/gen_big_spec.py [RESOURCES] > /tmp/big.yaml

With the default 200 resources: about 4 MB of YAML, 1,000 operations, 800 component schemas and
about 3,000 examples (named media-type examples, schema examples and parameter examples), all
of which validate. Deterministic: the same arguments give the same bytes.
"""
import json
import random
import sys

RESOURCES = int(sys.argv[1]) if len(sys.argv) > 1 else 200
rng = random.Random(7)


def emit(value, indent=0, out=None):
    """A small block-style YAML emitter (strings double-quoted, which YAML reads as JSON)."""
    pad = "  " * indent
    if isinstance(value, dict):
        for key, item in value.items():
            k = json.dumps(key) if key.isdigit() or not key.replace("_", "").replace("-", "").isalnum() else key
            if isinstance(item, (dict, list)) and item:
                out.append(f"{pad}{k}:")
                emit(item, indent + 1, out)
            else:
                out.append(f"{pad}{k}: {scalar(item)}")
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, (dict, list)) and item:
                lines = []
                emit(item, indent + 1, lines)
                first = lines[0].lstrip()
                out.append(f"{pad}- {first}")
                out.extend(lines[1:])
            else:
                out.append(f"{pad}- {scalar(item)}")
    return out


def scalar(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (int, float)):
        return json.dumps(value)
    if isinstance(value, (dict, list)):
        return "{}" if isinstance(value, dict) else "[]"
    return json.dumps(value)


WORDS = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau".split()
STATES = ["ACTIVE", "SUSPENDED", "CLOSED", "PENDING"]


def word():
    return rng.choice(WORDS)


def ref(name, kind="schemas"):
    return {"$ref": f"#/components/{kind}/{name}"}


def item_example(i):
    return {"sku": f"sku-{rng.randint(1000, 9999)}", "quantity": rng.randint(1, 50), "label": f"{word()} {word()}"}


def resource_example(i, n):
    return {
        "id": f"r{i}-{n:04d}",
        "name": f"{word().title()} {word()} {n}",
        "status": rng.choice(STATES),
        "amount": round(rng.uniform(0, 10000), 2),
        "count": rng.randint(0, 1000),
        "created_at": f"2025-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}T10:00:00Z",
        "note": rng.choice([None, f"{word()} {word()} {word()}"]),
        "tags": [word() for _ in range(rng.randint(0, 4))],
        "items": [item_example(i) for _ in range(rng.randint(1, 4))],
        "owner": {"id": f"u-{rng.randint(1, 999)}", "email": f"{word()}@example.test"},
    }


def schemas(i):
    r = f"Resource{i}"
    return {
        f"{r}Item": {
            "type": "object",
            "description": f"A line of resource {i}.",
            "required": ["sku", "quantity"],
            "properties": {
                "sku": {"type": "string", "description": "Stock keeping unit.", "pattern": "^sku-[0-9]+$"},
                "quantity": {"type": "integer", "format": "int32", "minimum": 1, "maximum": 1000, "description": "How many."},
                "label": {"type": "string", "maxLength": 200, "description": "A label."},
            },
            "example": item_example(i),
        },
        r: {
            "type": "object",
            "description": f"Resource number {i}.",
            "required": ["id", "name", "status"],
            "properties": {
                "id": {"type": "string", "description": "Identifier."},
                "name": {"type": "string", "minLength": 1, "maxLength": 120, "description": "Name."},
                "status": {"type": "string", "enum": STATES, "description": "Lifecycle state."},
                "amount": {"type": "number", "format": "double", "minimum": 0, "description": "An amount."},
                "count": {"type": "integer", "format": "int64", "minimum": 0, "description": "A count."},
                "created_at": {"type": "string", "format": "date-time", "description": "Creation time."},
                "note": {"type": "string", "nullable": True, "description": "A note."},
                "tags": {"type": "array", "maxItems": 10, "items": {"type": "string"}, "description": "Tags."},
                "items": {"type": "array", "items": ref(f"{r}Item"), "description": "Lines."},
                "owner": ref("Owner"),
            },
            "example": resource_example(i, 0),
        },
        f"{r}Create": {
            "type": "object",
            "description": f"What creating resource {i} takes.",
            "required": ["name"],
            "properties": {
                "name": {"type": "string", "minLength": 1, "maxLength": 120, "description": "Name."},
                "note": {"type": "string", "nullable": True, "description": "A note.", "default": None},
                "tags": {"type": "array", "maxItems": 10, "items": {"type": "string"}, "description": "Tags.", "default": []},
                "items": {"type": "array", "items": ref(f"{r}Item"), "description": "Lines."},
            },
        },
        f"{r}Page": {
            "type": "object",
            "description": f"One page of resource {i}.",
            "required": ["data", "next_page"],
            "properties": {
                "data": {"type": "array", "items": ref(r), "description": "The page."},
                "next_page": {"type": "integer", "format": "int32", "nullable": True, "description": "The next page."},
            },
        },
    }


def examples(count, make):
    return {f"example{n}": {"summary": f"Example {n}.", "value": make(n)} for n in range(count)}


def operations(i):
    r = f"Resource{i}"
    tag = [f"group{i % 20}"]
    errors = {"400": ref("BadRequest", "responses"), "404": ref("NotFound", "responses"), "500": ref("ServerError", "responses")}
    page = lambda n: {"data": [resource_example(i, n * 10 + k) for k in range(2)], "next_page": None}
    create = lambda n: {"name": f"{word()} {n}", "tags": [word()], "items": [item_example(i)]}
    one = lambda n: resource_example(i, n)
    id_param = {"name": "id", "in": "path", "required": True, "description": "The id.", "schema": {"type": "string"}, "example": f"r{i}-0001"}
    json_body = lambda schema, exs: {"application/json": {"schema": schema, "examples": exs}}
    return {
        f"/v1/resources{i}": {
            "get": {
                "operationId": f"listResource{i}", "tags": tag, "summary": f"List resource {i}", "description": "Lists.",
                "parameters": [
                    {"name": "page", "in": "query", "description": "Page.", "schema": {"type": "integer", "format": "int32", "minimum": 1, "default": 1}, "example": 2},
                    {"name": "status", "in": "query", "description": "Filter.", "schema": {"type": "string", "enum": STATES}, "example": "ACTIVE"},
                ],
                "responses": {"200": {"description": "A page.", "content": json_body(ref(f"{r}Page"), examples(4, page))}, **errors},
            },
            "post": {
                "operationId": f"createResource{i}", "tags": tag, "summary": f"Create resource {i}", "description": "Creates.",
                "requestBody": {"required": True, "content": json_body(ref(f"{r}Create"), examples(3, create))},
                "responses": {"200": {"description": "Created.", "content": json_body(ref(r), examples(2, one))}, **errors},
            },
        },
        f"/v1/resources{i}/{{id}}": {
            "get": {
                "operationId": f"getResource{i}", "tags": tag, "summary": f"Get resource {i}", "description": "Gets.",
                "parameters": [id_param],
                "responses": {"200": {"description": "The resource.", "content": json_body(ref(r), examples(3, one))}, **errors},
            },
            "put": {
                "operationId": f"replaceResource{i}", "tags": tag, "summary": f"Replace resource {i}", "description": "Replaces.",
                "parameters": [id_param],
                "requestBody": {"required": True, "content": json_body(ref(f"{r}Create"), examples(1, create))},
                "responses": {"200": {"description": "Replaced.", "content": json_body(ref(r), examples(1, one))}, **errors},
            },
            "delete": {
                "operationId": f"deleteResource{i}", "tags": tag, "summary": f"Delete resource {i}", "description": "Deletes.",
                "parameters": [id_param],
                "responses": {"204": {"description": "Deleted."}, **errors},
            },
        },
    }


document = {
    "openapi": "3.0.3",
    "info": {"title": "Big benchmark API", "version": "1.0.0", "description": "Generated for timing linters.",
             "contact": {"name": "bench", "email": "bench@example.test"}, "license": {"name": "MIT"}},
    "servers": [{"url": "https://api.example.test"}],
    "security": [{"bearerAuth": []}],
    "tags": [{"name": f"group{g}", "description": f"Group {g}."} for g in range(20)],
    "paths": {},
    "components": {
        "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}},
        "responses": {
            name: {"description": f"{name}.", "content": {"application/json": {"schema": ref("Error"), "example": {"code": code, "message": name}}}}
            for name, code in [("BadRequest", 400), ("NotFound", 404), ("ServerError", 500)]
        },
        "schemas": {
            "Error": {"type": "object", "description": "An error.", "required": ["code", "message"], "properties": {
                "code": {"type": "integer", "format": "int32", "description": "Status."},
                "message": {"type": "string", "description": "What went wrong."}}},
            "Owner": {"type": "object", "description": "Who owns it.", "required": ["id"], "properties": {
                "id": {"type": "string", "description": "Owner id."},
                "email": {"type": "string", "format": "email", "description": "Owner email."}}},
        },
    },
}
for i in range(RESOURCES):
    document["paths"].update(operations(i))
    document["components"]["schemas"].update(schemas(i))

sys.stdout.write("\n".join(emit(document, 0, [])) + "\n")
