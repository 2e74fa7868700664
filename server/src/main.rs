#![recursion_limit = "256"]

use std::process::ExitCode;

/// Stack of each runtime thread. Leptos' server-side render futures nest
/// deeply; an unoptimised build of a large page (the administration's
/// registry) overflowed tokio's default 2 MiB and aborted the process.
/// The reservation is address space: only the pages touched are memory.
const THREAD_STACK: usize = 16 * 1024 * 1024;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_stack_size(THREAD_STACK)
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("cannot start the async runtime: {e}");
            return ExitCode::from(2);
        }
    };
    runtime.block_on(server::cli::dispatch(&args))
}
