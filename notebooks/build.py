"""Writes the notebooks from the cells below and executes them, so they are committed with
their outputs (figures printed, charts inline as SVG). Run after changing a cell:

    .venv-py/bin/python notebooks/build.py

python/tests/test_notebooks.py re-executes every notebook in CI and fails when a printed figure
differs from the committed output.
"""

import pathlib
import sys

import nbformat
from nbclient import NotebookClient

HERE = pathlib.Path(__file__).resolve().parent

NOTEBOOKS = {
    "01_cambodia_2021": [
        "# Cambodia, June 2021: how full were the prisons?\n\n"
        "About 39,000 people were held in prisons designed for 27,000 (Prisons Department, via "
        "rights groups). Every figure below is computed exactly from the counts and rounded once.",
        "import overcrowding as oc\n\n"
        "occ = oc.occupancy(39000, 27000)            # held / design capacity\n"
        "print(occ, '->', occ.percent_rounded(1), '%')\n"
        "print('band:', occ.band())                    # >= 120 %: critical overcrowding",
        "## The untried\n\nIn May 2021 more than 35 % of those held had not had their day in court.",
        "untried = oc.pretrial_share(13650, 39000)\n"
        "print('untried share:', untried.percent_rounded(1), '%')",
        "## How many releases would it take?\n\n"
        "The smallest number of releases that brings the system to 100 % and to 120 % of its "
        "design capacity, decided in integers (not by float division).",
        "for target in (100, 120):\n"
        "    print(f'releases for {target} %:', f'{oc.releases_needed(39000, 27000, target):,}')",
        "## The trend\n\nThe World Prison Brief series since 1972 (the 2021 figure is an estimate).",
        "import polars as pl\n\n"
        "wpb = oc.bundled_csv('cambodia_wpb_series')\n"
        "print(wpb.tail(6))\n"
        "first, last = wpb.row(wpb.height - 6, named=True), wpb.row(-1, named=True)\n"
        "years = last['year'] - first['year']\n"
        "growth = (last['total'] / first['total']) ** (1 / years) - 1\n"
        "print(f\"{first['year']}-{last['year']}: {first['total']:,} -> {last['total']:,}, \"\n"
        "      f'{growth * 100:.1f} % a year')\n"
        "above = wpb.filter(pl.col('total') > 27000)\n"
        "print('first year above the 27,000 design places:', above['year'][0])",
        "### The bundled panel\n\nThe system as the crate's bundled panel sees it (one row: "
        "the whole system):",
        "cambodia = oc.dataset('cambodia')\n"
        "s = cambodia.summarize(thresholds=[120]).row(0, named=True)\n"
        "print({k: s[k] for k in ('population', 'capacity', 'occupancy_percent', 'surplus')})",
    ],
    "02_england_wales": [
        "# England & Wales: the system month by month, and the prisons it hides\n\n"
        "The HMPPS monthly bulletin per establishment, 2012-2024 (Open Government Licence), "
        "against in-use certified normal accommodation (CNA).",
        "import overcrowding as oc\nimport polars as pl\n\n"
        "ew = oc.dataset('hmpps')\nprint(ew)",
        "months = ew.summarize(kind='in_use_cna', thresholds=[120])\n"
        "print(months.select('date', 'population', 'capacity', 'occupancy_percent',\n"
        "                    'over_capacity_facilities', 'surplus').tail(6))",
        "peak = months.sort('occupancy_percent', descending=True).row(0, named=True)\n"
        "print('highest month:', peak['date'], peak['occupancy_percent'], '%')\n"
        "last = months.row(-1, named=True)\n"
        "print(f\"December 2024: {last['population']:,} held in {last['capacity']:,} places = \"\n"
        "      f\"{last['occupancy_percent']} %; {last['over_capacity_facilities']} prisons over \"\n"
        "      f\"capacity holding {last['people_in_over_capacity']:,}; {last['lacks_capacity']} \"\n"
        "      'prison without an in-use CNA left out')",
        "## What the system figure hides\n\n"
        "Bringing the *system* to 100 % takes fewer releases than making sure *no prison* is "
        "above 100 %: people cannot always be moved between prisons.",
        "r = ew.releases(100, kind='in_use_cna', dates='latest').row(0, named=True)\n"
        "print(f\"system to 100 %: {r['releases_system']:,}; no prison above 100 %: \"\n"
        "      f\"{r['releases_no_facility_above']:,}; hidden by the system view: \"\n"
        "      f\"{r['hidden_by_system_view']:,}\")",
        "prisons = ew.facilities_on('in_use_cna')\n"
        "print(prisons.select('name', 'population', 'capacity', 'occupancy_percent', 'band').head(8))\n"
        "print(prisons.group_by('band').len().sort('len', descending=True))",
        "ew.chart_trend(kind='in_use_cna', title='England & Wales: system occupancy, in-use CNA')",
        "ew.chart_facilities(kind='in_use_cna', title='England & Wales prisons, December 2024')",
        "## A forecast fan\n\nThe crate's default forecast of the population, 24 months ahead, "
        "fitted to the run since the last gap in the bulletin.",
        "fc = ew.forecast(24, kind='in_use_cna')\n"
        "row = fc.row(-1, named=True)\n"
        "print(fc['fitted_since'][0], '->', row['date'], ': median', round(row['mean']),\n"
        "      '80 %', (round(row['lower_80']), round(row['upper_80'])),\n"
        "      '95 %', (round(row['lower_95']), round(row['upper_95'])))\n"
        "print('months with the median above the in-use CNA:', fc['mean_above_capacity'].sum(), 'of', fc.height)",
        "ew.chart_fan(24, kind='in_use_cna', title='England & Wales: people held, and the forecast')",
    ],
    "03_your_own_spreadsheet": [
        "# Your own spreadsheet: NAs, notes and a row that cannot be right\n\n"
        "A facility list as people keep them (synthetic, see data/README.md): `NA` and `..` for "
        "not available, a note in a count column, a notes line, 3,290 people in 192 places. Here "
        "it is saved as an Excel file first, as it would arrive.",
        "import pathlib, tempfile\nimport polars as pl\nimport overcrowding as oc\n\n"
        "root = pathlib.Path.cwd().parent if pathlib.Path.cwd().name == 'notebooks' else pathlib.Path.cwd()\n"
        "raw = pl.read_csv(root / 'data' / 'us_facilities_feb2020_synthetic.csv', infer_schema=False)\n"
        "xlsx = pathlib.Path(tempfile.mkdtemp()) / 'prisons.xlsx'\n"
        "raw.write_excel(xlsx, worksheet='Feb 2020')\n"
        "print(raw.height, 'rows written to', xlsx.name)",
        "## Read it by naming the columns\n\n"
        "Lenient: every good row is kept, every bad one is listed with its line and why.",
        "p = oc.read_table(xlsx, id='Facility.ID', name='Name', by='State',\n"
        "                  population='Population.Feb20',\n"
        "                  capacity={'design': 'Capacity', 'operational': 'Operational.Capacity'},\n"
        "                  missing=['NA'], as_of='2020-02-29', mode='lenient')\n"
        "print(p.total_rows, 'rows =', p.accepted_rows, 'accepted +', p.rejected_rows, 'rejected +',\n"
        "      p.skipped_rows, 'skipped')\n"
        "print(p.rejects().select('line', 'column', 'facility'))",
        "## Coverage: who is left out of the sums, and why",
        "s = p.summarize(kind='design', by='State')\n"
        "print(s.select('group', 'facilities', 'covered_facilities', 'occupancy_percent',\n"
        "               'lacks_population', 'lacks_capacity', 'lacks_both'))",
        "## The screen\n\nData-quality findings, each naming the facility and the value.",
        "findings = p.screen()\nprint(findings.select('rule', 'facility', 'value'))",
        "## Exclusions, explicit\n\nThe summary with and without the flagged records: the "
        "excluded ones are named above, nothing is dropped silently.",
        "clean = p.without_screened()\n"
        "before = s.row(0, named=True)\n"
        "after = clean.summarize(kind='design').row(0, named=True)\n"
        "print('all rows:     ', before['covered_facilities'], 'facilities,', before['occupancy_percent'], '%')\n"
        "print('screened out: ', after['covered_facilities'], 'facilities,', after['occupancy_percent'], '%')",
        "p.chart_facilities(kind='design', title='Occupancy against design capacity, Feb 2020 (synthetic)')",
    ],
    "04_us_states": [
        "# US states, end of 2022: over the lowest or the highest capacity?\n\n"
        "BJS *Prisoners in 2022*, Table 21: each state reports some of rated, operational and "
        "design capacity. BJS prints custody over the lowest and over the highest of them.",
        "import overcrowding as oc\nimport polars as pl\n\n"
        "bjs = oc.dataset('bjs')\nprint(bjs)\n"
        "states = bjs.to_frame()\nprint(states.columns)",
        "rows = []\n"
        "for r in states.iter_rows(named=True):\n"
        "    caps = [r[c] for c in ('capacity_design', 'capacity_rated', 'capacity_operational') if r[c]]\n"
        "    if r['population'] is None or not caps:\n"
        "        continue\n"
        "    rng = oc.occupancy_range(r['population'], caps)\n"
        "    rows.append({'state': r['facility_id'], 'custody': r['population'],\n"
        "                 'of_lowest': rng.of_lowest.percent_rounded(1),\n"
        "                 'of_highest': rng.of_highest.percent_rounded(1)})\n"
        "table = pl.DataFrame(rows).sort('of_lowest', descending=True)\n"
        "print(table.head(8))",
        "over_lowest = table.filter(pl.col('of_lowest') > 100).height\n"
        "over_highest = table.filter(pl.col('of_highest') > 100).height\n"
        "print(f'{table.height} states: {over_lowest} over 100 % of their lowest capacity, '\n"
        "      f'{over_highest} over 100 % of their highest')\n"
        "print('Alabama:', table.filter(pl.col('state') == 'Alabama').row(0))",
        "## Which capacity?\n\nWhich capacity is named changes the answer: the system view for "
        "each kind, over the states that report it.",
        "for kind in bjs.capacity_kinds:\n"
        "    s = bjs.summarize(kind=kind).row(0, named=True)\n"
        "    print(f\"{kind:12} {s['covered_facilities']:2} states, {s['occupancy_percent']} %, \"\n"
        "          f\"{s['over_capacity_facilities']} over capacity\")",
        "## Forecast together, checked against what happened\n\n"
        "The prisoners each state held on 31 December, 1997-2021 (BJS National Prisoner "
        "Statistics; `data/series/`). Forecast from 2018 two ways: each state alone by the "
        "default (`oc.forecast`), and the 44 together (`oc.forecast_many`: how far trends "
        "persist and how wide errors grow, learnt from all of them), then compared with what "
        "BJS published for 2019-2021.",
        "series = pl.read_csv('../data/series/bjs_state_prisoners_1997_2021.csv')\n"
        "held = (series.filter(pl.col('measure') == 'prisoners')\n"
        "        .group_by('state', maintain_order=True).agg(pl.col('value')))\n"
        "until_2018 = {r['state']: [float(v) for v in r['value'][:22]] for r in held.iter_rows(named=True)}\n"
        "after = pl.DataFrame({'series': [s for s in until_2018 for _ in range(3)],\n"
        "                      'step': [1, 2, 3] * len(until_2018),\n"
        "                      'actual': [float(v) for r in held.iter_rows(named=True) for v in r['value'][22:]]})\n"
        "together = oc.forecast_many(until_2018, frequency='yearly', horizon=3)\n"
        "print(len(until_2018), 'states;', together['method'][0])\n"
        "print(together.filter(pl.col('series') == 'Alabama')\n"
        "      .select('step', pl.col('mean', 'lower_80', 'upper_80').round(0)))",
        "alone = pl.concat([oc.forecast(v, frequency='yearly', horizon=3).with_columns(series=pl.lit(s))\n"
        "                   for s, v in until_2018.items()], how='diagonal')\n"
        "for name, f in (('each alone', alone), ('together', together)):\n"
        "    scored = (f.join(after, on=['series', 'step'])\n"
        "               .with_columns(inside=pl.col('actual').is_between('lower_80', 'upper_80'),\n"
        "                             error=(pl.col('mean') - pl.col('actual')).abs())\n"
        "               .group_by('step').agg(pl.col('error').median().round(0).alias('median_abs_error'),\n"
        "                                     (pl.col('inside').mean() * 100).round(1).alias('inside_80_percent'))\n"
        "               .sort('step'))\n"
        "    print(name, scored.rows())",
        "### What that says\n\n"
        "One year on (2019) the 80 % intervals held about four states in five, as they should, "
        "and the pooled forecast erred a little less. In 2020 and 2021 most states fell outside: "
        "the releases and the fall in admissions of COVID-19 were a break that no error of the "
        "past foretold. Intervals calibrated on past errors cannot see a break coming; the "
        "`method` column says what they were calibrated on.",
    ],
}


def notebook(cells):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    for src in cells:
        is_md = src.startswith("#")  # a markdown cell starts with a heading
        nb.cells.append(nbformat.v4.new_markdown_cell(src) if is_md else nbformat.v4.new_code_cell(src))
    return nb


def execute(nb, cwd):
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}).execute()
    return nb


def main(names):
    for name, cells in NOTEBOOKS.items():
        if names and name not in names:
            continue
        nb = execute(notebook(cells), HERE)
        nbformat.write(nb, HERE / f"{name}.ipynb")
        print("wrote", name)


if __name__ == "__main__":
    main(sys.argv[1:])
