"""Issue 18: Python polars' read_csv + the system summary's group-by sums for every date, on
the 1M-row bench file (`read_summary write FILE` writes it). Best of 5; prints the same
checks as the Rust side (`read_summary run FILE`).

    python benches/compare/read_summary.py FILE
"""

import os
import sys
import time

import polars as pl


def read(path):
    return pl.read_csv(path, null_values=["NA"], try_parse_dates=True,
                       schema_overrides={"Population": pl.UInt64, "Capacity": pl.UInt64,
                                         "Operational.Capacity": pl.UInt64})


def summary(df):
    p, c = pl.col("Population"), pl.col("Capacity")
    covered = p.is_not_null() & c.is_not_null()
    over = covered & (p > c)
    return (
        df.lazy()
        .group_by("date")
        .agg(
            pl.len().alias("facilities"),
            covered.sum().alias("covered_facilities"),
            p.filter(covered).sum().alias("population"),
            c.filter(covered).sum().alias("capacity"),
            (p.cast(pl.Int64) - c.cast(pl.Int64)).clip(lower_bound=0).filter(covered).sum()
            .alias("surplus"),
            over.sum().alias("over_capacity_facilities"),
            p.filter(over).sum().alias("people_in_over_capacity"),
            p.sum().alias("population_reported"),
        )
        .sort("date")
        .collect()
    )


def main():
    path = sys.argv[1]
    runs = max(1, int(os.environ.get("READ_SUMMARY_RUNS", "5")))
    best_read = best_sum = best_total = float("inf")
    totals = []
    out = None
    for _ in range(runs):
        t = time.perf_counter()
        df = read(path)
        r = time.perf_counter() - t
        t = time.perf_counter()
        out = summary(df)
        s = time.perf_counter() - t
        best_read, best_sum, best_total = min(best_read, r), min(best_sum, s), min(best_total, r + s)
        totals.append(r + s)
    print(f"rows {df.height}, dates {out.height}")
    print(f"check population {out['population'].sum()} surplus {out['surplus'].sum()} "
          f"over_capacity {out['over_capacity_facilities'].sum()}")
    print(f"Python polars {pl.__version__} read_csv + group_by sums: read {best_read:.3f} s, "
          f"sums {best_sum:.3f} s, read+sums {best_total:.3f} s (best of {runs})")
    totals.sort()
    print(f"  spread of read+sums over {runs} runs: best {totals[0]:.3f} s, "
          f"median {totals[runs // 2]:.3f} s, worst {totals[-1]:.3f} s")


if __name__ == "__main__":
    main()
