//! Charts, as SVG or PNG (chosen by the file extension), with plotters' pure-Rust backends.
//!
//! Text is drawn with the bundled DejaVu Sans font (`assets/DejaVuSans.ttf`, Bitstream Vera
//! licence in `assets/DejaVuSans-LICENSE.txt`), registered with plotters' `ab_glyph` backend
//! under the family `sans-serif`: rendering needs no system fontconfig or freetype.
//!
//! | function | chart |
//! |---|---|
//! | [`facility_bars`] | facilities sorted by occupancy, bars coloured by band, a line per threshold |
//! | [`system_trend`] | the system's occupancy over time (top panel) and the share of facilities over capacity (bottom panel) |
//! | [`occupancy_heatmap`] | facility × month occupancy, binned colours, missing cells grey |
//! | [`yearly_series`] | a yearly count with a reference level (e.g. a design capacity) |
//!
//! ```no_run
//! use overcrowding::{CapacityKind, Standard};
//! use overcrowding::system::{FacilityObservation, facility_occupancies};
//! let obs = [FacilityObservation::new("A", Some(150), Some(100))?,
//!            FacilityObservation::new("B", Some(90), Some(100))?];
//! let bars = facility_occupancies(&obs)?;
//! overcrowding::plot::facility_bars("target/plots/bars.svg", "Occupancy by prison, June 2021",
//!     &bars, Standard::critical().thresholds())?;
//! # Ok::<(), overcrowding::Error>(())
//! ```

use std::fmt::Display;
use std::path::Path;
use std::sync::OnceLock;

use jiff::civil::Date;
use plotters::coord::Shift;
use plotters::prelude::*;

use crate::error::{Error, Result};
use crate::metrics::{Ratio, Threshold};
use crate::series::YearlySeries;
use crate::system::{FacilityOccupancy, SystemSummary};

/// The bundled font (DejaVu Sans).
const FONT: &[u8] = include_bytes!("../assets/DejaVuSans.ttf");
const FAMILY: &str = "sans-serif";
const SIZE: (u32, u32) = (1000, 620);

/// Registers the bundled DejaVu Sans with plotters as `sans-serif` (done once; every chart
/// function calls it).
///
/// # Errors
///
/// [`Error::Plot`] if the bundled font could not be parsed.
///
/// ```
/// overcrowding::plot::register_bundled_font().unwrap();
/// assert!(overcrowding::plot::register_bundled_font().is_ok()); // idempotent
/// ```
pub fn register_bundled_font() -> Result<()> {
    static DONE: OnceLock<bool> = OnceLock::new();
    let ok = *DONE.get_or_init(|| {
        plotters::style::register_font(FAMILY, FontStyle::Normal, FONT).is_ok()
            && plotters::style::register_font(FAMILY, FontStyle::Bold, FONT).is_ok()
    });
    if ok {
        Ok(())
    } else {
        Err(Error::Plot {
            path: "assets/DejaVuSans.ttf".into(),
            reason: "the bundled font could not be parsed".into(),
        })
    }
}

/// One point of a system trend: the system's occupancy and the share of facilities over
/// capacity on a date.
///
/// ```
/// use overcrowding::plot::TrendPoint;
/// use overcrowding::occupancy;
/// let p = TrendPoint { date: "2021-06-30".parse().unwrap(),
///     occupancy: occupancy(39_000, 27_000).unwrap(), share_over_capacity: occupancy(27, 28).unwrap() };
/// assert_eq!(p.share_over_capacity.percent_rounded(1), 96.4);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrendPoint {
    /// The date.
    pub date: Date,
    /// Σpopulation ÷ Σcapacity.
    pub occupancy: Ratio,
    /// Facilities above 100 % ÷ covered facilities.
    pub share_over_capacity: Ratio,
}

