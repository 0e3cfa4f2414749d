//! `cargo xtask`: the project's harness commands. A thin dispatcher; one module per command.

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("help") | Some("--help") | Some("-h") | None => {
            println!("usage: cargo xtask <command>\n\ncommands:\n  help    this text");
            std::process::ExitCode::SUCCESS
        }
        Some(other) => {
            eprintln!("error: unknown command {other:?}; run `cargo xtask help`");
            std::process::ExitCode::from(2)
        }
    }
}
