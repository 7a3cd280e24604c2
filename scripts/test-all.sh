#!/usr/bin/env bash
# The README's test command: the Rust tests, then the Python package — built from this checkout
# with `pip install ".[test]"` into a fresh virtual environment — its tests and doctests, and
# the notebooks re-executed (a printed figure that changes fails).
#
#   bash scripts/test-all.sh            # Rust (cargo test --all-features) + Python + notebooks
#   bash scripts/test-all.sh --python   # the Python part only (.ci/run runs the Rust part itself)
#
# The venv lives in the clone (.venv-py/, ignored by git); the wheel's Rust build reuses
# $HOME/.cache/overcrowding-py-target when this machine has one (from nothing it works too).
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
step() { echo "== $* ($(( $(date +%s) - start )) s)"; }

if [ "${1:-}" != "--python" ]; then
    step "cargo test --all-features"
    cargo test --all-features
fi

PY=${PYTHON:-python3}
VENV=.venv-py
if [ -z "${OVERCROWDING_PY_TARGET:-}" ]; then
    OVERCROWDING_PY_TARGET="$HOME/.cache/overcrowding-py-target"
fi
mkdir -p "$OVERCROWDING_PY_TARGET"

step "python: fresh venv ($($PY --version))"
rm -rf "$VENV"
"$PY" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "maturin==1.16.0"

step "python: pip install \".[test]\" (builds the wheel: PyO3 + the crate, release)"
PATH="$PWD/$VENV/bin:$PATH" CARGO_TARGET_DIR="$OVERCROWDING_PY_TARGET" "$VENV/bin/python" -m pip install \
    --quiet --disable-pip-version-check --no-build-isolation ".[test]"

step "python: tests and doctests"
# From outside the checkout, so `import overcrowding` is the installed package.
(cd python/tests && "../../$VENV/bin/python" -m pytest -q -p no:cacheprovider . \
    --doctest-modules --pyargs overcrowding)

step "python: done"
