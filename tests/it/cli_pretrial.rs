//! `--pretrial COL`: the pretrial share from a column counting the people held pretrial,
//! under the definition the user names, beside occupancy in summarize and the report.

use std::path::PathBuf;

use serde_json::Value;

use super::cli_run::exits;

fn tmp(name: &str) -> PathBuf {
    super::cli_run::tmp("pretrial", name)
}

fn file(name: &str, text: &str) -> String {
    let p = tmp(name);
    std::fs::write(&p, text).unwrap();
    p.to_str().unwrap().to_string()
}

#[test]
fn a_pretrial_column_gives_the_share_beside_occupancy() {
    // Three institutes, two regions; Bari does not report its remand count ("n.d.").
    let p = file(
        "remand.csv",
        "Istituto,Regione,Detenuti,Posti,In attesa\n\
         Roma,Lazio,1200,1000,\"1,050\"\n\
         Latina,Lazio,300,200,100\n\
         Bari,Puglia,500,400,n.d.\n",
    );
    let flags = |def: &'static str| {
        vec![
            "summarize",
            p.as_str(),
            "--id",
            "Istituto",
            "--population",
            "Detenuti",
            "--capacity",
            "official=Posti",
            "--as-of",
            "2024-10-31",
            "--missing",
            "n.d.",
            "--pretrial",
            "In attesa",
            "--pretrial-definition",
            def,
            "--by",
            "Regione",
            "--format",
            "json",
        ]
    };
    let (out, _) = exits(0, &flags("narrow"));
    let rows: Vec<Value> = serde_json::from_str(&out).unwrap();
    // System: (1,050 + 100) / (1,200 + 300) = 76.666… % → 76.7; Bari lacks it.
    let all = &rows[0];
    assert_eq!(all["group"], "all");
    assert_eq!(all["occupancy_percent"].as_f64(), Some(125.0)); // 2,000 / 1,600
    assert_eq!(all["pretrial_share_percent"].as_f64(), Some(76.7));
    assert_eq!(all["pretrial_definition"], "narrow");
    assert_eq!(all["pretrial_people"], 1150);
    assert_eq!(all["pretrial_facilities"], 2);
    assert_eq!(all["pretrial_lacking_facilities"], 1);
    let puglia = rows.iter().find(|r| r["group"] == "Puglia").unwrap();
    assert!(puglia["pretrial_share_percent"].is_null());
    assert_eq!(puglia["pretrial_lacking_facilities"], 1);
    // The definition is the user's: the same column under the broad name gives the same
    // count, labelled broad.
    let (out, _) = exits(0, &flags("broad"));
    let rows: Vec<Value> = serde_json::from_str(&out).unwrap();
    assert_eq!(rows[0]["pretrial_definition"], "broad");
    assert_eq!(rows[0]["pretrial_share_percent"].as_f64(), Some(76.7));

    // The table shows it beside occupancy; the report's headline too.
    let mut t = flags("narrow");
    t.truncate(t.len() - 4);
    let (table, _) = exits(0, &t);
    assert!(
        table
            .lines()
            .any(|l| l.starts_with("pretrial_share_percent ") && l.ends_with(" 76.7")),
        "{table}"
    );
    let html = tmp("pretrial.html");
    let mut r = t.clone();
    r[0] = "report";
    r.extend(["--out", html.to_str().unwrap()]);
    exits(0, &r);
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(
        page.contains("76.7 %") && page.contains("held pretrial (narrow definition"),
        "report"
    );

    // Without a definition --pretrial is a usage error; --help names it.
    let (_, err) = exits(
        2,
        &[
            "summarize",
            p.as_str(),
            "--id",
            "Istituto",
            "--pretrial",
            "In attesa",
        ],
    );
    assert!(err.contains("--pretrial-definition"), "{err}");
    let (help, _) = exits(0, &["summarize", "--help"]);
    assert!(help.contains("--pretrial <COL>"), "{help}");
}

#[test]
fn a_pretrial_count_above_the_population_is_bad_input() {
    let p = file(
        "remand_bad.csv",
        "Istituto,Detenuti,Posti,In attesa\nRoma,1200,1000,1300\n",
    );
    let (_, err) = exits(
        1,
        &[
            "summarize",
            p.as_str(),
            "--id",
            "Istituto",
            "--population",
            "Detenuti",
            "--capacity",
            "official=Posti",
            "--as-of",
            "2024-10-31",
            "--pretrial",
            "In attesa",
            "--pretrial-definition",
            "narrow",
        ],
    );
    assert!(
        err.contains("In attesa") && err.contains("Roma") && err.contains("1300"),
        "{err}"
    );
}
