//! Hand-computed checks of every change.

use super::*;
use crate::ErrorKind;
use crate::metrics::{PretrialDefinition, Ratio};
use crate::model::{CapacityKind, LegalStatus};

fn id(s: &str) -> FacilityId {
    FacilityId::new(s).unwrap()
}

fn st(name: &str, cap: u64, pop: u64) -> FacilityState {
    FacilityState::new(name, CapacityKind::Design, cap, pop).unwrap()
}

fn pct(p: f64) -> Percent {
    Percent::new(p).unwrap()
}

fn full(name: &str, cap: u64, u: u64, c: u64, a: u64, s: u64) -> FacilityState {
    st(name, cap, u + c + a + s).with_status(LegalStatus {
        untried: Some(u),
        convicted_unsentenced: Some(c),
        under_appeal: Some(a),
        sentenced: Some(s),
    })
}

fn run(states: &[FacilityState], changes: Vec<Change>) -> Result<ScenarioOutcome> {
    let mut s = Scenario::new("t");
    for c in changes {
        s = s.then(c);
    }
    s.apply(states, &Standard::critical())
}

fn pops(out: &ScenarioOutcome) -> Vec<Option<u64>> {
    out.facilities
        .iter()
        .map(|f| f.after.as_ref().map(FacilityState::population))
        .collect()
}

#[test]
fn release_from_one_facility() {
    let out = run(
        &[st("A", 100, 150), st("B", 100, 90)],
        vec![Change::Release {
            from: ReleaseFrom::Facility(id("A")),
            status: None,
            count: 30,
        }],
    )
    .unwrap();
    assert_eq!(pops(&out), vec![Some(120), Some(90)]);
    // System 240/200 = 120 % -> 210/200 = 105 %.
    assert_eq!(out.system_before.ratio, Ratio::new(6u64, 5u64).unwrap());
    assert_eq!(out.system_after.ratio, Ratio::new(21u64, 20u64).unwrap());
    assert_eq!(out.band_before.label(), "critical overcrowding");
    assert_eq!(out.band_after.label(), "overcrowded");
    // A: 150 % -> 120 %: still critical (≥ 120 % inclusive).
    assert!(!out.facilities[0].crossed_band());
    assert_eq!(out.released, 30);
}

#[test]
fn release_proportional_and_most_occupied_first() {
    // 40 over weights 150 and 90: 25 and 15.
    let out = run(
        &[st("A", 100, 150), st("B", 100, 90)],
        vec![Change::Release {
            from: ReleaseFrom::Proportional,
            status: None,
            count: 40,
        }],
    )
    .unwrap();
    assert_eq!(pops(&out), vec![Some(125), Some(75)]);
    // One at a time from the fuller: 12,11 -> 11,11 -> 10,11 -> 10,10 -> 9,10 -> 9,9.
    let out = run(
        &[st("A", 10, 12), st("B", 10, 11)],
        vec![Change::Release {
            from: ReleaseFrom::MostOccupiedFirst,
            status: None,
            count: 5,
        }],
    )
    .unwrap();
    assert_eq!(pops(&out), vec![Some(9), Some(9)]);
    // Capacities differ: A 30/20 = 150 %, B 12/10 = 120 %; 10 releases: A to 20 (100 %), B 12.
    let out = run(
        &[st("A", 20, 30), st("B", 10, 12)],
        vec![Change::Release {
            from: ReleaseFrom::MostOccupiedFirst,
            status: None,
            count: 10,
        }],
    )
    .unwrap();
    // A 30 -> 24 (6 releases, 120 % = B); tie -> A 23 (115 %); B 12 -> 11 (110 %);
    // A 23 -> 22 (110 %); tie -> A 21.
    assert_eq!(pops(&out), vec![Some(21), Some(11)]);
    // Too many: an error, not a clamp.
    let err = run(
        &[st("A", 10, 3), st("B", 10, 2)],
        vec![Change::Release {
            from: ReleaseFrom::Proportional,
            status: None,
            count: 6,
        }],
    )
    .unwrap_err();
    assert!(matches!(
        err.kind(),
        ErrorKind::NegativeCount {
            current: 5,
            change: 6,
            ..
        }
    ));
}

