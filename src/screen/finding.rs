//! [`Finding`], [`Rule`] and the [`Screen`] that holds them.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::Cause;
use crate::model::{CapacityKind, Exclusions};

/// The rule a finding broke.
///
/// ```
/// assert_eq!(overcrowding::screen::Rule::PartialReport.name(), "partial report");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Rule {
    /// Occupancy outside the plausible band of any reported capacity kind.
    ImplausibleOccupancy,
    /// The same population or capacity on several facilities on one date.
    RepeatedAcrossFacilities,
    /// A population unchanged for many reports while most facilities changed.
    Unchanged,
    /// A date whose facility count or total falls far below its neighbours'.
    PartialReport,
    /// A change from one report to the next beyond k robust standard deviations.
    Jump,
    /// A capacity that changes and changes back at the next report.
    CapacityBounce,
    /// Sub-rows of one parent repeating the parent's whole capacity.
    SubRowRepeatsParent,
}

impl Rule {
    /// A short name, as in [`Screen::to_table`].
    ///
    /// ```
    /// assert_eq!(overcrowding::screen::Rule::Jump.name(), "jump");
    /// ```
    pub fn name(&self) -> &'static str {
        match self {
            Rule::ImplausibleOccupancy => "implausible occupancy",
            Rule::RepeatedAcrossFacilities => "repeated value",
            Rule::Unchanged => "unchanged",
            Rule::PartialReport => "partial report",
            Rule::Jump => "jump",
            Rule::CapacityBounce => "capacity bounce",
            Rule::SubRowRepeatsParent => "sub-row repeats parent",
        }
    }
}

impl Rule {
    /// The severity of the rule's findings unless the rule says more for one finding
    /// (a jump of a quarter of the population or more is high).
    ///
    /// ```
    /// use overcrowding::screen::{Rule, Severity};
    /// assert_eq!(Rule::ImplausibleOccupancy.severity(), Severity::High);
    /// assert_eq!(Rule::RepeatedAcrossFacilities.severity(), Severity::Low);
    /// ```
    pub fn severity(&self) -> Severity {
        match self {
            Rule::ImplausibleOccupancy | Rule::PartialReport => Severity::High,
            Rule::Jump | Rule::Unchanged | Rule::SubRowRepeatsParent => Severity::Medium,
            Rule::CapacityBounce | Rule::RepeatedAcrossFacilities => Severity::Low,
        }
    }
}

/// How much a finding can change the figures: what to look at first.
///
/// # Semantics
///
/// - **high**: the figures are wrong unless it is fixed — an occupancy outside the plausible
///   band (0 held in a place with capacity, a figure off by a factor), a date whose report is
///   partial, a jump of at least a quarter of the facility's population;
/// - **medium**: likely wrong — a smaller jump beyond the facility's own variation, a
///   population unchanged while the others move, sub-rows repeating their parent's capacity;
/// - **low**: worth a look — a capacity that changes and changes back, the same value on
///   several facilities where chance makes it unlikely.
///
/// ```
/// use overcrowding::screen::Severity;
/// assert!(Severity::High > Severity::Medium && Severity::Medium > Severity::Low);
/// assert_eq!(Severity::High.name(), "high");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Worth a look.
    Low,
    /// Likely wrong.
    Medium,
    /// The figures are wrong unless it is fixed.
    High,
}

impl Severity {
    /// `"high"`, `"medium"` or `"low"`.
    ///
    /// ```
    /// assert_eq!(overcrowding::screen::Severity::Low.name(), "low");
    /// ```
    pub fn name(&self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
        }
    }
}

