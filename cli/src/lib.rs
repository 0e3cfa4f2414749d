//! `paas`: the Passport Fintech PaaS API from a terminal or a script.
//!
//! The commands are derived at run time from the spec the library was generated from
//! ([`catalog`]): one group per tag, one command per operation, one flag per parameter and
//! per simple body property; calls go through [`passport_paas::dynamic`], so every check,
//! retry and error of the library applies. Hand-written polish sits on top: tables, `--all`
//! with progress, `--field`, `paas auth token`, and the embedded mock with its state file.
//!
//! The library target exists so that the tests can walk the same command table.

#![deny(missing_docs)]

pub mod app;
mod arguments;
mod auth;
pub mod catalog;
mod columns;
mod connect;
pub mod failure;
mod input;
pub mod limits;
pub mod naming;
pub mod output;
mod run;
mod state;
mod table;
pub mod values;
pub mod webhooks;

use std::ffi::OsString;
use std::io::IsTerminal;

use clap::error::ErrorKind;

use crate::catalog::Catalog;
use crate::connect::Settings;
use crate::failure::{Failure, from_clap};
use crate::output::Format;

/// Runs `paas` with `args` (the program name first); returns the exit code.
pub fn main(args: Vec<OsString>) -> u8 {
    match start(args) {
        Ok(()) => 0,
        // The reader went away (`paas … | head`): nothing more to say.
        Err(failure) if failure.message.is_empty() => 0,
        Err(failure) => {
            output::note(&format!("{}\n", failure.line()));
            failure.code()
        }
    }
}

fn start(args: Vec<OsString>) -> Result<(), Failure> {
    limits::check_environment()?;
    let catalog = Catalog::load()
        .map_err(|error| Failure::local(format!("the built-in spec cannot be read: {error}")))?;
    let mut app = app::app(&catalog);
    let matches = match app.try_get_matches_from_mut(args) {
        Ok(matches) => matches,
        Err(error) => return clap_outcome(&error),
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|error| Failure::local(format!("cannot start the async runtime: {error}")))?;
    runtime.block_on(dispatch(&catalog, &matches))
}

/// Help and version go to stdout (exit 0); a missing command prints help and fails; any
/// other parse error is one line.
fn clap_outcome(error: &clap::Error) -> Result<(), Failure> {
    match error.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            output::say(&error.render().to_string());
            Ok(())
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            output::say(&error.render().to_string());
            Err(Failure::local("a command is required (see the list above)"))
        }
        _ => Err(from_clap(error)),
    }
}

async fn dispatch(catalog: &Catalog, matches: &clap::ArgMatches) -> Result<(), Failure> {
    let settings = Settings::new(matches);
    let format = Format::choose(
        crate::app::one::<String>(matches, app::ids::OUTPUT).map(String::as_str),
        std::io::stdout().is_terminal(),
    );
    let Some((group, sub)) = matches.subcommand() else {
        return Err(Failure::local("a command is required (see --help)"));
    };
    let Some((name, command_matches)) = sub.subcommand() else {
        return Err(Failure::local("a command is required (see --help)"));
    };
    match (group, name) {
        ("auth", "token") => auth::token(command_matches, &settings, format).await,
        ("mock", "reset") => mock_reset(&settings),
        ("webhooks", name) => {
            webhooks::dispatch(&catalog.spec, name, command_matches, &settings, format).await
        }
        _ => {
            let command = catalog
                .find(group, name)
                .ok_or_else(|| Failure::local("no such command (see --help)"))?;
            run::operation(catalog, command, command_matches, &settings, format).await
        }
    }
}

fn mock_reset(settings: &Settings) -> Result<(), Failure> {
    let Some(path) = settings.state_path() else {
        return Err(Failure::local(
            "no state file: set --mock-state, PAAS_MOCK_STATE, XDG_CACHE_HOME or HOME",
        ));
    };
    let shown = state::shown(&path);
    if state::reset(&path)? {
        output::say(&format!("cleared the embedded mock's state ({shown})\n"));
    } else {
        output::say(&format!(
            "the embedded mock had no state to clear ({shown})\n"
        ));
    }
    Ok(())
}
