//! # Cambodia 2021: what next?
//!
//! **Question.** In June 2021 Cambodia held about 39,000 people in prisons designed for
//! 27,000 (144.4 %), and 27 of its 28 prisons were above 100 %. How many releases would bring
//! the system, and every prison, to 100 % or 120 %? What would clearing the pretrial backlog
//! (more than 35 % untried: 13,650 people) do? Is the World Prison Brief series already above
//! the 27,000 places, when would it fill a planned expansion, and how well did the crate's
//! default forecast do in a backtest on that series?
//!
//! **Data.** System figures: news report of 15 Nov 2021 (Prisons Department, rights groups);
//! trend: World Prison Brief 1994–2021 (`datasets::cambodia_wpb_series`). Per-prison figures
//! are not published: the 28-prison split below is **ILLUSTRATIVE**, built deterministically
//! to match the published totals (39,000 held, 27,000 places, 27 of 28 above 100 %). So is
//! the legal-status breakdown beyond the published 35 % untried.
//!
//! Run: `cargo run --example 06_cambodia_what_next --no-default-features`

use overcrowding::{
    CapacityKind, FacilityId, LegalStatus, Percent, PretrialDefinition, Standard, occupancy,
    scenario::Change, scenario::FacilityState, scenario::Objective, scenario::ReleaseFrom,
    scenario::Scenario, scenario::Where, system::releases_needed_by_facility, system_occupancy,
};
use overcrowding::{
    flow::{
        Admissions, CohortModel, DAYS_PER_MONTH, StayDistribution, Stock, Stream, StreamSpec,
        policy::{Lever, Plan, Speedup, Timing},
    },
    forecast::{
        Crossing, Evaluation, ForecastMethod, Frequency, RegularSeries, Side, forecast,
        trend::MonteCarlo, trend::TrendFit,
    },
};

/// Splits `n` over `weights` in proportion (largest remainder, ties to the earlier).
fn split(n: u64, weights: &[u64]) -> Vec<u64> {
    let total: u64 = weights.iter().sum();
    let mut out: Vec<u64> = weights.iter().map(|w| n * w / total).collect();
    let mut rem: Vec<(u64, usize)> = weights
        .iter()
        .enumerate()
        .map(|(i, w)| (n * w % total, i))
        .collect();
    rem.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let given: u64 = out.iter().sum();
    for &(_, i) in rem.iter().take((n - given) as usize) {
        out[i] += 1;
    }
    out
}

/// The ILLUSTRATIVE 28-prison split: capacities 400, 440, …, 1,440 and the rest (2,160) in
/// the last; P01 at 90 %, the others at 110–190 %, then the excess over 39,000 taken back in
/// proportion to each prison's surplus so every one stays above 100 %.
fn illustrative_prisons() -> overcrowding::Result<Vec<FacilityState>> {
    let mut cap: Vec<u64> = (0..28).map(|i| 400 + 40 * i).collect();
    cap[27] += 27_000 - cap.iter().sum::<u64>();
    let mut pop: Vec<u64> = (0..28)
        .map(|i| {
            let pct = if i == 0 {
                90
            } else {
                110 + (i as u64 % 9) * 10
            };
            cap[i] * pct / 100
        })
        .collect();
    let excess = pop.iter().sum::<u64>() - 39_000;
    let surplus: Vec<u64> = (0..28).map(|i| pop[i].saturating_sub(cap[i])).collect();
    for (p, cut) in pop.iter_mut().zip(split(excess, &surplus)) {
        *p -= cut;
    }
    // Legal status: 35 % untried (published, a lower bound); 34.1 % under appeal and no one
    // convicted awaiting sentence (ILLUSTRATIVE: LICADHO's 2015 shares); the rest sentenced.
    let untried = split(13_650, &pop);
    let appeal = split(13_299, &pop);
    (0..28)
        .map(|i| {
            FacilityState::new(
                format!("P{:02}", i + 1),
                CapacityKind::Design,
                cap[i],
                pop[i],
            )
            .map(|s| {
                s.with_status(LegalStatus {
                    untried: Some(untried[i]),
                    convicted_unsentenced: Some(0),
                    under_appeal: Some(appeal[i]),
                    sentenced: Some(pop[i] - untried[i] - appeal[i]),
                })
            })
        })
        .collect()
}

