//! A usage mistake of the command line (exit 2), as data: the flag, the value given and what
//! the command line accepts or the data offers. The message people read is its `Display`;
//! a library error behind a mistake is kept typed (`Threshold`, `UnnamedColumn`).

use std::fmt;

use jiff::civil::Date;

use crate::forecast::Frequency;

/// The column a file lacks and no flag names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Needed {
    /// The facility id (`--id COL`, `--unit NAME`).
    Id,
    /// The date (`--date COL`, `--as-of DATE`).
    Date,
}

/// A flag or value the command line does not accept, or a choice it will not make silently.
#[derive(Debug)]
pub(crate) enum Usage {
    /// Neither a FILE nor `--dataset NAME`.
    NoInput,
    /// Reader flags given with a bundled dataset (read by its own reader).
    NotWithDataset {
        /// The flags given.
        flags: Vec<&'static str>,
        /// The dataset, as the message names it.
        what: String,
        /// `--date` was given a date (it names a column; the date to report is `--on`).
        date_given: bool,
    },
    /// The file lacks the id or date column and no flag names it; the reader's error.
    UnnamedColumn {
        /// The file.
        source: String,
        /// Which column.
        needed: Needed,
        /// The reader's `MissingColumn` error.
        error: Box<crate::Error>,
    },
    /// A `NAME=COL` flag without its two parts.
    NotNameEqualsCol {
        /// The flag.
        flag: &'static str,
        /// The value given.
        spec: String,
        /// A correct value.
        example: &'static str,
    },
    /// `--delimiter` that is not one ASCII character.
    Delimiter {
        /// The value given.
        value: String,
    },
    /// `--delimiter` (policy) that is not one byte.
    DelimiterByte {
        /// The character given.
        value: char,
    },
    /// A name that is not a capacity kind's.
    NotAKind {
        /// The flag.
        flag: &'static str,
        /// The whole value when it was `KIND=COL`.
        spec: Option<String>,
        /// The kind named.
        kind: String,
    },
    /// `--status GROUP=COL` with an unknown group.
    NotAStatus {
        /// The value given.
        spec: String,
    },
    /// The input holds no records.
    NoRecords,
    /// `--on` a date the data does not have.
    NoSuchDate {
        /// The date asked for.
        on: Date,
        /// How many dates the data has.
        dates: usize,
        /// Its first date.
        first: Date,
        /// Its last date.
        last: Date,
    },
    /// `--kind` a capacity the data does not list.
    KindNotListed {
        /// The kind asked for.
        kind: String,
        /// The kinds the data lists.
        listed: Vec<String>,
    },
    /// The data lists no capacity.
    NoCapacity,
    /// The data lists several capacity kinds and `--kind` is not given.
    SeveralKinds {
        /// The kinds listed.
        listed: Vec<String>,
        /// Which kind the dataset's publisher measures against (bundled datasets).
        hint: Option<&'static str>,
    },
    /// `--capacity-kind` a capacity the capacities file does not list.
    FileKindNotListed {
        /// The kind asked for.
        kind: String,
        /// The capacities file.
        path: String,
        /// The kinds it lists.
        listed: Vec<String>,
    },
    /// The capacities file lists no kind, or several and `--capacity-kind` is not given.
    FileKindUnchosen {
        /// The capacities file.
        path: String,
        /// The kinds it lists.
        listed: Vec<String>,
    },
    /// `--by` a column the data does not have.
    NoSuchGroupColumn {
        /// The column asked for.
        column: String,
        /// The data's group columns.
        keys: Vec<String>,
    },
    /// A policy window without a day.
    EmptyWindow,
    /// `--threshold` the library refuses.
    Threshold {
        /// The percent given.
        percent: f64,
        /// The library's error.
        error: Box<crate::Error>,
    },
    /// `--target` that is not a percentage ≥ 0.
    Target {
        /// The value given.
        percent: f64,
    },
    /// `--capacity` that is neither a number of places nor `KIND=COL`.
    CapacityValue {
        /// The value given.
        value: String,
    },
    /// `--capacity N` given more than once.
    CapacityTwice,
    /// `forecast --admissions/--releases` with `--by` or `--by-facility` and a
    /// reconciliation: the reconciled forecasts are made from the population alone.
    FlowsReconciled {
        /// `--by` or `--by-facility`.
        units: &'static str,
    },
    /// `--horizon` outside 1 to 600 periods.
    Horizon {
        /// The series' frequency (names the periods).
        frequency: Frequency,
    },
    /// `--recall-within` the library refuses (outside (0, 100] years).
    RecallWithin {
        /// The value given.
        years: f64,
        /// The library's error.
        error: Box<crate::Error>,
    },
    /// `policy` without a lever.
    NoPolicy,
    /// `policy --target` without a capacity.
    TargetNeedsCapacity,
    /// A `policy` lever without `--on`.
    OnNeeded {
        /// The lever's flag.
        flag: &'static str,
    },
    /// `policy --surge` with a facility column but no `--surge-facility`.
    SurgeFacility {
        /// The facility column.
        column: String,
    },
}

