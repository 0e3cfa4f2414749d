//! Any operation by its `operationId`, with JSON input and JSON output.
//!
//! The build emits, for every operation of the spec, a function that sets each parameter and
//! the body of the generated builder from JSON (converting into exactly the type the builder
//! takes) and sends it through [`Call::call`](crate::Call::call): same checks, auth, retries
//! and errors as typed code. `paas` and the conformance harness use it, so an operation added
//! to the spec is reachable from both with no Rust edit.
//!
//! ```no_run
//! # async fn demo(client: &passport_paas::Client) {
//! use passport_paas::dynamic::{Input, call};
//! let outcome = call(client, "getToken", &Input::new().with_parameter("token_id", "3f1c2a9e-7b4d-4c61-9a8e-2d5f6b7c8d90")).await;
//! println!("{:?}", outcome.result);
//! # }
//! ```

use crate::error::Kind;
use futures::FutureExt;
use futures::future::BoxFuture;
use futures::stream::{BoxStream, StreamExt};
use serde_json::{Map, Value};

use crate::call::{Exchange, Request, exchange};
use crate::redact::printable;
use crate::{Client, Error, PageOptions, Paginate, Paginated};

/// Parameters by wire name, and an optional JSON body.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Input {
    parameters: Map<String, Value>,
    body: Option<Value>,
}

impl Input {
    /// No parameters, no body.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets a parameter (by its wire name, e.g. `page_params.page_size`).
    pub fn with_parameter(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.parameters.insert(name.into(), value.into());
        self
    }

    /// Sets the request body.
    pub fn with_body(mut self, body: Value) -> Self {
        self.body = Some(body);
        self
    }

    /// Every parameter given.
    pub fn parameters(&self) -> &Map<String, Value> {
        &self.parameters
    }

    /// The body given, if any.
    pub fn body_value(&self) -> Option<&Value> {
        self.body.as_ref()
    }

    pub(crate) fn parameter(&self, name: &str) -> Option<&Value> {
        self.parameters.get(name)
    }

    pub(crate) fn body(&self) -> Option<&Value> {
        self.body.as_ref()
    }

    /// Fails on a parameter the operation does not take.
    pub(crate) fn expect_parameters(&self, known: &[&str]) -> Result<(), Error> {
        match self
            .parameters
            .keys()
            .find(|name| !known.contains(&name.as_str()))
        {
            Some(name) => Err(Error::from(Kind::InvalidParameter {
                name: printable(name),
                reason: "the operation takes no such parameter".into(),
            })),
            None => Ok(()),
        }
    }

    /// Fails when a body is given to an operation that takes none.
    pub(crate) fn expect_no_body(&self) -> Result<(), Error> {
        match self.body {
            Some(_) => Err(Error::from(Kind::InvalidParameter {
                name: "body".into(),
                reason: "the operation takes no request body".into(),
            })),
            None => Ok(()),
        }
    }
}

/// Converts a JSON value into the type a builder setter takes. A string holding JSON (as a
/// command line gives it) is read as that JSON when the value itself does not fit.
#[doc(hidden)]
pub fn argument<T: serde::de::DeserializeOwned>(name: &str, value: &Value) -> Result<T, Error> {
    T::deserialize(value).or_else(|first| {
        value
            .as_str()
            .and_then(|text| serde_json::from_str::<Value>(text).ok())
            .and_then(|parsed| T::deserialize(&parsed).ok())
            .ok_or_else(|| {
                Error::from(Kind::InvalidParameter {
                    name: printable(name),
                    reason: bounds_of(name).unwrap_or_else(|| printable(&first.to_string())),
                })
            })
    })
}

/// What the spec allows for a parameter of this name, when it bounds it.
fn bounds_of(name: &str) -> Option<String> {
    let parameter = crate::operation::operations()
        .iter()
        .flat_map(|o| o.parameters)
        .find(|p| p.name == name && (p.minimum.is_some() || p.maximum.is_some()))?;
    Some(match (parameter.minimum, parameter.maximum) {
        (Some(min), Some(max)) => format!("must be an integer from {min} to {max}"),
        (Some(min), None) => format!("must be an integer of at least {min}"),
        (None, Some(max)) => format!("must be an integer of at most {max}"),
        (None, None) => return None,
    })
}

/// What one dynamic call did: its result as JSON, and what the final attempt received.
#[derive(Debug)]
pub struct Outcome {
    /// The success as JSON — the body as sent, once it parsed as the spec says (an operation
    /// whose answer holds secrets gives its typed value, secrets as `[REDACTED]`) — or the
    /// error.
    pub result: Result<Value, Error>,
    /// The final attempt's status, headers and body (redacted), when a response arrived.
    pub exchange: Exchange,
}

/// A dynamic call in flight.
pub type Pending<'a> = BoxFuture<'a, Outcome>;

/// The pages of a dynamic walk, each as JSON.
pub type Pages<'a> = BoxStream<'a, Result<Value, Error>>;