#[test]
fn release_by_status_keeps_other_groups() {
    let out = run(
        &[full("A", 100, 40, 0, 10, 50)],
        vec![Change::Release {
            from: ReleaseFrom::Facility(id("A")),
            status: Some(StatusGroup::Untried),
            count: 15,
        }],
    )
    .unwrap();
    let a = out.facilities[0].after.as_ref().unwrap();
    assert_eq!(a.count(StatusGroup::Untried), Some(25));
    assert_eq!(a.count(StatusGroup::Sentenced), Some(50));
    // Status-less release: proportional over 40/0/10/50 -> 4, 0, 1, 5 of 10.
    let out = run(
        &[full("A", 100, 40, 0, 10, 50)],
        vec![Change::Release {
            from: ReleaseFrom::Facility(id("A")),
            status: None,
            count: 10,
        }],
    )
    .unwrap();
    let a = out.facilities[0].after.as_ref().unwrap();
    assert_eq!(
        a.legal_status(),
        LegalStatus {
            untried: Some(36),
            convicted_unsentenced: Some(0),
            under_appeal: Some(9),
            sentenced: Some(45)
        }
    );
    // Releasing a group from one facility only needs that facility to report it.
    let out = run(
        &[full("A", 100, 40, 0, 10, 50), st("B", 10, 5)],
        vec![Change::Release {
            from: ReleaseFrom::Facility(id("A")),
            status: Some(StatusGroup::Untried),
            count: 1,
        }],
    )
    .unwrap();
    assert_eq!(out.released, 1);
    // Spread over the system, every facility must report it.
    assert!(
        run(
            &[full("A", 100, 40, 0, 10, 50), st("B", 10, 5)],
            vec![Change::Release {
                from: ReleaseFrom::Proportional,
                status: Some(StatusGroup::Untried),
                count: 1,
            }],
        )
        .is_err()
    );
    // A status that is not reported cannot be released.
    assert!(
        run(
            &[st("A", 10, 5)],
            vec![Change::Release {
                from: ReleaseFrom::Facility(id("A")),
                status: Some(StatusGroup::Untried),
                count: 1,
            }],
        )
        .is_err()
    );
}

#[test]
fn release_share_floors_per_facility() {
    // 10 % of untried: A 45 -> 4 (floor 4.5), B 19 -> 1.
    let out = run(
        &[full("A", 100, 45, 0, 0, 55), full("B", 100, 19, 0, 0, 1)],
        vec![Change::ReleaseShare {
            from: Where::All,
            status: Some(StatusGroup::Untried),
            share: pct(10.0),
        }],
    )
    .unwrap();
    assert_eq!(out.released, 5);
    assert_eq!(pops(&out), vec![Some(96), Some(19)]);
    assert!(
        run(
            &[st("A", 10, 5)],
            vec![Change::ReleaseShare {
                from: Where::All,
                status: None,
                share: pct(120.0),
            }],
        )
        .is_err()
    );
}

#[test]
fn clearing_the_cambodian_backlog() {
    // Illustrative: 39,000 held in 27,000 places; 13,650 untried (35 %), 13,299 under appeal
    // (34.1 %, LICADHO 2015 share), 12,051 sentenced.
    let kh = full("KH", 27_000, 13_650, 0, 13_299, 12_051);
    let out = run(
        std::slice::from_ref(&kh),
        vec![Change::ClearBacklog {
            from: Where::All,
            share: pct(100.0),
            convicted: pct(60.0),
        }],
    )
    .unwrap();
    // Tried 13,650: 8,190 convicted (sentenced), 5,460 released.
    assert_eq!(out.released, 5_460);
    let after = out.facilities[0].after.as_ref().unwrap();
    assert_eq!(after.population(), 33_540);
    assert_eq!(after.count(StatusGroup::Sentenced), Some(20_241));
    assert_eq!(out.system_after.ratio.percent_rounded(1), 124.2); // 33,540 / 27,000
    use PretrialDefinition::{Broad, Narrow};
    assert_eq!(
        out.pretrial_share_before(Narrow)
            .unwrap()
            .percent_rounded(1),
        35.0
    );
    assert_eq!(
        out.pretrial_share_before(Broad).unwrap().percent_rounded(1),
        69.1
    ); // 26,949
    assert_eq!(
        out.pretrial_share_after(Narrow).unwrap().percent_rounded(1),
        0.0
    );
    assert_eq!(
        out.pretrial_share_after(Broad).unwrap().percent_rounded(1),
        39.7
    ); // 13,299 / 33,540
    // Half the backlog, all released: 6,825 out.
    let out = run(
        &[kh],
        vec![Change::ClearBacklog {
            from: Where::All,
            share: pct(50.0),
            convicted: pct(0.0),
        }],
    )
    .unwrap();
    assert_eq!(out.released, 6_825);
    assert_eq!(out.system_after.population, 32_175);
    // Sentenced not reported: the convicted join the residual.
    let s = st("A", 10, 10).with_status(LegalStatus {
        untried: Some(4),
        ..LegalStatus::default()
    });
    let out = run(
        &[s],
        vec![Change::ClearBacklog {
            from: Where::All,
            share: pct(100.0),
            convicted: pct(50.0),
        }],
    )
    .unwrap();
    let a = out.facilities[0].after.as_ref().unwrap();
    assert_eq!(
        (a.population(), a.count(StatusGroup::Untried)),
        (8, Some(0))
    );
}

