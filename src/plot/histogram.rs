//! The occupancy histogram: how many facilities at each level of occupancy, bars coloured by
//! the band of the standard they fall in — a long facility list in one compact chart.

use crate::ErrorKind;
use std::path::Path;

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{
    Ctx, DrawResult, Format, INK, band_label, band_level, band_rgb, captioned, font, format_of,
    register_bundled_font,
};
use crate::error::{Error, Result};
use crate::metrics::Threshold;
use crate::system::FacilityOccupancy;

/// Width of one bin, in percentage points of occupancy.
const BIN: u32 = 10;
/// Occupancies from this level on share the last bin (`≥ 300 %`).
const LAST: u32 = 300;

/// The bins: `(from percent, facilities)` for every 10 points from the lowest bin with a
/// facility up to the highest (the last one `≥ 300 %`); empty bins in between are kept.
fn bins(facilities: &[FacilityOccupancy]) -> Vec<(u32, usize)> {
    let bin_of = |f: &FacilityOccupancy| {
        // Whole percentage points, rounded down: exact from the counts, never a float edge.
        let pct = (f.occupancy.numerator() * 100 / f.occupancy.denominator()).min(u128::from(LAST));
        (pct as u32 / BIN) * BIN
    };
    let (Some(lo), Some(hi)) = (
        facilities.iter().map(bin_of).min(),
        facilities.iter().map(bin_of).max(),
    ) else {
        return Vec::new();
    };
    (lo..=hi)
        .step_by(BIN as usize)
        .map(|b| (b, facilities.iter().filter(|f| bin_of(f) == b).count()))
        .collect()
}

/// A histogram of facility occupancy in 10-point bins (the last one `≥ 300 %`), each bar
/// coloured by the band of `thresholds` its lower edge falls in ([`band_colour`](super::band_colour)),
/// a dashed line at each threshold labelled above the bars, the legend of the bands and
/// `caption` below the chart — off the data. It stays 1000 × 480 px whatever the number of
/// facilities: the long list belongs in a table beside it.
///
/// # Errors
///
/// [`ErrorKind::Empty`](crate::ErrorKind::Empty) for no facilities; [`ErrorKind::Plot`](crate::ErrorKind::Plot) when the extension is not `.svg` or
/// `.png` or drawing fails.
///
/// ```no_run
/// use overcrowding::CapacityKind;
/// let p = overcrowding::datasets::cambodia_panel()?;
/// let bars = overcrowding::system::facility_occupancies(p.rows(), &CapacityKind::Design)?;
/// overcrowding::plot::occupancy_histogram("target/plots/h.png", "Occupancy", "Source: example",
///     &bars, overcrowding::Standard::critical().thresholds())?;
/// # Ok::<(), overcrowding::Error>(())
/// ```
pub fn occupancy_histogram(
    path: impl AsRef<Path>,
    title: &str,
    caption: &str,
    facilities: &[FacilityOccupancy],
    thresholds: &[Threshold],
) -> Result<()> {
    if facilities.is_empty() {
        return Err(Error::from(ErrorKind::Empty { what: "facilities" }));
    }
    dispatch!(
        path.as_ref(),
        SIZE,
        draw_histogram(title, caption, facilities, thresholds)
    )
}

const SIZE: (u32, u32) = (1000, 480);

/// [`occupancy_histogram`] as an SVG document in a string.
///
/// # Errors
///
/// [`ErrorKind::Empty`](crate::ErrorKind::Empty) for no facilities; [`ErrorKind::Plot`](crate::ErrorKind::Plot) when drawing fails.
///
/// ```
/// use overcrowding::{CapacityKind, Panel, Record};
/// use overcrowding::system::facility_occupancies;
/// let d = "2024-06-30".parse().unwrap();
/// let r = |id, p| Record::new(id, d).map(|x| x.with_population_total(p).with_capacity(CapacityKind::Cna, 100));
/// let panel = Panel::new([r("A", 175)?, r("B", 90)?])?;
/// let svg = overcrowding::plot::occupancy_histogram_svg("Occupancy", "Source: example",
///     &facility_occupancies(panel.on(d), &CapacityKind::Cna)?, overcrowding::Standard::critical().thresholds())?;
/// assert!(svg.contains("<svg") && svg.contains("facilities"));
/// # Ok::<(), overcrowding::Error>(())
/// ```
pub fn occupancy_histogram_svg(
    title: &str,
    caption: &str,
    facilities: &[FacilityOccupancy],
    thresholds: &[Threshold],
) -> Result<String> {
    if facilities.is_empty() {
        return Err(Error::from(ErrorKind::Empty { what: "facilities" }));
    }
    svg_string!(SIZE, draw_histogram(title, caption, facilities, thresholds))
}

