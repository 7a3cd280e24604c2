//! `forecast --admissions COL --releases COL`: the population forecast from its flows
//! (issue 22 §3) on the command line, against the library's run on the same series.

use super::cli_run::{exits, file};
use overcrowding::forecast::{
    FlowSeries, Forecast, Frequency, RegularSeries, forecast_flows, forecast_stock_flow,
};
use overcrowding::series::YearMonth;
use serde_json::Value;

/// A year, its year-end stock and its (admissions, releases) when known.
type Year = (i16, f64, Option<(f64, f64)>);

/// One state's year-end sentenced prisoners (1997–2021) with its admissions and releases
/// (2006–2021, empty before), from the bundled BJS series: `state,date,population,…`.
fn state_csv(state: &str) -> (String, Vec<Year>) {
    let text = include_str!("../../data/series/bjs_state_prisoners_1997_2021.csv");
    let mut years: std::collections::BTreeMap<i16, [Option<f64>; 3]> = Default::default();
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        if f[0] != state {
            continue;
        }
        let slot = match f[2] {
            "sentenced_prisoners" => 0,
            "admissions" => 1,
            "releases" => 2,
            _ => continue,
        };
        years.entry(f[1].parse().unwrap()).or_default()[slot] = f[3].trim().parse().ok();
    }
    let mut csv = String::from("state,date,population,admissions,releases\n");
    let mut rows = Vec::new();
    for (y, [s, a, r]) in years {
        let s = s.unwrap();
        let cell = |v: Option<f64>| v.map_or(String::new(), |v| v.to_string());
        csv += &format!("{state},{y}-12-31,{s},{},{}\n", cell(a), cell(r));
        rows.push((y, s, a.zip(r)));
    }
    (csv, rows)
}

/// The library's input for `rows`: the stock and the flows from their first year.
fn flow_series(rows: &[Year]) -> FlowSeries {
    let first = rows.iter().position(|r| r.2.is_some()).unwrap();
    let year = |y: i16| YearMonth::new(i32::from(y), 1).unwrap();
    let series = |v: Vec<f64>, y: i16| {
        RegularSeries::new(Frequency::Yearly, v)
            .unwrap()
            .with_start(year(y))
    };
    let flows = &rows[first..];
    FlowSeries::new(
        series(rows.iter().map(|r| r.1).collect(), rows[0].0),
        series(flows.iter().map(|r| r.2.unwrap().0).collect(), flows[0].0),
        series(flows.iter().map(|r| r.2.unwrap().1).collect(), flows[0].0),
    )
    .unwrap()
}

fn forecast_json(path: &str, extra: &[&str]) -> Vec<Value> {
    let mut args = vec![
        "forecast",
        path,
        "--id",
        "state",
        "--frequency",
        "yearly",
        "--horizon",
        "3",
        "--admissions",
        "admissions",
        "--releases",
        "releases",
        "--format",
        "json",
    ];
    args.extend(extra);
    let (out, _) = exits(0, &args);
    serde_json::from_str(&out).unwrap()
}

/// Each row's median and 80 % / 95 % bounds against the library forecast's fan.
fn assert_fan(rows: &[Value], f: &Forecast) {
    let fan = f.fan(&[0.8, 0.95]).unwrap();
    assert_eq!(rows.len(), fan.len());
    for (row, p) in rows.iter().zip(&fan) {
        let people = |v: f64| v.round() as i64;
        assert_eq!(row["median"].as_i64(), Some(people(p.median)), "{row}");
        let (i80, i95) = (p.interval(0.8).unwrap(), p.interval(0.95).unwrap());
        assert_eq!(row["lower_80"].as_i64(), Some(people(i80.lower)));
        assert_eq!(row["upper_80"].as_i64(), Some(people(i80.upper)));
        assert_eq!(row["lower_95"].as_i64(), Some(people(i95.lower)));
        assert_eq!(row["upper_95"].as_i64(), Some(people(i95.upper)));
    }
}

#[test]
fn a_states_flows_give_the_librarys_choice_and_forecast() {
    let (csv, rows) = state_csv("Alabama");
    let path = file("flows", "alabama.csv", &csv);
    let out = forecast_json(&path, &[]);
    let choice = forecast_flows(&flow_series(&rows), 3).unwrap();
    assert_fan(&out, choice.forecast());
    let chosen = match choice.chosen() {
        overcrowding::forecast::FlowMethod::StockFlow => "stock-flow",
        overcrowding::forecast::FlowMethod::PopulationOnly => "population-only",
    };
    // Alabama 2006–2021: the stock-flow forecast was the more accurate at 10 origins.
    assert_eq!((chosen, choice.origins()), ("stock-flow", 10));
    let sf = choice.stock_flow();
    let admitted = sf.admissions().quantiles(0.5).unwrap();
    let released = sf.releases().quantiles(0.5).unwrap();
    let mase = |v: Option<f64>| v.map(|x| (x * 1000.0).round() / 1000.0);
    for (k, r) in out.iter().enumerate() {
        assert_eq!(r["flow_method"], chosen);
        assert_eq!(r["flow_origins"], 10);
        assert_eq!(
            r["admissions_median"].as_i64(),
            Some(admitted[k].round() as i64)
        );
        assert_eq!(
            r["releases_median"].as_i64(),
            Some(released[k].round() as i64)
        );
        assert_eq!(
            r["stock_flow_mase"].as_f64(),
            mase(choice.stock_flow_mase())
        );
        assert_eq!(
            r["population_only_mase"].as_f64(),
            mase(choice.population_only_mase())
        );
        let method = r["method"].as_str().unwrap();
        assert!(method.contains("16 yearly periods 2006..2021"), "{method}");
    }
    assert_eq!(out[0]["period"], "2022");
    // The stock-flow forecast on demand, with no choice made.
    let forced = forecast_json(&path, &["--flow-method", "stock-flow"]);
    assert_fan(&forced, sf.population());
    assert!(forced[0]["flow_origins"].is_null() && forced[0]["stock_flow_mase"].is_null());
    // Without flows the fields are null, and the table leaves them out.
    let (plain, _) = exits(
        0,
        &[
            "forecast",
            &path,
            "--id",
            "state",
            "--frequency",
            "yearly",
            "--horizon",
            "3",
            "--format",
            "json",
        ],
    );
    let plain: Vec<Value> = serde_json::from_str(&plain).unwrap();
    assert!(plain[0]["flow_method"].is_null() && plain[0]["admissions_median"].is_null());
    let (table, _) = exits(
        0,
        &[
            "forecast",
            &path,
            "--id",
            "state",
            "--frequency",
            "yearly",
            "--horizon",
            "3",
        ],
    );
    assert!(!table.contains("flow_method"), "{table}");
}

