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


# A second base for the classes of oasdiff's rules the first one does not reach: read-only and
# write-only properties (a request schema and a response schema apart, so each change is seen
# in one direction only), response headers of each type, XML bodies with inline schemas,
# x-extensible-enum, deprecated operations and parameters with sunset dates (the pairs are
# judged on 2026-06-01: 2026-01-01 is past, 2027-01-01 is not) and stability levels.
BASE2 = """openapi: 3.0.3
info:
  title: Diff base (mutability, text bodies, lifecycle)
  version: '1'
paths:
  /accounts/{accountId}:
    get:
      operationId: getAccount
      parameters:
        - name: accountId
          in: path
          required: true
          schema:
            type: string
        - name: X-Trace
          in: header
          schema:
            type: string
        - name: legacy
          in: query
          deprecated: true
          x-sunset: '2026-01-01'
          schema:
            type: string
        - name: preview
          in: query
          deprecated: true
          x-sunset: '2027-01-01'
          schema:
            type: boolean
      responses:
        '200':
          description: The account.
          headers:
            X-Count:
              schema:
                type: integer
            X-Balance:
              schema:
                type: number
            X-Request-Id:
              schema:
                type: string
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Account'
    put:
      operationId: putAccount
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/NewAccount'
          application/xml:
            schema:
              type: object
              properties:
                code:
                  type: integer
                label:
                  type: string
      responses:
        '204':
          description: Saved.
  /accounts:
    get:
      operationId: listAccounts
      responses:
        '200':
          description: Accounts.
          content:
            application/xml:
              schema:
                type: object
                properties:
                  total:
                    type: integer
                  next:
                    type: string
  /old-reports:
    get:
      operationId: oldReports
      deprecated: true
      x-sunset: '2026-01-01'
      responses:
        '204':
          description: Nothing.
  /soon-reports:
    get:
      operationId: soonReports
      deprecated: true
      x-sunset: '2027-01-01'
      responses:
        '204':
          description: Nothing.
  /legacy-reports:
    get:
      operationId: legacyReports
      deprecated: true
      responses:
        '204':
          description: Nothing.
  /beta-reports:
    get:
      operationId: betaReports
      x-stability-level: beta
      responses:
        '204':
          description: Nothing.
  /draft-reports:
    get:
      operationId: draftReports
      x-stability-level: draft
      parameters:
        - name: since
          in: query
          schema:
            type: string
      responses:
        '204':
          description: Nothing.
components:
  schemas:
    Account:
      type: object
      required:
        - id
        - secret
      properties:
        id:
          type: string
          readOnly: true
        balance:
          type: number
        limit:
          type: integer
        secret:
          type: string
          writeOnly: true
        kind:
          type: string
          x-extensible-enum:
            - PERSONAL
            - BUSINESS
    NewAccount:
      type: object
      required:
        - balance
      properties:
        id:
          type: string
          readOnly: true
        balance:
          type: number
        limit:
          type: integer
        kind:
          type: string
          x-extensible-enum:
            - PERSONAL
            - BUSINESS
    Owner:
      type: object
      properties:
        name:
          type: string
"""

NEW_ACCOUNT = "    NewAccount:\n"


def in_new_account(old, new):
    """An edit inside the NewAccount (request) schema only."""
    return ("NEWACCOUNT", old, new)


def in_account(old, new):
    """An edit inside the Account (response) schema only."""
    return ("ACCOUNT", old, new)


REPORTS = {
    "old": "  /old-reports:\n    get:\n      operationId: oldReports\n      deprecated: true\n      x-sunset: '2026-01-01'\n      responses:\n        '204':\n          description: Nothing.\n",
    "soon": "  /soon-reports:\n    get:\n      operationId: soonReports\n      deprecated: true\n      x-sunset: '2027-01-01'\n      responses:\n        '204':\n          description: Nothing.\n",
    "legacy": "  /legacy-reports:\n    get:\n      operationId: legacyReports\n      deprecated: true\n      responses:\n        '204':\n          description: Nothing.\n",
    "draft": "  /draft-reports:\n    get:\n      operationId: draftReports\n      x-stability-level: draft\n      parameters:\n        - name: since\n          in: query\n          schema:\n            type: string\n      responses:\n        '204':\n          description: Nothing.\n",
}

