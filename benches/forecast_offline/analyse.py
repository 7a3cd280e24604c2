"""Offline studies of the forecast dump (`FORECAST_BENCH=dump cargo bench --no-default-features
--bench forecast`), behind the claims in benches/README.md "Forecasts (issue 11)".

    python3 -m venv venv && venv/bin/pip install pandas numpy scipy statsforecast
    venv/bin/python benches/forecast_offline/analyse.py DUMP [LOG_DUMP] STUDY

DUMP is target/forecast_dump.csv (plus DUMP.series.csv); LOG_DUMP the same run with
FORECAST_DUMP_LOG=1. STUDY: covid | mixtures | theta | guard | log | guerrero | statsforecast | peers | coverage_ci.
`peers` (issue 22 §5) needs the dump's `auto`, `naive` and `many` rows
(FORECAST_BENCH=dump FORECAST_DUMP_METHODS=auto,naive,many) and statsforecast 2.1.1; it
caches the peers' forecasts in DUMP.peers.csv and prints the coverage and MASE tables of
benches/README.md "Forecasts past the frontier".
MASE as in the bench: per origin, |error| / the training values' mean absolute one-step
change; mean over origins per series, then over series.
"""
import sys
import warnings

import numpy as np
import pandas as pd

warnings.filterwarnings("ignore")
H = {"yearly": [1, 2, 3, 5], "quarterly": [1, 2, 4, 8], "monthly": [1, 3, 6, 12, 24]}
MIN_TRAIN = {"yearly": 10, "quarterly": 12, "monthly": 36}
FIRST_YEAR = 1997  # BJS series start in 1997 (admissions/releases in 2006: see `covid`)


def load(path):
    d = pd.read_csv(path)
    s = pd.read_csv(path + ".series.csv")
    ser = {(f, n): g.sort_values("t").value.values.astype(float)
           for (f, n), g in s.groupby(["freq", "series"])}
    keys = d[["freq", "series", "train"]].drop_duplicates()
    keys["scale"] = [np.abs(np.diff(ser[(f, n)][:k])).mean()
                     for f, n, k in keys.itertuples(index=False)]
    d = d.merge(keys, on=["freq", "series", "train"])
    return d[d.scale > 0], ser


def mase(frame, col="mean"):
    """Mean MASE per horizon of forecasts `col` in a frame with actual, scale, series, h."""
    ase = (frame[col] - frame.actual).abs() / frame.scale
    return ase.groupby([frame.series, frame.h]).mean().groupby(level=1).mean()


def show(label, m, hs):
    print(f"{label:40s}", " ".join(f"{m.get(h, np.nan):.3f}" for h in hs))


def wide(d, freq):
    x = d[d.freq == freq]
    p = x.pivot_table(index=["series", "train", "h"], columns="method", values="mean")
    a = x[x.method == "naive"].set_index(["series", "train", "h"])[["actual", "scale"]]
    return p.join(a).reset_index()


def covid(d, ser):
    """Coverage of the default's intervals on yearly targets of 2020 and of other years."""
    g = d[(d.method == "auto") & (d.freq == "yearly")].copy()
    start = {n: FIRST_YEAR + 25 - len(y) for (f, n), y in ser.items() if f == "yearly"}
    g["year"] = g.series.map(start) + g.train + g.h - 1
    inside = lambda x: (((x.actual >= x.q10) & (x.actual <= x.q90)).mean(),
                        ((x.actual >= x.q025) & (x.actual <= x.q975)).mean())
    for h in H["yearly"]:
        x = g[g.h == h]
        print(f"h={h}: 2020 80 % {inside(x[x.year == 2020])[0]:.3f} 95 % "
              f"{inside(x[x.year == 2020])[1]:.3f}; other years "
              f"{inside(x[x.year != 2020])[0]:.3f} {inside(x[x.year != 2020])[1]:.3f}")


def mixtures(d, ser):
    """w·naive + (1 − w)·component, and medians of methods, yearly."""
    p = wide(d, "yearly")
    hs = H["yearly"]
    show("naive", mase(p, "naive"), hs)
    for comp in ["drift", "ann", "aan", "aadn", "arima", "auto"]:
        for w in [0.9, 0.8, 0.5]:
            p["mix"] = w * p.naive + (1 - w) * p[comp]
            show(f"{w} naive + {1 - w:.1f} {comp}", mase(p, "mix"), hs)
    for cols in [["naive", "ann", "aan", "aadn"],
                 ["naive", "ann", "aan", "aadn", "arima", "drift"]]:
        p["med"] = p[cols].median(axis=1)
        show("median of " + ",".join(cols), mase(p, "med"), hs)