#[test]
fn capacity_changes() {
    let out = run(
        &[st("A", 100, 130), st("B", 50, 40)],
        vec![
            Change::AddPlaces {
                facility: id("A"),
                places: 30,
            },
            Change::RemovePlaces {
                facility: id("B"),
                places: 10,
            },
        ],
    )
    .unwrap();
    assert_eq!(out.system_after.capacity, 170);
    assert_eq!(
        out.facilities[0].occupancy_after.unwrap(),
        Ratio::new(130u64, 130u64).unwrap()
    );
    assert_eq!(
        out.facilities[1]
            .occupancy_after
            .unwrap()
            .percent_rounded(0),
        100.0
    );
    assert_eq!(out.steps[0].system.capacity, 180);
    let err = run(
        &[st("A", 100, 130)],
        vec![Change::RemovePlaces {
            facility: id("A"),
            places: 101,
        }],
    )
    .unwrap_err();
    assert!(matches!(
        err.kind(),
        ErrorKind::NegativeCount {
            what: "capacity",
            current: 100,
            change: 101,
            ..
        }
    ));
    assert!(
        run(
            &[st("A", 100, 130), st("B", 1, 1)],
            vec![Change::RemovePlaces {
                facility: id("A"),
                places: 100,
            }],
        )
        .is_err()
    );
    assert!(
        run(
            &[st("A", 100, 130)],
            vec![Change::AddPlaces {
                facility: id("Z"),
                places: 1,
            }],
        )
        .is_err()
    );
}

#[test]
fn closing_a_prison_rehouses_its_people() {
    // Close A (5 people): B 3/10, C 4/20. Receipt order by (q+1)/c: C .25, C .30, C .35,
    // B .40 (tie with C .40 goes to the earlier), C .40 -> B 4, C 8.
    let out = run(
        &[st("A", 10, 5), st("B", 10, 3), st("C", 20, 4)],
        vec![Change::Close { facility: id("A") }],
    )
    .unwrap();
    assert_eq!(pops(&out), vec![None, Some(4), Some(8)]);
    assert_eq!(out.system_after.capacity, 30);
    assert_eq!(out.transferred, 5);
    assert!(out.facilities[0].crossed_band());
    // Ceilings limit where they can go.
    let err = run(
        &[st("A", 10, 5), st("B", 10, 3).with_ceiling(4)],
        vec![Change::Close { facility: id("A") }],
    )
    .unwrap_err();
    assert!(matches!(
        err.kind(),
        ErrorKind::LimitExceeded {
            limit: 1,
            would_be: 5,
            ..
        }
    ));
    // The last prison cannot close; a closed prison cannot be used again.
    assert!(run(&[st("A", 10, 5)], vec![Change::Close { facility: id("A") }]).is_err());
    assert!(
        run(
            &[st("A", 10, 5), st("B", 10, 3)],
            vec![
                Change::Close { facility: id("A") },
                Change::AddPlaces {
                    facility: id("A"),
                    places: 1
                }
            ],
        )
        .is_err()
    );
}