impl TrendPoint {
    /// From a system summary of that date.
    ///
    /// # Errors
    ///
    /// [`Error::Empty`] when the summary covers no facility.
    ///
    /// ```
    /// use overcrowding::CapacityKind;
    /// use overcrowding::plot::TrendPoint;
    /// use overcrowding::system::{FacilityObservation, SummaryOptions, summarize};
    /// let obs = [FacilityObservation::new("A", Some(150), Some(100)).unwrap(),
    ///            FacilityObservation::new("B", Some(50), Some(100)).unwrap()];
    /// let s = summarize(&obs, &SummaryOptions::new(CapacityKind::Design)).unwrap();
    /// let p = TrendPoint::from_summary("2021-06-30".parse().unwrap(), &s).unwrap();
    /// assert_eq!((p.occupancy.percent(), p.share_over_capacity.percent()), (100.0, 50.0));
    /// ```
    pub fn from_summary(date: Date, summary: &SystemSummary) -> Result<TrendPoint> {
        let sys = summary.system.as_ref().ok_or(Error::Empty {
            what: "facilities with both a population and a capacity",
        })?;
        Ok(TrendPoint {
            date,
            occupancy: sys.ratio,
            share_over_capacity: sys.share_of_facilities_overcrowded()?,
        })
    }
}

enum Format {
    Svg,
    Png,
}

fn format_of(path: &Path) -> Result<Format> {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
        .as_deref()
    {
        Some("svg") => Ok(Format::Svg),
        Some("png") => Ok(Format::Png),
        _ => Err(Error::Plot {
            path: path.display().to_string(),
            reason: "the file name must end in .svg or .png".into(),
        }),
    }
}

type DrawResult = std::result::Result<(), String>;

trait Ctx<T> {
    fn ctx(self) -> std::result::Result<T, String>;
}
impl<T, E: Display> Ctx<T> for std::result::Result<T, E> {
    fn ctx(self) -> std::result::Result<T, String> {
        self.map_err(|e| e.to_string())
    }
}

// Each chart is a function generic over the backend; this macro registers the font, creates
// the directory and dispatches on the format.
macro_rules! dispatch {
    ($path:expr, $size:expr, $f:ident ( $($arg:expr),* )) => {{
        let path: &Path = $path;
        register_bundled_font()?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| Error::Io { path: dir.display().to_string(), source: e })?;
        }
        let res = match format_of(path)? {
            Format::Svg => {
                let root = SVGBackend::new(path, $size).into_drawing_area();
                $f(&root, $($arg),*).and_then(|_| root.present().ctx())
            }
            Format::Png => {
                let root = BitMapBackend::new(path, $size).into_drawing_area();
                $f(&root, $($arg),*).and_then(|_| root.present().ctx())
            }
        };
        res.map_err(|reason| Error::Plot { path: path.display().to_string(), reason })
    }};
}

const BAND_COLOURS: [RGBColor; 5] = [
    RGBColor(0x4c, 0x9a, 0x6a), // within
    RGBColor(0xe8, 0xb0, 0x3a),
    RGBColor(0xe0, 0x6c, 0x2c),
    RGBColor(0xc0, 0x28, 0x28),
    RGBColor(0x7a, 0x10, 0x40),
];
const LINE_COLOURS: [RGBColor; 4] = [
    RGBColor(0x33, 0x33, 0x33),
    RGBColor(0x1f, 0x5f, 0xbf),
    RGBColor(0x8e, 0x2b, 0x9a),
    RGBColor(0x00, 0x80, 0x80),
];

fn band_level(thresholds: &[Threshold], r: &Ratio) -> usize {
    thresholds
        .iter()
        .rposition(|t| t.is_reached_by(r))
        .map_or(0, |i| i + 1)
}

fn font(size: u32) -> TextStyle<'static> {
    (FAMILY, size).into_font().into()
}