/// One finding: the rule, the facility (none for a whole date), the date, the value, the
/// capacity kind where it concerns one, and why — a typed [`Cause`] with the numbers, shown
/// in words by [`Finding::why`].
///
/// ```
/// # let jump = || overcrowding::screen::Cause::Jump { before: 300, from: "2021-05-31".parse().unwrap(), after: 900, to: "2021-06-30".parse().unwrap(), k: 4.0, mad: 10.0 };
/// use overcrowding::screen::{Finding, Rule};
/// let f = Finding::new(jump(), Some("A"), "2021-06-30".parse().unwrap(), Some(900));
/// assert_eq!((f.rule(), f.facility(), f.value()), (Rule::Jump, Some("A"), Some(900)));
/// assert!(f.why().starts_with("population 300 on 2021-05-31 to 900 on 2021-06-30: a change of +600"));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    rule: Rule,
    facility: Option<String>,
    date: Date,
    value: Option<u64>,
    kind: Option<CapacityKind>,
    cause: Cause,
    severity: Severity,
    people: Option<u64>,
}

impl Finding {
    /// A finding of the rule that raised `cause` (callers can add their own beside the
    /// screen's).
    ///
    /// ```
    /// # let partial = || overcrowding::screen::Cause::PartialReport { facilities: 95, total: 62_754, median_facilities: 130.0, median_total: 85_000, dates: 4 };
    /// use overcrowding::screen::{Finding, Rule};
    /// let f = Finding::new(partial(), None, "2013-03-22".parse().unwrap(), Some(95));
    /// assert_eq!(f.facility(), None);
    /// ```
    pub fn new(cause: Cause, facility: Option<&str>, date: Date, value: Option<u64>) -> Finding {
        let rule = cause.rule();
        Finding {
            rule,
            facility: facility.map(str::to_string),
            date,
            value,
            kind: None,
            cause,
            severity: rule.severity(),
            people: None,
        }
    }

    /// The finding with severity `severity` instead of its rule's.
    ///
    /// ```
    /// # let jump = || overcrowding::screen::Cause::Jump { before: 300, from: "2021-05-31".parse().unwrap(), after: 900, to: "2021-06-30".parse().unwrap(), k: 4.0, mad: 10.0 };
    /// use overcrowding::screen::{Finding, Rule, Severity};
    /// let f = Finding::new(jump(), Some("A"), "2021-06-30".parse().unwrap(), Some(9))
    ///     .with_severity(Severity::High);
    /// assert_eq!(f.severity(), Severity::High);
    /// ```
    pub fn with_severity(mut self, severity: Severity) -> Finding {
        self.severity = severity;
        self
    }

    /// The finding affecting `people` people (see [`Finding::people`]).
    ///
    /// ```
    /// # let jump = || overcrowding::screen::Cause::Jump { before: 300, from: "2021-05-31".parse().unwrap(), after: 900, to: "2021-06-30".parse().unwrap(), k: 4.0, mad: 10.0 };
    /// use overcrowding::screen::{Finding, Rule};
    /// let f = Finding::new(jump(), Some("A"), "2021-06-30".parse().unwrap(), Some(9)).with_people(120);
    /// assert_eq!(f.people(), Some(120));
    /// ```
    pub fn with_people(mut self, people: u64) -> Finding {
        self.people = Some(people);
        self
    }

    /// How serious it is.
    ///
    /// ```
    /// # let partial = || overcrowding::screen::Cause::PartialReport { facilities: 95, total: 62_754, median_facilities: 130.0, median_total: 85_000, dates: 4 };
    /// # use overcrowding::screen::{Finding, Rule, Severity};
    /// assert_eq!(Finding::new(partial(), None, "2021-06-30".parse().unwrap(), None).severity(), Severity::High);
    /// ```
    pub fn severity(&self) -> Severity {
        self.severity
    }

    /// The people the finding concerns — how far it can move a system figure: the size of a
    /// jump or a bounce, the people missing from a partial report, the larger of the
    /// population and the capacity of an implausible occupancy, the value repeated or
    /// unchanged, the places a sub-row counts twice. `None` when not known.
    ///
    /// ```
    /// # let jump = || overcrowding::screen::Cause::Jump { before: 300, from: "2021-05-31".parse().unwrap(), after: 900, to: "2021-06-30".parse().unwrap(), k: 4.0, mad: 10.0 };
    /// # use overcrowding::screen::{Finding, Rule};
    /// assert_eq!(Finding::new(jump(), None, "2021-06-30".parse().unwrap(), None).people(), None);
    /// ```
    pub fn people(&self) -> Option<u64> {
        self.people
    }

