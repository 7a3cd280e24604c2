#!/usr/bin/env bash
# The issue-3 comparison: one seeded Parquet panel, the same pipeline in Python polars, pandas
# and Rust (the overcrowding frame path, the typed-slice path, a hand loop), best of 3 each,
# results checked to agree, peak memory of reading the panel, then one table.
#
#   benches/compare/run.sh            # ROWS=10000000 SEED=2021 by default
#   ROWS=1000000 benches/compare/run.sh
#   CARGO_FLAGS=--all-features benches/compare/run.sh   # reuse a `cargo bench --all-features` build
#
# Needs python3 (with venv), cargo, and /usr/bin/time (Debian/Ubuntu package `time`).
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
# shellcheck disable=SC2086  # CARGO_FLAGS is a list of flags
cargo build --quiet --profile bench ${CARGO_FLAGS:-} --example gen_panel --example compare_panel
TARGET=$(cargo metadata --format-version 1 --no-deps --offline \
    | "$VENV/bin/python" -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
BIN="$TARGET/release/examples"

PANEL="$OUT/panel_${ROWS}_${SEED}.parquet"
if [ ! -f "$PANEL" ]; then
    "$BIN/gen_panel" "$PANEL" "$ROWS" "$SEED"
fi
ls -l "$PANEL"

echo "== Python (polars, pandas)" >&2
"$VENV/bin/python" "$HERE/pipeline.py" "$PANEL" | tee "$OUT/python.txt"
echo "== Rust (frame, typed slices, hand loop)" >&2
"$BIN/compare_panel" run "$PANEL" | tee "$OUT/rust.txt"
echo "== peak memory of reading the panel" >&2
/usr/bin/time -v "$BIN/compare_panel" read "$PANEL" 2> "$OUT/rust_read_time.txt"
/usr/bin/time -v "$VENV/bin/python" -c \
    'import sys, polars as pl; df = pl.read_parquet(sys.argv[1]); print("SIZE", df.estimated_size())' \
    "$PANEL" 2> "$OUT/python_read_time.txt"

echo
echo "machine: $(nproc) cores, $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "rustc: $(rustc --version)"
"$VENV/bin/python" "$HERE/table.py" "$OUT/python.txt" "$OUT/rust.txt" \
    "$OUT/rust_read_time.txt" "$OUT/python_read_time.txt" | tee "$OUT/table.txt"