/// The items comma-separated, or `empty`.
fn listed(items: &[String], empty: &str) -> String {
    match items {
        [] => empty.to_string(),
        items => items.join(", "),
    }
}

impl fmt::Display for Usage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Usage::NoInput => f.write_str("give a FILE or --dataset NAME"),
            Usage::NotWithDataset {
                flags,
                what,
                date_given,
            } => {
                write!(
                    f,
                    "{} cannot be used with {what}: the bundled datasets are read by their own readers",
                    flags.join(", ")
                )?;
                if *date_given {
                    f.write_str(" (--date names a column; the date to report is --on YYYY-MM-DD)")?;
                }
                Ok(())
            }
            Usage::UnnamedColumn {
                source,
                needed,
                error,
            } => {
                write!(f, "{source}: {error}; ")?;
                f.write_str(match needed {
                    Needed::Id => {
                        "name the id column with --id COL (repeatable: an id of several \
                         columns), or read a file without one as one unit with --unit NAME"
                    }
                    Needed::Date => {
                        "name the date column with --date COL, or date every row with \
                         --as-of YYYY-MM-DD"
                    }
                })
            }
            Usage::NotNameEqualsCol {
                flag,
                spec,
                example,
            } => write!(
                f,
                "{flag} {spec:?}: expected NAME=COL, e.g. {flag} {example}"
            ),
            Usage::Delimiter { value } => {
                write!(
                    f,
                    "--delimiter {value:?}: one ASCII character (or \\t for tab)"
                )
            }
            Usage::DelimiterByte { value } => {
                write!(f, "--delimiter {value:?}: must be a single-byte character")
            }
            Usage::NotAKind { flag, spec, kind } => match spec {
                Some(spec) => write!(f, "{flag} {spec:?}: {kind:?} is not a capacity kind name"),
                None => write!(f, "{flag} {kind:?} is not a capacity kind name"),
            },
            Usage::NotAStatus { spec } => write!(
                f,
                "--status {spec:?}: the group is one of untried, convicted_unsentenced, \
                 under_appeal, sentenced"
            ),
            Usage::NoRecords => f.write_str("the input holds no records"),
            Usage::NoSuchDate {
                on,
                dates,
                first,
                last,
            } => write!(
                f,
                "--on {on}: no records of that date; the data has {dates} date{}, from {first} to {last}",
                if *dates == 1 { "" } else { "s" },
            ),
            Usage::KindNotListed { kind, listed: l } => write!(
                f,
                "--kind {kind}: the data lists no such capacity; it has: {}",
                listed(l, "none")
            ),
            Usage::NoCapacity => f.write_str(
                "the data lists no capacity: there is nothing to compare the population with \
                 (name a capacity column with --capacity KIND=COL)",
            ),
            Usage::SeveralKinds { listed: l, hint } => write!(
                f,
                "the data lists several capacity kinds: {}; choose one with --kind{}",
                l.join(", "),
                hint.map(|h| format!(" ({h})")).unwrap_or_default()
            ),
            Usage::FileKindNotListed {
                kind,
                path,
                listed: l,
            } => write!(
                f,
                "--capacity-kind {kind}: {path} lists no such capacity; it has: {}",
                listed(l, "none")
            ),
            Usage::FileKindUnchosen { path, listed: l } => write!(
                f,
                "{path} lists {} capacity kinds ({}): name one with --capacity-kind",
                if l.is_empty() { "no" } else { "several" },
                listed(l, "none")
            ),
            Usage::NoSuchGroupColumn { column, keys } => write!(
                f,
                "--by {column:?}: no such column; the data's group columns are: {}",
                listed(keys, "(none)")
            ),
            Usage::EmptyWindow => f.write_str("the window has no day"),
            Usage::Threshold { percent, error } => write!(f, "--threshold {percent}: {error}"),
            Usage::Target { percent } => {
                write!(f, "--target {percent}: a target is a percentage ≥ 0")
            }
            Usage::CapacityValue { value } => write!(
                f,
                "--capacity {value:?}: expected a number of places or KIND=COL"
            ),
            Usage::CapacityTwice => f.write_str("--capacity N can be given once"),
            Usage::FlowsReconciled { units } => write!(
                f,
                "--admissions/--releases with {units}: the reconciled forecasts are made from \
                 the populations alone; add --reconcile none for each unit's forecast with its \
                 flows"
            ),
            Usage::Horizon { frequency } => write!(
                f,
                "--horizon must be 1 to 600 {}",
                super::forecast::noun(*frequency, 2)
            ),
            Usage::RecallWithin { years, error } => write!(f, "--recall-within {years}: {error}"),
            Usage::NoPolicy => f.write_str(
                "no policy: give --pretrial-cap, --expedite, --expedite-days, \
                 --early-release-within, --divert, --surge or --solve",
            ),
            Usage::OnNeeded { flag } => {
                write!(f, "{flag} needs --on YYYY-MM-DD: the date it takes effect")
            }
            Usage::SurgeFacility { column } => write!(
                f,
                "--surge needs --surge-facility ID: the stays have facilities (--facility {column})"
            ),
            Usage::TargetNeedsCapacity => f.write_str(
                "--target needs a capacity: --capacity PLACES (the system) or --capacities FILE \
                 (each facility)",
            ),
        }
    }
}

