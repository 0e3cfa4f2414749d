//! GitHub Actions workflow commands (`::error file=…,line=…,col=…,title=…::message`): the one
//! place annotations are escaped and rendered, for `xtask spec`, `xtask diff` and `xtask review`.
//!
//! Escaping is the Actions toolkit's (`@actions/core`, `command.ts`): in the message `%` → `%25`,
//! `\r` → `%0D`, `\n` → `%0A`; in property values also `:` → `%3A` and `,` → `%2C`. The toolkit
//! leaves every other control character as it is, and the text here comes from a stranger's
//! document, so every other control character (and bidirectional override) is written as a
//! Rust escape (`\u{1b}`): the output holds no raw control character but the line ends.

use std::fmt::Write as _;
use std::path::Path;

/// The annotation's kind: `::error`, `::warning` or `::notice`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// A red annotation.
    Error,
    /// A yellow annotation.
    Warning,
    /// A blue, informational annotation.
    Notice,
}

impl Level {
    /// The workflow command's name.
    pub fn command(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Notice => "notice",
        }
    }
}

/// One workflow command that annotates a file at a line and column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Annotation {
    /// The command.
    pub level: Level,
    /// Path relative to the repository root (see [`repo_path`]).
    pub file: String,
    /// 1-based line (0 is written as 1).
    pub line: usize,
    /// 1-based column (0 is written as 1).
    pub col: usize,
    /// The annotation's title.
    pub title: String,
    /// The message; may hold line breaks (escaped as `%0A`).
    pub message: String,
}

impl Annotation {
    /// The command as one line, without its line end.
    pub fn render(&self) -> String {
        format!(
            "::{} file={},line={},col={},title={}::{}",
            self.level.command(),
            escape_property(&self.file),
            self.line.max(1),
            self.col.max(1),
            escape_property(&self.title),
            escape_data(&self.message)
        )
    }
}

/// Every annotation on a line of its own, each line ended by `\n`.
pub fn render_all(annotations: &[Annotation]) -> String {
    let mut out = String::new();
    for annotation in annotations {
        out.push_str(&annotation.render());
        out.push('\n');
    }
    out
}

/// A message as the toolkit's `escapeData` writes it, other control characters as escapes.
pub fn escape_data(text: &str) -> String {
    escape(text, false)
}

/// A property value as the toolkit's `escapeProperty` writes it, other control characters as
/// escapes.
pub fn escape_property(text: &str) -> String {
    escape(text, true)
}

fn escape(text: &str, property: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            ':' if property => out.push_str("%3A"),
            ',' if property => out.push_str("%2C"),
            c if unsafe_char(c) => {
                let _ = write!(out, "{}", c.escape_unicode());
            }
            c => out.push(c),
        }
    }
    out
}

/// Control characters and the bidirectional overrides and isolates.
fn unsafe_char(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `path` as annotations and SARIF name it: relative to the workspace root when it lies inside
/// it (so the default spec path, which is absolute, becomes `openapi/passport-paas.yaml`),
/// without a leading `./`, with `/` separators.
pub fn repo_path(path: &str) -> String {
    let root = crate::workspace_root();
    let relative = Path::new(path)
        .strip_prefix(&root)
        .map_or_else(|_| path.to_owned(), |p| p.display().to_string());
    let relative = relative.replace('\\', "/");
    let mut relative = relative.as_str();
    while let Some(rest) = relative.strip_prefix("./") {
        relative = rest;
    }
    relative.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn annotation(file: &str, title: &str, message: &str) -> Annotation {
        Annotation {
            level: Level::Warning,
            file: file.into(),
            line: 3,
            col: 7,
            title: title.into(),
            message: message.into(),
        }
    }

    #[test]
    fn escapes_as_the_toolkit_does() {
        let line = annotation("a,b:c%.yaml", "t: 1, 2%", "50% of\r\nit: a, b").render();
        assert_eq!(
            line,
            "::warning file=a%2Cb%3Ac%25.yaml,line=3,col=7,title=t%3A 1%2C 2%25::50%25 of%0D%0Ait: a, b"
        );
    }

    #[test]
    fn no_raw_control_character_survives() {
        let hostile = "\u{1b}[31mred\u{7}\u{0}\u{7f}\u{9b}\u{202e}\t";
        let line = annotation(hostile, hostile, hostile).render();
        assert!(!line.chars().any(unsafe_char), "{line:?}");
        assert!(line.contains(r"\u{1b}[31mred\u{7}\u{0}\u{7f}\u{9b}\u{202e}\u{9}"));
    }

    #[test]
    fn zero_positions_are_line_one() {
        let mut a = annotation("f", "t", "m");
        (a.line, a.col) = (0, 0);
        assert!(a.render().starts_with("::warning file=f,line=1,col=1,"));
        assert_eq!(render_all(&[a.clone(), a]).lines().count(), 2);
    }

    #[test]
    fn paths_are_relative_to_the_workspace() {
        let absolute = crate::project_spec().display().to_string();
        assert_eq!(repo_path(&absolute), crate::SPEC_PATH);
        assert_eq!(repo_path("./openapi/x.yaml"), "openapi/x.yaml");
        assert_eq!(repo_path("/elsewhere/x.yaml"), "/elsewhere/x.yaml");
    }
}
