use jiff::civil::Date;
use proptest::prelude::*;

use super::run::{Prepared, Window};
use super::*;
use crate::flow::stays::{StayRecord, Stays};
use crate::flow::{StayDistribution, Stream};
use crate::model::StatusGroup;

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

fn plus(base: Date, days: i64) -> Date {
    base.checked_add(jiff::Span::new().days(days)).unwrap()
}

/// A stay: admission offset, length (None: still held), status 0..5 (4: unknown), sentenced
/// offset within the stay (if any), facility, class.
type Raw = (i64, Option<i64>, u8, Option<i64>, u8, u8);

fn records(raw: &[Raw]) -> Vec<StayRecord> {
    let origin = d("2020-01-01");
    raw.iter()
        .map(|&(a, len, st, sent, f, c)| {
            let adm = plus(origin, a);
            let rel = len.map(|l| plus(adm, l));
            let status = StatusGroup::ALL.get(usize::from(st)).copied();
            let mut r = StayRecord::new(Some(adm), rel, format!("F{f}"), status)
                .with_class(format!("C{c}"));
            if let Some(s) = sent {
                let s = len.map_or(s, |l| s.min(l));
                r = r.with_sentenced(plus(adm, s));
            }
            r
        })
        .collect()
}

fn raw_stay() -> impl Strategy<Value = Raw> {
    (
        -200i64..600,
        prop::option::weighted(0.85, 0i64..400),
        0u8..5,
        prop::option::of(0i64..300),
        0u8..3,
        0u8..2,
    )
}

fn timing() -> impl Strategy<Value = Timing> {
    (0i64..500, any::<bool>()).prop_map(|(o, r)| {
        let t = plus(d("2020-01-01"), o);
        if r {
            Timing::Retroactive(t)
        } else {
            Timing::Prospective(t)
        }
    })
}

fn lever() -> impl Strategy<Value = Lever> {
    prop_oneof![
        (0u32..200, timing()).prop_map(|(days, timing)| Lever::PretrialCap { days, timing }),
        (0.05f64..1.0, timing()).prop_map(|(f, timing)| Lever::Expedite {
            speedup: Speedup::Factor(f),
            timing
        }),
        (0u32..100, timing()).prop_map(|(c, timing)| Lever::Expedite {
            speedup: Speedup::CutDays(c),
            timing
        }),
        (0u32..200, timing(), any::<bool>()).prop_map(|(m, timing, sup)| Lever::EarlyRelease {
            within_days: m,
            timing,
            supervision: sup.then(|| Supervision::new(
                0.4,
                200,
                StayDistribution::Geometric { monthly_exit: 0.3 }
            )),
        }),
        (0u32..50, 0i64..400, 0i64..60, any::<bool>()).prop_map(|(n, a, l, p)| Lever::Surge {
            admissions: n,
            from: plus(d("2020-01-01"), a),
            to: plus(d("2020-01-01"), a + l),
            stay: StayDistribution::Exponential { mean_months: 2.0 },
            pretrial: p,
            facility: "F9".into(),
        }),
        (0.0f64..=1.0, 0i64..400, any::<bool>(), 0u8..3).prop_map(|(share, o, c, s)| {
            Lever::Diversion {
                share,
                from: plus(d("2020-01-01"), o),
                class: c.then(|| "C1".into()),
                stream: [None, Some(Stream::Pretrial), Some(Stream::Sentenced)][usize::from(s)],
            }
        }),
    ]
}