def theta(d, ser):
    """The Theta method (Hyndman & Billah 2003: SES + half the OLS slope), yearly."""
    from scipy.optimize import minimize_scalar

    def ses(y, a):
        level, sse = y[0], 0.0
        for v in y[1:]:
            e = v - level
            sse += e * e
            level += a * e
        return level, sse

    rows = []
    for (f, n), y in ser.items():
        if f != "yearly":
            continue
        for k in range(MIN_TRAIN[f], len(y)):
            tr = y[:k]
            b = np.polyfit(np.arange(k), tr, 1)[0]
            a = minimize_scalar(lambda a: ses(tr, a)[1], bounds=(0.01, 0.99),
                                method="bounded").x
            level = ses(tr, a)[0]
            for h in range(1, min(max(H[f]), len(y) - k) + 1):
                rows.append((n, k, h, level + b / 2 * (h - 1 + 1 / a - (1 - a) ** k / a)))
    t = pd.DataFrame(rows, columns=["series", "train", "h", "theta"])
    p = wide(d, "yearly").merge(t, on=["series", "train", "h"])
    show("naive", mase(p, "naive"), H["yearly"])
    show("theta", mase(p, "theta"), H["yearly"])


def guard(d, ser):
    """Naive where the default's errors on earlier origins (targets already seen) were larger."""
    for freq, hs in H.items():
        p = wide(d, freq)
        out = []
        for n, g in p.groupby("series"):
            for k, x in g.groupby("train"):
                past = g[g.train + g.h - 1 < k]
                use = "auto"
                if len(past) >= 3 and ((past.auto - past.actual).abs().mean()
                                       > (past.naive - past.actual).abs().mean()):
                    use = "naive"
                out.append(x.assign(guarded=x[use]))
        q = pd.concat(out)
        show(f"{freq} naive", mase(q, "naive"), hs)
        show(f"{freq} default", mase(q, "auto"), hs)
        show(f"{freq} guarded", mase(q, "guarded"), hs)


def log(d, ser, log_path):
    """The default fitted under a log transform against the default, same origins."""
    b, _ = load(log_path)
    b = b[b.method == "auto"]
    for freq, hs in H.items():
        a = d[(d.freq == freq) & (d.method == "auto")]
        bb = b[b.freq == freq]
        show(f"{freq} default", mase(a), hs)
        show(f"{freq} default under a log", mase(bb), hs)
        for lvl, lo, hi in [(80, "q10", "q90"), (95, "q025", "q975")]:
            c = bb.groupby("h").apply(lambda x: ((x.actual >= x[lo]) & (x.actual <= x[hi])).mean())
            show(f"{freq} under a log, {lvl} % cover", c, hs)


def guerrero(d, ser, log_path):
    """Per origin, the default under a log where Guerrero's λ (the coefficient of variation of
    sd/mean^(1 − λ) over subseries of one season, two values for yearly) is below 0.5."""
    from scipy.optimize import minimize_scalar
    period = {"yearly": 2, "quarterly": 4, "monthly": 12}

    def lam(y, m):
        k = len(y) // m
        if k < 2:
            return 1.0
        blocks = y[len(y) - k * m:].reshape(k, m)
        mu, sd = blocks.mean(1), blocks.std(1, ddof=1)
        if (mu <= 0).any():
            return 1.0
        cv = lambda l: np.std(sd / mu ** (1 - l), ddof=1) / np.mean(sd / mu ** (1 - l))
        return minimize_scalar(cv, bounds=(-1, 2), method="bounded").x

    b, _ = load(log_path)
    b = b[b.method == "auto"].set_index(["freq", "series", "train", "h"])["mean"]
    a = d[d.method == "auto"].copy()
    use_log = [lam(ser[(f, n)][:k], period[f]) < 0.5
               for f, n, k in zip(a.freq, a.series, a.train)]
    key = pd.MultiIndex.from_frame(a[["freq", "series", "train", "h"]])
    logged = b.reindex(key).values
    a["chosen"] = np.where(np.array(use_log) & ~np.isnan(logged), logged, a["mean"])
    for freq, hs in H.items():
        x = a[a.freq == freq]
        show(f"{freq} default", mase(x), hs)
        show(f"{freq} log where Guerrero's λ < 0.5", mase(x, "chosen"), hs)