impl From<Usage> for super::CliError {
    fn from(u: Usage) -> super::CliError {
        super::CliError::Usage(Box::new(u))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_read_as_before() {
        assert_eq!(Usage::NoInput.to_string(), "give a FILE or --dataset NAME");
        let d = |s: &str| s.parse::<Date>().unwrap();
        let on = Usage::NoSuchDate {
            on: d("2021-01-01"),
            dates: 1,
            first: d("2021-06-30"),
            last: d("2021-06-30"),
        };
        assert_eq!(
            on.to_string(),
            "--on 2021-01-01: no records of that date; the data has 1 date, from 2021-06-30 to 2021-06-30"
        );
        let several = Usage::SeveralKinds {
            listed: vec!["design".into(), "operational".into()],
            hint: Some("the CDCR reports occupancy against design"),
        };
        assert_eq!(
            several.to_string(),
            "the data lists several capacity kinds: design, operational; choose one with --kind (the CDCR reports occupancy against design)"
        );
        let file = Usage::FileKindUnchosen {
            path: "caps.csv".into(),
            listed: Vec::new(),
        };
        assert_eq!(
            file.to_string(),
            "caps.csv lists no capacity kinds (none): name one with --capacity-kind"
        );
        assert_eq!(
            Usage::Horizon {
                frequency: Frequency::Quarterly
            }
            .to_string(),
            "--horizon must be 1 to 600 quarters"
        );
    }
}
