//! The Rust side of `benches/compare/run.sh`: reads the panel written by `gen_panel` and times
//! every Rust path (best of 3 each) in the output format of `benches/compare/pipeline.py`:
//! the polars frame path (expression builders or native kernels, in-memory or streaming
//! engine, with and without common-subexpression elimination), the typed-slice path, the
//! columnar core on one and two threads, and two hand loops.
//!
//! ```text
//! cargo run --profile bench --all-features --example compare_panel -- run  PANEL.parquet
//! cargo run --profile bench --all-features --example compare_panel -- read PANEL.parquet reader|scan
//! OVERCROWDING_BENCH_ALLOC=system compare_panel run PANEL.parquet   # glibc malloc
//! perf record -e cpu-clock compare_panel profile-frame PANEL.parquet  # or profile-columnar
//! ```
//!
//! Output lines: `RESULT <path> <stage> <seconds>`, `CHECK <path> <figures>`, `SIZE <bytes>`,
//! `ROWS <n>`, `INFO <text>`.

use std::fs::File;
use std::time::Instant;

use overcrowding::Standard;
use polars::prelude::*;

#[path = "../common/alloc.rs"]
mod alloc;
#[path = "../common/panel.rs"]
mod panel;
#[path = "../common/paths.rs"]
mod paths;

#[global_allocator]
static GLOBAL: alloc::BenchAlloc = alloc::BenchAlloc;

use paths::FrameOptions;

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

/// polars' eager Parquet reader.
fn read_reader(path: &str) -> PolarsResult<DataFrame> {
    ParquetReader::new(File::open(path)?).finish()
}

/// `scan_parquet` collected by the streaming engine: what Python polars' `read_parquet` does.
fn read_scan(path: &str) -> PolarsResult<DataFrame> {
    let lf = LazyFrame::scan_parquet(PlRefPath::from(path), ScanArgsParquet::default())?;
    // One scan, one sink: a single frame.
    Ok(lf.collect_with_engine(Engine::Streaming)?.unwrap_single())
}

/// The frame-path variants: output key and options.
const FRAME_PATHS: [(&str, FrameOptions); 5] = [
    ("rust_frame_default", FrameOptions::DEFAULT),
    (
        "rust_frame_no_cse",
        FrameOptions {
            cse: false,
            ..FrameOptions::DEFAULT
        },
    ),
    (
        "rust_frame_streaming",
        FrameOptions {
            native: false,
            ..FrameOptions::FAST
        },
    ),
    (
        "rust_frame_native_in_memory",
        FrameOptions {
            streaming: false,
            ..FrameOptions::FAST
        },
    ),
    ("rust_frame_native_streaming", FrameOptions::FAST),
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: compare_panel run PANEL.parquet | read PANEL.parquet reader|scan";
    let mode = args.next().ok_or(usage)?;
    let path = args.next().ok_or(usage)?;
    println!(
        "INFO allocator {}; common-subexpression elimination compiled in: {}",
        alloc::name(),
        paths::CSE_COMPILED
    );
    match mode.as_str() {
        "read" => {
            let df = match args.next().as_deref() {
                Some("reader") => read_reader(&path)?,
                Some("scan") => read_scan(&path)?,
                _ => return Err(usage.into()),
            };
            println!("ROWS {}", df.height());
            println!("SIZE {}", df.estimated_size());
        }
        "run" => run(&path)?,
        // For a profiler: only the recommended frame path (or the columnar core), 10 times.
        "profile-frame" | "profile-columnar" => {
            let df = paths::rechunked(read_scan(&path)?);
            let columns = paths::columns(&df)?;
            let standard = Standard::critical();
            for _ in 0..10 {
                if mode == "profile-frame" {
                    std::hint::black_box(paths::frame_path_with(&df, FrameOptions::FAST)?);
                } else {
                    std::hint::black_box(paths::columnar_path(&columns, &standard));
                }
            }
        }
        _ => return Err(usage.into()),
    }
    Ok(())
}

