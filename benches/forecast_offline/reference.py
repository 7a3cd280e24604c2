"""The published reference that tests/it/forecast.rs pins the crate's ETS(A,N,N) against
(issue 22): Nixtla's statsforecast 2.1.1, `AutoETS(season_length=1, model="ANN")` — one
fixed model, fitted by maximum likelihood — on a bundled series, Montana's year-end
prisoners 1997–2021 (BJS, data/series/bjs_state_prisoners_1997_2021.csv), 5 years ahead
with 80 % and 95 % intervals. Writes tests/data/statsforecast_ets_ann_montana.json.

    python3 -m venv /work/venv-sf && /work/venv-sf/bin/pip install statsforecast==2.1.1
    /work/venv-sf/bin/python benches/forecast_offline/reference.py
"""
import csv
import json
from pathlib import Path

import numpy as np
import statsforecast
from statsforecast.models import AutoETS

ROOT = Path(__file__).resolve().parents[2]
STATE, MEASURE, H = "Montana", "prisoners", 5

rows = [r for r in csv.DictReader(open(ROOT / "data/series/bjs_state_prisoners_1997_2021.csv"))
        if r["state"] == STATE and r["measure"] == MEASURE]
rows.sort(key=lambda r: int(r["year"]))
y = np.array([float(r["value"]) for r in rows])
model = AutoETS(season_length=1, model="ANN").fit(y)
fc = model.predict(h=H, level=[80, 95])
out = {
    "source": f"BJS {STATE} {MEASURE} {rows[0]['year']}-{rows[-1]['year']}",
    "reference": f"statsforecast {statsforecast.__version__} AutoETS(season_length=1, model='ANN')",
    "y": y.tolist(),
    "alpha": float(model.model_["par"][0]),
    "sigma2": float(model.model_["sigma2"]),
    "mean": fc["mean"].tolist(),
    "lo80": fc["lo-80"].tolist(), "hi80": fc["hi-80"].tolist(),
    "lo95": fc["lo-95"].tolist(), "hi95": fc["hi-95"].tolist(),
}
path = ROOT / "tests/data/statsforecast_ets_ann_montana.json"
path.write_text(json.dumps(out, indent=1) + "\n")
print(path, out["alpha"], out["mean"][0])
