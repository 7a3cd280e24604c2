"""Prints the one comparison table of run.sh from the outputs of pipeline.py, compare_panel
(with mimalloc and with the system allocator) and /usr/bin/time -v. Standard library only.

    python table.py --python out/python.txt --rust out/rust.txt \
        --rust-system out/rust_system.txt \
        --rss "Rust scan_parquet (streaming)=out/rss_rust_scan.txt" ... \
        --parquet out/panel.parquet

Ratios: "× Py polars" is Python polars' time ÷ the path's (above 1: faster than Python
polars); "÷ hand loop" is the path's compute ÷ the hand loop's (above 1: slower).
"""

import argparse
import os
import re
import sys

PATHS = [
    ("python_polars", "Python polars (default: streaming)"),
    ("python_polars_in_memory", "Python polars, in-memory engine"),
    ("python_pandas", "pandas"),
    ("python_duckdb", "DuckDB"),
    ("rust_frame_default", "Rust frame: builders, in-memory (collect)"),
    ("rust_frame_no_cse", "Rust frame: builders, in-memory, no CSE"),
    ("rust_frame_streaming", "Rust frame: builders, streaming"),
    ("rust_frame_native_in_memory", "Rust frame: native kernels, in-memory"),
    ("rust_frame_native_streaming", "Rust frame: native kernels, streaming"),
    ("rust_typed_slices", "Rust typed slices (scalar API)"),
    ("rust_columnar", "Rust columnar core, 1 thread"),
    ("rust_columnar_2t", "Rust columnar core, 2 threads"),
    ("rust_hand_loop", "Rust hand loop (typed vectors)"),
    ("rust_hand_columnar", "Rust hand loop (columnar I/O)"),
]
RECOMMENDED_FRAME = "rust_frame_native_streaming"


def parse(files):
    times, checks, info = {}, {}, {}
    for f in files:
        for line in open(f):
            parts = line.split()
            if not parts:
                continue
            if parts[0] == "RESULT":
                times.setdefault(parts[1], {})[parts[2]] = float(parts[3])
            elif parts[0] == "CHECK":
                checks[parts[1]] = dict(kv.split("=") for kv in parts[2:])
            elif parts[0] in ("SIZE", "ROWS", "VERSION"):
                info[parts[0]] = " ".join(parts[1:])
            elif parts[0] == "INFO":
                info.setdefault("INFO", []).append(" ".join(parts[1:]))
    return times, checks, info


def max_rss_bytes(path):
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", open(path).read())
    return int(m.group(1)) * 1024 if m else None


def rust_read(times):
    return min(times["rust_read"].values())