/// A bar chart of facility occupancy, sorted from the most to the least crowded, bars coloured
/// by the band they reach, with a horizontal line at each threshold.
///
/// # Errors
///
/// [`Error::Empty`] for no facilities; [`Error::Plot`] when the extension is not `.svg` or
/// `.png` or drawing fails; [`Error::Io`] when the directory cannot be created.
///
/// ```no_run
/// use overcrowding::system::{FacilityObservation, facility_occupancies};
/// let bars = facility_occupancies(&[FacilityObservation::new("A", Some(3), Some(2)).unwrap()]).unwrap();
/// overcrowding::plot::facility_bars("target/plots/a.png", "Occupancy", &bars,
///     overcrowding::Standard::critical().thresholds()).unwrap();
/// ```
pub fn facility_bars(
    path: impl AsRef<Path>,
    title: &str,
    facilities: &[FacilityOccupancy],
    thresholds: &[Threshold],
) -> Result<()> {
    if facilities.is_empty() {
        return Err(Error::Empty { what: "facilities" });
    }
    let mut sorted: Vec<&FacilityOccupancy> = facilities.iter().collect();
    sorted.sort_by(|a, b| b.occupancy.cmp(&a.occupancy).then(a.id.cmp(&b.id)));
    dispatch!(path.as_ref(), SIZE, draw_bars(title, &sorted, thresholds))
}

fn draw_bars<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    sorted: &[&FacilityOccupancy],
    thresholds: &[Threshold],
) -> DrawResult {
    root.fill(&WHITE).ctx()?;
    let n = sorted.len() as u32;
    let top = sorted
        .iter()
        .map(|f| f.occupancy.percent())
        .chain(thresholds.iter().map(|t| t.percent().value()))
        .fold(100.0f64, f64::max)
        * 1.12;
    let mut chart = ChartBuilder::on(root)
        .caption(title, font(24))
        .margin(16)
        .x_label_area_size(50)
        .y_label_area_size(70)
        .build_cartesian_2d((0u32..n - 1).into_segmented(), 0f64..top)
        .ctx()?;
    let ids: Vec<String> = sorted.iter().map(|f| f.id.to_string()).collect();
    let label_every = (n as usize).div_ceil(25).max(1);
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_desc("facility (sorted by occupancy)")
        .y_desc("occupancy (% of capacity)")
        .x_labels(n as usize)
        .x_label_formatter(&|v| match v {
            SegmentValue::CenterOf(i) if (*i as usize).is_multiple_of(label_every) => {
                ids.get(*i as usize).cloned().unwrap_or_default()
            }
            _ => String::new(),
        })
        .y_label_formatter(&|y| format!("{y:.0} %"))
        .label_style(font(13))
        .axis_desc_style(font(16))
        .draw()
        .ctx()?;
    // One series per band, so that each band has one legend entry.
    let first_label = match thresholds.first() {
        Some(t) if t.is_inclusive() => format!("below {} %", t.percent()),
        Some(t) => format!("at or below {} %", t.percent()),
        None => "occupancy".to_string(),
    };
    let labels: Vec<String> = std::iter::once(first_label)
        .chain(thresholds.iter().map(|t| {
            format!(
                "{} ({}{} %)",
                t.label(),
                if t.is_inclusive() { "≥ " } else { "> " },
                t.percent()
            )
        }))
        .collect();
    for (level, label) in labels.iter().enumerate() {
        let colour = BAND_COLOURS[level.min(BAND_COLOURS.len() - 1)];
        let bars: Vec<_> = sorted
            .iter()
            .enumerate()
            .filter(|(_, f)| band_level(thresholds, &f.occupancy) == level)
            .map(|(i, f)| {
                let i = i as u32;
                let mut r = Rectangle::new(
                    [
                        (SegmentValue::Exact(i), 0.0),
                        (SegmentValue::Exact(i + 1), f.occupancy.percent()),
                    ],
                    colour.filled(),
                );
                r.set_margin(0, 0, 2, 2);
                r
            })
            .collect();
        if bars.is_empty() {
            continue;
        }
        chart
            .draw_series(bars)
            .ctx()?
            .label(format!("bar: {label}"))
            .legend(move |(x, y)| Rectangle::new([(x, y - 6), (x + 14, y + 6)], colour.filled()));
    }
    for (k, t) in thresholds.iter().enumerate() {
        let colour = LINE_COLOURS[k % LINE_COLOURS.len()];
        let y = t.percent().value();
        chart
            .draw_series(LineSeries::new(
                [(SegmentValue::Exact(0), y), (SegmentValue::Exact(n), y)],
                colour.stroke_width(2),
            ))
            .ctx()?
            .label(format!("line: {} ({} %)", t.label(), t.percent()))
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 18, y)], colour.stroke_width(2)));
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperRight)
        .label_font(font(13))
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .draw()
        .ctx()
}

