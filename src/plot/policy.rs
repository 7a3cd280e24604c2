//! A policy against capacity: the population held each day in the baseline and under the
//! policy (with the band of the recall paths when the policy releases into supervision),
//! beside the system's capacity and the target occupancy — the two curves a reader compares.

use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{
    BLUE, Ctx, DrawResult, Format, Key, MUTED, REFERENCE, captioned, date_label, day_index, font,
    format_of, key_height, key_strip, padded_range, register_bundled_font,
};
use crate::error::{Constraint, Error, Result};
use crate::flow::policy::PolicyDay;

const SIZE: (u32, u32) = (1000, 560);
/// The recall band's fill: the policy line's blue, light.
const BAND: RGBColor = RGBColor(0xb9, 0xcf, 0xf0);
/// The target line when it differs from capacity.
const TARGET: RGBColor = RGBColor(0xe0, 0x9a, 0x2c);

/// What [`policy_curves`] draws: the days of a run ([`PolicyRun::daily`]) and, optionally,
/// the capacity the population is held against and a target occupancy.
///
/// [`PolicyRun::daily`]: crate::flow::policy::PolicyRun::daily
///
/// ```
/// use overcrowding::plot::PolicyChart;
/// let chart = PolicyChart::new(&[]).with_capacity(27_000).with_target(100.0);
/// assert_eq!(chart.capacity(), Some(27_000));
/// ```
#[derive(Debug, Clone, Copy)]
pub struct PolicyChart<'a> {
    days: &'a [PolicyDay],
    capacity: Option<u64>,
    target_percent: Option<f64>,
}

impl<'a> PolicyChart<'a> {
    /// The days to draw, in date order.
    ///
    /// See [`PolicyChart`] for an example.
    pub fn new(days: &'a [PolicyDay]) -> PolicyChart<'a> {
        PolicyChart {
            days,
            capacity: None,
            target_percent: None,
        }
    }

    /// The capacity (places) the population is held against: a dashed line at 100 %.
    ///
    /// See [`PolicyChart`] for an example.
    pub fn with_capacity(mut self, places: u64) -> PolicyChart<'a> {
        self.capacity = Some(places);
        self
    }

    /// A target occupancy in percent of the capacity, drawn as its own line when it is not
    /// 100 % (and only with a capacity).
    ///
    /// See [`PolicyChart`] for an example.
    pub fn with_target(mut self, percent: f64) -> PolicyChart<'a> {
        self.target_percent = Some(percent);
        self
    }

    /// The capacity given, if any.
    ///
    /// See [`PolicyChart`] for an example.
    pub fn capacity(&self) -> Option<u64> {
        self.capacity
    }

    /// The chart's inputs checked once, where they are used.
    fn check(&self) -> Result<()> {
        if self.days.is_empty() {
            return Err(Error::from(crate::ErrorKind::Empty {
                what: "policy days",
            }));
        }
        crate::series::strictly_increasing(self.days.iter().map(|d| d.date), "policy days")?;
        if self.capacity == Some(0) {
            return Err(Error::invalid("capacity", 0, Constraint::Positive));
        }
        if let Some(t) = self.target_percent
            && !(t.is_finite() && t > 0.0)
        {
            return Err(Error::invalid(
                "target occupancy (%)",
                t,
                Constraint::Positive,
            ));
        }
        Ok(())
    }
}

/// The baseline and the policy day by day (the policy's recall band shaded), with the
/// capacity as a dashed line and the target occupancy as a second one; keys on a strip
/// above the chart and `caption` below it — off the data.
///
/// # Errors
///
/// [`ErrorKind::Empty`](crate::ErrorKind::Empty) for no days;
/// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) when the dates are not
/// strictly increasing, the capacity is 0 or the target is not a positive number;
/// [`ErrorKind::Plot`](crate::ErrorKind::Plot) when the extension is not `.svg` or `.png` or
/// drawing fails; [`ErrorKind::Io`](crate::ErrorKind::Io) when the directory cannot be
/// created.
///
/// ```no_run
/// use overcrowding::flow::policy::PolicyDay;
/// use overcrowding::plot::{PolicyChart, policy_curves};
/// let day = |d: &str, b, p| PolicyDay { date: d.parse().unwrap(), baseline: b, policy: p, band: None };
/// let days = [day("2021-01-01", 39_000, 39_000), day("2021-12-31", 39_500, 30_100)];
/// policy_curves("target/plots/policy.svg", "Cambodia", "Source: example",
///     &PolicyChart::new(&days).with_capacity(27_000))?;
/// # Ok::<(), overcrowding::Error>(())
/// ```
pub fn policy_curves(
    path: impl AsRef<Path>,
    title: &str,
    caption: &str,
    chart: &PolicyChart<'_>,
) -> Result<()> {
    chart.check()?;
    dispatch!(path.as_ref(), SIZE, draw_policy(title, caption, chart))
}

