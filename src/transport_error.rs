//! A transport failure (reqwest's error) as the crate's [`Error`]: which side is at fault,
//! with the transport's error kept as the source, its URL removed.

use crate::error::{Error, Kind};

/// Classifies a transport failure: a reply that is not HTTP is the server's fault, a request
/// that could not be built is a local one, anything else is the network. The error is kept as
/// the source without its URL (it may carry credentials); the text holds no header.
pub(crate) fn from_transport(error: reqwest::Error) -> Error {
    let error = error.without_url();
    if error.is_timeout() {
        return Error::with_source(Kind::Timeout, error);
    }
    let mut parse = false;
    let mut source = std::error::Error::source(&error);
    while let Some(cause) = source {
        if let Some(hyper) = cause.downcast_ref::<hyper::Error>() {
            // A server that speaks before being asked has no predicate of its own.
            let text = cause.to_string().to_lowercase();
            parse |=
                hyper.is_parse() || hyper.is_parse_status() || text.contains("unexpected message");
        }
        source = cause.source();
    }
    let kind = if parse {
        Kind::Protocol("the reply could not be parsed".into())
    } else if error.is_builder() {
        Kind::InvalidParameter {
            name: "request".into(),
            reason: "the request cannot be built".into(),
        }
    } else if error.is_connect() {
        Kind::Connection("could not connect".into())
    } else if error.is_body() || error.is_decode() {
        Kind::Connection("the answer broke off".into())
    } else {
        Kind::Connection("the connection failed before a complete answer arrived".into())
    };
    Error::with_source(kind, error)
}