fn draw_histogram<DB: DrawingBackend<ErrorType: 'static>>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    caption: &str,
    facilities: &[FacilityOccupancy],
    thresholds: &[Threshold],
) -> DrawResult {
    root.fill(&WHITE).ctx()?;
    let bins = bins(facilities);
    let (Some(&(lo, _)), Some(&(hi, _))) = (bins.first(), bins.last()) else {
        return Ok(());
    };
    // The x range shows every threshold too, so that each band's line is on the chart.
    let x0 = thresholds
        .iter()
        .map(|t| t.percent().value() as u32 / BIN * BIN)
        .chain([lo])
        .min()
        .unwrap_or(lo);
    let x1 = thresholds
        .iter()
        .map(|t| (t.percent().value() as u32).min(LAST) / BIN * BIN)
        .chain([hi])
        .max()
        .unwrap_or(hi)
        + BIN;
    let top = bins.iter().map(|b| b.1).max().unwrap_or(1) as f64 * 1.25 + 1.0;
    // The legend, off the data: one line of swatches above the caption.
    let mut levels: Vec<usize> = (0..=thresholds.len()).collect();
    levels.retain(|&l| {
        bins.iter()
            .any(|(b, n)| *n > 0 && bin_level(thresholds, *b) == l)
    });
    let area = captioned(root, caption)?;
    let (w, h) = area.dim_in_pixel();
    let (main, legend) = area.split_vertically(h.saturating_sub(30));
    let mut x = 70i32;
    for &level in &levels {
        let colour = band_rgb(level_start(thresholds, level));
        let text = band_label(thresholds, level);
        legend
            .draw(&Rectangle::new([(x, 6), (x + 14, 20)], colour.filled()))
            .ctx()?;
        legend
            .draw(&Text::new(text.clone(), (x + 20, 6), font(13).color(&INK)))
            .ctx()?;
        x += 40 + super::text_width(&legend, &text, 13) as i32;
        if x as u32 > w {
            break;
        }
    }
    let mut chart = ChartBuilder::on(&main)
        .caption(title, font(22))
        .margin(16)
        .margin_right(30)
        .x_label_area_size(46)
        .y_label_area_size(54)
        .build_cartesian_2d(f64::from(x0)..f64::from(x1), 0f64..top)
        .ctx()?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(((x1 - x0) / BIN) as usize / 2 + 2)
        .x_label_formatter(&|x| {
            if *x >= f64::from(LAST) {
                format!("≥{x:.0} %")
            } else {
                format!("{x:.0} %")
            }
        })
        .y_label_formatter(&|y| format!("{y:.0}"))
        .x_desc("occupancy (% of capacity), 10-point bins")
        .y_desc("facilities")
        .label_style(font(13))
        .axis_desc_style(font(15))
        .draw()
        .ctx()?;
    chart
        .draw_series(bins.iter().filter(|(_, n)| *n > 0).map(|&(b, n)| {
            let colour = band_rgb(level_start(thresholds, bin_level(thresholds, b)));
            let mut r = Rectangle::new(
                [(f64::from(b), 0.0), (f64::from(b + BIN), n as f64)],
                colour.filled(),
            );
            r.set_margin(0, 0, 1, 1);
            r
        }))
        .ctx()?;
    chart
        .draw_series(bins.iter().filter(|(_, n)| *n > 0).map(|&(b, n)| {
            Text::new(
                n.to_string(),
                (f64::from(b) + f64::from(BIN) / 2.0, n as f64 + top * 0.03),
                super::anchored(12, plotters::style::text_anchor::HPos::Center),
            )
        }))
        .ctx()?;
    for t in thresholds {
        let x = t.percent().value();
        if x > f64::from(x1) {
            continue;
        }
        chart
            .draw_series(DashedLineSeries::new(
                [(x, 0.0), (x, top * 0.9)],
                6,
                4,
                INK.stroke_width(1),
            ))
            .ctx()?;
        chart
            .draw_series(std::iter::once(Text::new(
                format!("{} %", t.percent()),
                (x, top * 0.95),
                super::anchored(12, plotters::style::text_anchor::HPos::Center),
            )))
            .ctx()?;
    }
    Ok(())
}

/// The band a bin belongs to: the band of its midpoint (a bin straddles a threshold only when
/// the threshold is not a multiple of 10; the standard's are).
fn bin_level(thresholds: &[Threshold], from: u32) -> usize {
    crate::metrics::Ratio::new(u128::from(2 * from + BIN), 200u128)
        .map_or(0, |mid| band_level(thresholds, &mid))
}

/// The lower edge of a band, for its colour.
fn level_start(thresholds: &[Threshold], level: usize) -> f64 {
    if level == 0 {
        0.0
    } else {
        thresholds[level - 1].percent().value()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exact::Ratio;

    #[test]
    fn bins_count_every_facility_once_and_keep_empty_bins() {
        let occ: Vec<FacilityOccupancy> = [
            (95u64, 100u64),
            (99, 100),
            (150, 100),
            (120, 100),
            (900, 100),
        ]
        .iter()
        .enumerate()
        .map(|(i, &(p, c))| FacilityOccupancy {
            id: crate::FacilityId::new(format!("F{i}")).unwrap(),
            group: None,
            population: p,
            capacity: c,
            occupancy: Ratio::new(p, c).unwrap(),
        })
        .collect();
        let b = bins(&occ);
        assert_eq!(b.first(), Some(&(90, 2)));
        assert_eq!(b.last(), Some(&(300, 1))); // 900 % shares the last bin
        assert_eq!(b.iter().map(|x| x.1).sum::<usize>(), 5);
        assert!(b.contains(&(100, 0)) && b.contains(&(120, 1)) && b.contains(&(150, 1)));
    }
}
