//! The `paas` surface delta: commands and flags added, removed or renamed, with their types.
//!
//! Both sides' surfaces come from the spec model ([`passport_paas_spec::surface`]), the same
//! function the `paas` binary builds its clap tree from. Commands are matched by operation
//! (method and path, path parameters unnamed; so a new name is a rename), flags by what they
//! set (a wire name or a body property).

use passport_paas_spec::Spec;
use passport_paas_spec::surface::{Command, Flag, surface};
use serde::Serialize;

/// One change of the command line.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct SurfaceChange {
    /// `command-added`, `command-removed`, `command-renamed`, `flag-added`, `flag-removed`,
    /// `flag-renamed`, `flag-type-changed`, `flag-values-changed`, `flag-now-required`,
    /// `flag-now-optional`.
    pub kind: &'static str,
    /// The command (`paas tokens list`), as the change names it.
    pub command: String,
    /// What changed: `--page-size <integer>`, `--role → --role-name`.
    pub message: String,
    /// Whether a script that works today stops working.
    pub breaking: bool,
}

/// A command of one side: `paas <group> <command>`, its operation (`GET /v1/x/{}`, path
/// parameters unnamed, as `xtask diff` matches operations) and the command.
struct Entry {
    line: String,
    operation: String,
    command: Command,
}

/// Every command of `spec`.
fn commands(spec: &Spec) -> Vec<Entry> {
    let mut entries = Vec::new();
    for group in surface(spec) {
        for command in group.commands {
            let operation = &spec.api.operations[command.index];
            let path: String = operation
                .path
                .split('{')
                .enumerate()
                .map(|(i, part)| match (i, part.split_once('}')) {
                    (0, _) | (_, None) => part.to_owned(),
                    (_, Some((_, rest))) => format!("{{}}{rest}"),
                })
                .collect();
            entries.push(Entry {
                line: format!("paas {} {}", group.name, command.name),
                operation: format!("{} {path}", operation.method.to_uppercase()),
                command,
            });
        }
    }
    entries
}

/// `` `--page-size <integer>` `` (required ones say so).
fn flag_text(flag: &Flag) -> String {
    let required = if flag.required { " (required)" } else { "" };
    format!("`{} <{}>`{required}", flag.name, flag.kind)
}

fn change(kind: &'static str, command: &str, message: String, breaking: bool) -> SurfaceChange {
    SurfaceChange {
        kind,
        command: command.to_owned(),
        message,
        breaking,
    }
}

/// Every change between the two surfaces, in the new side's order (removals last).
pub fn delta(old: &Spec, new: &Spec) -> Vec<SurfaceChange> {
    let (before, after) = (commands(old), commands(new));
    let mut changes = Vec::new();
    for Entry {
        line,
        operation,
        command,
    } in &after
    {
        let Some(Entry {
            line: was_line,
            command: was,
            ..
        }) = before.iter().find(|e| e.operation == *operation)
        else {
            let flags: Vec<String> = command.flags().iter().map(flag_text).collect();
            let message = format!("`{line}` ({}) {}", command.operation_id, flags.join(" "));
            changes.push(change("command-added", line, message.trim().into(), false));
            continue;
        };
        if was_line != line {
            let message = format!("`{was_line}` → `{line}`");
            changes.push(change("command-renamed", line, message, true));
        }
        flags(line, &was.flags(), &command.flags(), &mut changes);
    }
    for Entry {
        line,
        operation,
        command,
    } in &before
    {
        if !after.iter().any(|e| e.operation == *operation) {
            let message = format!("`{line}` ({}) is gone", command.operation_id);
            changes.push(change("command-removed", line, message, true));
        }
    }
    changes
}

/// The flag changes of one command.
fn flags(line: &str, before: &[Flag], after: &[Flag], changes: &mut Vec<SurfaceChange>) {
    for flag in after {
        let Some(was) = before.iter().find(|f| f.sets == flag.sets) else {
            let message = format!("new {} (sets `{}`)", flag_text(flag), flag.sets);
            changes.push(change("flag-added", line, message, flag.required));
            continue;
        };
        if was.name != flag.name {
            let message = format!("`{}` → `{}`", was.name, flag.name);
            changes.push(change("flag-renamed", line, message, true));
        }
        if was.kind != flag.kind {
            let message = format!("`{}`: `<{}>` → `<{}>`", flag.name, was.kind, flag.kind);
            // `paas` sends a value its enum does not list as given: new or dropped values
            // break no script.
            let enums = was.kind.starts_with("enum(") && flag.kind.starts_with("enum(");
            if enums {
                changes.push(change("flag-values-changed", line, message, false));
            } else {
                changes.push(change("flag-type-changed", line, message, true));
            }
        }
        if was.required != flag.required {
            let (kind, word) = if flag.required {
                ("flag-now-required", "now required")
            } else {
                ("flag-now-optional", "now optional")
            };
            let message = format!("`{}` is {word}", flag.name);
            changes.push(change(kind, line, message, flag.required));
        }
    }
    for was in before {
        if !after.iter().any(|f| f.sets == was.sets) {
            let message = format!("{} is gone", flag_text(was));
            changes.push(change("flag-removed", line, message, true));
        }
    }
}