/// Sends one generated request (called by the generated dispatch).
#[doc(hidden)]
pub fn send<'a, R>(request: R) -> Pending<'a>
where
    R: Request + 'a,
    R::Output: serde::Serialize,
{
    async move {
        let (result, exchange) = exchange(request).await;
        // The answer as the server sent it (fields this client does not know included), once
        // the typed parse has accepted it; typed (secrets redacted) when it carries secrets.
        let keeps_secrets = crate::operation::find(R::OPERATION).is_none_or(|o| o.returns_secret);
        let result = result.map(|output| {
            let raw = (!keeps_secrets)
                .then(|| serde_json::from_slice::<Value>(&exchange.body).ok())
                .flatten();
            raw.unwrap_or_else(|| serde_json::to_value(&output).unwrap_or(Value::Null))
        });
        Outcome { result, exchange }
    }
    .boxed()
}

/// Sends one generated request whose success is not JSON (called by the generated dispatch):
/// the success is the body's text (invalid UTF-8 replaced), redacted like every body.
#[doc(hidden)]
pub fn send_raw<'a, R>(request: R) -> Pending<'a>
where
    R: Request + 'a,
{
    async move {
        let (result, exchange) = exchange(request).await;
        let result = result
            .map(|_bytes| Value::String(String::from_utf8_lossy(&exchange.body).into_owned()));
        Outcome { result, exchange }
    }
    .boxed()
}

/// Walks every page of one generated list request (called by the generated dispatch).
#[doc(hidden)]
pub fn walk<'a, R>(request: R, options: PageOptions) -> Pages<'a>
where
    R: Paginated<'a>,
    R::Output: serde::Serialize,
{
    request
        .pages_with(options)
        .map(|page| page.map(|page| serde_json::to_value(&page).unwrap_or(Value::Null)))
        .boxed()
}

#[doc(hidden)]
pub fn unknown_operation(id: &str) -> Error {
    Error::from(Kind::InvalidParameter {
        name: "operation".into(),
        reason: format!("the spec has no operation {:?}", printable(id)),
    })
}

#[doc(hidden)]
pub fn not_paginated(id: &str) -> Error {
    Error::from(Kind::InvalidParameter {
        name: "operation".into(),
        reason: format!(
            "{:?} does not follow the pagination convention",
            printable(id)
        ),
    })
}

/// Refuses a path value that would move the request off its operation's path.
fn check_path_values(id: &str, input: &Input) -> Result<(), Error> {
    let Some(operation) = crate::operation::find(id) else {
        return Ok(());
    };
    for parameter in operation
        .parameters
        .iter()
        .filter(|p| p.location == crate::operation::Location::Path)
    {
        if let Some(Value::String(value)) = input.parameter(parameter.name) {
            crate::operation::check_path_value(operation, parameter.name, value)
                .map_err(|(name, reason)| Error::from(Kind::InvalidParameter { name, reason }))?;
        }
    }
    Ok(())
}

/// Calls the operation `id` with `input`.
pub async fn call(client: &Client, id: &str, input: &Input) -> Outcome {
    if let Err(error) = check_path_values(id, input) {
        return Outcome {
            result: Err(error),
            exchange: Exchange::default(),
        };
    }
    match crate::generated::wiring::send(client, id, input) {
        Ok(pending) => pending.await,
        Err(error) => Outcome {
            result: Err(error),
            exchange: Exchange::default(),
        },
    }
}

/// Walks every page of the list operation `id` with `input`; pages come as JSON, in order,
/// checked as [`Paginate`] checks them.
pub fn pages<'a>(
    client: &'a Client,
    id: &str,
    input: &Input,
    options: PageOptions,
) -> Result<Pages<'a>, Error> {
    crate::generated::wiring::walk(client, id, input, options)
}

/// One schema of `components.schemas` and the Rust type that models it.
#[derive(Clone, Copy)]
pub struct Component {
    /// The component's name.
    pub name: &'static str,
    /// Parses JSON into the type and serializes it back (secrets in clear, as on the wire).
    pub round_trip: fn(&Value) -> Result<Value, String>,
    /// The JSON Schema `schemars` derives for the type.
    pub json_schema: fn() -> Value,
}

impl std::fmt::Debug for Component {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Component")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

/// Every component schema with a Rust type, in spec order.
pub fn components() -> &'static [Component] {
    crate::generated::wiring::COMPONENTS
}

#[doc(hidden)]
pub fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(
    value: &Value,
) -> Result<Value, String> {
    let parsed = T::deserialize(value)
        .map_err(|e| format!("does not parse: {}", printable(&e.to_string())))?;
    crate::secret::in_the_clear(|| serde_json::to_value(&parsed))
        .map_err(|e| format!("does not serialize: {e}"))
}

#[doc(hidden)]
pub fn json_schema<T: schemars::JsonSchema>() -> Value {
    serde_json::to_value(schemars::schema_for!(T)).unwrap_or(Value::Null)
}
