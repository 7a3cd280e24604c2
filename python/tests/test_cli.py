"""The command line in the wheel: `overcrowding` on the venv's PATH runs the crate's command
line (the same subcommands, flags, output and exit codes as the Rust binary), and its JSON
summary of a file equals the DataFrame summary of the same rows, read from polars and pandas."""

import json
import pathlib
import shutil
import subprocess
import sys

import pandas as pd
import polars as pl
import pytest

import overcrowding as oc

ROOT = pathlib.Path(__file__).resolve().parents[2]
SYNTH = ROOT / "data" / "us_facilities_feb2020_synthetic.csv"
SCRIPT = shutil.which("overcrowding", path=str(pathlib.Path(sys.executable).parent))

needs_cli = pytest.mark.skipif(
    SCRIPT is None or not hasattr(oc._native, "run_cli"),
    reason="the wheel was built without the command line (overcrowding::cli)",
)


def run(*args):
    return subprocess.run([SCRIPT, *args], capture_output=True, text=True)


@needs_cli
def test_help_and_exit_codes():
    r = run("--help")
    assert r.returncode == 0 and "summarize" in r.stdout
    assert run("summarize", "--no-such-flag").returncode == 2
    assert run("summarize", str(ROOT / "no-such-file.csv"), "--id", "x").returncode != 0


@needs_cli
def test_same_per_group_summary_as_the_command_line():
    r = run("summarize", str(SYNTH), "--id", "Facility.ID", "--population", "Population.Feb20",
            "--capacity", "design=Capacity", "--by", "State", "--as-of", "2020-02-29",
            "--threshold", "120", "--format", "json")
    assert r.returncode == 3, r.stderr  # 3: a partial answer (one row rejected), said so
    cli = json.loads(r.stdout)
    rows = cli if isinstance(cli, list) else cli.get("rows", cli.get("summaries"))
    p = oc.read_table(SYNTH, id="Facility.ID", population="Population.Feb20",
                      capacity={"design": "Capacity"}, by="State", as_of="2020-02-29",
                      mode="lenient")
    kept = p.to_frame()["facility_id"]
    frame = (pl.read_csv(SYNTH, infer_schema=False)
             .filter(pl.col("Facility.ID").is_in(kept.implode()))
             .with_columns(pl.col("Population.Feb20", "Capacity").cast(pl.Int64, strict=False)))
    cols = dict(id="Facility.ID", population="Population.Feb20", capacity={"design": "Capacity"},
                by="State", as_of="2020-02-29")
    for f in (frame, frame.to_pandas(use_pyarrow_extension_array=True)):
        got = oc.Panel.from_frame(f, **cols).summarize(kind="design", by="State", thresholds=[120])
        assert got.height == len(rows)
        for want, have in zip(rows, got.iter_rows(named=True)):
            flat = dict(want)
            for k, v in want.get("lacks", {}).items():
                flat[f"lacks_{k}"] = v
            for name, t in want.get("thresholds", {}).items():
                flat[f"{name}_facilities"], flat[f"{name}_people"] = t["facilities"], t["people"]
            for k, v in have.items():
                if k in flat and k != "date":
                    assert flat[k] == v, (k, flat[k], v)
            assert str(have["date"]) == flat["date"]


@needs_cli
def test_html_report_from_a_dataset_and_from_a_frame(tmp_path):
    out = tmp_path / "ew.html"
    # Fosse Way (opened 2023) still reports but has too short a run for the outlook:
    # the page is written and the call warns that the answer is partial.
    with pytest.warns(UserWarning, match="partial answer"):
        oc.dataset("hmpps").report(out, kind="in_use_cna")
    html = out.read_text(encoding="utf-8")
    assert "leave out 1 facility that still reports: Fosse Way" in html
    assert "<svg" in html and "107.8" in html
    frame = pl.DataFrame({"id": ["A", "B", "C"], "held": [160, 90, 130], "places": [100, 100, 100]})
    p = oc.Panel.from_frame(frame, id="id", population="held", capacity={"design": "places"},
                            as_of="2024-06-30")
    p.report(tmp_path / "mine.html")
    assert "126.7" in (tmp_path / "mine.html").read_text(encoding="utf-8")  # 380 / 300


@needs_cli
def test_cli_from_python():
    assert oc.cli(["summarize", "--dataset", "cambodia"]) == 0
    assert oc.cli(["summarize", "--kind"]) == 2
