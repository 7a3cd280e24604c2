"""The issue-3 workload in Python polars, pandas and DuckDB, on the Parquet panel of gen_panel.

Per row: occupancy = population / capacity and the band level of the "critical" standard
(0 within capacity, 1 above 100 %, 2 at or above 120 %, decided exactly as 5*pop >= 6*cap);
null where the capacity is missing. Per date, over the rows with a capacity (pairwise
complete), the columns of overcrowding's `system_summary`: facilities, covered, population,
capacity, overcrowded_facilities, people_in_overcrowded, surplus, population_not_covered,
occupancy (sum / sum). Each stage timed with time.perf_counter, best of 3.

    python pipeline.py PANEL.parquet

Output lines, as examples/compare_panel.rs: RESULT <path> <stage> <seconds>,
CHECK <path> <figures>.
"""

import sys
import time

import duckdb
import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq


def best_of_3(f):
    best, out = float("inf"), None
    for _ in range(3):
        t = time.perf_counter()
        out = f()
        best = min(best, time.perf_counter() - t)
    return best, out


def check_line(dates, surplus, over, people, critical, occ_sum, sys_sum):
    return (
        f"dates={dates} surplus={surplus} over_100={over} people_over_100={people} "
        f"critical_rows={critical} occupancy_sum={occ_sum:.6f} system_occupancy_sum={sys_sum:.9f}"
    )


# --- Python polars -------------------------------------------------------------------------


def polars_read(path):
    return pl.read_parquet(path)


def polars_pipeline(df):
    pop, cap = pl.col("population"), pl.col("capacity")
    covered = cap.is_not_null() & (cap > 0)
    rows = (
        df.lazy()
        .with_columns(
            occupancy=pl.when(covered).then(pop / cap),
            band=pl.when(covered).then(
                pl.when(pop * 5 >= cap * 6).then(2).when(pop > cap).then(1).otherwise(0)
            ),
        )
        .collect()
    )
    over = covered & (pop > cap)
    summary = (
        rows.lazy()
        .group_by("date")
        .agg(
            facilities=pl.len(),
            covered=covered.sum(),
            population=pop.filter(covered).sum(),
            capacity=cap.filter(covered).sum(),
            overcrowded_facilities=over.sum(),
            people_in_overcrowded=pl.when(over).then(pop).otherwise(0).sum(),
            surplus=pl.when(over).then(pop - cap).otherwise(0).sum(),
            population_not_covered=pl.when(~covered).then(pop).otherwise(0).sum(),
        )
        .sort("date")
        .with_columns(occupancy=pl.col("population") / pl.col("capacity"))
        .collect()
    )
    return rows, summary


def polars_checks(rows, summary):
    return check_line(
        summary.height,
        int(summary["surplus"].sum()),
        int(summary["overcrowded_facilities"].sum()),
        int(summary["people_in_overcrowded"].sum()),
        int((rows["band"] == 2).sum()),
        float(rows["occupancy"].sum()),
        float(summary["occupancy"].sum()),
    )


# --- pandas --------------------------------------------------------------------------------


def pandas_read(path):
    # date32 as datetime64 (pandas would otherwise hold Python date objects); the nullable
    # UInt64 capacity arrives as float64 with NaN, pandas' usual missing value.
    return pq.read_table(path).to_pandas(date_as_object=False)


