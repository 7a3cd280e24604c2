"""The reference for the crate's MinT-shrink reconciliation (src/forecast/reconcile/tests.rs).

Runs Nixtla's hierarchicalforecast 1.5.3 (`MinTrace(method="mint_shrink")` and `BottomUp`)
on a small fixed hierarchy with given base forecasts and one-step residuals, and writes
what it computes to mint_shrink.json beside this script. Not run in CI: the JSON is
committed, and the crate's test reads it.

    python3 -m venv /work/venv-hf && /work/venv-hf/bin/pip install hierarchicalforecast==1.5.3
    /work/venv-hf/bin/python tests/data/reconcile/make_mint_shrink.py

The hierarchy: a system of five prisons in two regions (north: 0, 1, 2; south: 3, 4).
Nodes in the summing matrix's order: system, north, south, prison 0 .. prison 4.
The residuals are 14 periods per node, drawn once from a seeded generator and rounded to
3 decimals (written as exact decimals); the residuals of the regions and the system are
their prisons' residuals summed plus their own noise, as a model fitted to the aggregate
would give. The insample fitted values are 0, so the insample values are the residuals.
"""

import json
import os

import numpy as np
from hierarchicalforecast.methods import BottomUp, MinTrace
import hierarchicalforecast

assert hierarchicalforecast.__version__ == "1.5.3", hierarchicalforecast.__version__

S = np.array(
    [
        [1, 1, 1, 1, 1],
        [1, 1, 1, 0, 0],
        [0, 0, 0, 1, 1],
        [1, 0, 0, 0, 0],
        [0, 1, 0, 0, 0],
        [0, 0, 1, 0, 0],
        [0, 0, 0, 1, 0],
        [0, 0, 0, 0, 1],
    ],
    dtype=np.float64,
)
names = ["system", "north", "south", "prison 0", "prison 1", "prison 2", "prison 3", "prison 4"]
T = 14
rng = np.random.default_rng(20221)
scale = np.array([12.0, 30.0, 7.0, 20.0, 15.0])
common = rng.normal(size=T)
bottom = np.round(
    scale[:, None] * (0.6 * common[None, :] + 0.8 * rng.normal(size=(5, T))), 3
)
own = np.round(rng.normal(size=(3, T)) * np.array([[25.0], [18.0], [10.0]]), 3)
aggregates = S[:3] @ bottom + own
residuals = np.round(np.vstack([aggregates, bottom]), 3)

# Base forecasts for 2 periods: incoherent on purpose (the aggregates' own models).
y_hat = np.array(
    [
        [4_130.0, 4_180.0],
        [2_905.0, 2_920.0],
        [1_190.0, 1_215.0],
        [820.0, 826.0],
        [1_460.0, 1_470.0],
        [640.0, 650.0],
        [905.0, 912.0],
        [298.0, 300.0],
    ]
)

mint = MinTrace(method="mint_shrink")
out = mint.fit_predict(
    S=S, y_hat=y_hat, y_insample=residuals, y_hat_insample=np.zeros_like(residuals)
)
bu = BottomUp().fit_predict(S=S, y_hat=y_hat)

fixture = {
    "source": "hierarchicalforecast 1.5.3, MinTrace(method='mint_shrink') and BottomUp()",
    "names": names,
    "aggregates": [[0, 1, 2, 3, 4], [0, 1, 2], [3, 4]],
    "residuals": residuals.tolist(),
    "base": y_hat.tolist(),
    "W": mint.W.tolist(),
    "P": mint.P.tolist(),
    "mint_shrink": out["mean"].tolist(),
    "bottom_up": bu["mean"].tolist(),
}
here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "mint_shrink.json"), "w") as f:
    json.dump(fixture, f, indent=1)
    f.write("\n")
print(json.dumps({k: fixture[k] for k in ("mint_shrink", "bottom_up")}, indent=1))
