//! Hand computations and the sweep-vs-naive property test.

use super::*;
use proptest::prelude::*;

/// A naive daily population: for each stay, for each day of the window. The reference the sweep is
/// checked against (it is `O(n·D)`).
fn naive_daily_total(stays: &Stays, from: Date, to: Date) -> Vec<u64> {
    let f0 = day_number(from);
    let days = (day_number(to) - f0 + 1).max(0) as usize;
    let mut out = vec![0u64; days];
    for s in stays.stays() {
        let a = day_number(s.admission);
        let r = s.release.map(day_number);
        for (k, o) in out.iter_mut().enumerate() {
            let d = f0 + k as i64;
            if a <= d && r.is_none_or(|r| d < r) {
                *o += 1;
            }
        }
    }
    out
}

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

#[test]
fn day_numbers() {
    assert_eq!(day_number(d("1970-01-01")), 0);
    assert_eq!(day_number(d("2000-03-01")), 11_017);
    assert_eq!(day_number(d("1969-12-31")), -1);
    let a = d("2021-02-20");
    for k in 0..800i64 {
        let b = a.checked_add(jiff::Span::new().days(k)).unwrap();
        assert_eq!(day_number(b) - day_number(a), k);
    }
}

#[test]
fn rejects_are_reported_not_dropped() {
    let recs = vec![
        StayRecord::new(Some(d("2021-01-01")), None, "A", None),
        StayRecord::new(None, Some(d("2021-01-01")), "A", None),
        StayRecord::new(Some(d("2021-01-05")), Some(d("2021-01-04")), "A", None),
        StayRecord::new(Some(d("2021-01-05")), Some(d("2021-01-05")), "A", None),
        StayRecord::new(Some(d("2021-01-05")), None, "", None),
    ];
    let s = Stays::from_records(&recs);
    assert_eq!(s.input(), s.accepted() + s.rejects().len());
    assert_eq!(s.accepted(), 2);
    let idx: Vec<usize> = s.rejects().iter().map(|r| r.index()).collect();
    assert_eq!(idx, vec![1, 2, 4]);
    assert_eq!(
        s.rejects()[1].error().to_string(),
        "column \"release\": release date 2021-01-04 must not come before admission date 2021-01-05"
    );
    assert_eq!(s.rejects()[2].record().facility, "");
    // Read back, the rejects are validated again: the same typed errors.
    let back: Stays = serde_json::from_str(&serde_json::to_string(&s).unwrap()).unwrap();
    assert_eq!(back, s);
    assert_eq!(back.rejects()[1].error().value(), Some("2021-01-04"));
}

#[test]
fn kaplan_meier_by_hand() {
    // Lengths 3 (event), 5 (censored), 5 (event), 8 (event), 10 (censored), as of day 10.
    // t=3: 5 at risk, 1 event -> 0.8; t=5: 4 at risk, 1 event -> 0.6;
    // t=8: 2 at risk, 1 event -> 0.3. Median 8.
    let base = d("2021-01-01");
    let plus = |k: i64| base.checked_add(jiff::Span::new().days(k)).unwrap();
    let as_of = plus(10);
    let recs = vec![
        StayRecord::new(Some(base), Some(plus(3)), "A", None),
        StayRecord::new(Some(plus(5)), None, "A", None), // censored at 5
        StayRecord::new(Some(base), Some(plus(5)), "A", None),
        StayRecord::new(Some(plus(1)), Some(plus(9)), "A", None),
        StayRecord::new(Some(base), Some(plus(40)), "A", None), // released after as_of: censored at 10
        StayRecord::new(Some(plus(11)), None, "A", None),       // admitted after as_of
    ];
    let km = Stays::from_records(&recs).kaplan_meier(as_of).unwrap();
    assert_eq!(
        (km.n, km.events, km.censored, km.admitted_after_as_of),
        (5, 3, 2, 1)
    );
    let got: Vec<(u32, u64, u64)> = km
        .steps
        .iter()
        .map(|s| (s.day, s.at_risk, s.events))
        .collect();
    assert_eq!(got, vec![(3, 5, 1), (5, 4, 1), (8, 2, 1)]);
    approx::assert_relative_eq!(km.survival_at(3), 0.8);
    approx::assert_relative_eq!(km.survival_at(7), 0.6);
    approx::assert_relative_eq!(km.survival_at(8), 0.3);
    assert_eq!(km.median_days(), Some(8));
}