def pandas_pipeline(df):
    pop = df["population"].to_numpy()
    cap = df["capacity"].to_numpy(dtype="float64", na_value=np.nan)
    covered = ~np.isnan(cap) & (cap > 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        occupancy = np.where(covered, pop / cap, np.nan)
    over = covered & (pop > cap)
    band = np.where(pop * 5 >= cap * 6, 2.0, np.where(over, 1.0, 0.0))
    band[~covered] = np.nan
    rows = df.assign(occupancy=occupancy, band=band)
    per_row = pd.DataFrame(
        {
            "date": df["date"],
            "facilities": 1,
            "covered": covered.astype("uint64"),
            "population": np.where(covered, pop, 0).astype("uint64"),
            "capacity": np.where(covered, cap, 0).astype("uint64"),
            "overcrowded_facilities": over.astype("uint64"),
            "people_in_overcrowded": np.where(over, pop, 0).astype("uint64"),
            "surplus": np.where(over, pop - np.nan_to_num(cap), 0).astype("uint64"),
            "population_not_covered": np.where(~covered, pop, 0).astype("uint64"),
        }
    )
    summary = per_row.groupby("date", sort=True).sum()
    summary["occupancy"] = summary["population"] / summary["capacity"]
    return rows, summary


def pandas_checks(rows, summary):
    return check_line(
        len(summary),
        int(summary["surplus"].sum()),
        int(summary["overcrowded_facilities"].sum()),
        int(summary["people_in_overcrowded"].sum()),
        int((rows["band"] == 2).sum()),
        float(np.nansum(rows["occupancy"].to_numpy())),
        float(summary["occupancy"].sum()),
    )


# --- DuckDB --------------------------------------------------------------------------------
#
# The panel is read into a DuckDB table (its own columnar storage, like a DataFrame); the row
# metrics are materialised as a table and the per-date summary fetched, so that every engine
# computes and keeps the same outputs. DuckDB uses every core (threads = 2 here), as polars.


def duckdb_read(con, path):
    con.execute("CREATE OR REPLACE TABLE panel AS SELECT * FROM read_parquet(?)", [path])
    return con


COVERED = "capacity IS NOT NULL AND capacity > 0"
OVER = f"({COVERED} AND population > capacity)"


def duckdb_pipeline(con):
    con.execute(
        f"""CREATE OR REPLACE TABLE rows AS SELECT *,
              CASE WHEN {COVERED} THEN population / capacity END AS occupancy,
              CASE WHEN {COVERED} THEN
                CASE WHEN population * 5 >= capacity * 6 THEN 2
                     WHEN population > capacity THEN 1 ELSE 0 END
              END AS band
            FROM panel"""
    )
    summary = con.execute(
        f"""SELECT date,
              count(*) AS facilities,
              count(*) FILTER (WHERE {COVERED}) AS covered,
              sum(population) FILTER (WHERE {COVERED}) AS population,
              sum(capacity) FILTER (WHERE {COVERED}) AS capacity,
              count(*) FILTER (WHERE {OVER}) AS overcrowded_facilities,
              coalesce(sum(population) FILTER (WHERE {OVER}), 0) AS people_in_overcrowded,
              sum(CASE WHEN {OVER} THEN population - capacity ELSE 0 END) AS surplus,
              coalesce(sum(population) FILTER (WHERE NOT ({COVERED})), 0) AS population_not_covered
            FROM rows GROUP BY date ORDER BY date"""
    ).fetchall()
    # occupancy = Σpopulation / Σcapacity per date (columns 3 and 4), on the fetched rows.
    return con, [row + (row[3] / row[4],) for row in summary]


def duckdb_checks(con, summary):
    critical, occ_sum = con.execute(
        "SELECT count(*) FILTER (WHERE band = 2), sum(occupancy) FROM rows"
    ).fetchone()
    return check_line(
        len(summary),
        int(sum(r[7] for r in summary)),
        int(sum(r[5] for r in summary)),
        int(sum(r[6] for r in summary)),
        int(critical),
        float(occ_sum),
        float(sum(r[9] for r in summary)),
    )


def main():
    path = sys.argv[1]
    print(f"VERSION python {sys.version.split()[0]} polars {pl.__version__} "
          f"pandas {pd.__version__} pyarrow {pa.__version__} numpy {np.__version__} "
          f"duckdb {duckdb.__version__}")

    polars_read_t, df = best_of_3(lambda: polars_read(path))
    print(f"RESULT python_polars read {polars_read_t:.4f}", flush=True)
    t, (rows, summary) = best_of_3(lambda: polars_pipeline(df))
    print(f"RESULT python_polars compute {t:.4f}")
    print(f"CHECK python_polars {polars_checks(rows, summary)}", flush=True)
    # The same queries on the in-memory engine (Python polars collects on the streaming
    # engine by default since 2.0; Rust polars' collect() runs the in-memory one).
    pl.Config.set_engine_affinity("in-memory")
    t, (rows, summary) = best_of_3(lambda: polars_pipeline(df))
    pl.Config.set_engine_affinity("auto")
    print(f"RESULT python_polars_in_memory read {polars_read_t:.4f}")
    print(f"RESULT python_polars_in_memory compute {t:.4f}")
    print(f"CHECK python_polars_in_memory {polars_checks(rows, summary)}", flush=True)
    del df, rows, summary

    t, df = best_of_3(lambda: pandas_read(path))
    print(f"RESULT python_pandas read {t:.4f}", flush=True)
    t, (rows, summary) = best_of_3(lambda: pandas_pipeline(df))
    print(f"RESULT python_pandas compute {t:.4f}")
    print(f"CHECK python_pandas {pandas_checks(rows, summary)}", flush=True)
    del df, rows, summary

    con = duckdb.connect()
    t, _ = best_of_3(lambda: duckdb_read(con, path))
    print(f"RESULT python_duckdb read {t:.4f}", flush=True)
    t, (_, summary) = best_of_3(lambda: duckdb_pipeline(con))
    print(f"RESULT python_duckdb compute {t:.4f}")
    print(f"CHECK python_duckdb {duckdb_checks(con, summary)}", flush=True)


if __name__ == "__main__":
    main()