/// [`policy_curves`] as an SVG document in a string.
///
/// # Errors
///
/// As [`policy_curves`], without the file errors.
///
/// ```
/// use overcrowding::flow::policy::PolicyDay;
/// use overcrowding::plot::{PolicyChart, policy_curves_svg};
/// let day = |d: &str, b, p| PolicyDay { date: d.parse().unwrap(), baseline: b, policy: p, band: Some((p - 50, p + 80)) };
/// let days = [day("2021-01-01", 39_000, 39_000), day("2021-12-31", 39_500, 30_100)];
/// let svg = policy_curves_svg("Cambodia", "Source: example",
///     &PolicyChart::new(&days).with_capacity(27_000).with_target(120.0))?;
/// assert!(svg.contains("capacity 27,000") && svg.contains("target 120 % (32,400)"));
/// assert!(PolicyChart::new(&days).with_capacity(0).capacity() == Some(0)
///     && policy_curves_svg("t", "c", &PolicyChart::new(&days).with_capacity(0)).is_err());
/// # Ok::<(), overcrowding::Error>(())
/// ```
pub fn policy_curves_svg(title: &str, caption: &str, chart: &PolicyChart<'_>) -> Result<String> {
    chart.check()?;
    svg_string!(SIZE, draw_policy(title, caption, chart))
}

/// The places at `percent` of `capacity`, rounded to whole places (for the target line).
fn target_places(capacity: u64, percent: f64) -> f64 {
    (capacity as f64 * percent / 100.0).round()
}

fn draw_policy<DB: DrawingBackend<ErrorType: 'static>>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    caption: &str,
    chart: &PolicyChart<'_>,
) -> DrawResult {
    root.fill(&WHITE).ctx()?;
    let area = captioned(root, caption)?;
    let area = area.titled(title, font(22)).ctx()?;
    let days = chart.days;
    let banded = days.iter().any(|d| d.band.is_some());
    let target = chart
        .capacity
        .zip(chart.target_percent)
        .filter(|&(_, t)| t != 100.0);
    let thousands = |n: f64| crate::exact::thousands(n as u128);
    let capacity_label = chart
        .capacity
        .map(|c| format!("capacity {}", thousands(c as f64)));
    let target_label =
        target.map(|(c, t)| format!("target {t} % ({})", thousands(target_places(c, t))));
    let mut entries = vec![
        (Key::Line(MUTED, 2), "baseline"),
        (Key::Line(BLUE, 3), "policy"),
    ];
    if banded {
        entries.push((Key::Swatch(BAND), "5–95 % of recall paths"));
    }
    if let Some(l) = &capacity_label {
        entries.push((Key::Dashed(REFERENCE, 2), l.as_str()));
    }
    if let Some(l) = &target_label {
        entries.push((Key::Dashed(TARGET, 2), l.as_str()));
    }
    // The key wraps to another line rather than drop an entry; the plot starts after its
    // 70 px label area and 14 px margin.
    let (key, area) = area.split_vertically(key_height(&area, &entries, 84));
    key_strip(&key, &entries, 84)?;

    let first = days[0].date;
    let last = day_index(first, days[days.len() - 1].date).max(1);
    let pad = (last / 40).max(1);
    let xs: Vec<i32> = days.iter().map(|d| day_index(first, d.date)).collect();
    let values = days.iter().flat_map(|d| {
        let (lo, hi) = d.band.unwrap_or((d.policy, d.policy));
        [d.baseline, d.policy, lo, hi].map(|v| v as f64)
    });
    let references = chart
        .capacity
        .map(|c| c as f64)
        .into_iter()
        .chain(target.map(|(c, t)| target_places(c, t)));
    let (lo, hi) = padded_range(values.chain(references.clone()), None);
    let mut plot = ChartBuilder::on(&area)
        .margin(14)
        .margin_top(4)
        .x_label_area_size(45)
        .y_label_area_size(70)
        .build_cartesian_2d(-pad..last + pad, lo..hi)
        .ctx()?;
    plot.configure_mesh()
        .x_labels(8)
        .x_label_formatter(&|x| date_label(first, *x))
        .y_label_formatter(&|y| thousands(y.max(0.0)))
        .x_desc("date (year-month)")
        .y_desc("people held")
        .label_style(font(13))
        .axis_desc_style(font(15))
        .draw()
        .ctx()?;
    if banded {
        let upper = xs
            .iter()
            .zip(days)
            .map(|(&x, d)| (x, d.band.map_or(d.policy, |b| b.1) as f64));
        let lower = xs
            .iter()
            .zip(days)
            .rev()
            .map(|(&x, d)| (x, d.band.map_or(d.policy, |b| b.0) as f64));
        plot.draw_series(std::iter::once(Polygon::new(
            upper.chain(lower).collect::<Vec<_>>(),
            BAND.filled(),
        )))
        .ctx()?;
    }
    for (level, colour) in references.zip([REFERENCE, TARGET]) {
        plot.draw_series(DashedLineSeries::new(
            [(-pad, level), (last + pad, level)],
            8,
            5,
            colour.stroke_width(2),
        ))
        .ctx()?;
    }
    plot.draw_series(LineSeries::new(
        xs.iter().zip(days).map(|(&x, d)| (x, d.baseline as f64)),
        MUTED.stroke_width(2),
    ))
    .ctx()?;
    plot.draw_series(LineSeries::new(
        xs.iter().zip(days).map(|(&x, d)| (x, d.policy as f64)),
        BLUE.stroke_width(3),
    ))
    .ctx()?;
    Ok(())
}