#[test]
fn a_periods_flows_are_the_sum_of_its_rows() {
    // Two prisons reporting every month for 16 years, each month's admissions and releases;
    // forecast by year: the stock is December's total, the flows the year's sums.
    let mut csv = String::from("facility_id,date,population,admissions,releases\n");
    let (mut stock, mut admitted, mut released) = (Vec::new(), Vec::new(), Vec::new());
    let mut held = [800.0_f64, 450.0];
    for y in 0..16i16 {
        let (mut a_year, mut r_year) = (0.0, 0.0);
        for m in 1..=12i8 {
            let date = jiff::civil::date(2006 + y, m, 1).last_of_month();
            for (j, h) in held.iter_mut().enumerate() {
                let t = f64::from(y) * 12.0 + f64::from(m);
                let a = (40.0 + 10.0 * j as f64 + (t * 0.7).sin() * 6.0 + t * 0.05).round();
                let r = (*h * 0.045 + (t * 1.3).cos() * 4.0).round();
                *h += a - r;
                csv += &format!("P{j},{date},{},{a},{r}\n", *h);
                a_year += a;
                r_year += r;
            }
        }
        stock.push(held.iter().sum::<f64>());
        admitted.push(a_year);
        released.push(r_year);
    }
    let path = file("flows", "monthly.csv", &csv);
    let (out, _) = exits(
        0,
        &[
            "forecast",
            &path,
            "--frequency",
            "yearly",
            "--horizon",
            "2",
            "--admissions",
            "admissions",
            "--releases",
            "releases",
            "--flow-method",
            "stock-flow",
            "--format",
            "json",
        ],
    );
    let out: Vec<Value> = serde_json::from_str(&out).unwrap();
    // The first year's flows have no stock before them: flows from the second year on.
    let year = |y: i16| YearMonth::new(i32::from(y), 1).unwrap();
    let series = |v: &[f64], y: i16| {
        RegularSeries::new(Frequency::Yearly, v.to_vec())
            .unwrap()
            .with_start(year(y))
    };
    let s = FlowSeries::new(
        series(&stock, 2006),
        series(&admitted[1..], 2007),
        series(&released[1..], 2007),
    )
    .unwrap();
    let f = forecast_stock_flow(&s, 2).unwrap();
    assert_fan(&out, f.population());
    assert_eq!(out[0]["period"], "2022");
    assert!(
        out[0]["method"]
            .as_str()
            .unwrap()
            .contains("15 yearly periods 2007..2021"),
        "{}",
        out[0]["method"]
    );
}

#[test]
fn flows_are_refused_where_they_cannot_be_used() {
    let (csv, _) = state_csv("Alabama");
    let path = file("flows", "refused.csv", &csv);
    let base = [
        "forecast",
        path.as_str(),
        "--id",
        "state",
        "--frequency",
        "yearly",
        "--horizon",
        "2",
        "--admissions",
        "admissions",
        "--releases",
        "releases",
    ];
    // Reconciled forecasts are made from the populations alone.
    let (_, err) = exits(2, &[&base[..], &["--by-facility"][..]].concat());
    assert!(err.contains("--reconcile none"), "{err}");
    let out = forecast_json(&path, &["--by-facility", "--reconcile", "none"]);
    assert_eq!(
        (out[0]["level"].as_str(), out[0]["group"].as_str()),
        (Some("facility"), Some("Alabama"))
    );
    // One flow column without the other is a usage error.
    exits(2, &base[..10]);
    // The bundled datasets have no flow columns.
    let (_, err) = exits(
        2,
        &[
            "forecast",
            "--dataset",
            "hmpps",
            "--horizon",
            "2",
            "--admissions",
            "a",
            "--releases",
            "r",
        ],
    );
    assert!(
        err.contains("--admissions, --releases cannot be used"),
        "{err}"
    );
    // The last period's releases unknown: the cell is named.
    let last = csv.replace("2021-12-31,19411,8597,9372", "2021-12-31,19411,8597,");
    let path = file("flows", "no_last.csv", &last);
    let (_, err) = exits(1, &[&["forecast", path.as_str()][..], &base[2..]].concat());
    assert!(
        err.contains("column \"releases\" (facility \"Alabama\") on 2021-12-31"),
        "{err}"
    );
    // A flow cell that is not a count.
    let bad = csv.replace(
        "2015-12-31,29762,10451,11446",
        "2015-12-31,29762,10451,11446x",
    );
    let path = file("flows", "bad.csv", &bad);
    let (_, err) = exits(1, &[&["forecast", path.as_str()][..], &base[2..]].concat());
    assert!(err.contains("\"11446x\""), "{err}");
}