def statsforecast_check(d, ser):
    """Our ETS(A,N,N), (A,A,N), (A,Ad,N) against statsforecast's on the same origins."""
    from statsforecast.models import AutoETS
    specs = {"ann": ("ANN", False), "aan": ("AAN", False), "aadn": ("AAN", True)}
    for freq in ["yearly", "quarterly"]:
        rows = []
        for (f, n), y in ser.items():
            if f != freq:
                continue
            for k in range(MIN_TRAIN[f], len(y)):
                hm = min(max(H[f]), len(y) - k)
                for lab, (model, damped) in specs.items():
                    fc = AutoETS(season_length=1, model=model, damped=damped).forecast(
                        y=y[:k], h=hm)["mean"]
                    rows += [(n, k, h + 1, "sf_" + lab, fc[h]) for h in range(hm)]
        sf = pd.DataFrame(rows, columns=["series", "train", "h", "method", "mean"])
        p = wide(d, freq)
        sfw = sf.pivot_table(index=["series", "train", "h"], columns="method",
                             values="mean").reset_index()
        p = p.merge(sfw, on=["series", "train", "h"])
        for lab in specs:
            show(f"{freq} {lab} (ours)", mase(p, lab), H[freq])
            show(f"{freq} {lab} (statsforecast)", mase(p, "sf_" + lab), H[freq])


SEASON = {"yearly": 1, "quarterly": 4, "monthly": 12}
PEERS = ["AutoETS", "AutoARIMA", "AutoTheta"]


def _peer_rows(job):
    """statsforecast's AutoETS, AutoARIMA and AutoTheta (defaults, the frequency's season
    length) from one origin: mean and the 80 % / 95 % bounds per horizon."""
    from statsforecast.models import AutoARIMA, AutoETS, AutoTheta
    freq, name, k, y, hm = job
    rows = []
    for label, model in [("AutoETS", AutoETS(season_length=SEASON[freq])),
                         ("AutoARIMA", AutoARIMA(season_length=SEASON[freq])),
                         ("AutoTheta", AutoTheta(season_length=SEASON[freq]))]:
        try:
            fc = model.forecast(y=y[:k], h=hm, level=[80, 95])
        except Exception as e:  # a peer that cannot fit this origin scores nothing there
            print(f"{label} failed on {freq} {name} k={k}: {e}", file=sys.stderr)
            continue
        for h in range(hm):
            rows.append((freq, name, k, label, h + 1, y[k + h], fc["mean"][h], fc["lo-95"][h],
                         fc["lo-80"][h], fc["hi-80"][h], fc["hi-95"][h]))
    return rows


