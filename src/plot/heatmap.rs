//! The facility × month heat map.

use crate::ErrorKind;
use std::path::Path;

use jiff::civil::Date;
use plotters::coord::Shift;
use plotters::prelude::*;

use super::{
    Ctx, DrawResult, Format, band_rgb, captioned, draw_row_labels, font, format_of, label_area,
    register_bundled_font, text_width,
};
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

/// The bins: label and lower edge (the band colour's key, as in every chart).
const HEAT_BINS: [(&str, f64); 4] = [
    ("≤ 100 %", 0.0),
    ("100–120 %", 100.0),
    ("120–150 %", 120.0),
    ("> 150 %", 150.0),
];

fn heat_size(cells: &[HeatCell]) -> (u32, u32) {
    let mut names: Vec<&str> = cells.iter().map(|c| c.facility.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    (1100, (170 + 16 * names.len() as u32).max(420))
}

/// A facility × month heat map of occupancy, in four bins (≤ 100 %, 100–120 %, 120–150 % and
/// above 150 %; bin edges decided exactly on the ratio; colours from
/// [`band_colour`](super::band_colour)), missing months grey, facility names in full, month
/// labels thinned so that they never collide, `caption` along the bottom. The height grows
/// with the number of facilities (16 px a row).
///
/// # Errors
///
/// [`ErrorKind::Empty`](crate::ErrorKind::Empty) for no cells; otherwise as [`facility_bars`](super::facility_bars).
///
/// ```no_run
/// use overcrowding::plot::{HeatCell, occupancy_heatmap};
/// let c = HeatCell { facility: "A".into(), month: "2021-06-01".parse().unwrap(), occupancy: overcrowding::occupancy(3, 2).ok() };
/// occupancy_heatmap("target/plots/heat.png", "Occupancy by month", "Source: example", &[c]).unwrap();
/// ```
pub fn occupancy_heatmap(
    path: impl AsRef<Path>,
    title: &str,
    caption: &str,
    cells: &[HeatCell],
) -> Result<()> {
    check_cells(cells)?;
    dispatch!(
        path.as_ref(),
        heat_size(cells),
        draw_heat(title, caption, cells)
    )
}

/// [`occupancy_heatmap`] as an SVG document in a string.
///
/// # Errors
///
/// As [`occupancy_heatmap`].
///
/// ```
/// use overcrowding::plot::{HeatCell, occupancy_heatmap_svg};
/// let c = HeatCell { facility: "Wormwood Scrubs (Male & Female)".into(), month: "2021-06-01".parse().unwrap(),
///     occupancy: overcrowding::occupancy(3, 2).ok() };
/// let svg = occupancy_heatmap_svg("Occupancy by month", "Source: example", &[c])?;
/// assert!(svg.contains("Wormwood Scrubs (Male &amp; Female)"));
/// # Ok::<(), overcrowding::Error>(())
/// ```
pub fn occupancy_heatmap_svg(title: &str, caption: &str, cells: &[HeatCell]) -> Result<String> {
    check_cells(cells)?;
    svg_string!(heat_size(cells), draw_heat(title, caption, cells))
}

fn check_cells(cells: &[HeatCell]) -> Result<()> {
    if cells.is_empty() {
        return Err(Error::from(ErrorKind::Empty {
            what: "heat-map cells",
        }));
    }
    Ok(())
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

fn draw_heat<DB: DrawingBackend<ErrorType: 'static>>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    caption: &str,
    cells: &[HeatCell],
) -> DrawResult {
    root.fill(&WHITE).ctx()?;
    let area = captioned(root, caption)?;
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
    let width = area.dim_in_pixel().0;
    let label_w = label_area(&area, facilities.iter().copied(), 2);
    // Month labels: every k-th month, k chosen so that each label has room (~1.4 label widths).
    let months = (m1 - m0 + 1) as u32;
    let plot_w = width.saturating_sub(label_w + 200 + 32).max(100);
    let label_px = text_width(&area, "2024-12", 13) * 7 / 5;
    let step = [1u32, 2, 3, 4, 6, 12, 24, 36, 60, 120]
        .into_iter()
        .find(|k| months.div_ceil(*k) * label_px <= plot_w)
        .unwrap_or(120) as i32;
    let mut chart = ChartBuilder::on(&area)
        .caption(title, font(22))
        .margin(16)
        .margin_right(200)
        .x_label_area_size(45)
        .y_label_area_size(label_w)
        .build_cartesian_2d((m0..m1).into_segmented(), (0..nf - 1).into_segmented())
        .ctx()?;
    chart
        .configure_mesh()
        .disable_mesh()
        .x_labels(months as usize + 1)
        .y_labels(facilities.len() + 1)
        .x_label_formatter(&|v| match v {
            SegmentValue::CenterOf(m) if (m - m0).rem_euclid(step) == 0 => {
                if step >= 12 {
                    m.div_euclid(12).to_string()
                } else {
                    format!("{}-{:02}", m.div_euclid(12), m.rem_euclid(12) + 1)
                }
            }
            _ => String::new(),
        })
        .y_label_formatter(&|_| String::new()) // drawn below, one per row
        .x_desc("month")
        .y_desc("facility")
        .label_style(font(13))
        .axis_desc_style(font(15))
        .draw()
        .ctx()?;
    draw_row_labels(
        &area,
        facilities.iter().enumerate().map(|(i, f)| {
            let at = (
                SegmentValue::Exact(m0),
                SegmentValue::CenterOf(nf - 1 - i as i32),
            );
            (f.to_string(), chart.backend_coord(&at))
        }),
    )?;
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
            .map_or(grey, |r| band_rgb(HEAT_BINS[heat_bin(r)].1));
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
    let x0 = area.dim_in_pixel().0 as i32 - 190;
    area.draw(&Text::new("occupancy", (x0, 70), font(15)))
        .ctx()?;
    let entries = HEAT_BINS
        .iter()
        .map(|(label, edge)| (label.to_string(), band_rgb(*edge)))
        .chain(std::iter::once(("not reported".to_string(), grey)));
    for (k, (label, colour)) in entries.enumerate() {
        let y = 100 + 26 * k as i32;
        area.draw(&Rectangle::new(
            [(x0, y), (x0 + 18, y + 16)],
            colour.filled(),
        ))
        .ctx()?;
        area.draw(&Text::new(label, (x0 + 26, y + 1), font(14)))
            .ctx()?;
    }
    Ok(())
}