fn run(path: &str) -> Result<(), Box<dyn std::error::Error>> {
    let (t_reader, df) = best_of_3(|| read_reader(path));
    let df_reader = df?;
    println!("RESULT rust_read parquet_reader {t_reader:.4}");
    let (t_scan, df) = best_of_3(|| read_scan(path));
    let df = df?;
    println!("RESULT rust_read scan_streaming {t_scan:.4}");
    println!(
        "INFO chunks: parquet_reader {}, scan_streaming {}",
        df_reader.first_col_n_chunks(),
        df.first_col_n_chunks()
    );
    // The frame paths start from the faster read.
    let df = if t_scan <= t_reader { df } else { df_reader };
    println!("ROWS {}", df.height());
    println!("SIZE {}", df.estimated_size());

    let mut reference = None;
    for (key, options) in FRAME_PATHS {
        let (t, out) = best_of_3(|| paths::frame_path_with(&df, options));
        let (rows, summary) = out?;
        println!("RESULT {key} compute {t:.4}");
        let checks = paths::frame_checks(&rows, &summary)?;
        println!("CHECK {key} {}", checks.line());
        match &reference {
            None => reference = Some(checks),
            Some(r) if paths::agree(r, &checks) => {}
            Some(_) => return Err(format!("{key} disagrees with the other frame paths").into()),
        }
    }
    let frame_checks = reference.expect("five frame paths");

    // The columnar core borrows the columns: one chunk each (a copy only if the read gave
    // several), the capacity's validity bitmap as words.
    let (t, single) = best_of_3(|| paths::rechunked(df.clone()));
    println!("RESULT rust_columnar to_columns {t:.4}");
    println!("RESULT rust_columnar_2t to_columns {t:.4}");
    println!("RESULT rust_hand_columnar to_columns {t:.4}");
    let columns = paths::columns(&single)?;
    let standard = Standard::critical();
    let (t, columnar) = best_of_3(|| paths::columnar_path(&columns, &standard));
    println!("RESULT rust_columnar compute {t:.4}");
    println!(
        "CHECK rust_columnar {}",
        paths::columnar_checks(&columnar).line()
    );
    let (t, two) = best_of_3(|| paths::columnar_path_2t(&columns, &standard));
    println!("RESULT rust_columnar_2t compute {t:.4}");
    println!(
        "CHECK rust_columnar_2t {}",
        paths::columnar_checks(&two).line()
    );
    let (t, hand_c) = best_of_3(|| paths::hand_columnar(&columns));
    println!("RESULT rust_hand_columnar compute {t:.4}");
    println!(
        "CHECK rust_hand_columnar {}",
        paths::columnar_checks(&hand_c).line()
    );
    if !paths::columnar_identical(&columnar, &two) || !paths::columnar_identical(&columnar, &hand_c)
    {
        return Err("the columnar outputs are not identical".into());
    }
    let columnar_checks = paths::columnar_checks(&columnar);
    drop((columnar, two, hand_c, columns));
    drop(single);

    // The typed path reads through polars too, then copies the columns into vectors.
    let (t, p) = best_of_3(|| panel::Panel::from_frame(&df));
    let p = p?;
    println!("RESULT rust_typed_slices to_vectors {t:.4}");
    println!("RESULT rust_hand_loop to_vectors {t:.4}");
    drop(df);

    let (t, out) = best_of_3(|| paths::typed_path(&p, &standard));
    println!("RESULT rust_typed_slices compute {t:.4}");
    let typed = paths::typed_checks(&out);
    println!("CHECK rust_typed_slices {}", typed.line());
    drop(out);

    let (t, out) = best_of_3(|| paths::hand_loop(&p));
    println!("RESULT rust_hand_loop compute {t:.4}");
    let hand = paths::hand_checks(&out);
    println!("CHECK rust_hand_loop {}", hand.line());

    for other in [&typed, &hand, &columnar_checks] {
        if !paths::agree(&frame_checks, other) {
            return Err("the Rust paths disagree".into());
        }
    }
    Ok(())
}
