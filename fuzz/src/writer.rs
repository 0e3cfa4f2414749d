//! Structure-aware input for the spec-side fuzz targets: bytes → an OpenAPI-shaped YAML
//! document, with anchors, aliases, merge keys and `$ref`s between component schemas (cycles
//! of every kind included), so the fuzzer reaches the resolver and the differ instead of
//! spending its time on YAML syntax errors.

/// Reads choices from the fuzzer's bytes; zeros once they run out.
pub struct Choices<'a> {
    bytes: &'a [u8],
}

impl<'a> Choices<'a> {
    /// Choices from `bytes`.
    pub fn new(bytes: &'a [u8]) -> Self {
        Self { bytes }
    }

    /// A number below `bound` (0 when `bound` is 0 or the bytes ran out).
    pub fn below(&mut self, bound: usize) -> usize {
        let Some((&first, rest)) = self.bytes.split_first() else {
            return 0;
        };
        self.bytes = rest;
        if bound == 0 {
            0
        } else {
            usize::from(first) % bound
        }
    }

    /// Whether the bytes ran out.
    pub fn done(&self) -> bool {
        self.bytes.is_empty()
    }
}

const NAMES: &[&str] = &[
    "id", "name", "children", "next", "a", "b", "items", "x-y", "é", "p~1",
];
const KEYWORDS: &[&str] = &[
    "type: string",
    "type: integer",
    "format: int32",
    "nullable: true",
    "minItems: 1",
    "minProperties: 1",
    "enum: [A, B, 1]",
    "description: d",
    "example: x",
    "default: 1",
    "readOnly: true",
    "discriminator: {propertyName: kind}",
];

/// Writes a document from `choices`.
pub struct Writer<'c, 'a> {
    choices: &'c mut Choices<'a>,
    schemas: usize,
    anchors: usize,
    out: String,
}

impl<'c, 'a> Writer<'c, 'a> {
    /// A writer drawing on `choices`.
    pub fn new(choices: &'c mut Choices<'a>) -> Self {
        let schemas = 1 + choices.below(6);
        Self {
            choices,
            schemas,
            anchors: 0,
            out: String::new(),
        }
    }

    /// The whole document.
    pub fn document(mut self) -> String {
        self.out
            .push_str("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n");
        for path in 0..self.choices.below(4) {
            self.operation(path);
        }
        self.out.push_str("components:\n  schemas:\n");
        for index in 0..self.schemas {
            self.out.push_str(&format!("    S{index}: "));
            self.schema(0);
            self.out.push('\n');
        }
        self.out
    }

    fn operation(&mut self, path: usize) {
        let method = ["get", "post", "put", "delete"][self.choices.below(4)];
        self.out.push_str(&format!(
            "  /p{path}/{{id}}:\n    {method}:\n      operationId: op{path}\n"
        ));
        self.out
            .push_str("      parameters:\n        - {name: id, in: path, required: true, schema: ");
        self.schema(2);
        self.out.push_str("}\n");
        if self.choices.below(2) == 1 {
            self.out
                .push_str("      requestBody: {content: {application/json: {schema: ");
            self.schema(1);
            self.out.push_str("}}}\n");
        }
        self.out.push_str("      responses:\n        '200': {description: ok, content: {application/json: {schema: ");
        self.schema(1);
        self.out.push_str("}}}\n");
    }

    /// One schema in flow style, at nesting `depth`.
    fn schema(&mut self, depth: usize) {
        if self.anchors > 0 && self.choices.below(8) == 0 {
            let alias = self.choices.below(self.anchors);
            self.out.push_str(&format!("*a{alias}"));
            return;
        }
        if self.choices.below(4) == 0 {
            self.out.push_str(&format!("&a{} ", self.anchors));
            self.anchors += 1;
        }
        let kind = if depth >= 4 || self.choices.done() {
            0
        } else {
            self.choices.below(9)
        };
        self.out.push('{');
        if self.anchors > 1 && self.choices.below(6) == 0 {
            let merged = self.choices.below(self.anchors - 1);
            self.out.push_str(&format!("<<: *a{merged}, "));
        }
        match kind {
            0 | 1 => {
                let target = self.choices.below(self.schemas);
                let deep = ["", "/properties/a", "/items", "/allOf/0"][self.choices.below(4)];
                self.out
                    .push_str(&format!("$ref: '#/components/schemas/S{target}{deep}'"));
            }
            2 => {
                self.out.push_str("type: object, properties: {");
                for _ in 0..self.choices.below(4) {
                    let name = NAMES[self.choices.below(NAMES.len())];
                    self.out.push_str(&format!("{name:?}: "));
                    self.schema(depth + 1);
                    self.out.push_str(", ");
                }
                let required = NAMES[self.choices.below(NAMES.len())];
                self.out.push_str(&format!("}}, required: [{required:?}]"));
            }
            3 => {
                self.out.push_str("type: array, items: ");
                self.schema(depth + 1);
            }
            4 => {
                self.out.push_str("additionalProperties: ");
                self.schema(depth + 1);
            }
            5 => {
                self.out.push_str("not: ");
                self.schema(depth + 1);
            }
            _ => {
                let keyword = ["allOf", "oneOf", "anyOf"][self.choices.below(3)];
                self.out.push_str(&format!("{keyword}: ["));
                for _ in 0..1 + self.choices.below(3) {
                    self.schema(depth + 1);
                    self.out.push_str(", ");
                }
                self.out.push(']');
            }
        }
        for _ in 0..self.choices.below(3) {
            let keyword = KEYWORDS[self.choices.below(KEYWORDS.len())];
            self.out.push_str(&format!(", {keyword}"));
        }
        self.out.push('}');
    }
}

/// An OpenAPI-shaped document from `bytes`.
pub fn document(bytes: &[u8]) -> String {
    let mut choices = Choices::new(bytes);
    Writer::new(&mut choices).document()
}
