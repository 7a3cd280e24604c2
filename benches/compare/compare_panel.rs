//! The Rust side of `benches/compare/run.sh`: reads the panel written by `gen_panel` and times
//! the polars frame path, the typed-slice path and a hand loop (best of 3 each), in the
//! output format of `benches/compare/pipeline.py`.
//!
//! ```text
//! cargo run --profile bench --example compare_panel -- run  PANEL.parquet
//! cargo run --profile bench --example compare_panel -- read PANEL.parquet   # for /usr/bin/time -v
//! ```
//!
//! Output lines: `RESULT <path> <stage> <seconds>`, `CHECK <path> <figures>`, `SIZE <bytes>`.

use std::fs::File;
use std::time::Instant;

use overcrowding::Standard;
use polars::prelude::*;

#[path = "../common/panel.rs"]
mod panel;
#[path = "../common/paths.rs"]
mod paths;

/// Best of 3 wall-clock seconds, and the last result.
fn best_of_3<T>(mut f: impl FnMut() -> T) -> (f64, T) {
    let mut best = f64::INFINITY;
    let mut out = None;
    for _ in 0..3 {
        let t = Instant::now();
        let r = f();
        best = best.min(t.elapsed().as_secs_f64());
        out = Some(r);
    }
    (best, out.expect("three runs"))
}

fn read(path: &str) -> PolarsResult<DataFrame> {
    ParquetReader::new(File::open(path)?).finish()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: compare_panel run|read PANEL.parquet";
    let mode = args.next().ok_or(usage)?;
    let path = args.next().ok_or(usage)?;
    match mode.as_str() {
        "read" => {
            let df = read(&path)?;
            println!("ROWS {}", df.height());
            println!("SIZE {}", df.estimated_size());
        }
        "run" => {
            let (t, df) = best_of_3(|| read(&path));
            let df = df?;
            println!("ROWS {}", df.height());
            println!("SIZE {}", df.estimated_size());
            println!("RESULT rust_polars_frame read {t:.4}");

            let (t, out) = best_of_3(|| paths::frame_path(&df));
            let (rows, summary) = out?;
            println!("RESULT rust_polars_frame compute {t:.4}");
            let frame_checks = paths::frame_checks(&rows, &summary)?;
            println!("CHECK rust_polars_frame {}", frame_checks.line());
            drop((rows, summary));

            // The typed path reads through polars too, then copies the columns into vectors.
            let (t, p) = best_of_3(|| panel::Panel::from_frame(&df));
            let p = p?;
            println!("RESULT rust_typed_slices to_vectors {t:.4}");
            println!("RESULT rust_hand_loop to_vectors {t:.4}");
            drop(df);

            let standard = Standard::critical();
            let (t, out) = best_of_3(|| paths::typed_path(&p, &standard));
            println!("RESULT rust_typed_slices compute {t:.4}");
            let typed = paths::typed_checks(&out);
            println!("CHECK rust_typed_slices {}", typed.line());
            drop(out);

            let (t, out) = best_of_3(|| paths::hand_loop(&p));
            println!("RESULT rust_hand_loop compute {t:.4}");
            let hand = paths::hand_checks(&out);
            println!("CHECK rust_hand_loop {}", hand.line());

            if !paths::agree(&frame_checks, &typed) || !paths::agree(&frame_checks, &hand) {
                return Err("the Rust paths disagree".into());
            }
        }
        _ => return Err(usage.into()),
    }
    Ok(())
}