#[test]
fn flows_by_hand() {
    let recs = vec![
        StayRecord::new(Some(d("2021-01-10")), Some(d("2021-03-01")), "A", None),
        StayRecord::new(Some(d("2021-01-20")), None, "B", None),
        StayRecord::new(Some(d("2021-03-05")), Some(d("2021-03-06")), "A", None),
    ];
    let f = Stays::from_records(&recs).monthly_flows();
    let got: Vec<(i8, u64, u64)> = f
        .iter()
        .map(|m| (m.month, m.admissions, m.releases))
        .collect();
    assert_eq!(got, vec![(1, 2, 0), (2, 0, 0), (3, 1, 2)]);
}

proptest! {
    #[test]
    fn sweep_matches_naive(
        raw in proptest::collection::vec((0i64..60, proptest::option::of(0i64..40), 0usize..3, 0usize..3), 0..40),
        w0 in 0i64..50, wlen in 0i64..40,
    ) {
        let base = d("2021-01-01");
        let plus = |k: i64| base.checked_add(jiff::Span::new().days(k)).unwrap();
        let statuses = [None, Some(StatusGroup::Untried), Some(StatusGroup::Sentenced)];
        let recs: Vec<StayRecord> = raw.iter().map(|&(a, len, f, st)| {
            StayRecord::new(Some(plus(a)), len.map(|l| plus(a + l)), ["A", "B", "C"][f], statuses[st])
        }).collect();
        let s = Stays::from_records(&recs);
        prop_assert_eq!(s.accepted(), recs.len());
        let (from, to) = (plus(w0), plus(w0 + wlen));
        let p = s.daily_population(from, to).unwrap();
        prop_assert_eq!(p.total(), naive_daily_total(&s, from, to));
        // Per key too.
        for ((fac, st), v) in &p.by_key {
            let only: Vec<StayRecord> = recs.iter().filter(|r| r.facility == fac.as_str() && r.status == *st).cloned().collect();
            prop_assert_eq!(v, &naive_daily_total(&Stays::from_records(&only), from, to));
        }
    }
}

/// The monthly flows as computed before the counting pass: a map per month.
fn flows_by_map(stays: &Stays) -> Vec<MonthFlow> {
    let key = |d: Date| i64::from(d.year()) * 12 + i64::from(d.month()) - 1;
    let mut counts: BTreeMap<i64, (u64, u64)> = BTreeMap::new();
    for s in stays.stays() {
        counts.entry(key(s.admission)).or_default().0 += 1;
        if let Some(r) = s.release {
            counts.entry(key(r)).or_default().1 += 1;
        }
    }
    let (Some(&first), Some(&last)) = (counts.keys().next(), counts.keys().next_back()) else {
        return Vec::new();
    };
    (first..=last)
        .map(|k| {
            let (admissions, releases) = counts.get(&k).copied().unwrap_or_default();
            MonthFlow {
                year: k.div_euclid(12) as i16,
                month: (k.rem_euclid(12) + 1) as i8,
                admissions,
                releases,
            }
        })
        .collect()
}

/// Seeded stays of 3 facilities × 3 statuses, some still held, over about three years.
fn many(n: usize, seed: u64) -> Stays {
    use rand::{Rng, SeedableRng};
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let base = d("2019-01-01");
    let plus = |k: i64| base.checked_add(jiff::Span::new().days(k)).unwrap();
    let statuses = [
        None,
        Some(StatusGroup::Untried),
        Some(StatusGroup::Sentenced),
    ];
    let recs: Vec<StayRecord> = (0..n)
        .map(|_| {
            let a = rng.random_range(0..1_100);
            let release = (!rng.random_ratio(1, 5)).then(|| plus(a + rng.random_range(0..400)));
            StayRecord::new(
                Some(plus(a)),
                release,
                ["A", "B", "C"][rng.random_range(0..3)],
                statuses[rng.random_range(0..3)],
            )
        })
        .collect();
    Stays::from_records(&recs)
}

