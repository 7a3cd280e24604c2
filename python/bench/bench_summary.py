"""The targets of issue 20, measured (a benchmark, not a test):

- a 1M-row polars DataFrame -> the system summary for every date, through the package
  (`Panel.from_frame(...).summarize(...)`, a polars DataFrame back), against
  (a) the Rust path on the same data in the same run (`_native.bench_rust_path`: the columns
      already in Rust memory, then `Panel::from_columns` and the summary for every date;
      beside it the same rows pushed through the row-by-row `PanelBuilder`) — target: within 2x;
  (b) the same summary written by hand in polars expressions — target: faster;
- `import overcrowding` in a fresh interpreter — target: under 0.3 s;
- the wheel's size — target: under 20 MB (give the wheel's path as the first argument).

Run (from the checkout, in the venv that scripts/test-all.sh builds):
    .venv-py/bin/python python/bench/bench_summary.py [path/to/overcrowding-*.whl]
Write the load (`uptime`) beside each figure.
"""

import os
import statistics
import subprocess
import sys
import time

import numpy as np
import polars as pl

import overcrowding as oc
from overcrowding import _native

N_FACILITIES, N_DATES = 2_000, 500  # 1,000,000 rows
REPEAT = 3


def frame(seed: int = 42) -> pl.DataFrame:
    rng = np.random.default_rng(seed)
    cap = rng.integers(50, 2_000, N_FACILITIES)
    ids = np.array([f"F{i:05d}" for i in range(N_FACILITIES)])
    dates = pl.date_range(pl.date(1985, 1, 1), pl.date(1985, 1, 1) + pl.duration(days=N_DATES - 1),
                          eager=True)
    n = N_FACILITIES * N_DATES
    pop = (np.tile(cap, N_DATES) * rng.uniform(0.6, 1.6, n)).astype(np.int64)
    df = pl.DataFrame({
        "facility": np.tile(ids, N_DATES),
        "date": np.repeat(dates.to_numpy(), N_FACILITIES),
        "population": pop,
        "capacity": np.tile(cap, N_DATES).astype(np.int64),
    })
    # 2 % of populations and 1 % of capacities not reported
    miss_p = rng.random(n) < 0.02
    miss_c = rng.random(n) < 0.01
    return df.with_columns(
        pl.when(pl.Series(miss_p)).then(None).otherwise(pl.col("population")).alias("population"),
        pl.when(pl.Series(miss_c)).then(None).otherwise(pl.col("capacity")).alias("capacity"),
    )


def package(df):
    p = oc.Panel.from_frame(df, id="facility", date="date", population="population",
                            capacity={"design": "capacity"})
    return p.summarize(kind="design")


def by_hand(df):
    covered = pl.col("population").is_not_null() & pl.col("capacity").is_not_null()
    over = covered & (pl.col("population") > pl.col("capacity"))
    p, c = pl.col("population"), pl.col("capacity")
    return (
        df.lazy()
        .group_by("date")
        .agg(
            pl.len().alias("facilities"),
            covered.sum().alias("covered_facilities"),
            p.filter(covered).sum().alias("population"),
            c.filter(covered).sum().alias("capacity"),
            (p - c).clip(lower_bound=0).filter(covered).sum().alias("surplus"),
            over.sum().alias("over_capacity_facilities"),
            p.filter(over).sum().alias("people_in_over_capacity"),
            p.sum().alias("population_reported"),
            (p.is_null() & c.is_not_null()).sum().alias("lacks_population"),
            (p.is_not_null() & c.is_null()).sum().alias("lacks_capacity"),
            (p.is_null() & c.is_null()).sum().alias("lacks_both"),
            # the population-weighted median occupancy (the median prisoner)
            (p / c).filter(covered).sort_by((p / c).filter(covered))
            .gather(((p.filter(covered).sort_by((p / c).filter(covered)).cum_sum()
                      >= p.filter(covered).sum() / 2).arg_max()))
            .first().alias("median_ratio"),
        )
        .with_columns((pl.col("population") / pl.col("capacity") * 100).round(1)
                      .alias("occupancy_percent"))
        .sort("date")
        .collect()
    )


def best(f, *args):
    times = []
    out = None
    for _ in range(REPEAT):
        t = time.perf_counter()
        out = f(*args)
        times.append(time.perf_counter() - t)
    return min(times), statistics.median(times), out


def main():
    load = os.getloadavg()
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; {os.cpu_count()} cores")
    df = frame()
    print(f"{df.height:,} rows, {df['date'].n_unique()} dates, {df['facility'].n_unique():,} facilities")
    tp, tpm, ours = best(package, df)
    runs = [_native.bench_rust_path(df, id="facility", date="date", population="population",
                                    capacity="capacity") for _ in range(REPEAT)]
    tr = min(r[0] for r in runs)
    trb = min(r[1] for r in runs)
    th, thm, hand = best(by_hand, df)
    assert ours.height == N_DATES
    assert ours["population"].to_list() == hand["population"].to_list()
    assert ours["surplus"].to_list() == hand["surplus"].to_list()
    # the same median prisoner (the crate rounds the exact ratio once; polars rounds a float)
    gap = (ours["median_prisoner_occupancy_percent"] - hand["median_ratio"] * 100).abs().max()
    assert gap <= 0.05 + 1e-9, gap
    print(f"package (polars frame -> polars summary): {tp:.3f} s (median {tpm:.3f})")
    print(f"Rust path (columns in Rust -> Panel::from_columns -> summary): {tr:.3f} s"
          f" -> package / Rust = {tp / tr:.2f}x (target <= 2)")
    print(f"  (the same rows through the row-by-row PanelBuilder -> summary: {trb:.3f} s)")
    print(f"by hand in polars expressions: {th:.3f} s (median {thm:.3f})"
          f" -> package / by hand = {tp / th:.2f}x (target < 1)")
    imports = []
    for _ in range(5):
        t = subprocess.run([sys.executable, "-c",
                            "import time; t = time.perf_counter(); import overcrowding; "
                            "print(time.perf_counter() - t)"], capture_output=True, text=True,
                           check=True)
        imports.append(float(t.stdout))
    print(f"import overcrowding: {min(imports):.3f} s (best of 5; target < 0.3)")
    if len(sys.argv) > 1:
        size = os.path.getsize(sys.argv[1]) / 1e6
        print(f"wheel {os.path.basename(sys.argv[1])}: {size:.1f} MB (target < 20)")


if __name__ == "__main__":
    main()
