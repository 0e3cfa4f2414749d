//! `paas` end to end, as a process, against loopback mocks the tests start: every operation's
//! request on the wire, the documented flows through the embedded mock, help, outputs, exit
//! codes and one-line errors, hostile servers, and secrets. No network.

mod common;
mod errors;
mod flows;
mod help;
mod hostile;
mod outputs;
mod security;
mod state_file;
mod webhooks;
mod wire;