/// The system's occupancy over time (top panel, with the 100 % line) and the share of
/// facilities over capacity (bottom panel).
///
/// # Errors
///
/// [`Error::Empty`] for no points; [`Error::InvalidParameter`] when dates are not strictly
/// increasing; otherwise as [`facility_bars`].
///
/// ```no_run
/// use overcrowding::{occupancy, plot::{TrendPoint, system_trend}};
/// let p = |d: &str, n, k| TrendPoint { date: d.parse().unwrap(), occupancy: occupancy(n, 100).unwrap(), share_over_capacity: occupancy(k, 28).unwrap() };
/// system_trend("target/plots/trend.svg", "Cambodia", &[p("2020-06-30", 130, 20), p("2021-06-30", 144, 27)]).unwrap();
/// ```
pub fn system_trend(path: impl AsRef<Path>, title: &str, points: &[TrendPoint]) -> Result<()> {
    crate::series::strictly_increasing(points.iter().map(|p| p.date), "trend points")?;
    dispatch!(path.as_ref(), (1000, 720), draw_trend(title, points))
}

fn day_index(first: Date, d: Date) -> i32 {
    crate::series::days_between(first, d)
}

fn date_label(first: Date, x: i32) -> String {
    first
        .checked_add(jiff::Span::new().days(x))
        .map(|d| d.strftime("%Y-%m").to_string())
        .unwrap_or_default()
}

fn draw_trend<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    points: &[TrendPoint],
) -> DrawResult {
    root.fill(&WHITE).ctx()?;
    let root = root.titled(title, font(24)).ctx()?;
    let (upper, lower) = root.split_vertically((62).percent());
    let first = points[0].date;
    let last = day_index(first, points[points.len() - 1].date).max(1);
    let pad = (last / 25).max(1);
    let xs: Vec<i32> = points.iter().map(|p| day_index(first, p.date)).collect();
    let top = points
        .iter()
        .map(|p| p.occupancy.percent())
        .fold(100.0f64, f64::max)
        * 1.12;
    let mut chart = ChartBuilder::on(&upper)
        .margin(14)
        .x_label_area_size(30)
        .y_label_area_size(70)
        .build_cartesian_2d(-pad..last + pad, 0f64..top)
        .ctx()?;
    chart
        .configure_mesh()
        .x_labels(8)
        .x_label_formatter(&|x| date_label(first, *x))
        .y_label_formatter(&|y| format!("{y:.0} %"))
        .y_desc("system occupancy (Σ pop ÷ Σ cap, %)")
        .label_style(font(13))
        .axis_desc_style(font(15))
        .draw()
        .ctx()?;
    let blue = LINE_COLOURS[1];
    chart
        .draw_series(LineSeries::new(
            xs.iter()
                .zip(points)
                .map(|(&x, p)| (x, p.occupancy.percent())),
            blue.stroke_width(3),
        ))
        .ctx()?
        .label("system occupancy")
        .legend(move |(x, y)| PathElement::new([(x, y), (x + 18, y)], blue.stroke_width(3)));
    chart
        .draw_series(
            xs.iter()
                .zip(points)
                .map(|(&x, p)| Circle::new((x, p.occupancy.percent()), 4, blue.filled())),
        )
        .ctx()?;
    let red = BAND_COLOURS[3];
    chart
        .draw_series(LineSeries::new(
            [(0, 100.0), (last, 100.0)],
            red.stroke_width(2),
        ))
        .ctx()?
        .label("100 % of capacity")
        .legend(move |(x, y)| PathElement::new([(x, y), (x + 18, y)], red.stroke_width(2)));
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::LowerRight)
        .label_font(font(13))
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .draw()
        .ctx()?;

    let mut share = ChartBuilder::on(&lower)
        .margin(14)
        .x_label_area_size(45)
        .y_label_area_size(70)
        .build_cartesian_2d(-pad..last + pad, 0f64..105.0)
        .ctx()?;
    share
        .configure_mesh()
        .x_labels(8)
        .x_label_formatter(&|x| date_label(first, *x))
        .y_label_formatter(&|y| format!("{y:.0} %"))
        .x_desc("date (year-month)")
        .y_desc("facilities over capacity (%)")
        .label_style(font(13))
        .axis_desc_style(font(15))
        .draw()
        .ctx()?;
    let orange = BAND_COLOURS[2];
    share
        .draw_series(xs.iter().zip(points).map(|(&x, p)| {
            let w = (last / (points.len() as i32 * 3)).max(1);
            Rectangle::new(
                [(x - w, 0.0), (x + w, p.share_over_capacity.percent())],
                orange.filled(),
            )
        }))
        .ctx()?
        .label("share of facilities above 100 %")
        .legend(move |(x, y)| Rectangle::new([(x, y - 6), (x + 14, y + 6)], orange.filled()));
    share
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .label_font(font(13))
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .draw()
        .ctx()
}