/// The policy population by a per-day loop over each stay's outcome.
fn naive_policy(stays: &Stays, plan: &Plan, from: Date, to: Date) -> Vec<u64> {
    let prep = Prepared::new(stays, plan).unwrap();
    let w = Window::new(from, to).unwrap();
    let mut counts = vec![super::apply::Counts::default(); plan.levers().len()];
    let mut out = vec![0u64; w.days];
    let b = &prep.book;
    for i in 0..b.len() {
        let start = if i < prep.original {
            0
        } else {
            usize::from(prep.start[i - prep.original])
        };
        let it = b.item(i);
        let o = prep
            .levers
            .apply(it.span, it.stream, b.class(i), i as u64, start, &mut counts);
        if let Some(s) = o.stay {
            assert!(
                s.adm <= s.sent && s.sent <= s.rel,
                "segments out of order: {s:?}"
            );
            for (t, x) in out.iter_mut().enumerate() {
                let day = w.first + t as i64;
                if i64::from(s.adm) <= day && day < i64::from(s.rel) {
                    *x += 1;
                }
            }
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn baseline_is_the_stays_sweep(raw in prop::collection::vec(
        (-200i64..600, prop::option::weighted(0.85, 0i64..400), 0u8..5, Just(None::<i64>), 0u8..3, 0u8..2), 0..80)) {
        let stays = Stays::from_records(&records(&raw));
        let (from, to) = (d("2020-01-01"), d("2021-06-30"));
        let run = Plan::new().run(&stays, from, to).unwrap();
        prop_assert_eq!(run.baseline(), &stays.daily_population(from, to).unwrap());
        prop_assert_eq!(run.baseline(), run.policy());
    }

    #[test]
    fn accounting_identity_and_naive_counts(
        raw in prop::collection::vec(raw_stay(), 0..80),
        levers in prop::collection::vec(lever(), 0..4),
        seed in any::<u64>(),
    ) {
        let stays = Stays::from_records(&records(&raw));
        let mut plan = Plan::new().with_seed(seed).with_paths(5);
        for l in levers {
            plan = plan.with_lever(l);
        }
        let (from, to) = (d("2020-01-01"), d("2021-06-30"));
        let run = plan.run(&stays, from, to).unwrap();
        let pd = run.person_days();
        prop_assert!(pd.identity_holds(), "{:?}", pd);
        prop_assert_eq!(pd.baseline, run.baseline().total().iter().sum::<u64>());
        prop_assert_eq!(run.policy().total(), naive_policy(&stays, &plan, from, to));
        // Without surges nobody is added: the policy never holds more people.
        if !plan.levers().iter().any(|l| matches!(l, Lever::Surge { .. })) {
            prop_assert_eq!(pd.added, 0);
            for (b, p) in run.baseline().total().iter().zip(run.policy().total()) {
                prop_assert!(p <= *b);
            }
        }
        if let Some(r) = run.recalls() {
            let sum = run.recall_sum().unwrap().total();
            for (p, &days) in r.person_days().iter().enumerate() {
                // Each path: its recall days are its daily recall counts summed.
                prop_assert_eq!(r.path(p).iter().map(|&x| u64::from(x)).sum::<u64>(), days);
            }
            for (t, s) in sum.iter().enumerate() {
                prop_assert_eq!(*s, (0..r.paths()).map(|p| u64::from(r.path(p)[t])).sum::<u64>());
            }
        }
    }
}

#[test]
fn censored_stays_are_never_released_by_expedite_or_early_release() {
    let stays = Stays::from_records(&[
        StayRecord::new(Some(d("2020-01-01")), None, "A", Some(StatusGroup::Untried)),
        StayRecord::new(
            Some(d("2020-01-01")),
            None,
            "A",
            Some(StatusGroup::Sentenced),
        ),
    ]);
    let t = Timing::Retroactive(d("2020-02-01"));
    let plan = Plan::new()
        .with_lever(Lever::Expedite {
            speedup: Speedup::Factor(0.1),
            timing: t,
        })
        .with_lever(Lever::EarlyRelease {
            within_days: 10_000,
            timing: t,
            supervision: None,
        });
    let run = plan.run(&stays, d("2020-01-01"), d("2020-12-31")).unwrap();
    assert_eq!(run.person_days().saved, 0);
    assert_eq!(run.policy().total(), run.baseline().total());
    let e = run.levers();
    assert_eq!((e[0].changed, e[0].censored_unchanged), (0, 1));
    assert_eq!((e[1].changed, e[1].censored_unchanged), (0, 1));
}

#[test]
fn retroactive_changes_nothing_before_its_date() {
    let stays = Stays::from_records(&[StayRecord::new(
        Some(d("2020-01-01")),
        Some(d("2020-12-31")),
        "A",
        Some(StatusGroup::Untried),
    )]);
    let plan = Plan::new().with_lever(Lever::PretrialCap {
        days: 30,
        timing: Timing::Retroactive(d("2020-06-01")),
    });
    let run = plan.run(&stays, d("2020-01-01"), d("2020-12-31")).unwrap();
    let p = run.policy().total();
    let t = (day(d("2020-06-01")) - day(d("2020-01-01"))) as usize;
    assert_eq!(p[t - 1], 1);
    assert_eq!(p[t], 0);
    // Prospective from the same date: an earlier admission is untouched.
    let plan = Plan::new().with_lever(Lever::PretrialCap {
        days: 30,
        timing: Timing::Prospective(d("2020-06-01")),
    });
    assert_eq!(
        plan.run(&stays, d("2020-01-01"), d("2020-12-31"))
            .unwrap()
            .person_days()
            .saved,
        0
    );
}

#[test]
fn recalls_are_the_same_on_one_thread_and_two() {
    let recs: Vec<_> = (0..2_000)
        .map(|i| {
            StayRecord::new(
                Some(plus(d("2020-01-01"), i % 300)),
                Some(plus(d("2020-06-01"), i % 200)),
                format!("F{}", i % 3),
                Some(StatusGroup::Sentenced),
            )
        })
        .collect();
    let stays = Stays::from_records(&recs);
    let plan = Plan::new().with_paths(20).with_lever(Lever::EarlyRelease {
        within_days: 60,
        timing: Timing::Retroactive(d("2020-03-01")),
        supervision: Some(Supervision::new(
            0.3,
            365,
            StayDistribution::Exponential { mean_months: 3.0 },
        )),
    });
    let run = |threads| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| plan.run(&stays, d("2020-01-01"), d("2021-12-31")).unwrap())
    };
    let (a, b) = (run(1), run(2));
    assert_eq!(a, b);
    let r = a.recalls().unwrap();
    let recalled: u64 = r.recalls().iter().sum();
    let released = a.levers()[0].changed * 20;
    // About 30 % of the releases on each path are recalled (most within the window).
    let share = recalled as f64 / released as f64;
    assert!((0.2..0.35).contains(&share), "{share}");
    assert!(!a.random_intervals(0.9).unwrap().is_empty());
}

