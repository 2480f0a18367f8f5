//! Writes a synthetic archive of dated editions for trying kanbao at scale and for the search
//! benchmarks: `cargo run --release --example make-library -- --editions 3650 --out DIR`.
//!
//! The editions are built from the sample edition's paragraphs (see
//! `kanbao::library::synthetic::write_library`); rare phrases are planted in a known number of
//! articles, printed at the end as `planted 'PHRASE' in N articles`. The same seed gives the
//! same files.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

/// Write a synthetic library of dated editions (one folder per paper, one file per edition).
#[derive(Debug, Parser)]
struct Args {
    /// How many editions to write (3650 is ten years of a daily).
    #[arg(long, default_value_t = 3650)]
    editions: usize,
    /// The library folder (created if missing; existing files of the same names are replaced).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Seed of the generator: the same seed gives the same library.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let started = std::time::Instant::now();
    let planted =
        match kanbao::library::synthetic::write_library(&args.out, args.editions, args.seed) {
            Ok(planted) => planted,
            Err(err) => {
                eprintln!("make-library: writing {}: {err}", args.out.display());
                return ExitCode::FAILURE;
            }
        };
    println!(
        "wrote {} editions to {} in {:.1} s",
        args.editions,
        args.out.display(),
        started.elapsed().as_secs_f64()
    );
    for (phrase, articles) in planted {
        println!("planted '{phrase}' in {articles} articles");
    }
    ExitCode::SUCCESS
}
