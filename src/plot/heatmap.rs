//! The facility × month heat map.

use std::path::Path;

use jiff::civil::Date;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::{BAND_COLOURS, Ctx, DrawResult, Format, SIZE, font, format_of, register_bundled_font};
use crate::error::{Error, Result};
use crate::metrics::Ratio;

/// One cell of a facility × month heat map; `occupancy: None` is drawn as missing.
///
/// ```
/// let c = overcrowding::plot::HeatCell { facility: "A".into(), month: "2021-06-01".parse().unwrap(), occupancy: None };
/// assert!(c.occupancy.is_none());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeatCell {
    /// Facility label.
    pub facility: String,
    /// Any date in the month (the month is what counts).
    pub month: Date,
    /// Occupancy that month, if both numbers were reported.
    pub occupancy: Option<Ratio>,
}

const HEAT_BINS: [(&str, f64); 4] = [
    ("≤ 100 %", 100.0),
    ("100–120 %", 120.0),
    ("120–150 %", 150.0),
    ("> 150 %", f64::INFINITY),
];

/// A facility × month heat map of occupancy, in four bins (≤ 100 %, 100–120 %, 120–150 %,
/// > 150 %; bin edges decided exactly on the ratio), missing months grey.
///
/// # Errors
///
/// [`Error::Empty`] for no cells; otherwise as [`facility_bars`](super::facility_bars).
///
/// ```no_run
/// use overcrowding::plot::{HeatCell, occupancy_heatmap};
/// let c = HeatCell { facility: "A".into(), month: "2021-06-01".parse().unwrap(), occupancy: overcrowding::occupancy(3, 2).ok() };
/// occupancy_heatmap("target/plots/heat.png", "Occupancy by month", &[c]).unwrap();
/// ```
pub fn occupancy_heatmap(path: impl AsRef<Path>, title: &str, cells: &[HeatCell]) -> Result<()> {
    if cells.is_empty() {
        return Err(Error::Empty {
            what: "heat-map cells",
        });
    }
    dispatch!(path.as_ref(), SIZE, draw_heat(title, cells))
}

pub(super) fn heat_bin(r: &Ratio) -> usize {
    use std::cmp::Ordering::Greater;
    let above = |p: f64| r.cmp_percent(crate::Percent::new(p).expect("valid")) == Greater;
    if above(150.0) {
        3
    } else if above(120.0) {
        2
    } else if above(100.0) {
        1
    } else {
        0
    }
}

fn draw_heat<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    cells: &[HeatCell],
) -> DrawResult {
    root.fill(&WHITE).ctx()?;
    let mut facilities: Vec<&str> = Vec::new();
    for c in cells {
        if !facilities.contains(&c.facility.as_str()) {
            facilities.push(&c.facility);
        }
    }
    let month_key = |d: Date| i32::from(d.year()) * 12 + i32::from(d.month()) - 1;
    let m0 = cells.iter().map(|c| month_key(c.month)).min().unwrap_or(0);
    let m1 = cells.iter().map(|c| month_key(c.month)).max().unwrap_or(0);
    let nf = facilities.len() as i32;
    let mut chart = ChartBuilder::on(root)
        .caption(title, font(24))
        .margin(16)
        .margin_right(200)
        .x_label_area_size(45)
        .y_label_area_size(110)
        .build_cartesian_2d((m0..m1).into_segmented(), (0..nf - 1).into_segmented())
        .ctx()?;
    chart
        .configure_mesh()
        .disable_mesh()
        .x_labels(((m1 - m0 + 1) as usize).min(24))
        .y_labels(facilities.len().min(60))
        .x_label_formatter(&|v| match v {
            SegmentValue::CenterOf(m) => {
                format!("{}-{:02}", m.div_euclid(12), m.rem_euclid(12) + 1)
            }
            _ => String::new(),
        })
        .y_label_formatter(&|v| match v {
            SegmentValue::CenterOf(y) => facilities
                .get((nf - 1 - *y) as usize)
                .map(|s| s.to_string())
                .unwrap_or_default(),
            _ => String::new(),
        })
        .x_desc("month")
        .y_desc("facility")
        .label_style(font(13))
        .axis_desc_style(font(15))
        .draw()
        .ctx()?;
    let grey = RGBColor(0xc8, 0xc8, 0xc8);
    let rect = |c: &HeatCell| {
        let row = nf
            - 1
            - facilities
                .iter()
                .position(|f| *f == c.facility)
                .unwrap_or(0) as i32;
        let m = month_key(c.month);
        let colour = c
            .occupancy
            .as_ref()
            .map_or(grey, |r| BAND_COLOURS[heat_bin(r)]);
        let mut r = Rectangle::new(
            [
                (SegmentValue::Exact(m), SegmentValue::Exact(row)),
                (SegmentValue::Exact(m + 1), SegmentValue::Exact(row + 1)),
            ],
            colour.filled(),
        );
        r.set_margin(1, 1, 1, 1);
        r
    };
    chart.draw_series(cells.iter().map(rect)).ctx()?;
    // Legend, drawn in the right margin.
    let x0 = root.dim_in_pixel().0 as i32 - 190;
    root.draw(&Text::new("occupancy", (x0, 70), font(15)))
        .ctx()?;
    let entries = HEAT_BINS
        .iter()
        .enumerate()
        .map(|(i, (label, _))| (label.to_string(), BAND_COLOURS[i]))
        .chain(std::iter::once(("not reported".to_string(), grey)));
    for (k, (label, colour)) in entries.enumerate() {
        let y = 100 + 26 * k as i32;
        root.draw(&Rectangle::new(
            [(x0, y), (x0 + 18, y + 16)],
            colour.filled(),
        ))
        .ctx()?;
        root.draw(&Text::new(label, (x0 + 26, y + 1), font(14)))
            .ctx()?;
    }
    Ok(())
}
