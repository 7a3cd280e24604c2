//! The forecast screens its input: a doubled month is flagged before it moves the forecast,
//! and stops it unless --force; the effect measured on a series of our own making.

use std::path::PathBuf;

use serde_json::Value;

use super::cli_run::exits;

fn tmp(name: &str) -> PathBuf {
    super::cli_run::tmp("fscreen", name)
}

/// 60 month-end national totals around 62,000 (a slow rise and seeded noise of ± 300); with
/// `doubled`, month 55 (2023-08) is counted twice.
fn national(doubled: bool) -> PathBuf {
    let mut csv = String::from("country,date,population,places\n");
    let mut state: u64 = 23;
    for m in 0..60i32 {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let noise = (state >> 33) % 601;
        let mut v = 61_500 + 10 * m as u64 + noise;
        if doubled && m == 55 {
            v *= 2;
        }
        let d = jiff::civil::date(2019 + (m / 12) as i16, 1 + (m % 12) as i8, 1).last_of_month();
        csv.push_str(&format!("Italia,{d},{v},51000\n"));
    }
    let p = tmp(if doubled { "doubled.csv" } else { "clean.csv" });
    std::fs::write(&p, csv).unwrap();
    p
}

fn args(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

fn median_next(rows: &[Value]) -> i64 {
    rows[0]["median"].as_i64().unwrap()
}

#[test]
fn a_doubled_month_is_flagged_before_it_moves_the_forecast() {
    let clean = national(false);
    let doubled = national(true);
    let flags = |p: &PathBuf| {
        vec![
            "forecast".to_string(),
            p.to_str().unwrap().to_string(),
            "--id".into(),
            "country".into(),
            "--horizon".into(),
            "3".into(),
            "--format".into(),
            "json".into(),
        ]
    };
    let (out, _) = exits(0, &args(&flags(&clean)));
    let rows: Vec<Value> = serde_json::from_str(&out).unwrap();
    let m_clean = median_next(&rows);
    assert_eq!(rows[0]["series_findings"], Value::Array(vec![]));
    assert_eq!(rows[0]["forced"], false);

    // Without --force: no forecast, exit 1, the finding named with its values.
    let (out, err) = exits(1, &args(&flags(&doubled)));
    assert!(out.is_empty(), "{out}");
    assert!(
        err.contains("1 serious finding that would move the forecast")
            && err.contains("high doubled period 2023-08: total 12")
            && err.contains("about twice its neighbours")
            && err.contains("--force"),
        "{err}"
    );

    // With --force: the forecast, saying what it saw.
    let mut forced = flags(&doubled);
    forced.push("--force".into());
    let (out, _) = exits(0, &args(&forced));
    let rows: Vec<Value> = serde_json::from_str(&out).unwrap();
    let m_forced = median_next(&rows);
    assert_eq!(rows[0]["forced"], true);
    let seen = rows[0]["series_findings"].as_array().unwrap();
    assert!(
        seen[0]
            .as_str()
            .unwrap()
            .starts_with("high doubled period 2023-08"),
        "{seen:?}"
    );
    // The effect, measured: the doubled month moves the next month's median by thousands.
    eprintln!(
        "next-month median: {m_clean} without the doubled month, {m_forced} with it (--force)"
    );
    assert!((61_500..63_000).contains(&m_clean), "{m_clean}");
    assert!(
        (m_forced - m_clean).abs() > 1_000,
        "{m_clean} vs {m_forced}"
    );

    // The table lists the findings above the projection.
    let mut table = args(&forced);
    table.truncate(table.len() - 3);
    table.push("--force");
    let (out, _) = exits(0, &table);
    assert!(
        out.starts_with("Screened the series (60 monthly totals 2019-01..2023-12): 1 finding, forecast anyway (--force):\n  high doubled period 2023-08"),
        "{out}"
    );
    assert!(!out.contains("series_findings"), "{out}");

    // The report: no fan without --force, the finding named; with it, the fan and a note.
    let html = tmp("doubled.html");
    let report = |force: bool| {
        let mut a = vec![
            "report",
            doubled.to_str().unwrap(),
            "--id",
            "country",
            "--capacity",
            "official=places",
            "--out",
            html.to_str().unwrap(),
        ];
        if force {
            a.push("--force");
        }
        exits(0, &a);
        std::fs::read_to_string(&html).unwrap()
    };
    let page = report(false);
    assert!(
        page.contains(
            "No forecast: the series (60 monthly totals 2019-01..2023-12) has 1 serious finding"
        ),
        "no fan"
    );
    let page = report(true);
    assert!(page.contains("drawn anyway (--force)"));
}
