//! `paas`: see the library part of this package for how the commands come from the spec.

fn main() -> std::process::ExitCode {
    std::process::ExitCode::from(passport_paas_cli::main(std::env::args_os().collect()))
}