    /// The finding about capacity kind `kind`.
    ///
    /// ```
    /// # let bounce = || overcrowding::screen::Cause::CapacityBounce { kind: overcrowding::CapacityKind::Design, value: 10, on: "2021-06-30".parse().unwrap(), before: 12, before_on: "2021-05-31".parse().unwrap(), again: 12, again_on: "2021-07-31".parse().unwrap() };
    /// use overcrowding::{CapacityKind, screen::{Finding, Rule}};
    /// let f = Finding::new(bounce(), Some("A"), "2021-06-30".parse().unwrap(), Some(10))
    ///     .with_kind(CapacityKind::Design);
    /// assert_eq!(f.kind(), Some(&CapacityKind::Design));
    /// ```
    pub fn with_kind(mut self, kind: CapacityKind) -> Finding {
        self.kind = Some(kind);
        self
    }

    /// The rule.
    ///
    /// ```
    /// # let jump = || overcrowding::screen::Cause::Jump { before: 300, from: "2021-05-31".parse().unwrap(), after: 900, to: "2021-06-30".parse().unwrap(), k: 4.0, mad: 10.0 };
    /// # use overcrowding::screen::{Finding, Rule};
    /// assert_eq!(Finding::new(jump(), None, "2021-06-30".parse().unwrap(), None).rule(), Rule::Jump);
    /// ```
    pub fn rule(&self) -> Rule {
        self.rule
    }

    /// The facility, or `None` for a finding about a whole date.
    ///
    /// ```
    /// # let jump = || overcrowding::screen::Cause::Jump { before: 300, from: "2021-05-31".parse().unwrap(), after: 900, to: "2021-06-30".parse().unwrap(), k: 4.0, mad: 10.0 };
    /// # use overcrowding::screen::{Finding, Rule};
    /// assert_eq!(Finding::new(jump(), Some("A"), "2021-06-30".parse().unwrap(), None).facility(), Some("A"));
    /// ```
    pub fn facility(&self) -> Option<&str> {
        self.facility.as_deref()
    }

    /// The date.
    ///
    /// ```
    /// # let jump = || overcrowding::screen::Cause::Jump { before: 300, from: "2021-05-31".parse().unwrap(), after: 900, to: "2021-06-30".parse().unwrap(), k: 4.0, mad: 10.0 };
    /// # use overcrowding::screen::{Finding, Rule};
    /// assert_eq!(Finding::new(jump(), None, "2021-06-30".parse().unwrap(), None).date().day(), 30);
    /// ```
    pub fn date(&self) -> Date {
        self.date
    }

    /// The value flagged (a population, a capacity, a facility count or a total).
    ///
    /// ```
    /// # let jump = || overcrowding::screen::Cause::Jump { before: 300, from: "2021-05-31".parse().unwrap(), after: 900, to: "2021-06-30".parse().unwrap(), k: 4.0, mad: 10.0 };
    /// # use overcrowding::screen::{Finding, Rule};
    /// assert_eq!(Finding::new(jump(), None, "2021-06-30".parse().unwrap(), Some(5)).value(), Some(5));
    /// ```
    pub fn value(&self) -> Option<u64> {
        self.value
    }

    /// The capacity kind the finding is about, if any.
    ///
    /// ```
    /// # let jump = || overcrowding::screen::Cause::Jump { before: 300, from: "2021-05-31".parse().unwrap(), after: 900, to: "2021-06-30".parse().unwrap(), k: 4.0, mad: 10.0 };
    /// # use overcrowding::screen::{Finding, Rule};
    /// assert_eq!(Finding::new(jump(), None, "2021-06-30".parse().unwrap(), None).kind(), None);
    /// ```
    pub fn kind(&self) -> Option<&CapacityKind> {
        self.kind.as_ref()
    }