#[test]
fn a_surge_adds_exactly_its_days() {
    let plan = Plan::new().with_lever(Lever::Surge {
        admissions: 700,
        from: d("2021-02-20"),
        to: d("2021-03-31"),
        stay: StayDistribution::Exponential { mean_months: 12.0 },
        pretrial: true,
        facility: "CC1".into(),
    });
    let run = plan
        .run(&Stays::from_records(&[]), d("2021-01-01"), d("2031-12-31"))
        .unwrap();
    let pd = run.person_days();
    assert_eq!(pd.baseline, 0);
    assert_eq!(pd.policy, pd.added);
    assert!(pd.identity_holds());
    // Admitted 20 Feb–31 Mar, all pretrial: 700 held on 31 Mar less the few released.
    let t = (day(d("2021-04-01")) - day(d("2021-01-01"))) as usize;
    let held = run.policy_status(Some(StatusGroup::Untried))[t];
    assert!((600..700).contains(&held), "{held}");
}
#[test]
fn lines_are_right_around_blank_lines_and_quoted_newlines() {
    let csv =
        "in,out\n2021-01-01,2021-01-05\n\n\"2021-01-09\",\"2021-01-0\n2\"\n\n2021-02-01,2021-01-01";
    let f = read_stays_from(csv.as_bytes(), &StaysColumns::new("in", "out")).unwrap();
    assert_eq!(
        f.rejects().iter().map(|r| r.line()).collect::<Vec<_>>(),
        [4, 7]
    );
    // The row's text as in the file (a quoted newline kept), and the typed cell error.
    assert_eq!(f.rejects()[0].raw(), "\"2021-01-09\",\"2021-01-0\n2\"");
    assert_eq!(
        f.rejects()[0].error().value_problem(),
        Some(crate::error::ValueProblem::NotIsoDate)
    );
    assert_eq!(f.rejects()[1].raw(), "2021-02-01,2021-01-01");
    assert_eq!((f.rows(), f.skipped()), (5, 2));
}

/// A prison that never reaches the target is still over; one without a capacity is not
/// counted among them.
#[test]
fn facilities_still_over_the_target() {
    let d = |s: &str| s.parse::<Date>().unwrap();
    let held = |facility: &'static str, n: usize, status: StatusGroup| {
        (0..n).map(move |_| StayRecord::new(Some(d("2021-01-01")), None, facility, Some(status)))
    };
    let stays: Vec<StayRecord> = held("A", 4, StatusGroup::Untried)
        .chain(held("B", 4, StatusGroup::Sentenced))
        .chain(held("C", 1, StatusGroup::Untried))
        .collect();
    // The cap releases A's four pretrial stays on 2021-02-01; B's sentenced ones stay.
    let plan = Plan::new().with_lever(Lever::PretrialCap {
        days: 10,
        timing: Timing::Retroactive(d("2021-02-01")),
    });
    let run = plan
        .run(
            &Stays::from_records(&stays),
            d("2021-01-01"),
            d("2021-03-01"),
        )
        .unwrap();
    let t = run.first_at_or_below(&[("A", 2), ("B", 1)], 100.0).unwrap();
    assert_eq!(t.facilities.len(), 2);
    assert_eq!(t.uncovered.len(), 1); // C
    assert_eq!(t.still_over(), 1); // B: 4 held in 1 place to the end
}

