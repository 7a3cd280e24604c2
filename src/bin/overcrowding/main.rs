//! `overcrowding`: the command line, which lives in the library ([`overcrowding::cli`]) so that
//! the Python package runs the same one. `overcrowding --help` says what it does.

fn main() {
    std::process::exit(overcrowding::cli::run(std::env::args_os()))
}