/// A yearly count (line and points) with an optional reference level, e.g. a design capacity:
/// `level = Some((27_000, "design capacity"))`.
///
/// # Errors
///
/// As [`facility_bars`].
///
/// ```no_run
/// let s = overcrowding::datasets::cambodia_wpb_series().unwrap();
/// overcrowding::plot::yearly_series("target/plots/wpb.svg", "Cambodia", "prisoners (people)",
///     &s, Some((27_000, "design capacity 27,000"))).unwrap();
/// ```
pub fn yearly_series(
    path: impl AsRef<Path>,
    title: &str,
    y_label: &str,
    series: &YearlySeries,
    level: Option<(u64, &str)>,
) -> Result<()> {
    dispatch!(
        path.as_ref(),
        SIZE,
        draw_yearly(title, y_label, series, level)
    )
}

fn draw_yearly<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    y_label: &str,
    series: &YearlySeries,
    level: Option<(u64, &str)>,
) -> DrawResult {
    root.fill(&WHITE).ctx()?;
    let pts = series.points();
    let (y0, y1) = (pts[0].year, pts[pts.len() - 1].year.max(pts[0].year + 1));
    let top = pts
        .iter()
        .map(|p| p.value)
        .chain(level.map(|l| l.0))
        .max()
        .unwrap_or(1) as f64
        * 1.1;
    let mut chart = ChartBuilder::on(root)
        .caption(title, font(24))
        .margin(16)
        .x_label_area_size(45)
        .y_label_area_size(80)
        .build_cartesian_2d(y0..y1 + 1, 0f64..top)
        .ctx()?;
    chart
        .configure_mesh()
        .x_desc("year")
        .y_desc(y_label)
        .x_label_formatter(&|y| y.to_string())
        .y_label_formatter(&|v| thousands(*v as u64))
        .label_style(font(13))
        .axis_desc_style(font(15))
        .draw()
        .ctx()?;
    let blue = LINE_COLOURS[1];
    chart
        .draw_series(LineSeries::new(
            pts.iter().map(|p| (p.year, p.value as f64)),
            blue.stroke_width(3),
        ))
        .ctx()?
        .label("observed (World Prison Brief)")
        .legend(move |(x, y)| PathElement::new([(x, y), (x + 18, y)], blue.stroke_width(3)));
    chart
        .draw_series(
            pts.iter()
                .map(|p| Circle::new((p.year, p.value as f64), 4, blue.filled())),
        )
        .ctx()?;
    if let Some((v, name)) = level {
        let red = BAND_COLOURS[3];
        chart
            .draw_series(LineSeries::new(
                [(y0, v as f64), (y1 + 1, v as f64)],
                red.stroke_width(2),
            ))
            .ctx()?
            .label(name.to_string())
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 18, y)], red.stroke_width(2)));
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .label_font(font(13))
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .draw()
        .ctx()
}

fn thousands(v: u64) -> String {
    let s = v.to_string();
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

mod heatmap;
pub use heatmap::{HeatCell, occupancy_heatmap};

#[cfg(test)]
mod tests;