PAIRS2 = {
    "read-only-property-type-changed-request": [in_new_account("        id:\n          type: string\n", "        id:\n          type: integer\n")],
    "read-only-property-removed-request": [in_new_account("        id:\n          type: string\n          readOnly: true\n", "")],
    "read-only-property-required-request": [in_new_account("      required:\n        - balance\n", "      required:\n        - balance\n        - id\n")],
    "property-became-read-only-request": [in_new_account("        balance:\n          type: number\n", "        balance:\n          type: number\n          readOnly: true\n")],
    "write-only-property-removed-response": [in_account("        secret:\n          type: string\n          writeOnly: true\n", "")],
    "write-only-property-type-changed-response": [in_account("        secret:\n          type: string\n", "        secret:\n          type: integer\n")],
    "required-response-property-not-write-only": [in_account("          type: string\n          writeOnly: true\n", "          type: string\n")],
    "response-number-to-integer": [in_account("        balance:\n          type: number\n", "        balance:\n          type: integer\n")],
    "response-integer-to-number": [in_account("        limit:\n          type: integer\n", "        limit:\n          type: number\n")],
    "request-number-to-integer": [in_new_account("        balance:\n          type: number\n", "        balance:\n          type: integer\n")],
    "request-integer-to-number": [in_new_account("        limit:\n          type: integer\n", "        limit:\n          type: number\n")],
    "response-header-type-generalized": [("            X-Count:\n              schema:\n                type: integer\n", "            X-Count:\n              schema:\n                type: number\n")],
    "response-header-type-specialized": [("            X-Balance:\n              schema:\n                type: number\n", "            X-Balance:\n              schema:\n                type: integer\n")],
    "response-header-text-to-integer": [("            X-Request-Id:\n              schema:\n                type: string\n", "            X-Request-Id:\n              schema:\n                type: integer\n")],
    "response-header-integer-to-text": [("            X-Count:\n              schema:\n                type: integer\n", "            X-Count:\n              schema:\n                type: string\n")],
    "request-header-removed": [("        - name: X-Trace\n          in: header\n          schema:\n            type: string\n", "")],
    "request-header-became-required": [("          in: header\n          schema:\n", "          in: header\n          required: true\n          schema:\n")],
    "request-body-wrapped-in-one-of": [("            schema:\n              $ref: '#/components/schemas/NewAccount'\n", "            schema:\n              oneOf:\n                - $ref: '#/components/schemas/NewAccount'\n                - $ref: '#/components/schemas/Owner'\n")],
    "response-body-wrapped-in-one-of": [("              schema:\n                $ref: '#/components/schemas/Account'\n", "              schema:\n                oneOf:\n                  - $ref: '#/components/schemas/Account'\n                  - $ref: '#/components/schemas/Owner'\n")],
    "request-all-of-member-added": [in_new_account("    NewAccount:\n      type: object\n", "    NewAccount:\n      type: object\n      allOf:\n        - $ref: '#/components/schemas/Owner'\n")],
    "response-all-of-member-added": [in_account("    Account:\n      type: object\n", "    Account:\n      type: object\n      allOf:\n        - $ref: '#/components/schemas/Owner'\n")],
    "request-all-of-annotation-added": [in_new_account("    NewAccount:\n      type: object\n", "    NewAccount:\n      type: object\n      allOf:\n        - description: An account to create.\n")],
    "request-extensible-enum-value-removed": [in_new_account("            - PERSONAL\n            - BUSINESS\n", "            - PERSONAL\n")],
    "request-extensible-enum-value-added": [in_new_account("            - BUSINESS\n", "            - BUSINESS\n            - CHARITY\n")],
    "response-extensible-enum-value-added": [in_account("            - BUSINESS\n", "            - BUSINESS\n            - CHARITY\n")],
    "response-extensible-enum-value-removed": [in_account("            - PERSONAL\n            - BUSINESS\n", "            - PERSONAL\n")],
    "xml-response-property-removed": [("                  next:\n                    type: string\n", "")],
    "xml-request-type-to-text": [("                code:\n                  type: integer\n", "                code:\n                  type: string\n")],
    "xml-request-type-changed": [("                label:\n                  type: string\n", "                label:\n                  type: integer\n")],
    "operation-removed-after-sunset": [(REPORTS["old"], "")],
    "operation-removed-before-sunset": [(REPORTS["soon"], "")],
    "deprecated-operation-removed": [(REPORTS["legacy"], "")],
    "sunset-deleted": [("      deprecated: true\n      x-sunset: '2027-01-01'\n", "      deprecated: true\n")],
    "sunset-unparsable": [("      x-sunset: '2027-01-01'\n", "      x-sunset: next year\n")],
    "deprecated-with-past-sunset": [("      x-stability-level: beta\n", "      x-stability-level: beta\n      deprecated: true\n      x-sunset: '2026-01-01'\n")],
    "parameter-removed-after-sunset": [("        - name: legacy\n          in: query\n          deprecated: true\n          x-sunset: '2026-01-01'\n          schema:\n            type: string\n", "")],
    "stability-decreased": [("      x-stability-level: beta\n", "      x-stability-level: alpha\n")],
    "invalid-stability-level": [("      x-stability-level: beta\n", "      x-stability-level: gamma\n")],
    "draft-operation-changed": [("        - name: since\n          in: query\n          schema:\n            type: string\n", "")],
    "draft-operation-removed": [(REPORTS["draft"], "")],
    "parameter-removed-before-sunset": [("        - name: preview\n          in: query\n          deprecated: true\n          x-sunset: '2027-01-01'\n          schema:\n            type: boolean\n", "")],
    "parameter-sunset-deleted": [("          x-sunset: '2027-01-01'\n          schema:\n            type: boolean\n", "          schema:\n            type: boolean\n")],
    "parameter-deprecated-with-past-sunset": [("          in: header\n", "          in: header\n          deprecated: true\n          x-sunset: '2026-01-01'\n")],
    "sunset-brought-into-the-past": [("      x-sunset: '2027-01-01'\n      responses:\n", "      x-sunset: '2026-02-01'\n      responses:\n")],
    "operation-deprecated-with-future-sunset": [("      x-stability-level: beta\n", "      x-stability-level: beta\n      deprecated: true\n      x-sunset: '2027-01-01'\n")],
    "operation-reactivated": [("      operationId: legacyReports\n      deprecated: true\n", "      operationId: legacyReports\n")],
    "stability-increased": [("      x-stability-level: beta\n", "      x-stability-level: stable\n")],
    "property-stability-decreased-response": [in_account("        balance:\n          type: number\n", "        balance:\n          type: number\n          x-stability-level: alpha\n")],
    "property-stability-invalid-request": [in_new_account("        limit:\n          type: integer\n", "        limit:\n          type: integer\n          x-stability-level: frozen\n")],
}


