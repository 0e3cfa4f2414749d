//! Every operation of the spec, from `paas`: each command run with every parameter set
//! (the spec's examples, else schema-derived values) and the spec's request example as the
//! body (its simple properties through their flags, the rest through `--body FILE`), and
//! the request the mock received snapshotted. The operation table drives it: a new
//! operation or parameter in the spec is a new or changed snapshot, with no test edit.

use futures::StreamExt;
use passport_paas_cli::catalog::{Catalog, Command};
use passport_paas_mock::{MockConfig, RecordedRequest};
use passport_paas_spec::instances::{Deviations, Generator};
use serde_json::{Map, Value};

use crate::common::{TOKEN, bearer, mock, paas_in, scratch};

/// Headers that change from run to run or release to release.
const VOLATILE: &[&str] = &["host", "user-agent"];

/// A parameter value as command-line text.
fn text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// Removes and returns the value at `path`, dropping an object the removal left empty.
fn take(value: &mut Value, path: &[String]) -> Option<Value> {
    let (first, rest) = path.split_first()?;
    let object = value.as_object_mut()?;
    if rest.is_empty() {
        return object.remove(first);
    }
    let taken = take(object.get_mut(first)?, rest);
    if object
        .get(first)
        .and_then(Value::as_object)
        .is_some_and(Map::is_empty)
    {
        object.remove(first);
    }
    taken
}

/// The command line of `command` with every parameter set, and the body it should send.
fn command_line(
    catalog: &Catalog,
    command: &Command,
    body_file: &str,
) -> (Vec<String>, Option<Value>) {
    let group = catalog
        .groups
        .iter()
        .find(|g| g.commands.iter().any(|c| c.id == command.id))
        .expect("the command's group");
    let mut args = vec![group.name.clone(), command.name.clone()];
    let mut flags = Vec::new();
    let mut generator = Generator::new(catalog.spec.root(), 7, Deviations::default()).complete();
    for argument in &command.arguments {
        let value = argument
            .example
            .clone()
            .unwrap_or_else(|| generator.instance(&argument.schema));
        let values = match (&value, argument.repeated) {
            (Value::Array(items), true) => items.clone(),
            _ => vec![value],
        };
        for value in values {
            match &argument.flag {
                Some(flag) => flags.extend([format!("--{flag}"), text(&value)]),
                None => args.push(text(&value)),
            }
        }
    }
    let mut expected = None;
    if let Some(body) = &command.body {
        let example = body
            .example
            .clone()
            .unwrap_or_else(|| Value::Object(Map::new()));
        let mut rest = example.clone();
        for field in &body.fields {
            if let Some(value) = take(&mut rest, &field.path) {
                flags.extend([format!("--{}", field.flag), text(&value)]);
            }
        }
        if rest.as_object().is_none_or(|o| !o.is_empty()) {
            flags.extend(["--body".to_owned(), body_file.to_owned()]);
            std::fs::write(body_file, rest.to_string()).expect("the body file");
        }
        expected = Some(example);
    }
    if command.method == "DELETE" {
        flags.push("--yes".into());
    }
    args.extend(flags);
    args.extend(["--retries", "0", "-o", "json"].map(String::from));
    (args, expected)
}

/// The request as reviewed: method, path, exact query, headers, JSON body.
fn describe(args: &[String], body_file: &str, request: &RecordedRequest) -> String {
    let shown: Vec<String> = args
        .iter()
        .map(|a| match a {
            a if a == body_file => "BODY.json".into(),
            a if a.is_empty() || a.contains([' ', '\'', '"', '&']) => format!("'{a}'"),
            a => a.clone(),
        })
        .collect();
    let mut text = format!(
        "paas {}\n\n{} {}\n",
        shown.join(" "),
        request.method,
        request.path
    );
    text.push_str(&format!(
        "query: {}\n",
        request.query.as_deref().unwrap_or("(none)")
    ));
    let mut headers: Vec<(String, String)> = request
        .headers
        .iter()
        .filter(|(name, _)| !VOLATILE.contains(&name.as_str()))
        .map(|(name, value)| (name.clone(), value.replace(TOKEN, "[TOKEN]")))
        .collect();
    headers.sort();
    for (name, value) in headers {
        text.push_str(&format!("{name}: {value}\n"));
    }
    if !request.body.is_empty() {
        let body = serde_json::from_str::<Value>(&request.body)
            .map(|v| serde_json::to_string_pretty(&v).unwrap_or_default())
            .unwrap_or_else(|_| request.body.clone());
        text.push_str(&format!("\n{body}\n"));
    }
    text
}

#[tokio::test(flavor = "multi_thread")]
async fn every_operation_sends_what_the_spec_documents() {
    let catalog = Catalog::load().expect("the spec");
    let commands: Vec<&Command> = catalog.groups.iter().flat_map(|g| &g.commands).collect();
    assert!(commands.len() >= 36, "{} operations", commands.len());
    let dir = scratch();
    let runs = futures::stream::iter(commands.iter().map(|command| {
        let body_file = dir
            .path()
            .join(format!("{}.json", command.id))
            .display()
            .to_string();
        let (args, expected) = command_line(&catalog, command, &body_file);
        let cache = dir.path().join(&command.id);
        async move {
            let mock = mock(MockConfig::default()).await;
            let env = bearer(&mock);
            let run_args = args.clone();
            let run = tokio::task::spawn_blocking(move || paas_in(&run_args, &env, "", &cache))
                .await
                .expect("the run finishes");
            (command, args, body_file, expected, run, mock.requests())
        }
    }))
    .buffered(4)
    .collect::<Vec<_>>()
    .await;
    // Every command is checked and snapshotted before the test fails, so one run records
    // every changed and new snapshot for review and the failure names each command.
    let failed: Vec<String> = runs
        .into_iter()
        .filter_map(|(command, args, body_file, expected, run, requests)| {
            std::panic::catch_unwind(|| {
                check_one(command, &args, &body_file, expected, &run.stderr, &requests)
            })
            .err()
            .map(|_| command.id.clone())
        })
        .collect();
    assert!(failed.is_empty(), "operations that failed: {failed:?}");
}

/// One command's request: a single request with the documented method and body, snapshotted.
fn check_one(
    command: &Command,
    args: &[String],
    body_file: &str,
    expected: Option<Value>,
    stderr: &str,
    requests: &[RecordedRequest],
) {
    let [request] = requests else {
        panic!("{}: {} requests; {stderr}", command.id, requests.len());
    };
    assert_eq!(request.method, command.method, "{}", command.id);
    if let Some(expected) = expected {
        let sent: Value = serde_json::from_str(&request.body).expect("a JSON body");
        assert_eq!(
            sent, expected,
            "{}: the body is the spec's example",
            command.id
        );
    }
    insta::assert_snapshot!(command.id.clone(), describe(args, body_file, request));
}
