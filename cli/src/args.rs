//! The command line: clap definitions and their translation into library values.

use clap::builder::TypedValueParser;
use clap::{Args, Parser, Subcommand, ValueEnum};
use passport_paas::compat::{GrantFlow, OrderDirection};

/// paas: the Passport Fintech PaaS API from a terminal or a script.
///
/// With none of PAAS_BASE_URL, PAAS_TOKEN, PAAS_CLIENT_ID or PAAS_CLIENT_SECRET set, paas runs
/// against an embedded loopback mock that answers from the API spec's examples.
#[derive(Debug, Parser)]
#[command(name = "paas", version, about, long_about = None)]
pub struct Cli {
    #[command(flatten)]
    pub connection: Connection,
    /// Output format (default: table on a terminal, json otherwise).
    #[arg(long, short, global = true, value_enum)]
    pub output: Option<Output>,
    #[command(subcommand)]
    pub command: Command,
}

/// Where and how to connect.
#[derive(Debug, Args)]
pub struct Connection {
    /// Base URL of the API (default: the sandbox when credentials are given).
    #[arg(long, global = true, env = "PAAS_BASE_URL")]
    pub base_url: Option<String>,
    /// Bearer token.
    #[arg(long, global = true, env = "PAAS_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// Client id, for client-credentials authentication.
    #[arg(long, global = true, env = "PAAS_CLIENT_ID")]
    pub client_id: Option<String>,
    /// Client secret, for client-credentials authentication.
    #[arg(
        long,
        global = true,
        env = "PAAS_CLIENT_SECRET",
        hide_env_values = true
    )]
    pub client_secret: Option<String>,
    /// Accept-Language sent with every call (e.g. en, es).
    #[arg(long, global = true, env = "PAAS_ACCEPT_LANGUAGE")]
    pub accept_language: Option<String>,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Output {
    /// Aligned columns for people.
    Table,
    /// One JSON document, field names as the API's.
    Json,
    /// One JSON object per line.
    Ndjson,
}

/// Top-level commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Token Management: list, get, revoke.
    #[command(subcommand)]
    Tokens(TokensCommand),
    /// Authentication.
    #[command(subcommand)]
    Auth(AuthCommand),
}

/// `paas tokens …`
#[derive(Debug, Subcommand)]
pub enum TokensCommand {
    /// List token information (one page, or every page with --all).
    List(ListArgs),
    /// Retrieve one token's information.
    Get {
        /// The token id (a UUID).
        token_id: uuid::Uuid,
    },
    /// Revoke a token.
    Revoke {
        /// The token id (a UUID).
        token_id: uuid::Uuid,
        /// Do not ask for confirmation (required when stdin is not a terminal).
        #[arg(long, short)]
        yes: bool,
    },
}

/// `paas auth …`
#[derive(Debug, Subcommand)]
pub enum AuthCommand {
    /// Issue an access token from client credentials.
    Token {
        /// Print the access token itself (it is redacted otherwise).
        #[arg(long)]
        show_secret: bool,
    },
}

/// Every parameter of the list call.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Records per page (page_params.page_size).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
    pub page_size: Option<u32>,
    /// Page to fetch (page_params.page_number); not with --all.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..), conflicts_with = "all")]
    pub page: Option<u32>,
    /// Fetch every page, reading one consistent snapshot.
    #[arg(long)]
    pub all: bool,
    /// Pages fetched at once with --all.
    #[arg(long, default_value_t = passport_paas::DEFAULT_PREFETCH, value_parser = clap::value_parser!(u16).range(1..=64).map(usize::from))]
    pub prefetch: usize,
    /// Sort field (order_params.order_key).
    #[arg(long)]
    pub order_key: Option<String>,
    /// Sort direction (order_params.order_direction).
    #[arg(long, value_enum)]
    pub order_direction: Option<Direction>,
    /// Filter by account reference.
    #[arg(long)]
    pub account_id: Option<String>,
    /// Filter by user reference.
    #[arg(long)]
    pub user_id: Option<String>,
    /// Filter by grant flow: client-credentials, password, entity-setup, login, or any other
    /// value, passed through as given.
    #[arg(long, value_parser = parse_grant_flow)]
    pub grant_flow: Option<GrantFlow>,
    /// Filter by role.
    #[arg(long)]
    pub role: Option<String>,
}

/// Sort directions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Direction {
    /// Ascending.
    Asc,
    /// Descending.
    Desc,
    /// The server's default.
    Unspecified,
}

impl From<Direction> for OrderDirection {
    fn from(direction: Direction) -> Self {
        match direction {
            Direction::Asc => OrderDirection::Asc,
            Direction::Desc => OrderDirection::Desc,
            Direction::Unspecified => OrderDirection::Unspecified,
        }
    }
}

fn parse_grant_flow(value: &str) -> Result<GrantFlow, String> {
    if value.trim().is_empty() {
        return Err("the grant flow is empty".into());
    }
    Ok(match value {
        "client-credentials" => GrantFlow::ClientCredentials,
        "password" => GrantFlow::Password,
        "entity-setup" => GrantFlow::EntitySetup,
        "login" => GrantFlow::Login,
        other => GrantFlow::from(other),
    })
}