fn main() -> overcrowding::Result<()> {
    let critical = Standard::critical();

    println!("== Step 1: the system as published (June 2021) ==");
    let occ = occupancy(39_000, 27_000)?;
    println!(
        "39,000 held / 27,000 design places = {occ} -> band: {}",
        critical.classify(&occ).label()
    );

    println!("\n== Step 2: an ILLUSTRATIVE split over 28 prisons ==");
    let prisons = illustrative_prisons()?;
    let sys = system_occupancy(prisons.iter().map(|p| (p.population(), p.capacity())))?;
    println!(
        "Σ held {} / Σ places {} = {}; {} of {} prisons above 100 %, surplus {} people",
        sys.population,
        sys.capacity,
        sys.ratio,
        sys.overcrowded_facilities,
        sys.facilities,
        sys.surplus
    );
    assert_eq!(
        (sys.population, sys.capacity, sys.overcrowded_facilities),
        (39_000, 27_000, 27)
    );
    let most = prisons
        .iter()
        .max_by_key(|p| p.occupancy())
        .expect("28 prisons");
    let least = prisons
        .iter()
        .min_by_key(|p| p.occupancy())
        .expect("28 prisons");
    println!(
        "most occupied {} at {}, least {} at {}",
        most.id(),
        most.occupancy(),
        least.id(),
        least.occupancy()
    );

    println!("\n== Step 3: releases needed, system-wide vs every prison ==");
    let pairs: Vec<(u64, u64)> = prisons
        .iter()
        .map(|p| (p.population(), p.capacity()))
        .collect();
    for target in [100.0, 120.0] {
        let r = releases_needed_by_facility(&pairs, target)?;
        println!(
            "target {target} %: system-wide {:>6}; so that no prison is above it {:>6} ({} prisons); the system view hides {}",
            r.system,
            r.sum_per_facility,
            r.facilities_above,
            r.hidden_by_system_view()
        );
    }

    println!("\n== Step 4: what 27 releases change ==");
    let out = Scenario::new("27 activists released")
        .then(Change::Release {
            from: ReleaseFrom::Proportional,
            status: None,
            count: 27,
        })
        .apply(&prisons, &critical)?;
    println!(
        "{:.2} -> {:.2}: {:.2} points; {:.2} % of the people held",
        out.system_before.ratio,
        out.system_after.ratio,
        out.system_before.ratio.percent() - out.system_after.ratio.percent(),
        27.0 / 39_000.0 * 100.0
    );

    println!("\n== Step 5: moving people cannot fix a full system (optimal rebalance) ==");
    for transfers in [500, 2_000, 10_000] {
        let out = Scenario::new("rebalance")
            .then(Change::Rebalance {
                transfers,
                objective: Objective::MaxOccupancy,
            })
            .apply(&prisons, &critical)?;
        let max = out
            .facilities
            .iter()
            .filter_map(|f| f.occupancy_after)
            .max()
            .expect("open prisons");
        println!(
            "{transfers:>6} transfers allowed: {} used, highest occupancy {} (system stays {})",
            out.transferred, max, out.system_after.ratio
        );
    }

    println!("\n== Step 6: clearing the pretrial backlog (13,650 untried) ==");
    let pct = |p: f64| Percent::new(p).expect("valid percent");
    for (label, convicted) in [
        ("all tried, 60 % convicted (ILLUSTRATIVE rate)", 60.0),
        ("all tried, all released (upper bound)", 0.0),
    ] {
        let out = Scenario::new(label)
            .then(Change::ClearBacklog {
                from: Where::All,
                share: pct(100.0),
                convicted: pct(convicted),
            })
            .apply(&prisons, &critical)?;
        println!("{label}:");
        println!(
            "  released {}, occupancy {} -> {} ({}), prisons above 100 %: {} -> {}",
            out.released,
            out.system_before.ratio,
            out.system_after.ratio,
            out.band_after.label(),
            out.system_before.overcrowded_facilities,
            out.system_after.overcrowded_facilities
        );
        for def in [PretrialDefinition::Narrow, PretrialDefinition::Broad] {
            println!(
                "  pretrial share, {def:?}: {} -> {}",
                out.pretrial_share_before(def)?,
                out.pretrial_share_after(def)?
            );
        }
    }

    println!("\n== Step 7: the flow view - 700 admissions under one law vs 27 releases ==");
    let out = Scenario::new("COVID-19 law admissions")
        .then(Change::Admit {
            to: FacilityId::new("P28")?,
            status: Some(overcrowding::StatusGroup::Untried),
            count: 700,
        })
        .then(Change::Release {
            from: ReleaseFrom::Proportional,
            status: None,
            count: 27,
        })
        .apply(&prisons, &critical)?;
    println!(
        "+700 -27: {} -> {} (+{:.2} points)",
        out.system_before.ratio,
        out.system_after.ratio,
        out.system_after.ratio.percent() - out.system_before.ratio.percent()
    );

    println!("\n== Step 8: faster trials, projected day by day (ILLUSTRATIVE flows) ==");
    // Pretrial: 13,650 held in steady state with a 12-month mean pretrial stay (exponential),
    // sentenced: 25,350 held with a 30-month mean sentence; 60 % of those leaving pretrial are
    // convicted and feed the sentenced stock, direct sentenced admissions make up the rest.
    // The policy levers act on the model in expectation (`Plan::run_expected`), day by day
    // from 1 June 2021; "after m months" is the day m × 30.44 days on.
    let pre_stay = StayDistribution::Exponential { mean_months: 12.0 };
    let sen_stay = StayDistribution::Exponential { mean_months: 30.0 };
    // Admissions that hold 13,650 and 25,350 in the daily engine's steady state.
    // (`StreamSpec::steady` is the daily engine's steady state: λ·(mean stay − ½ month).)
    let held_per_admission = |stay: &StayDistribution| -> overcrowding::Result<f64> {
        Ok(StreamSpec::steady(1.0, stay.clone())?
            .initial_by_age()
            .iter()
            .sum())
    };
    let pre_adm = 13_650.0 / held_per_admission(&pre_stay)?;
    let sen_total_adm = 25_350.0 / held_per_admission(&sen_stay)?;
    // Sentenced on admission: the total less the 60 % of pretrial exits convicted (the model
    // adds those).
    let sentenced = StreamSpec::steady(sen_total_adm, sen_stay)?
        .with_admissions(Admissions::Constant(sen_total_adm - 0.6 * pre_adm));
    let pretrial = StreamSpec::steady(pre_adm, pre_stay)?;
    let model = CohortModel::new(pretrial, sentenced, 0.6);
    let start = jiff::civil::date(2021, 6, 1);
    let day = |months: usize| (months as f64 * DAYS_PER_MONTH).round() as usize;
    // Day 730 = 24 months on.
    let end = jiff::civil::date(2023, 6, 1);
    let base = Plan::new().run_expected(&model, start, end)?;
    println!(
        "no change: pretrial {:.0} -> {:.0}, sentenced {:.0} -> {:.0} after 24 months (steady state)",
        base.baseline(Stream::Pretrial)[0],
        base.baseline(Stream::Pretrial)[day(24)],
        base.baseline(Stream::Sentenced)[0],
        base.baseline(Stream::Sentenced)[day(24)]
    );
    // Halving every pretrial part: for exponential stays the same as a 6-month mean.
    for (label, timing) in [
        ("Prospective", Timing::Prospective(start)),
        ("Retroactive", Timing::Retroactive(start)),
    ] {
        let halve = Plan::new().with_lever(Lever::Expedite {
            speedup: Speedup::Factor(0.5),
            timing,
        });
        let p = halve.run_expected(&model, start, end)?;
        let at = |m: usize| p.policy(Stream::Pretrial)[day(m)];
        let total = p.policy_total();
        println!(
            "pretrial stays halved ({label}): pretrial {:.0} -> {:.0} (6 mo) -> {:.0} (12 mo) -> {:.0} (24 mo), total {:.0} -> {:.0}; identity gap {:.1e}",
            at(0),
            at(6),
            at(12),
            at(24),
            total[0],
            total[day(24)],
            p.person_days().identity_gap()
        );
    }

    println!("\n== Step 8b: from today's stock, not a steady state (ILLUSTRATIVE ages) ==");
    // The same 13,650 untried, but held by how long each has waited: with lognormal pretrial
    // stays (median 6 months) someone who has waited two years is less likely to leave next
    // month than a new arrival, so a backlog of long waits drains slowly.
    let lognormal = StayDistribution::LogNormal {
        median_months: 6.0,
        sigma: 0.8,
    };
    // Admissions that hold 13,650 in the daily engine's steady state, held by those ages.
    let adm = 13_650.0 / held_per_admission(&lognormal)?;
    let young = Stock::new(
        StreamSpec::steady(adm, lognormal.clone())?
            .initial_by_age()
            .to_vec(),
    )?;
    // A backlog: the same number, spread evenly over 12 to 35 months waited.
    let backlog = Stock::new(
        (0..36)
            .map(|a| if a >= 12 { 13_650.0 / 24.0 } else { 0.0 })
            .collect(),
    )?;
    let empty = StreamSpec::from_stock(
        &Stock::default(),
        Admissions::Constant(0.0),
        StayDistribution::Geometric { monthly_exit: 1.0 },
    )?;
    // Day 365 = 12 months on.
    let end = jiff::civil::date(2022, 6, 1);
    for (label, stock) in [
        ("steady-state ages", &young),
        ("a backlog of 12-35 months", &backlog),
    ] {
        let m = CohortModel::new(
            StreamSpec::from_stock(stock, Admissions::Constant(adm), lognormal.clone())?,
            empty.clone(),
            0.0,
        );
        let p = Plan::new().run_expected(&m, start, end)?;
        let pretrial = p.baseline(Stream::Pretrial);
        println!(
            "{label}: {:.0} held; of them still held after 12 months {:.0}; pretrial stock after 6 months {:.0}, after 12 {:.0} ({adm:.0} admitted a month)",
            stock.total(),
            stock.survivors(&lognormal, 12)?,
            pretrial[day(6)],
            pretrial[day(12)]
        );
    }

    println!("\n== Step 9: the World Prison Brief trend and the capacity ==");
    let wpb = overcrowding::datasets::cambodia_wpb_series()?;
    let observed = wpb.first_crossing(27_000)?.expect("2018 is above 27,000");
    println!(
        "observed: first above 27,000 in {} (last at or below: {:?}; interpolated {:.1}) - already crossed",
        observed.first_year_above, observed.last_year_at_or_below, observed.interpolated_year
    );
    let fit = TrendFit::log_linear(
        &wpb,
        overcrowding::series::Year(1994),
        overcrowding::series::Year(2021),
    )?;
    let already = match fit.crossing_in_years(27_000, Side::Above, 30)? {
        Crossing::AtOrigin { value } => format!("already above it ({value:.0} held in 2021)"),
        Crossing::After { horizon, .. } => format!("above it from {}", 2021 + horizon),
        Crossing::NotWithin { .. } => "not above it by 2051".to_string(),
    };
    println!(
        "log-linear fit 1994-2021: {:.1} % a year, residual sd {:.3} (log scale); against 27,000 places: {already}",
        fit.annual_growth() * 100.0,
        fit.residual_sd
    );
    println!(
        "  (the trend's 2021 is {:.0} against the 39,000 estimate: the fit assumes the 1994-2021 growth goes on)",
        fit.fitted(2021.0)
    );
    let mc = MonteCarlo::new(10_000)?.with_seed(2021);
    let sims = fit.simulate(&mc, 2045)?;
    for year in [2025, 2030] {
        println!(
            "  {year}: median {:.0}, 90 % interval {:.0} - {:.0}",
            sims.quantile(year, 0.5).expect("projected"),
            sims.quantile(year, 0.05).expect("projected"),
            sims.quantile(year, 0.95).expect("projected")
        );
    }
    for q in [0.5, 0.95] {
        println!(
            "  places to add by 2030 for 100 % with probability {q}: {}",
            overcrowding::flow::places_needed_projected(&sims, 2030, q, 27_000, 100.0)?
        );
    }
    let show = |c: Crossing| match c {
        Crossing::AtOrigin { .. } => "already (2021)".to_string(),
        Crossing::After { horizon, .. } => sims
            .period(horizon)
            .map_or("?".to_string(), |y| y.to_string()),
        Crossing::NotWithin { .. } => "after 2045".to_string(),
    };
    for places in [45_000u64, 60_000] {
        let c = sims.crossing(places, Side::Above, 0.90)?;
        println!(
            "  more than {places} held: median {}, 90 % interval {} - {}; {} of {} paths not by 2045; trend line: {}",
            show(c.median),
            show(c.lower),
            show(c.upper),
            c.never,
            mc.paths(),
            show(fit.crossing_in_years(places, Side::Above, 24)?)
        );
    }

    println!("\n== Step 10: the crate's default forecast, and how it did in its backtest ==");
    // The WPB figures are two years apart from 1994 to 2018 (2021 is a separate estimate):
    // a regular series with one step = two years. No seasons, so "yearly" frequency.
    let biennial: Vec<f64> = wpb
        .points()
        .iter()
        .filter(|p| (1994..=2018).contains(&p.period.0))
        .map(|p| p.value as f64)
        .collect();
    let last_value = biennial.last().copied().unwrap_or(0.0);
    let points = biennial.len();
    let series = RegularSeries::new(Frequency::Yearly, biennial)?;
    let evaluation = Evaluation::new(vec![1, 2, 3])?.with_min_train(6);
    let report = evaluation.run_default_and_naive(&series)?;
    println!(
        "backtest: {} origins (trained on 1994 to 2004 ... 2016), each forecasting 1-3 steps (2-6 years)",
        report.origins.len()
    );
    let pct = |x: Option<f64>| x.map_or("-".to_string(), |x| format!("{x:.1} %"));
    for (d, n) in report
        .rows(ForecastMethod::Auto)
        .zip(report.rows(ForecastMethod::Naive))
    {
        println!(
            "  +{} years: default MAPE {} vs the last value {}; bias {:+.0}; 80 % interval held {} of {}",
            2 * d.horizon,
            pct(d.mape),
            pct(n.mape),
            d.bias.unwrap_or(0.0),
            (d.levels[0].coverage.unwrap_or(0.0) * d.scored as f64).round(),
            d.scored
        );
    }
    let pairs: Vec<_> = report
        .rows(ForecastMethod::Auto)
        .zip(report.rows(ForecastMethod::Naive))
        .collect();
    let better = pairs
        .iter()
        .filter(|(d, n)| d.mape.zip(n.mape).is_some_and(|(a, b)| a < b))
        .count();
    let (held, scored) = pairs.iter().fold((0.0, 0), |(h, s), (d, _)| {
        (
            h + d.levels[0].coverage.unwrap_or(0.0) * d.scored as f64,
            s + d.scored,
        )
    });
    println!(
        "  In words: the default was closer than the last value at {better} of {} horizons, and its 80 % \
         interval held {:.0} of {scored} outcomes ({:.0} %){}",
        pairs.len(),
        held,
        100.0 * held / scored.max(1) as f64,
        if held < 0.7 * scored as f64 {
            format!(
                ": on {points} points the intervals are too narrow, so read the intervals below as a \
                 lower bound on the uncertainty."
            )
        } else {
            ".".to_string()
        }
    );
    let f = forecast(&series, 6)?;
    println!(
        "default method from 2018 ({:.0} held): {}",
        last_value,
        f.method()
    );
    let i80 = f.interval(0.8)?;
    let i95 = f.interval(0.95)?;
    for h in [1, 2, 6] {
        println!(
            "  {}: mean {:.0}, 80 % {:.0} - {:.0}, 95 % {:.0} - {:.0}",
            2018 + 2 * h,
            f.mean()[h - 1],
            i80[h - 1].0,
            i80[h - 1].1,
            i95[h - 1].0,
            i95[h - 1].1
        );
    }
    println!("  (the 2021 estimate of 39,000 lies between the 2020 and 2022 steps)");
    for places in [27_000u64, 45_000, 60_000] {
        let reached = f.probability_reached(places as f64, Side::Above)?;
        let when = match f.crossing(places as f64, Side::Above)? {
            Crossing::AtOrigin { value } => format!("already above in 2018 ({value:.0})"),
            Crossing::After { horizon, .. } => {
                format!("mean forecast above it in {}", 2018 + 2 * horizon)
            }
            Crossing::NotWithin { .. } => "mean forecast not above it by 2030".into(),
        };
        println!(
            "  {places} places: {when}; share of paths above it at some step by 2024: {:.0} %, by 2030: {:.0} %",
            100.0 * reached[2],
            100.0 * reached[5]
        );
    }
    Ok(())
}