    /// Why, as data: the figures the rule compared.
    ///
    /// ```
    /// use overcrowding::screen::{Cause, Finding};
    /// # let partial = || overcrowding::screen::Cause::PartialReport { facilities: 95, total: 62_754, median_facilities: 130.0, median_total: 85_000, dates: 4 };
    /// let f = Finding::new(partial(), None, "2013-03-22".parse().unwrap(), Some(62_754));
    /// assert!(matches!(f.cause(), Cause::PartialReport { facilities: 95, .. }));
    /// ```
    pub fn cause(&self) -> &Cause {
        &self.cause
    }

    /// Why, in words with the numbers (the cause's text).
    ///
    /// ```
    /// # let jump = || overcrowding::screen::Cause::Jump { before: 300, from: "2021-05-31".parse().unwrap(), after: 900, to: "2021-06-30".parse().unwrap(), k: 4.0, mad: 10.0 };
    /// # use overcrowding::screen::{Finding, Rule};
    /// assert_eq!(
    ///     Finding::new(jump(), None, "2021-06-30".parse().unwrap(), None).why(),
    ///     "population 300 on 2021-05-31 to 900 on 2021-06-30: a change of +600, beyond 4 × 1.4826 × MAD (10) of this facility's changes"
    /// );
    /// ```
    pub fn why(&self) -> String {
        self.cause.to_string()
    }
}

/// The findings of one rule, counted ([`Screen::counts`]).
///
/// ```
/// # let jump = || overcrowding::screen::Cause::Jump { before: 300, from: "2021-05-31".parse().unwrap(), after: 900, to: "2021-06-30".parse().unwrap(), k: 4.0, mad: 10.0 };
/// use overcrowding::screen::{Finding, Rule, Screen};
/// let s = Screen::new(vec![Finding::new(jump(), Some("A"), "2021-06-30".parse().unwrap(), None)]);
/// assert_eq!(s.counts()[0].facilities, 1);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleCount {
    /// The rule.
    pub rule: Rule,
    /// The highest severity among its findings.
    pub severity: Severity,
    /// Its findings.
    pub findings: usize,
    /// The facilities they name.
    pub facilities: usize,
    /// The people they concern, summed (a person may be counted by several findings).
    pub people: u64,
}

/// The screen's findings, sorted by date, facility and rule.
///
/// ```
/// let s = overcrowding::screen::Screen::new(Vec::new());
/// assert!(s.findings().is_empty());
/// assert!(s.exclusions().is_empty());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Screen {
    findings: Vec<Finding>,
}

impl Screen {
    /// A screen of `findings` (sorted on the way in).
    ///
    /// ```
    /// # let jump = || overcrowding::screen::Cause::Jump { before: 300, from: "2021-05-31".parse().unwrap(), after: 900, to: "2021-06-30".parse().unwrap(), k: 4.0, mad: 10.0 };
    /// use overcrowding::screen::{Finding, Rule, Screen};
    /// let d = "2021-06-30".parse().unwrap();
    /// let s = Screen::new(vec![Finding::new(jump(), Some("B"), d, None), Finding::new(jump(), Some("A"), d, None)]);
    /// assert_eq!(s.findings()[0].facility(), Some("A"));
    /// ```
    pub fn new(mut findings: Vec<Finding>) -> Screen {
        // Ties of date, facility and rule (rare) are ordered by the cause's text, as shown.
        findings.sort_by(|a, b| {
            (a.date, &a.facility, a.rule)
                .cmp(&(b.date, &b.facility, b.rule))
                .then_with(|| a.why().cmp(&b.why()))
        });
        Screen { findings }
    }