/// The same plan on a cohort model (in expectation) and on people drawn from that model
/// agree within the Monte Carlo error of the draw (issue 21 §4).
mod agreement {
    use super::*;
    use crate::flow::policy::draw::{DayQuantile, unit};
    use crate::flow::{CohortModel, DAYS_PER_MONTH, StreamSpec};

    fn model() -> CohortModel {
        CohortModel::new(
            StreamSpec::steady(
                600.0,
                StayDistribution::LogNormal {
                    median_months: 3.0,
                    sigma: 1.0,
                },
            )
            .unwrap(),
            StreamSpec::steady(150.0, StayDistribution::Exponential { mean_months: 18.0 }).unwrap(),
            0.5,
        )
    }

    /// People drawn from the model: the stock by months served on `from` and each day's
    /// admissions (a whole number a day: the expected count, its fraction drawn).
    fn draw(m: &CohortModel, from: Date, to: Date, seed: u64) -> Stays {
        let qp = DayQuantile::new(m.pretrial().stay());
        let qs = DayQuantile::new(m.sentenced().stay());
        let item = std::cell::Cell::new(0u64);
        let u = |k: u64| unit(seed, 1, item.get(), k);
        let mut out = Vec::new();
        let count = |n: f64| {
            item.set(item.get() + 1);
            n.floor() as usize + usize::from(u(7) < n.fract())
        };
        let next = || item.set(item.get() + 1);
        let push = |out: &mut Vec<StayRecord>, adm: Date, p: i64, q: Option<i64>| {
            let sent = plus(adm, p);
            out.push(match q {
                Some(q) => StayRecord::new(
                    Some(adm),
                    Some(plus(sent, q)),
                    "A",
                    Some(StatusGroup::Untried),
                )
                .with_sentenced(sent),
                None => StayRecord::new(Some(adm), Some(sent), "A", Some(StatusGroup::Untried)),
            });
        };
        let c = m.convicted_share();
        for (a, &n) in m.pretrial().initial_by_age().iter().enumerate() {
            for _ in 0..count(n) {
                next();
                let served = ((a as f64 + u(0)) * DAYS_PER_MONTH) as u32;
                let adm = plus(from, -i64::from(served));
                let p = i64::from(qp.days_beyond(served, u(1)));
                let q = (u(2) < c).then(|| i64::from(qs.days(u(3))));
                push(&mut out, adm, p, q);
            }
        }
        for (a, &n) in m.sentenced().initial_by_age().iter().enumerate() {
            for _ in 0..count(n) {
                next();
                let served = ((a as f64 + u(0)) * DAYS_PER_MONTH) as u32;
                let adm = plus(from, -i64::from(served));
                let l = i64::from(qs.days_beyond(served, u(1)));
                out.push(StayRecord::new(
                    Some(adm),
                    Some(plus(adm, l)),
                    "A",
                    Some(StatusGroup::Sentenced),
                ));
            }
        }
        let days = (to - from).get_days() as usize + 1;
        for i in 0..days {
            let month = (i as f64 / DAYS_PER_MONTH) as usize;
            let adm = plus(from, i as i64);
            for _ in 0..count(m.pretrial().admissions().at(month) / DAYS_PER_MONTH) {
                next();
                let p = i64::from(qp.days(u(1)));
                let q = (u(2) < c).then(|| i64::from(qs.days(u(3))));
                push(&mut out, adm, p, q);
            }
            for _ in 0..count(m.sentenced().admissions().at(month) / DAYS_PER_MONTH) {
                next();
                let l = i64::from(qs.days(u(1)));
                out.push(StayRecord::new(
                    Some(adm),
                    Some(plus(adm, l)),
                    "A",
                    Some(StatusGroup::Sentenced),
                ));
            }
        }
        let stays = Stays::from_records(&out);
        assert!(stays.rejects().is_empty());
        stays
    }

    /// Every 30th day: the person-level count within 4 standard deviations (a count of
    /// independent people: variance at most its mean) plus 0.5 % of the expectation (the
    /// quadrature's own error).
    fn close(what: &str, people: &[u64], expected: &[f64]) {
        for t in (0..expected.len()).step_by(30) {
            let (x, e) = (people[t] as f64, expected[t]);
            let tol = 4.0 * e.sqrt() + 0.005 * e + 1.0;
            assert!(
                (x - e).abs() <= tol,
                "{what}, day {t}: people {x}, expected {e:.1} (± {tol:.1})"
            );
        }
    }

