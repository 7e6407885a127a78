//! Entry point: parse the command line; with a command run it headless, without one open the
//! window. Nothing else lives here.

use clap::Parser;

/// mimalloc instead of the system allocator: a big import reads rows on one thread and frees
/// them on the writing one, where glibc's allocator spent a fifth of the time in its locks.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    // Behave like other command-line tools when the reader of our output goes away
    // (`kaidan exceptions | head`): end quietly instead of panicking on a broken pipe.
    #[cfg(unix)]
    #[allow(unsafe_code)]
    // SAFETY: resetting SIGPIPE to its default disposition at start-up, before any thread exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = kaidan::cli::Cli::parse();
    if cli.command.is_some() {
        std::process::exit(kaidan::cli::run(cli));
    }
    if let Err(message) = kaidan::app::run_gui(cli) {
        eprintln!("{message}");
        std::process::exit(1);
    }
}