#[test]
fn transfers_respect_limits_and_counts() {
    let states = [st("A", 10, 15), st("B", 10, 5).with_ceiling(9)];
    let out = run(
        &states,
        vec![Change::Transfer {
            from: id("A"),
            to: id("B"),
            count: 4,
            status: None,
        }],
    )
    .unwrap();
    assert_eq!(pops(&out), vec![Some(11), Some(9)]);
    let err = run(
        &states,
        vec![Change::Transfer {
            from: id("A"),
            to: id("B"),
            count: 5,
            status: None,
        }],
    )
    .unwrap_err();
    assert!(matches!(
        err.kind(),
        ErrorKind::LimitExceeded {
            limit: 9,
            would_be: 10,
            ..
        }
    ));
    let err = run(
        &states,
        vec![Change::Transfer {
            from: id("B"),
            to: id("A"),
            count: 6,
            status: None,
        }],
    )
    .unwrap_err();
    assert!(matches!(
        err.kind(),
        ErrorKind::NegativeCount {
            current: 5,
            change: 6,
            ..
        }
    ));
    assert!(
        run(
            &states,
            vec![Change::Transfer {
                from: id("A"),
                to: id("A"),
                count: 1,
                status: None,
            }],
        )
        .is_err()
    );
    // People of unreported status cannot join a facility reporting all four components.
    assert!(
        run(
            &[st("A", 10, 15), full("B", 10, 1, 1, 1, 1)],
            vec![Change::Transfer {
                from: id("A"),
                to: id("B"),
                count: 1,
                status: None,
            }],
        )
        .is_err()
    );
}

#[test]
fn changes_compose_in_order() {
    // Release 10 from A (12 -> 2), then transfer 5 from A: A has only 2 -> error.
    let states = [st("A", 10, 12), st("B", 10, 5)];
    let release = Change::Release {
        from: ReleaseFrom::Facility(id("A")),
        status: None,
        count: 10,
    };
    let transfer = Change::Transfer {
        from: id("A"),
        to: id("B"),
        count: 5,
        status: None,
    };
    assert!(run(&states, vec![release, transfer]).is_err());
    // Halve everyone, then admit 10 to A: A 12 -> 6 -> 16, B 5 -> 3 (⌊2.5⌋ released).
    let halve = Change::ReleaseShare {
        from: Where::All,
        status: None,
        share: pct(50.0),
    };
    let admit = Change::Admit {
        to: id("A"),
        status: None,
        count: 10,
    };
    let out = run(&states, vec![halve.clone(), admit.clone()]).unwrap();
    assert_eq!(pops(&out), vec![Some(16), Some(3)]);
    assert_eq!((out.released, out.admitted), (8, 10));
    // The other order: A 22 -> 11.
    let out = run(&states, vec![admit, halve]).unwrap();
    assert_eq!(pops(&out), vec![Some(11), Some(3)]);
    assert_eq!(out.steps[0].system.population, 27);
}

#[test]
fn rebalance_in_a_scenario() {
    let out = run(
        &[st("A", 100, 150), st("B", 100, 50)],
        vec![Change::Rebalance {
            transfers: 100,
            objective: Objective::MaxOccupancy,
        }],
    )
    .unwrap();
    assert_eq!(pops(&out), vec![Some(100), Some(100)]);
    assert_eq!(out.transferred, 50);
    let out = run(
        &[st("A", 100, 150), st("B", 100, 50)],
        vec![Change::Rebalance {
            transfers: 20,
            objective: Objective::MaxOccupancy,
        }],
    )
    .unwrap();
    assert_eq!(pops(&out), vec![Some(130), Some(70)]);
}

#[test]
fn validation() {
    assert!(matches!(
        Scenario::new("e")
            .apply(&[], &Standard::critical())
            .as_ref()
            .map_err(|e| e.kind()),
        Err(ErrorKind::Empty { .. })
    ));
    assert!(run(&[st("A", 1, 1), st("A", 1, 1)], vec![]).is_err());
    let rated = FacilityState::new("B", CapacityKind::Rated, 1, 1).unwrap();
    assert!(run(&[st("A", 1, 1), rated.clone()], vec![]).is_err());
    // The critical standard applies to official and design capacity only.
    assert!(
        Scenario::new("x")
            .apply(&[rated], &Standard::critical())
            .is_err()
    );
}
