//! Chart tests: files written, SVG well-formed, PNG signature and size.

use super::heatmap::heat_bin;
use super::*;

#[test]
fn thousands_separator() {
    assert_eq!(thousands(27_000), "27,000");
    assert_eq!(thousands(544), "544");
    assert_eq!(thousands(1_000_000), "1,000,000");
}

#[test]
fn heat_bins_are_exact() {
    let r = |n, d| Ratio::new(n as u64, d as u64).unwrap();
    assert_eq!(heat_bin(&r(100, 100)), 0);
    assert_eq!(heat_bin(&r(101, 100)), 1);
    assert_eq!(heat_bin(&r(120, 100)), 1);
    assert_eq!(heat_bin(&r(151, 100)), 3);
}

#[test]
fn unknown_extension_is_refused() {
    let s = crate::datasets::cambodia_wpb_series().unwrap();
    let err = yearly_series("/tmp/x.jpg", "t", "c", "y", "observed", &s, None).unwrap_err();
    assert!(err.to_string().contains(".svg or .png"), "{err}");
}

fn out_dir() -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("overcrowding-plot-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Minimal well-formedness: starts with `<svg` (after an optional XML declaration), every
/// element opened is closed in order, and the title text is present.
fn check_svg(path: &Path, title: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    let body = text.trim_start();
    let body = if body.starts_with("<?xml") {
        &body[body.find("?>").unwrap() + 2..]
    } else {
        body
    };
    assert!(body.trim_start().starts_with("<svg"), "{}", &body[..40]);
    let mut stack: Vec<String> = Vec::new();
    let mut rest = body;
    while let Some(i) = rest.find('<') {
        let j = rest[i..].find('>').expect("unclosed tag") + i;
        let tag = &rest[i + 1..j];
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop().as_deref(), Some(name.trim()), "unbalanced");
        } else if !tag.ends_with('/') && !tag.starts_with('?') && !tag.starts_with('!') {
            let name = tag.split_whitespace().next().unwrap().to_string();
            stack.push(name);
        }
        rest = &rest[j + 1..];
    }
    assert!(stack.is_empty(), "unclosed: {stack:?}");
    assert!(text.contains(title), "title {title:?} missing");
}

fn check_png(path: &Path, size: (u32, u32)) {
    check_png_at_least(path, size, size);
}

fn check_png_at_least(path: &Path, size: (u32, u32), min: (u32, u32)) {
    let bytes = std::fs::read(path).unwrap();
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    assert_eq!(&bytes[12..16], b"IHDR");
    let w = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
    let h = u32::from_be_bytes(bytes[20..24].try_into().unwrap());
    assert!(
        w == size.0 && h >= min.1 && (size == min || h >= size.1),
        "{w}x{h}"
    );
    assert!(bytes.len() > 5_000, "suspiciously small PNG");
}

const CAPTION: &str = "Source: test data · capacity: design · 2021-06-30";

fn sample_facilities() -> Vec<FacilityOccupancy> {
    [
        ("CC1", 2_900, 2_050),
        ("CC2", 1_300, 1_000),
        ("PJ", 4_100, 2_500),
        ("Kampot", 900, 500),
        ("Siem Reap", 1_800, 1_200),
        ("Battambang", 1_500, 1_300),
        ("Koh Kong", 280, 300),
    ]
    .iter()
    .map(|&(id, p, c)| FacilityOccupancy {
        id: crate::FacilityId::new(id).unwrap(),
        group: None,
        population: p,
        capacity: c,
        occupancy: crate::Ratio::new(p, c).unwrap(),
    })
    .collect()
}

#[test]
fn charts_are_written_and_well_formed() {
    let dir = out_dir();
    let bands = crate::Standard::critical();
    let title = "Occupancy by prison (design capacity)";
    for ext in ["svg", "png"] {
        let p = dir.join(format!("bars.{ext}"));
        facility_bars(&p, title, CAPTION, &sample_facilities(), bands.thresholds()).unwrap();
        let trend: Vec<TrendPoint> = (0..6)
            .map(|i| TrendPoint {
                date: Date::new(2016 + i as i16, 6, 30).unwrap(),
                occupancy: Ratio::new(100 + 9 * i as u64, 100u64).unwrap(),
                share_over_capacity: Ratio::new(18 + 2 * i as u64, 28u64).unwrap(),
            })
            .collect();
        let t = dir.join(format!("trend.{ext}"));
        system_trend(&t, "System occupancy over time", CAPTION, &trend).unwrap();
        let cells: Vec<HeatCell> = ["CC1", "CC2", "PJ"]
            .iter()
            .enumerate()
            .flat_map(|(k, f)| {
                (1..=12).map(move |m| HeatCell {
                    facility: f.to_string(),
                    month: Date::new(2021, m, 1).unwrap(),
                    occupancy: (m != 4 || k != 1)
                        .then(|| Ratio::new(80 + 10 * m as u64 + 20 * k as u64, 100u64).unwrap()),
                })
            })
            .collect();
        let h = dir.join(format!("heat.{ext}"));
        occupancy_heatmap(&h, "Occupancy by facility and month", CAPTION, &cells).unwrap();
        let s = crate::datasets::cambodia_wpb_series().unwrap();
        let y = dir.join(format!("wpb.{ext}"));
        yearly_series(
            &y,
            "Cambodia prison population",
            CAPTION,
            "prisoners (people)",
            "observed (World Prison Brief)",
            &s,
            Some((27_000, "design capacity")),
        )
        .unwrap();
        if ext == "svg" {
            check_svg(&p, title);
            assert!(std::fs::read_to_string(&p).unwrap().contains(CAPTION));
            check_svg(&t, "System occupancy over time");
            check_svg(&h, "Occupancy by facility and month");
            check_svg(&y, "Cambodia prison population");
        } else {
            check_png(&p, bars_size(7));
            check_png(&t, (1000, 720));
            check_png_at_least(&h, (1100, 420), (1100, 420));
            check_png(&y, SIZE);
        }
    }
    // Keep a copy for eyes.
    if let Ok(keep) = std::env::var("OVERCROWDING_KEEP_PLOTS") {
        for f in ["bars.png", "trend.png", "heat.png", "wpb.png", "bars.svg"] {
            std::fs::copy(dir.join(f), Path::new(&keep).join(f)).unwrap();
        }
    }
    std::fs::remove_dir_all(dir).unwrap();
}

