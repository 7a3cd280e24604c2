"""Prints the one comparison table of run.sh from the outputs of pipeline.py,
compare_panel and /usr/bin/time -v. Standard library only.

    python table.py out/python.txt out/rust.txt out/rust_read_time.txt out/python_read_time.txt
"""

import re
import sys

PATHS = [
    ("python_polars", "Python polars"),
    ("python_pandas", "pandas"),
    ("rust_polars_frame", "Rust: overcrowding frame (polars)"),
    ("rust_typed_slices", "Rust: overcrowding typed slices"),
    ("rust_hand_loop", "Rust: hand loop"),
]


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
    return times, checks, info


def max_rss_bytes(path):
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", open(path).read())
    return int(m.group(1)) * 1024 if m else None


def main():
    py, rs, rust_time, py_time = sys.argv[1:5]
    times, checks, info = parse([py, rs])
    base = times["python_polars"]
    base_c, base_rc = base["compute"], base["read"] + base["compute"]
    print(f"rows: {info.get('ROWS')}   {info.get('VERSION', '')}")
    print()
    hdr = f"| {'path':<34} | {'read (s)':>9} | {'compute (s)':>11} | {'read+compute (s)':>16} | {'compute: × faster than Py polars':>32} | {'read+compute: × faster':>22} |"
    print(hdr)
    print("|" + "|".join("-" * (len(c)) for c in hdr.split("|")[1:-1]) + "|")
    for key, name in PATHS:
        t = times.get(key)
        if t is None:
            continue
        read = t.get("read", times["rust_polars_frame"]["read"] if key.startswith("rust") else 0.0)
        read += t.get("to_vectors", 0.0)
        rc = read + t["compute"]
        print(f"| {name:<34} | {read:>9.3f} | {t['compute']:>11.3f} | {rc:>16.3f} | {base_c / t['compute']:>32.2f} | {base_rc / rc:>22.2f} |")
    print()
    if "rust_typed_slices" in times and "rust_hand_loop" in times:
        r = times["rust_typed_slices"]["compute"] / times["rust_hand_loop"]["compute"]
        print(f"typed slices ÷ hand loop (compute): {r:.2f}×")
    size = int(info["SIZE"]) if "SIZE" in info else None
    for label, f in [("Rust (compare_panel read)", rust_time), ("Python polars (read_parquet)", py_time)]:
        rss = max_rss_bytes(f)
        if rss and size:
            print(f"peak RSS reading the Parquet, {label}: {rss / 2**20:.0f} MiB "
                  f"= {rss / size:.2f}× the frame's estimated_size ({size / 2**20:.0f} MiB)")
    print()
    ints = ["dates", "surplus", "over_100", "people_over_100", "critical_rows"]
    floats = ["occupancy_sum", "system_occupancy_sum"]
    ref_key = "python_polars"
    ref = checks[ref_key]
    ok = True
    for key, c in checks.items():
        same = all(c[k] == ref[k] for k in ints) and all(
            abs(float(c[k]) - float(ref[k])) <= 1e-9 * max(1.0, abs(float(ref[k]))) for k in floats
        )
        ok &= same
        print(f"check {key:<18} {'agrees' if same else 'DIFFERS'}: " + " ".join(f"{k}={c[k]}" for k in ints + floats))
    print("all implementations agree" if ok else "IMPLEMENTATIONS DISAGREE")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
