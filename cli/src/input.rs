//! Parsed arguments into a [`dynamic::Input`](passport_paas::dynamic::Input): parameters by
//! wire name, already typed; the body from `--body FILE|-` with the body flags merged over it.
//!
//! Everything here is checked before anything is sent: a problem is a local-input failure.

use clap::ArgMatches;
use passport_paas::dynamic::Input;
use passport_paas_spec::Location;
use serde_json::{Map, Value};

use crate::app::{body_id, ids, parameter_id};
use crate::catalog::Command;
use crate::failure::Failure;
use crate::limits::{MAX_BODY_BYTES, ReadError, read_bounded};

/// The input of `command` from its matches.
pub fn input(command: &Command, matches: &ArgMatches) -> Result<Input, Failure> {
    let mut input = Input::new();
    for argument in command.arguments.iter().filter(|a| !a.global) {
        let id = parameter_id(&argument.wire);
        let Some(values) = crate::app::many::<Value>(matches, &id) else {
            continue;
        };
        let values: Vec<Value> = values.cloned().collect();
        let value = match (argument.repeated, values.as_slice()) {
            (false, [one, ..]) => one.clone(),
            _ => Value::Array(values),
        };
        input = input.with_parameter(argument.wire.clone(), value);
    }
    if let Some(body) = body(command, matches, &input)? {
        input = input.with_body(body);
    }
    Ok(input)
}

/// The request body: `--body`, then each body flag, then path arguments for properties of
/// the same name that are still missing.
fn body(command: &Command, matches: &ArgMatches, input: &Input) -> Result<Option<Value>, Failure> {
    let Some(spec) = &command.body else {
        return Ok(None);
    };
    let mut body = match crate::app::one::<String>(matches, ids::BODY) {
        Some(source) => Some(read_body(source)?),
        None => None,
    };
    let flags: Vec<(&[String], Value)> = spec
        .fields
        .iter()
        .filter_map(|field| {
            let value = crate::app::one::<Value>(matches, &body_id(&field.path))?;
            Some((field.path.as_slice(), value.clone()))
        })
        .collect();
    let defaults: Vec<(&[String], Value)> = spec
        .fields
        .iter()
        .filter_map(|field| {
            let value = input.parameters().get(field.from_path.as_ref()?)?;
            Some((field.path.as_slice(), value.clone()))
        })
        .collect();
    if body.is_none() && (!flags.is_empty() || (spec.required && !defaults.is_empty())) {
        body = Some(Value::Object(Map::new()));
    }
    let Some(mut body) = body else {
        if spec.required {
            let flags: Vec<String> = spec
                .fields
                .iter()
                .map(|f| format!("--{}", f.flag))
                .collect();
            let hint = if flags.is_empty() {
                String::new()
            } else {
                format!(" or the body flags ({})", flags.join(", "))
            };
            return Err(Failure::local(format!(
                "{} needs a request body: give it with --body FILE, --body - (stdin){hint}",
                command.id
            )));
        }
        return Ok(None);
    };
    for (path, value) in flags {
        set(&mut body, path, value, true)?;
    }
    for (path, value) in defaults {
        set(&mut body, path, value, false)?;
    }
    Ok(Some(body))
}

/// Sets the property at `path` (creating the object it sits in); `overwrite: false` only
/// fills a missing one.
fn set(body: &mut Value, path: &[String], value: Value, overwrite: bool) -> Result<(), Failure> {
    let not_object = || {
        Failure::local(format!(
            "--body: `{}` cannot be set: the body there is not a JSON object",
            path.join(".")
        ))
    };
    let Some((last, parents)) = path.split_last() else {
        return Ok(());
    };
    let mut target = body;
    for parent in parents {
        target = target
            .as_object_mut()
            .ok_or_else(not_object)?
            .entry(parent.clone())
            .or_insert_with(|| Value::Object(Map::new()));
    }
    let object = target.as_object_mut().ok_or_else(not_object)?;
    if overwrite || !object.contains_key(last) {
        object.insert(last.clone(), value);
    }
    Ok(())
}

/// Reads and parses `--body FILE` or `--body -`, at most [`MAX_BODY_BYTES`] of it: an endless
/// or huge stream (`/dev/zero`, a FIFO, stdin that never ends) stops at the limit.
fn read_body(source: &str) -> Result<Value, Failure> {
    let read = if source == "-" {
        read_bounded(std::io::stdin().lock(), MAX_BODY_BYTES)
    } else {
        std::fs::File::open(source)
            .map_err(ReadError::Io)
            .and_then(|file| read_bounded(file, MAX_BODY_BYTES))
    };
    let shown = if source == "-" {
        "stdin".to_owned()
    } else {
        passport_paas::printable(source)
    };
    let bytes = read.map_err(|error| match error {
        ReadError::TooLarge(limit) => Failure::local(format!(
            "--body: {shown} is larger than the limit of {limit} bytes"
        )),
        ReadError::Io(error) => {
            Failure::local(format!("--body: cannot read {shown}: {}", error.kind()))
        }
    })?;
    serde_json::from_slice(&bytes)
        .map_err(|error| Failure::local(format!("--body: {shown} is not JSON: {error}")))
}

/// The path parameters given, for messages (`getKey 3184…`).
pub fn path_values(command: &Command, input: &Input) -> Vec<String> {
    command
        .arguments
        .iter()
        .filter(|a| a.location == Location::Path)
        .filter_map(|a| input.parameters().get(&a.wire))
        .map(|value| match value {
            Value::String(text) => text.clone(),
            other => other.to_string(),
        })
        .collect()
}
