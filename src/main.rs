//! Entry point: parse the command line; with a command run it headless, without one open the
//! window. Nothing else lives here.

use clap::Parser;

fn main() {
    let cli = kaidan::cli::Cli::parse();
    if cli.command.is_some() {
        std::process::exit(kaidan::cli::run(cli));
    }
    if let Err(message) = kaidan::app::run_gui(cli) {
        eprintln!("{message}");
        std::process::exit(1);
    }
}