    /// Every finding.
    ///
    /// ```
    /// assert_eq!(overcrowding::screen::Screen::new(Vec::new()).findings().len(), 0);
    /// ```
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// The findings most serious first: by severity, then the people concerned (most
    /// first), then the latest date, facility and rule.
    ///
    /// ```
    /// # let repeated = || overcrowding::screen::Cause::RepeatedAcrossFacilities { kind: None, value: 78, date: "2021-06-30".parse().unwrap(), shown: vec!["A".into(), "B".into()], facilities: 2 };
    /// # let jump = || overcrowding::screen::Cause::Jump { before: 300, from: "2021-05-31".parse().unwrap(), after: 900, to: "2021-06-30".parse().unwrap(), k: 4.0, mad: 10.0 };
    /// use overcrowding::screen::{Finding, Rule, Screen};
    /// let d = "2021-06-30".parse().unwrap();
    /// let s = Screen::new(vec![
    ///     Finding::new(repeated(), Some("A"), d, Some(78)).with_people(78),
    ///     Finding::new(jump(), Some("B"), d, Some(300)).with_people(40),
    ///     Finding::new(jump(), Some("C"), d, Some(300)).with_people(120),
    /// ]);
    /// let ranked: Vec<_> = s.ranked().iter().map(|f| f.facility().unwrap()).collect();
    /// assert_eq!(ranked, ["C", "B", "A"]);
    /// ```
    pub fn ranked(&self) -> Vec<&Finding> {
        let mut v: Vec<&Finding> = self.findings.iter().collect();
        v.sort_by(|a, b| {
            (b.severity, b.people, b.date)
                .cmp(&(a.severity, a.people, a.date))
                .then_with(|| (&a.facility, a.rule).cmp(&(&b.facility, b.rule)))
        });
        v
    }

    /// A count per rule, most serious rule first (its highest severity, then the number of
    /// findings): what a reader sees before the findings themselves.
    ///
    /// ```
    /// # let repeated = || overcrowding::screen::Cause::RepeatedAcrossFacilities { kind: None, value: 78, date: "2021-06-30".parse().unwrap(), shown: vec!["A".into(), "B".into()], facilities: 2 };
    /// # let jump = || overcrowding::screen::Cause::Jump { before: 300, from: "2021-05-31".parse().unwrap(), after: 900, to: "2021-06-30".parse().unwrap(), k: 4.0, mad: 10.0 };
    /// use overcrowding::screen::{Finding, Rule, Screen, Severity};
    /// let d = "2021-06-30".parse().unwrap();
    /// let s = Screen::new(vec![
    ///     Finding::new(repeated(), Some("A"), d, Some(78)),
    ///     Finding::new(repeated(), Some("B"), d, Some(78)),
    ///     Finding::new(jump(), Some("C"), d, Some(300)).with_people(120),
    /// ]);
    /// let c = s.counts();
    /// assert_eq!((c[0].rule, c[0].findings, c[0].people), (Rule::Jump, 1, 120));
    /// assert_eq!((c[1].rule, c[1].findings, c[1].facilities, c[1].severity), (Rule::RepeatedAcrossFacilities, 2, 2, Severity::Low));
    /// ```
    pub fn counts(&self) -> Vec<RuleCount> {
        let mut by_rule: std::collections::BTreeMap<Rule, (RuleCount, Vec<&str>)> =
            Default::default();
        for f in &self.findings {
            let (c, ids) = by_rule.entry(f.rule).or_insert_with(|| {
                (
                    RuleCount {
                        rule: f.rule,
                        severity: f.severity,
                        findings: 0,
                        facilities: 0,
                        people: 0,
                    },
                    Vec::new(),
                )
            });
            c.severity = c.severity.max(f.severity);
            c.findings += 1;
            c.people = c.people.saturating_add(f.people.unwrap_or(0));
            ids.extend(f.facility.as_deref());
        }
        let mut out: Vec<RuleCount> = by_rule
            .into_values()
            .map(|(mut c, mut ids)| {
                ids.sort_unstable();
                ids.dedup();
                c.facilities = ids.len();
                c
            })
            .collect();
        out.sort_by_key(|c| std::cmp::Reverse((c.severity, c.findings)));
        out
    }