def stages(times, key):
    """(read, to columns, compute) of a path; the Rust paths share the faster Rust read."""
    t = times[key]
    read = t["read"] if key.startswith("python") else rust_read(times)
    prep = t.get("to_vectors", t.get("to_columns", 0.0))
    return read, prep, t["compute"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--python", required=True)
    ap.add_argument("--rust", required=True)
    ap.add_argument("--rust-system")
    ap.add_argument("--rss", action="append", default=[], help="LABEL=time -v output")
    ap.add_argument("--parquet")
    a = ap.parse_args()

    times, checks, info = parse([a.python, a.rust])
    py_read, _, py_c = stages(times, "python_polars")
    py_rc = py_read + py_c
    hand_c = times["rust_hand_loop"]["compute"]
    print(f"rows: {info.get('ROWS')}   {info.get('VERSION', '')}")
    for i in info.get("INFO", []):
        print(f"rust: {i}")
    print()
    cols = ["path", "read (s)", "to columns (s)", "compute (s)", "read+compute (s)",
            "compute: × Py polars", "read+compute: × Py polars", "compute ÷ hand loop"]
    print("| " + " | ".join(cols) + " |")
    print("|" + "|".join(["---"] + ["---:"] * (len(cols) - 1)) + "|")
    for key, name in PATHS:
        if key not in times:
            continue
        read, prep, c = stages(times, key)
        rc = read + prep + c
        print(f"| {name} | {read:.3f} | {prep:.3f} | {c:.3f} | {rc:.3f} | "
              f"{py_c / c:.2f} | {py_rc / rc:.2f} | {c / hand_c:.2f} |")
    print()
    rt = times["rust_read"]
    print("Rust reads of the Parquet: " + ", ".join(f"{k} {v:.3f} s" for k, v in rt.items())
          + f"; Python polars read_parquet {py_read:.3f} s")

    if a.rust_system:
        sys_times, sys_checks, _ = parse([a.rust_system])
        checks.update({k + "@system": v for k, v in sys_checks.items()})
        print()
        print("| allocator: glibc malloc ÷ mimalloc (same binary) | mimalloc (s) | system (s) | ratio |")
        print("|---|---:|---:|---:|")
        for k, v in times["rust_read"].items():
            s = sys_times["rust_read"][k]
            print(f"| read: {k} | {v:.3f} | {s:.3f} | {s / v:.2f} |")
        for key, name in PATHS:
            if key.startswith("rust") and key in sys_times:
                m, s = times[key]["compute"], sys_times[key]["compute"]
                print(f"| compute: {name} | {m:.3f} | {s:.3f} | {s / m:.2f} |")

    size = int(info["SIZE"]) if "SIZE" in info else None
    print()
    if a.parquet and os.path.exists(a.parquet):
        print(f"Parquet file: {os.path.getsize(a.parquet) / 2**20:.0f} MiB; "
              f"in memory (estimated_size): {size / 2**20:.0f} MiB")
    rss = {}
    for spec in a.rss:
        label, f = spec.rsplit("=", 1)
        r = max_rss_bytes(f)
        if r and size:
            rss[label] = r / size
            print(f"peak RSS reading the Parquet, {label}: {r / 2**20:.0f} MiB "
                  f"= {r / size:.2f}× the in-memory size")

    print()
    print("Targets (issue 12), this run:")
    col1 = times["rust_columnar"]["compute"]
    col2 = times.get("rust_columnar_2t", {}).get("compute", col1)
    hand_col = times["rust_hand_columnar"]["compute"]
    fr_read, _, fr_c = stages(times, RECOMMENDED_FRAME)
    # The faster of Python polars' two engines, so that no target leans on the slower one.
    best_py_c = min(py_c, times.get("python_polars_in_memory", {}).get("compute", py_c))

    def verdict(ok):
        return "holds" if ok else "FAILS"

    print(f"- columnar core ≥ 5× Python polars compute: 1 thread {py_c / col1:.1f}×, "
          f"2 threads {py_c / col2:.1f}× — {verdict(max(py_c / col1, py_c / col2) >= 5)}; "
          f"against Python polars' faster engine: {best_py_c / col1:.1f}×, "
          f"{best_py_c / col2:.1f}× — {verdict(max(best_py_c / col1, best_py_c / col2) >= 5)}")
    print(f"- columnar core within 1.2× the hand loop with the same exact outputs: "
          f"{col1 / hand_col:.2f}× — {verdict(col1 / hand_col <= 1.2)}")
    print(f"- polars frame path ({RECOMMENDED_FRAME}) ≤ 1.0× Python polars: compute "
          f"{fr_c / py_c:.2f}× — {verdict(fr_c <= py_c)}; read+compute "
          f"{(fr_read + fr_c) / py_rc:.2f}× — {verdict(fr_read + fr_c <= py_rc)}; compute "
          f"against Python polars' faster engine {fr_c / best_py_c:.2f}× — "
          f"{verdict(fr_c <= best_py_c)}")
    best_frame = min((times[k]["compute"], k) for k, _ in PATHS
                     if k.startswith("rust_frame") and k in times)
    print(f"  (fastest Rust frame variant this run: {best_frame[1]}, "
          f"{best_frame[0] / py_c:.2f}× Python polars, {best_frame[0] / best_py_c:.2f}× its faster engine)")
    for label, r in rss.items():
        if label.startswith("Rust"):
            print(f"- peak memory reading ≤ 1.5× in-memory size, {label}: {r:.2f}× — "
                  f"{verdict(r <= 1.5)}")

    print()
    ints = ["dates", "surplus", "over_100", "people_over_100", "critical_rows"]
    floats = ["occupancy_sum", "system_occupancy_sum"]
    ref = checks["python_polars"]
    ok = True
    for key, c in checks.items():
        same = all(c[k] == ref[k] for k in ints) and all(
            abs(float(c[k]) - float(ref[k])) <= 1e-9 * max(1.0, abs(float(ref[k]))) for k in floats
        )
        ok &= same
        print(f"check {key:<36} {'agrees' if same else 'DIFFERS'}: "
              + " ".join(f"{k}={c[k]}" for k in ints + floats))
    print("all implementations agree" if ok else "IMPLEMENTATIONS DISAGREE")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
