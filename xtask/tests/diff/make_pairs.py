"""Writes one old/new pair of specs per change class that `xtask diff` judges.

Each pair is the base document below with one edit applied to the new side (or both, for
pairs that need a different base). Run from this directory: `python3 make_pairs.py`.
The expected verdicts live in `xtask/tests/diff_pairs.rs`.
"""
import os

BASE = """openapi: 3.0.3
info:
  title: Diff base
  version: '1'
paths:
  /books/{bookId}:
    get:
      operationId: getBook
      parameters:
        - name: bookId
          in: path
          required: true
          schema:
            type: string
        - name: format
          in: query
          required: false
          schema:
            type: string
            default: short
        - name: note
          in: query
          schema:
            type: string
      responses:
        '200':
          description: The book.
          headers:
            X-Rate-Limit:
              required: true
              schema:
                type: integer
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Book'
        '404':
          description: Not found.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Error'
  /books:
    post:
      operationId: createBook
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/NewBook'
      responses:
        '200':
          description: Created.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Book'
  /feeds:
    get:
      operationId: getFeed
      responses:
        '200':
          description: A feed.
          content:
            application/json; charset=utf-8:
              schema:
                type: object
                properties:
                  count:
                    type: integer
            '*/*':
              schema:
                type: object
                properties:
                  raw:
                    type: string
components:
  schemas:
    Book:
      type: object
      required:
        - id
        - title
      properties:
        id:
          type: string
        title:
          type: string
          maxLength: 200
        pages:
          type: integer
          format: int32
          minimum: 1
          maximum: 5000
        genre:
          type: string
        status:
          type: string
          enum:
            - DRAFT
            - PUBLISHED
        tags:
          type: array
          maxItems: 10
          items:
            type: string
        meta:
          type: object
          additionalProperties:
            type: object
            properties:
              value:
                type: string
        cover:
          oneOf:
            - $ref: '#/components/schemas/Image'
            - $ref: '#/components/schemas/Link'
    NewBook:
      type: object
      required:
        - title
      properties:
        title:
          type: string
          minLength: 1
          maxLength: 200
        genre:
          type: string
        status:
          type: string
          enum:
            - DRAFT
            - PUBLISHED
        tags:
          type: array
          maxItems: 10
          items:
            type: string
        cover:
          anyOf:
            - $ref: '#/components/schemas/Image'
            - $ref: '#/components/schemas/Link'
    Image:
      type: object
      properties:
        url:
          type: string
    Link:
      type: object
      properties:
        href:
          type: string
    Video:
      type: object
      properties:
        stream:
          type: string
    Error:
      type: object
      properties:
        message:
          type: string
"""

NEW_BOOK = "    NewBook:\n"
BOOK_GENRE = "        genre:\n          type: string\n        status:\n          type: string\n          enum:\n            - DRAFT\n            - PUBLISHED\n        tags:\n          type: array\n          maxItems: 10\n          items:\n            type: string\n        meta:"

def in_new_book(old, new):
    """An edit inside the NewBook schema only."""
    return ("NEWBOOK", old, new)

