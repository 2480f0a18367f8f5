//! Writes a folder of daily full-text feed snapshots, the way a reader who saves a paper's feed
//! every day keeps them: `cargo run --release --example make-feeds -- --days 365 --out DIR`.
//! Each file holds one day's items (20 articles of invented text with kicker, subtitle, byline,
//! lead photo and subheads) and, as real feeds do, the last items of the day before, so
//! consecutive files overlap. For measuring discovery, opening and searching a feed library
//! (the generator is `kanbao::library::synthetic::write_feeds`, which the benchmarks use too).
//!
//! `--items N` sets the items of a day (a whole People's Daily day is about 90) and `--carry N`
//! how many of the day before each file repeats (5; 0 for files of one day each);
//! `--days 114 --items 92` resembles a folder of 114 saved full-text feeds of that paper.

use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut days = 365usize;
    let mut items = 20usize;
    let mut carry = 5usize;
    let mut out_dir: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--days" => days = args.next().ok_or("--days N")?.parse()?,
            "--items" => items = args.next().ok_or("--items N")?.parse()?,
            "--carry" => carry = args.next().ok_or("--carry N")?.parse()?,
            "--out" => out_dir = Some(args.next().ok_or("--out DIR")?.into()),
            other => return Err(format!("unknown argument '{other}'").into()),
        }
    }
    let out_dir = out_dir.ok_or("usage: make-feeds --days N [--items N] [--carry N] --out DIR")?;
    let bytes = kanbao::library::synthetic::write_feeds(&out_dir, days, items, carry)?;
    println!(
        "wrote {days} feed files, {} KB, to {}",
        bytes / 1000,
        out_dir.display()
    );
    Ok(())
}