def apply(text, edit):
    if edit[0] == "NEWACCOUNT":
        _, old, new = edit
        head, tail = text.split(NEW_ACCOUNT, 1)
        tail = NEW_ACCOUNT + tail
        assert old in tail, old
        return head + tail.replace(old, new, 1)
    if edit[0] == "ACCOUNT":
        _, old, new = edit
        head, tail = text.split("    Account:\n", 1)
        account, rest = ("    Account:\n" + tail).split(NEW_ACCOUNT, 1)
        assert old in account, old
        return head + account.replace(old, new, 1) + NEW_ACCOUNT + rest
    if edit[0] == "NEWBOOK":
        _, old, new = edit
        head, tail = text.split(NEW_BOOK, 1)
        assert old in tail, old
        return head + NEW_BOOK + tail.replace(old, new, 1)
    old, new = edit
    assert old in text, old
    return text.replace(old, new, 1)

for base, pairs in ((BASE, PAIRS), (BASE2, PAIRS2)):
    for name, edits in pairs.items():
        os.makedirs(name, exist_ok=True)
        new = base
        for edit in edits:
            new = apply(new, edit)
        assert new != base, name
        with open(os.path.join(name, "old.yaml"), "w") as f:
            f.write(base)
        with open(os.path.join(name, "new.yaml"), "w") as f:
            f.write(new)