    /// The findings of one rule.
    ///
    /// ```
    /// use overcrowding::screen::{Rule, Screen};
    /// assert_eq!(Screen::new(Vec::new()).of_rule(Rule::Jump).count(), 0);
    /// ```
    pub fn of_rule(&self, rule: Rule) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(move |f| f.rule == rule)
    }

    /// The records and dates the findings name: a facility finding excludes that facility's
    /// record of that date; a date finding (a partial report) the whole date. Apply with
    /// [`Panel::without`](crate::Panel::without).
    ///
    /// ```
    /// # let partial = || overcrowding::screen::Cause::PartialReport { facilities: 95, total: 62_754, median_facilities: 130.0, median_total: 85_000, dates: 4 };
    /// use overcrowding::screen::{Finding, Rule, Screen};
    /// let d = "2013-03-22".parse().unwrap();
    /// let s = Screen::new(vec![Finding::new(partial(), None, d, Some(95))]);
    /// assert!(s.exclusions().dates().contains(&d));
    /// ```
    pub fn exclusions(&self) -> Exclusions {
        self.exclusions_of(|_| true)
    }

    /// The exclusions of the findings of the given rules only.
    ///
    /// ```
    /// # let partial = || overcrowding::screen::Cause::PartialReport { facilities: 95, total: 62_754, median_facilities: 130.0, median_total: 85_000, dates: 4 };
    /// use overcrowding::screen::{Finding, Rule, Screen};
    /// let d = "2013-03-22".parse().unwrap();
    /// let s = Screen::new(vec![Finding::new(partial(), None, d, Some(95))]);
    /// assert!(s.exclusions_for(&[Rule::Jump]).is_empty());
    /// ```
    pub fn exclusions_for(&self, rules: &[Rule]) -> Exclusions {
        self.exclusions_of(|f| rules.contains(&f.rule))
    }

    fn exclusions_of(&self, keep: impl Fn(&Finding) -> bool) -> Exclusions {
        self.findings
            .iter()
            .filter(|f| keep(f))
            .fold(Exclusions::new(), |ex, f| match &f.facility {
                Some(id) => ex.with_record(id.clone(), f.date),
                None => ex.with_date(f.date),
            })
    }

    /// The findings as an aligned text table: rule, date, facility, value, why.
    ///
    /// ```
    /// # let jump = || overcrowding::screen::Cause::Jump { before: 300, from: "2021-05-31".parse().unwrap(), after: 900, to: "2021-06-30".parse().unwrap(), k: 4.0, mad: 10.0 };
    /// use overcrowding::screen::{Finding, Rule, Screen};
    /// let d = "2020-02-29".parse().unwrap();
    /// let s = Screen::new(vec![Finding::new(jump(), Some("AL01"), d, Some(3290))]);
    /// let t = s.to_table();
    /// assert_eq!(t.lines().count(), 2);
    /// assert!(t.lines().nth(1).unwrap().starts_with("jump  2020-02-29  AL01"));
    /// ```
    pub fn to_table(&self) -> String {
        let header = ["rule", "date", "facility", "value", "why"];
        let rows: Vec<[String; 5]> = self
            .findings
            .iter()
            .map(|f| {
                [
                    f.rule.name().to_string(),
                    f.date.to_string(),
                    f.facility.clone().unwrap_or_else(|| "(all)".to_string()),
                    f.value.map_or(String::new(), |v| v.to_string()),
                    f.why(),
                ]
            })
            .collect();
        let mut widths = header.map(|h| h.chars().count());
        for r in &rows {
            for (w, c) in widths.iter_mut().zip(r) {
                *w = (*w).max(c.chars().count());
            }
        }
        let line = |cells: [&str; 5]| {
            let mut s = String::new();
            for (i, (c, w)) in cells.iter().zip(widths).enumerate() {
                if i == 4 {
                    s.push_str(c);
                } else if i == 3 {
                    s.push_str(&format!("{c:>w$}  "));
                } else {
                    s.push_str(&format!("{c:<w$}  "));
                }
            }
            s.trim_end().to_string()
        };
        let mut out = line(header);
        for r in &rows {
            out.push('\n');
            out.push_str(&line([&r[0], &r[1], &r[2], &r[3], &r[4]]));
        }
        out.push('\n');
        out
    }
}