    fn check(plan: &Plan) {
        let (from, to) = (d("2021-01-01"), d("2023-12-31"));
        let m = model();
        let stays = draw(&m, from, to, 2021);
        let people = plan.run(&stays, from, to).unwrap();
        let exp = plan.run_expected(&m, from, to).unwrap();
        // Recalls left out on both sides: the recall curve is checked on its own below.
        let (b, p) = (people.baseline().total(), people.policy().total());
        close("baseline", &b, &exp.baseline_total());
        close("policy", &p, &exp.policy_total());
        close(
            "policy pretrial",
            &people.policy_status(Some(StatusGroup::Untried)),
            exp.policy(crate::flow::Stream::Pretrial),
        );
        // The effect itself (baseline − policy), where most of the noise cancels.
        let effect: Vec<f64> = exp
            .baseline_total()
            .iter()
            .zip(exp.policy_total())
            .map(|(b, p)| b - p)
            .collect();
        for t in (0..effect.len()).step_by(30) {
            let x = b[t] as f64 - p[t] as f64;
            let tol = 5.0 * effect[t].abs().sqrt() + 0.02 * effect[t].abs() + 3.0;
            assert!(
                (x - effect[t]).abs() <= tol,
                "effect, day {t}: people {x}, expected {:.1} (± {tol:.1})",
                effect[t]
            );
        }
        assert!(exp.person_days().identity_gap() < 1e-9);
        let pd = people.person_days();
        let saved = exp.person_days().saved;
        assert!(
            (pd.saved as f64 - saved).abs() <= 0.03 * saved + 5.0 * saved.sqrt() * 30.0,
            "saved: people {}, expected {saved:.0}",
            pd.saved
        );
        if let Some(r) = people.recalls() {
            let mean: Vec<f64> = (0..exp.days())
                .map(|t| {
                    (0..r.paths()).map(|k| f64::from(r.path(k)[t])).sum::<f64>() / r.paths() as f64
                })
                .collect();
            for t in (0..mean.len()).step_by(30) {
                let e = exp.recalled()[t];
                // The mean over paths is precise; what remains is the draw's number of
                // people released (a relative error near 1/√released, ~1.5 % here).
                let tol = 0.05 * e + 3.0;
                assert!(
                    (mean[t] - e).abs() <= tol,
                    "recalled, day {t}: mean of paths {:.1}, expected {e:.1}",
                    mean[t]
                );
            }
        }
    }

    #[test]
    fn baseline_agrees() {
        check(&Plan::new());
    }

    #[test]
    fn pretrial_cap_agrees() {
        check(&Plan::new().with_lever(Lever::PretrialCap {
            days: 90,
            timing: Timing::Retroactive(d("2021-07-01")),
        }));
    }

    #[test]
    fn expedite_agrees() {
        check(&Plan::new().with_lever(Lever::Expedite {
            speedup: Speedup::Factor(0.6),
            timing: Timing::Prospective(d("2021-03-01")),
        }));
    }

    #[test]
    fn early_release_with_recalls_and_a_surge_agree() {
        check(
            &Plan::new()
                .with_lever(Lever::Surge {
                    admissions: 700,
                    from: d("2021-04-01"),
                    to: d("2021-04-30"),
                    stay: StayDistribution::Exponential { mean_months: 6.0 },
                    pretrial: true,
                    facility: "A".into(),
                })
                .with_lever(Lever::EarlyRelease {
                    within_days: 60,
                    timing: Timing::Retroactive(d("2022-01-01")),
                    supervision: Some(Supervision::new(
                        0.3,
                        365,
                        StayDistribution::Exponential { mean_months: 4.0 },
                    )),
                })
                .with_paths(200),
        );
    }

    #[test]
    fn fewer_pretrial_admissions_agree() {
        check(&Plan::new().with_lever(Lever::Diversion {
            share: 0.2,
            from: d("2021-06-01"),
            class: None,
            stream: Some(crate::flow::Stream::Pretrial),
        }));
    }

    #[test]
    fn diversion_needs_people() {
        let plan = Plan::new().with_lever(Lever::Diversion {
            share: 0.5,
            from: d("2021-01-01"),
            class: Some("misdemeanour".into()),
            stream: None,
        });
        let e = plan
            .run_expected(&model(), d("2021-01-01"), d("2021-12-31"))
            .unwrap_err();
        assert!(e.to_string().contains("person-level"), "{e}");
    }
}