def peers(d, ser, path):
    """The default, forecast_many, naive and statsforecast's peers on the same origins: mean
    MASE per horizon (mean over series of the mean over origins), series beating naive,
    coverage pooled over forecasts."""
    import os
    from multiprocessing import Pool
    cache = path + ".peers.csv"
    cols = ["freq", "series", "train", "method", "h", "actual", "mean", "q025", "q10", "q90",
            "q975"]
    if os.path.exists(cache):
        sf = pd.read_csv(cache)
    else:
        hmax = {f: max(hs) for f, hs in H.items()}
        origins = d[d.method == "auto"][["freq", "series", "train"]].drop_duplicates()
        jobs = [(f, n, k, ser[(f, n)], min(hmax[f], len(ser[(f, n)]) - k))
                for f, n, k in origins.itertuples(index=False)]
        with Pool(2) as pool:
            rows = [r for part in pool.imap(_peer_rows, jobs, chunksize=8) for r in part]
        sf = pd.DataFrame(rows, columns=cols)
        sf.to_csv(cache, index=False)
    comb = sf.groupby(["freq", "series", "train", "h"]).agg(
        n=("method", "size"), actual=("actual", "first"), mean=("mean", "mean"),
        q025=("q025", "mean"), q10=("q10", "mean"), q90=("q90", "mean"),
        q975=("q975", "mean")).reset_index()
    comb = comb[comb.n == len(PEERS)].drop(columns="n").assign(method="ETS+ARIMA+Theta")
    ours = d[d.method.isin(["auto", "many", "naive"])][cols]
    scale = d[["freq", "series", "train", "scale"]].drop_duplicates()
    allm = pd.concat([ours, sf, comb]).merge(scale, on=["freq", "series", "train"])
    names = {"auto": "default (forecast)", "many": "forecast_many (pooled)", "naive": "naive"}
    order = ["auto", "many", "naive"] + PEERS + ["ETS+ARIMA+Theta"]
    for freq, hs in H.items():
        x = allm[(allm.freq == freq) & allm.h.isin(hs)].copy()
        # Score every method on the origins every method has (a peer failing drops them).
        x["key"] = list(zip(x.series, x.train, x.h))
        common = set.intersection(*(set(g.key) for _, g in x.groupby("method")))
        x = x[x.key.isin(common)]
        x["ase"] = (x["mean"] - x.actual).abs() / x.scale
        x["in80"] = (x.actual >= x.q10) & (x.actual <= x.q90)
        x["in95"] = (x.actual >= x.q025) & (x.actual <= x.q975)
        per = x.groupby(["method", "h", "series"]).ase.mean()
        print(f"\n### {freq}: {x.series.nunique()} series, {len(common)} series-origin-horizons\n")
        print("| method | h | mean MASE | beats naive | 80 % cover | 95 % cover | series |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for m in order:
            if m not in x.method.values:
                continue
            beats_all = n_all = 0
            for h in hs:
                a, b = per.loc[m, h], per.loc["naive", h]
                beats = int((a < b.reindex(a.index)).sum())
                beats_all += beats
                n_all += len(a)
                c = x[(x.method == m) & (x.h == h)]
                print(f"| {names.get(m, m)} | {h} | {a.mean():.3f} | {100 * beats / len(a):.0f} % "
                      f"| {100 * c.in80.mean():.1f} % | {100 * c.in95.mean():.1f} % | {len(a)} |")
            print(f"<!-- {names.get(m, m)}: beats naive on {beats_all} of {n_all} series-horizons -->")


def coverage_ci(d, ser):
    """Issue 22's coverage cells with their sampling uncertainty: a moving-block bootstrap
    over target periods (every series' forecast of a period resampled together, since a
    shock such as COVID-19 hits them all; blocks of h periods, since h-step errors from
    neighbouring origins overlap), 2,000 resamples, 90 % percentile interval. A miss whose
    interval reaches the target band is one this bench cannot tell from noise."""
    import re
    rng = np.random.default_rng(22)
    length = {k: len(v) for k, v in ser.items()}

    def period(f, n, k, h):
        if f == "monthly":  # the runs differ in calendar; their names carry the start
            y, m = map(int, re.search(r"(\d{4})-(\d{2})\.\.", n).groups())
            return y * 12 + m - 1 + k + h - 1
        return k + h - 1 - length[(f, n)]  # the yearly and quarterly series end together

    def verdict(c, lo, hi, a, b):
        if a <= c <= b:
            return "in"
        return "miss, the band within its interval" if hi >= a and lo <= b else "**miss beyond sampling**"

    print("| method | frequency | h | forecasts | target periods | 80 % [90 % interval] | | "
          "95 % [90 % interval] | |")
    print("|---|---|---:|---:|---:|---|---|---|---|")
    for method in ("many", "auto"):
        x = d[d.method == method]
        for f, hs in H.items():
            for h in hs:
                c = x[(x.freq == f) & (x.h == h)]
                if c.empty:
                    continue
                p = np.array([period(*r) for r in c[["freq", "series", "train", "h"]].itertuples(index=False)])
                periods, pi = np.unique(p, return_inverse=True)
                P, L = len(periods), min(h, len(periods))
                n = np.bincount(pi, None, P)
                cells = []
                for lo_q, hi_q, a, b in ((c.q10, c.q90, .75, .85), (c.q025, c.q975, .91, .98)):
                    hit = ((c.actual >= lo_q) & (c.actual <= hi_q)).values.astype(float)
                    k = np.bincount(pi, hit, P)
                    reps = []
                    for _ in range(2000):
                        starts = rng.integers(0, P - L + 1, size=-(-P // L))
                        sel = (starts[:, None] + np.arange(L)).ravel()[:P]
                        reps.append(k[sel].sum() / n[sel].sum())
                    lo, hi = np.percentile(reps, [5, 95])
                    cov = hit.mean()
                    cells += [f"{100 * cov:.1f} [{100 * lo:.1f}, {100 * hi:.1f}]",
                              verdict(cov, lo, hi, a, b)]
                print(f"| {method} | {f} | {h} | {len(c)} | {P} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    dump, study = sys.argv[1], sys.argv[-1]
    d, ser = load(dump)
    studies = {"covid": covid, "mixtures": mixtures, "theta": theta, "guard": guard,
               "statsforecast": statsforecast_check, "coverage_ci": coverage_ci}
    if study == "log":
        log(d, ser, sys.argv[2])
    elif study == "guerrero":
        guerrero(d, ser, sys.argv[2])
    elif study == "peers":
        peers(d, ser, dump)
    else:
        studies[study](d, ser)
