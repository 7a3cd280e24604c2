//! Writes the seeded synthetic facility-month panel of the benches to Parquet, so that the
//! Rust and Python pipelines of `benches/compare/` read the same rows.
//!
//! ```text
//! cargo run --profile bench --example gen_panel -- OUT.parquet [ROWS] [SEED]
//! ```
//!
//! Columns: `facility_id` (UInt32), `date` (Date), `population` (UInt64), `capacity`
//! (UInt64, null for about 1 row in 1,000). Written uncompressed so that the Rust and Python
//! reads in the comparison time decoding, not decompression. The same ROWS and SEED give the
//! same file.

use std::fs::File;

use polars::prelude::*;

#[path = "../common/panel.rs"]
mod panel;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let out = args
        .next()
        .ok_or("usage: gen_panel OUT.parquet [ROWS] [SEED]")?;
    let rows: usize = args.next().map_or(Ok(10_000_000), |s| s.parse())?;
    let seed: u64 = args.next().map_or(Ok(2021), |s| s.parse())?;
    let mut df = panel::generate(rows, seed).to_frame()?;
    ParquetWriter::new(File::create(&out)?)
        .with_compression(ParquetCompression::Uncompressed)
        .finish(&mut df)?;
    println!("wrote {rows} rows (seed {seed}) to {out}");
    Ok(())
}
