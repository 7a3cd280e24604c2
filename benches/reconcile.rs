//! Do reconciled intervals hold? A rolling-origin check of `PanelForecaster` (issue 22 §4):
//! at each origin the panel is cut, every facility and the system are forecast and
//! reconciled, and the base and reconciled 80 % / 95 % intervals are scored against what
//! the facilities then reported. The system's actual is the sum of the facilities that took
//! part (so a prison that opened later does not count against the forecast).
//!
//! Run: `cargo bench --no-default-features --features io --bench reconcile` (about a
//! minute per dataset in release). Prints one table per dataset and method, per horizon.

use overcrowding::Panel;
use overcrowding::forecast::reconcile::{PanelForecast, PanelForecaster, ReconcileMethod};
use overcrowding::forecast::{Forecast, Frequency};
use overcrowding::series::{AnyPeriod, Series};
use std::collections::HashMap;

/// Months forecast from each origin.
const HORIZON: usize = 12;
/// Horizons shown in the tables.
const SHOWN: [usize; 4] = [1, 3, 6, 12];

/// One interval scored: was the actual inside, and how wide was it.
#[derive(Default, Clone, Copy)]
struct Score {
    n: usize,
    in80: usize,
    in95: usize,
    width80: f64,
    abs_error: f64,
}

impl Score {
    fn add(&mut self, f: &Forecast, h: usize, actual: f64) {
        let fan = f.fan(&[0.8, 0.95]).expect("levels are valid");
        let p = &fan[h];
        let (i80, i95) = (&p.intervals[0], &p.intervals[1]);
        self.n += 1;
        self.in80 += usize::from(i80.lower <= actual && actual <= i80.upper);
        self.in95 += usize::from(i95.lower <= actual && actual <= i95.upper);
        self.width80 += i80.upper - i80.lower;
        self.abs_error += (p.median - actual).abs();
    }

    fn cells(&self) -> String {
        if self.n == 0 {
            return format!("{:>27}", "–");
        }
        let n = self.n as f64;
        format!(
            "{:>5.1} {:>5.1} {:>8.0} {:>7.0}",
            100.0 * self.in80 as f64 / n,
            100.0 * self.in95 as f64 / n,
            self.width80 / n,
            self.abs_error / n
        )
    }
}

/// Each facility's monthly totals over the whole panel.
fn actuals(panel: &Panel) -> HashMap<String, HashMap<AnyPeriod, u64>> {
    let mut rows: HashMap<String, Vec<(jiff::civil::Date, u64)>> = HashMap::new();
    for r in panel.rows() {
        if let Some(p) = r.population_total() {
            rows.entry(r.id().as_str().to_string())
                .or_default()
                .push((r.date(), p));
        }
    }
    rows.into_iter()
        .map(|(id, v)| {
            let t = Series::totals(Frequency::Monthly, v).expect("monthly totals");
            (id, t.points().iter().map(|p| (p.period, p.value)).collect())
        })
        .collect()
}

/// Scores per horizon: (system base, system reconciled, units base, units reconciled).
type Table = Vec<[Score; 4]>;

fn score(pf: &PanelForecast, truth: &HashMap<String, HashMap<AnyPeriod, u64>>, t: &mut Table) {
    let fan = pf.system.base.fan(&[0.8]).expect("levels are valid");
    for (h, p) in fan.iter().enumerate() {
        let Some(period) = p.period else { continue };
        let mut system = Some(0u64);
        for u in &pf.units {
            let actual = truth.get(&u.name).and_then(|m| m.get(&period)).copied();
            system = system.zip(actual).map(|(s, a)| s + a);
            if let Some(a) = actual {
                t[h][2].add(&u.base, h, a as f64);
                t[h][3].add(&u.reconciled, h, a as f64);
            }
        }
        if let Some(s) = system {
            t[h][0].add(&pf.system.base, h, s as f64);
            t[h][1].add(&pf.system.reconciled, h, s as f64);
        }
    }
}

fn run(name: &str, panel: &Panel, first_origin: jiff::civil::Date) {
    let truth = actuals(panel);
    let dates = panel.dates();
    // Origins: every third month-end from `first_origin`, with 12 months still to come.
    let last = *dates.last().expect("a panel with dates");
    let origins: Vec<jiff::civil::Date> = dates
        .iter()
        .copied()
        .filter(|d| *d >= first_origin && d.month() % 3 == 0)
        .filter(|d| {
            d.checked_add(jiff::Span::new().months(HORIZON as i64))
                .is_ok_and(|e| e <= last)
        })
        .collect();
    for method in [ReconcileMethod::MinTShrink, ReconcileMethod::BottomUp] {
        let mut table: Table = vec![[Score::default(); 4]; HORIZON];
        let (mut used, mut failed, mut units, mut clipped, mut paths) = (0, 0, 0, 0, 0);
        for &origin in &origins {
            let cut = panel.view().filter(|r| r.date() <= origin);
            match PanelForecaster::new(Frequency::Monthly, HORIZON)
                .with_method(method)
                .run(&cut)
            {
                Ok(pf) => {
                    used += 1;
                    units += pf.units.len();
                    clipped += pf.clipped_paths;
                    paths += pf.system.reconciled.paths();
                    score(&pf, &truth, &mut table);
                }
                Err(_) => failed += 1,
            }
        }
        println!(
            "\n{name}, {method}: {used} origins (every third month from {first_origin}; {failed} \
             without a reconciled forecast), {:.0} units on average, {:.1} % of paths clipped at 0",
            units as f64 / used.max(1) as f64,
            100.0 * clipped as f64 / paths.max(1) as f64
        );
        println!(
            "{:>3} | {:^27} | {:^27} | {:^27} | {:^27}",
            "h", "system, own", "system, reconciled", "units, own", "units, reconciled"
        );
        println!(
            "{:>3} | {1:>27} | {1:>27} | {1:>27} | {1:>27}",
            "", "cov80 cov95  width80     MAE"
        );
        for h in SHOWN {
            let row = &table[h - 1];
            println!(
                "{h:>3} | {} | {} | {} | {}",
                row[0].cells(),
                row[1].cells(),
                row[2].cells(),
                row[3].cells()
            );
        }
    }
}

fn main() {
    let hmpps = overcrowding::datasets::hmpps_bulletin()
        .and_then(|b| b.to_panel())
        .expect("bundled HMPPS");
    run(
        "HMPPS, 2012–2024, by prison",
        &hmpps,
        jiff::civil::date(2019, 3, 1),
    );
    let cdcr = overcrowding::datasets::cdcr_tpop1()
        .and_then(|t| t.to_panel())
        .expect("bundled CDCR");
    run(
        "CDCR, 2015–2026, by institution",
        &cdcr,
        jiff::civil::date(2018, 3, 1),
    );
}
