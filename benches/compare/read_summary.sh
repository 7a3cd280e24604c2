#!/usr/bin/env bash
# Issue 18: "read + system summary for every date" on the 1M-row bench file (the generator of
# benches/table_reader.rs), the crate's TableReader + summarize_panel beside Python polars'
# read_csv + the same group-by sums, in one run, with the load before and after.
#
#   benches/compare/read_summary.sh
#
# Builds with `--release --no-default-features --features io` (no polars). The Python side
# uses benches/compare/.venv (requirements.txt), as run.sh does.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT="$HERE/out"
VENV="$HERE/.venv"
mkdir -p "$OUT"
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
fi
"$VENV/bin/pip" install --quiet -r "$HERE/requirements.txt"
cd "$ROOT"
cargo build --quiet --release --no-default-features --features io --example read_summary
TARGET=$(cargo metadata --format-version 1 --no-deps --offline \
    | "$VENV/bin/python" -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
BIN="$TARGET/release/examples/read_summary"
FILE="$OUT/table_1m.csv"
[ -f "$FILE" ] || "$BIN" write "$FILE"
echo "== load: $(uptime)"
"$BIN" run "$FILE"
"$VENV/bin/python" "$HERE/read_summary.py" "$FILE"
echo "== load: $(uptime)"
