#!/usr/bin/env bash
# The issue-12 comparison (items 3 and 5): one seeded Parquet panel; the same pipeline in
# Python polars, pandas, DuckDB and every Rust path (the polars frame path in its variants,
# the typed-slice path, the columnar core on 1 and 2 threads, two hand loops), best of 3
# each; the Rust paths again with the system allocator; results checked to agree; peak
# memory of reading the panel; then one table of ratios.
#
#   benches/compare/run.sh            # ROWS=10000000 SEED=2021 by default
#   ROWS=1000000 benches/compare/run.sh
#
# Builds the bench tools with `--profile bench --all-features` (the same build as
# `cargo bench --all-features`). Needs python3 (with venv), cargo, and /usr/bin/time
# (Debian/Ubuntu package `time`).
set -euo pipefail

ROWS=${ROWS:-10000000}
SEED=${SEED:-2021}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT="$HERE/out"
VENV="$HERE/.venv"
mkdir -p "$OUT"

if [ ! -x /usr/bin/time ]; then
    echo "installing GNU time (/usr/bin/time)" >&2
    apt-get install -y time >/dev/null
fi

if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
fi
"$VENV/bin/pip" install --quiet -r "$HERE/requirements.txt"

cd "$ROOT"
cargo build --quiet --profile bench --all-features --example gen_panel --example compare_panel
TARGET=$(cargo metadata --format-version 1 --no-deps --offline \
    | "$VENV/bin/python" -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
BIN="$TARGET/release/examples"

PANEL="$OUT/panel_${ROWS}_${SEED}.parquet"
if [ ! -f "$PANEL" ]; then
    "$BIN/gen_panel" "$PANEL" "$ROWS" "$SEED"
fi
ls -l "$PANEL"

echo "== load: $(uptime)" | tee "$OUT/uptime.txt" >&2
echo "== Python (polars, pandas, DuckDB)" >&2
"$VENV/bin/python" "$HERE/pipeline.py" "$PANEL" | tee "$OUT/python.txt"
echo "== Rust (every path; mimalloc)" >&2
"$BIN/compare_panel" run "$PANEL" | tee "$OUT/rust.txt"
echo "== Rust (every path; glibc malloc)" >&2
OVERCROWDING_BENCH_ALLOC=system "$BIN/compare_panel" run "$PANEL" | tee "$OUT/rust_system.txt"
echo "== peak memory of reading the panel" >&2
for how in scan reader; do
    /usr/bin/time -v "$BIN/compare_panel" read "$PANEL" "$how" > /dev/null 2> "$OUT/rss_rust_$how.txt"
    OVERCROWDING_BENCH_ALLOC=system /usr/bin/time -v "$BIN/compare_panel" read "$PANEL" "$how" \
        > /dev/null 2> "$OUT/rss_rust_${how}_system.txt"
done
# mimalloc commits its arenas eagerly by default; without that it holds what glibc does.
MIMALLOC_ARENA_EAGER_COMMIT=0 /usr/bin/time -v "$BIN/compare_panel" read "$PANEL" scan \
    > /dev/null 2> "$OUT/rss_rust_scan_lazy_commit.txt"
/usr/bin/time -v "$VENV/bin/python" -c \
    'import sys, polars as pl; df = pl.read_parquet(sys.argv[1]); print("SIZE", df.estimated_size())' \
    "$PANEL" > /dev/null 2> "$OUT/rss_python.txt"
echo "== load: $(uptime)" | tee -a "$OUT/uptime.txt" >&2

echo
echo "machine: $(nproc) cores, $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "rustc: $(rustc --version)"
sed 's/^== //' "$OUT/uptime.txt"
"$VENV/bin/python" "$HERE/table.py" --python "$OUT/python.txt" --rust "$OUT/rust.txt" \
    --rust-system "$OUT/rust_system.txt" --parquet "$PANEL" \
    --rss "Rust scan_parquet (streaming), mimalloc=$OUT/rss_rust_scan.txt" \
    --rss "Rust scan_parquet (streaming), glibc malloc=$OUT/rss_rust_scan_system.txt" \
    --rss "Rust scan_parquet (streaming), mimalloc, MIMALLOC_ARENA_EAGER_COMMIT=0=$OUT/rss_rust_scan_lazy_commit.txt" \
    --rss "Rust ParquetReader, mimalloc=$OUT/rss_rust_reader.txt" \
    --rss "Rust ParquetReader, glibc malloc=$OUT/rss_rust_reader_system.txt" \
    --rss "Python polars read_parquet=$OUT/rss_python.txt" | tee "$OUT/table.txt"