/// The y of the `<text>` element whose content is `label` (plotters writes the content on the
/// line after the tag).
fn text_y(svg: &str, label: &str) -> Option<f64> {
    let lines: Vec<&str> = svg.lines().collect();
    lines.windows(2).find_map(|w| {
        let tag = w[0].trim_start();
        (tag.starts_with("<text") && w[1].trim() == label).then(|| {
            let y = tag.split(" y=\"").nth(1)?.split('"').next()?;
            y.parse().ok()
        })?
    })
}

#[test]
fn the_trend_key_sits_above_the_data() {
    // A series falling from the upper left, where the key used to sit on the line.
    let trend: Vec<TrendPoint> = (0..30)
        .map(|i| TrendPoint {
            date: Date::new(2000 + i as i16, 6, 30).unwrap(),
            occupancy: Ratio::new(160 - 2 * i as u64, 100u64).unwrap(),
            share_over_capacity: Ratio::new(28 - i as u64 / 2, 28u64).unwrap(),
        })
        .collect();
    let svg = system_trend_svg("System occupancy", CAPTION, &trend).unwrap();
    // The data line: the blue polyline with the most points.
    let data_top = svg
        .lines()
        .filter(|l| l.contains("<polyline") && l.contains("stroke=\"#1F5FBF\""))
        .filter_map(|l| l.split("points=\"").nth(1)?.split('"').next())
        .max_by_key(|p| p.split(' ').count())
        .unwrap()
        .split_whitespace()
        .filter_map(|xy| xy.split(',').nth(1)?.parse::<f64>().ok())
        .fold(f64::INFINITY, f64::min);
    let key = text_y(&svg, "system occupancy").unwrap();
    let reference = text_y(&svg, "100 % of capacity").unwrap();
    // The key's text (13 px) ends above the highest point of the line.
    assert!(key + 14.0 < data_top, "key at {key}, data from {data_top}");
    assert_eq!(key, reference);
    // The lower panel's key sits above its own panel: below the upper panel's x labels.
    let share = text_y(&svg, "share of facilities above 100 %").unwrap();
    assert!(share > data_top, "{share}");
}

#[test]
fn the_fan_key_sits_above_the_data_and_keeps_every_entry() {
    // A series rising into its capacity, the fan reaching the top of the range: the upper
    // corners the old in-chart legend chose between are both full.
    let m = |k| {
        crate::series::YearMonth::new(2015, 1)
            .unwrap()
            .plus(k)
            .unwrap()
    };
    let history: Vec<_> = (0..96)
        .map(|k| (m(k), 60_000.0 + 250.0 * k as f64))
        .collect();
    let projection: Vec<_> = (96..120)
        .map(|k| {
            let c = 60_000.0 + 250.0 * k as f64;
            let w = 150.0 * (k - 95) as f64;
            FanPoint {
                month: m(k),
                centre: c,
                band80: (c - w, c + w),
                band95: (c - 1.6 * w, c + 1.6 * w),
            }
        })
        .collect();
    let capacity = "operational capacity 88,000 (in-use certified normal accommodation)";
    let fan = Fan {
        history: &history,
        projection: &projection,
        capacity: Some((88_000.0, capacity)),
        y_label: "people held",
        centre_label: "median of the simulated paths",
    };
    let svg = forecast_fan_svg("Projection", CAPTION, &fan).unwrap();
    // The data's top: the highest point of the bands (polygons) and of the long lines.
    let points = |tag: &str| -> Vec<f64> {
        svg.lines()
            .filter(|l| l.contains(tag))
            .filter_map(|l| l.split("points=\"").nth(1)?.split('"').next())
            .filter(|p| p.split_whitespace().count() > 2)
            .flat_map(|p| {
                p.split_whitespace()
                    .filter_map(|xy| xy.split(',').nth(1)?.parse::<f64>().ok())
                    .collect::<Vec<_>>()
            })
            .collect()
    };
    let data_top = points("<polygon")
        .into_iter()
        .chain(points("<polyline"))
        .fold(f64::INFINITY, f64::min);
    assert!(data_top.is_finite());
    for label in [
        "95 % interval",
        "80 % interval",
        "observed",
        "median of the simulated paths",
        capacity,
    ] {
        let y = text_y(&svg, label).unwrap_or_else(|| panic!("{label} not in the key"));
        assert!(y + 14.0 < data_top, "{label} at {y}, data from {data_top}");
    }
}
