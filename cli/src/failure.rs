//! Failures as people and scripts see them: exactly one line on stderr starting `error: `,
//! naming the side that failed, and an exit code per side.
//!
//! | exit | side |
//! |---|---|
//! | 0 | success |
//! | 1 | the server's answer is at fault |
//! | 2 | local input or configuration: nothing was sent |
//! | 3 | the network, or a timeout |

use passport_paas::{Error, Side, printable};

/// A failure with the side that caused it.
#[derive(Debug)]
pub struct Failure {
    /// Whose fault it is.
    pub side: Side,
    /// What happened (escaped when printed).
    pub message: String,
}

impl Failure {
    /// A problem with the input or the configuration.
    pub fn local(message: impl Into<String>) -> Self {
        Self {
            side: Side::Local,
            message: message.into(),
        }
    }

    /// A problem with the server's answer.
    pub fn server(message: impl Into<String>) -> Self {
        Self {
            side: Side::Server,
            message: message.into(),
        }
    }

    /// The exit code.
    pub fn code(&self) -> u8 {
        exit_code(self.side)
    }

    /// The one line printed on stderr, control characters escaped.
    pub fn line(&self) -> String {
        let label = match self.side {
            Side::Server => "server side",
            Side::Local => "local input",
            Side::Network => "network",
        };
        let message = self.message.trim();
        let message = message
            .strip_prefix("network: ")
            .filter(|_| self.side == Side::Network)
            .unwrap_or(message);
        format!("error: {label}: {}", printable(message))
    }
}

/// The exit code of a side.
pub fn exit_code(side: Side) -> u8 {
    match side {
        Side::Server => 1,
        Side::Local => 2,
        Side::Network => 3,
    }
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        let mut message = error.to_string();
        let mut cause = std::error::Error::source(&error);
        while let Some(reason) = cause {
            message.push_str(": ");
            // The library's own texts are final; a transport's are lowercased to match them.
            let text = match reason.downcast_ref::<Error>() {
                Some(own) => own.to_string(),
                None => printable(&reason.to_string().to_lowercase()),
            };
            message.push_str(&text);
            cause = reason.source();
        }
        if let Some(id) = error.request_id() {
            message.push_str(&format!(" (request id {})", printable(id)));
        }
        Self {
            side: error.side(),
            message,
        }
    }
}

impl From<std::io::Error> for Failure {
    fn from(error: std::io::Error) -> Self {
        if error.kind() == std::io::ErrorKind::BrokenPipe {
            return Self::local("");
        }
        Self::local(format!("cannot write the output: {}", error.kind()))
    }
}

/// A clap error as one line: the text before the usage, lines joined, tips kept.
pub fn from_clap(error: &clap::Error) -> Failure {
    let rendered = error.render().to_string();
    let mut parts = Vec::new();
    for line in rendered.lines() {
        let line = line.trim();
        if line.starts_with("Usage:") || line.starts_with("For more information") {
            break;
        }
        if !line.is_empty() {
            parts.push(line.strip_prefix("error: ").unwrap_or(line).to_owned());
        }
    }
    let mut message = parts.join(" ");
    if message.is_empty() {
        message = "invalid arguments".into();
    }
    Failure::local(format!("{message} (see --help)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_per_failure() {
        let failure = Failure::server("bad\n\u{1b}[2Jthing\u{9b}");
        assert_eq!(
            failure.line(),
            "error: server side: bad\\n\\u{1b}[2Jthing\\u{9b}"
        );
        assert_eq!(failure.code(), 1);
        let network = Failure {
            side: Side::Network,
            message: "network: the request timed out".into(),
        };
        assert_eq!(network.line(), "error: network: the request timed out");
        assert_eq!(network.code(), 3);
        assert_eq!(Failure::local("x").code(), 2);
    }
}