PAIRS = {
    "free-value-gains-enum-request": [in_new_book("        genre:\n          type: string\n", "        genre:\n          type: string\n          enum:\n            - NOVEL\n            - ESSAY\n")],
    "free-value-gains-enum-response": [("        genre:\n          type: string\n", "        genre:\n          type: string\n          enum:\n            - NOVEL\n            - ESSAY\n")],
    "max-length-narrowed-request": [in_new_book("          maxLength: 200\n", "          maxLength: 100\n")],
    "max-length-widened-request": [in_new_book("          maxLength: 200\n", "          maxLength: 300\n")],
    "max-length-widened-response": [("          maxLength: 200\n", "          maxLength: 300\n")],
    "min-length-increased-request": [in_new_book("          minLength: 1\n", "          minLength: 3\n")],
    "max-items-widened-response": [("          maxItems: 10\n", "          maxItems: 20\n")],
    "max-items-narrowed-request": [in_new_book("          maxItems: 10\n", "          maxItems: 5\n")],
    "min-items-added-request": [in_new_book("          maxItems: 10\n", "          minItems: 1\n          maxItems: 10\n")],
    "response-range-widened": [("          maximum: 5000\n", "          maximum: 10000\n")],
    "response-header-removed": [("          headers:\n            X-Rate-Limit:\n              required: true\n              schema:\n                type: integer\n", "")],
    "response-header-optional": [("              required: true\n              schema:\n                type: integer\n", "              required: false\n              schema:\n                type: integer\n")],
    "charset-media-type-changed": [("                  count:\n                    type: integer\n", "                  count:\n                    type: string\n")],
    "wildcard-media-type-changed": [("                properties:\n                  raw:\n                    type: string\n", "                properties: {}\n")],
    "additional-properties-changed": [("              value:\n                type: string\n", "              value:\n                type: integer\n")],
    "one-of-member-added-response": [("            - $ref: '#/components/schemas/Link'\n", "            - $ref: '#/components/schemas/Link'\n            - $ref: '#/components/schemas/Video'\n")],
    "any-of-member-removed-request": [in_new_book("            - $ref: '#/components/schemas/Link'\n", "")],
    "any-of-member-added-request": [in_new_book("            - $ref: '#/components/schemas/Link'\n", "            - $ref: '#/components/schemas/Link'\n            - $ref: '#/components/schemas/Video'\n")],
    "optional-parameter-default-changed": [("            default: short\n", "            default: long\n")],
    "path-parameter-renamed": [("  /books/{bookId}:\n", "  /books/{id}:\n"), ("        - name: bookId\n", "        - name: id\n")],
    "second-request-media-type": [("            schema:\n              $ref: '#/components/schemas/NewBook'\n", "            schema:\n              $ref: '#/components/schemas/NewBook'\n          application/xml:\n            schema:\n              $ref: '#/components/schemas/NewBook'\n")],
    "parameter-removed": [("        - name: note\n          in: query\n          schema:\n            type: string\n", "")],
    "required-parameter-added": [("        - name: note\n", "        - name: edition\n          in: query\n          required: true\n          schema:\n            type: integer\n        - name: note\n")],
    "operation-id-renamed": [("      operationId: getBook\n", "      operationId: fetchBook\n")],
    "operation-removed": [("  /books:\n    post:\n", "  /books:\n    put:\n")],
    "response-property-added": [("        id:\n          type: string\n        title:", "        id:\n          type: string\n        isbn:\n          type: string\n        title:")],
    "response-property-optional": [("        - id\n        - title\n", "        - id\n")],
    "request-property-required": [in_new_book("      required:\n        - title\n", "      required:\n        - title\n        - genre\n")],
    "response-enum-value-removed": [("            - DRAFT\n            - PUBLISHED\n        tags:\n          type: array\n          maxItems: 10\n          items:\n            type: string\n        meta:", "            - DRAFT\n        tags:\n          type: array\n          maxItems: 10\n          items:\n            type: string\n        meta:")],
    "response-enum-value-added": [("            - PUBLISHED\n        tags:\n          type: array\n          maxItems: 10\n          items:\n            type: string\n        meta:", "            - PUBLISHED\n            - ARCHIVED\n        tags:\n          type: array\n          maxItems: 10\n          items:\n            type: string\n        meta:")],
    "request-enum-value-added": [in_new_book("            - PUBLISHED\n", "            - PUBLISHED\n            - ARCHIVED\n")],
    "response-became-nullable": [("        genre:\n          type: string\n", "        genre:\n          type: string\n          nullable: true\n")],
}

def apply(text, edit):
    if edit[0] == "NEWBOOK":
        _, old, new = edit
        head, tail = text.split(NEW_BOOK, 1)
        assert old in tail, old
        return head + NEW_BOOK + tail.replace(old, new, 1)
    old, new = edit
    assert old in text, old
    return text.replace(old, new, 1)

for name, edits in PAIRS.items():
    os.makedirs(name, exist_ok=True)
    new = BASE
    for edit in edits:
        new = apply(new, edit)
    assert new != BASE, name
    with open(os.path.join(name, "old.yaml"), "w") as f:
        f.write(BASE)
    with open(os.path.join(name, "new.yaml"), "w") as f:
        f.write(new)