#[test]
fn counting_passes_are_the_same_on_one_thread_and_two() {
    // More stays than one chunk, so two threads count two chunks.
    let s = many(150_000, 11);
    let pool = |n| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .unwrap()
    };
    let run = |n| {
        pool(n).install(|| {
            (
                s.daily_population(d("2019-06-01"), d("2021-06-30"))
                    .unwrap(),
                s.kaplan_meier(d("2020-12-31")).unwrap(),
                s.monthly_flows(),
            )
        })
    };
    let (one, two) = (run(1), run(2));
    assert_eq!(one, two);
    assert_eq!(one.0.by_key.len(), 9);
    assert_eq!(one.2, flows_by_map(&s));
    let cut = day_number(d("2020-12-31"));
    assert_eq!(one.1, km_by_sort(s.stays(), cut).unwrap());
}

#[test]
fn status_totals_add_up() {
    let s = many(2_000, 5);
    let p = s
        .daily_population(d("2019-03-01"), d("2019-05-31"))
        .unwrap();
    let groups = [
        None,
        Some(StatusGroup::Untried),
        Some(StatusGroup::Sentenced),
    ];
    let mut sum = vec![0u64; p.days];
    for g in groups {
        for (o, x) in sum.iter_mut().zip(p.status(g)) {
            *o += x;
        }
    }
    assert_eq!(sum, p.total());
    assert_eq!(p.status(Some(StatusGroup::UnderAppeal)), vec![0; p.days]);
    let only: Vec<StayRecord> = s
        .stays()
        .iter()
        .filter(|x| x.status == Some(StatusGroup::Untried))
        .map(|x| StayRecord::new(Some(x.admission), x.release, x.facility.as_str(), x.status))
        .collect();
    assert_eq!(
        p.status(Some(StatusGroup::Untried)),
        naive_daily_total(
            &Stays::from_records(&only),
            d("2019-03-01"),
            d("2019-05-31")
        )
    );
}

#[test]
fn kaplan_meier_of_a_very_long_stay_sorts() {
    // A stay of ~1,000 years: counting by day would cost more than sorting two stays.
    let recs = vec![
        StayRecord::new(Some(d("1021-01-01")), Some(d("2021-01-01")), "A", None),
        StayRecord::new(Some(d("2021-01-01")), Some(d("2021-01-11")), "A", None),
    ];
    let s = Stays::from_records(&recs);
    let cut = day_number(d("2021-12-31"));
    assert!(s.columns.lengths(cut).is_none());
    let km = s.kaplan_meier(d("2021-12-31")).unwrap();
    assert_eq!((km.steps[0].day, km.steps[0].at_risk), (10, 2));
    assert_eq!(km.steps[1].at_risk, 1);
    assert_eq!(km.median_days(), Some(10));
    // A span of a thousand years: the months are converted, not looked up.
    let f = s.monthly_flows();
    assert_eq!(f.len(), 12_001);
    assert_eq!(f, flows_by_map(&s));
}

#[test]
fn columns_are_rebuilt_when_read_back() {
    let s = many(500, 3);
    let back: Stays = serde_json::from_str(&serde_json::to_string(&s).unwrap()).unwrap();
    assert_eq!(back, s);
    assert_eq!(
        back.daily_population(d("2019-02-01"), d("2019-04-01"))
            .unwrap(),
        s.daily_population(d("2019-02-01"), d("2019-04-01"))
            .unwrap()
    );
}

proptest! {
    #[test]
    fn counting_matches_sorting(
        raw in proptest::collection::vec((0i64..80, proptest::option::of(0i64..60)), 0..80),
        cut in 0i64..120,
    ) {
        let base = d("2021-01-01");
        let plus = |k: i64| base.checked_add(jiff::Span::new().days(k)).unwrap();
        let recs: Vec<StayRecord> = raw
            .iter()
            .map(|&(a, len)| StayRecord::new(Some(plus(a)), len.map(|l| plus(a + l)), "A", None))
            .collect();
        let s = Stays::from_records(&recs);
        let c = day_number(plus(cut));
        let counted = km_from_counts(&s.columns.lengths(c).unwrap());
        let sorted = km_by_sort(s.stays(), c);
        match (counted, sorted) {
            (Ok(a), Ok(b)) => prop_assert_eq!(a, b),
            (Err(_), Err(_)) => {}
            (a, b) => prop_assert!(false, "{:?} vs {:?}", a, b),
        }
        prop_assert_eq!(s.monthly_flows(), flows_by_map(&s));
    }
}
