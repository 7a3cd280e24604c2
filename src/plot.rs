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
            share_over_capacity: sys.share_of_facilities_overcrowded(),
        })
    }
}

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
    if points.is_empty() {
        return Err(Error::Empty {
            what: "trend points",
        });
    }
    if let Some(w) = points.windows(2).find(|w| w[1].date <= w[0].date) {
        return Err(Error::invalid(
            "date",
            w[1].date,
            format!(
                "comes after {}: dates must be strictly increasing",
                w[0].date
            ),
        ));
    }
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
/// [`Error::Empty`] for no cells; otherwise as [`facility_bars`].
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

fn heat_bin(r: &Ratio) -> usize {
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

#[cfg(test)]
mod tests {
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
        let err = yearly_series("/tmp/x.jpg", "t", "y", &s, None).unwrap_err();
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
        let bytes = std::fs::read(path).unwrap();
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
        assert_eq!(&bytes[12..16], b"IHDR");
        let w = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
        let h = u32::from_be_bytes(bytes[20..24].try_into().unwrap());
        assert_eq!((w, h), size);
        assert!(bytes.len() > 5_000, "suspiciously small PNG");
    }

    fn sample_facilities() -> Vec<FacilityOccupancy> {
        use crate::system::{FacilityObservation, facility_occupancies};
        let obs: Vec<FacilityObservation> = [
            ("CC1", 2_900, 2_050),
            ("CC2", 1_300, 1_000),
            ("PJ", 4_100, 2_500),
            ("Kampot", 900, 500),
            ("Siem Reap", 1_800, 1_200),
            ("Battambang", 1_500, 1_300),
            ("Koh Kong", 280, 300),
        ]
        .iter()
        .map(|&(id, p, c)| FacilityObservation::new(id, Some(p), Some(c)).unwrap())
        .collect();
        facility_occupancies(&obs).unwrap()
    }

    #[test]
    fn charts_are_written_and_well_formed() {
        let dir = out_dir();
        let bands = crate::Standard::critical();
        let title = "Occupancy by prison (design capacity)";
        for ext in ["svg", "png"] {
            let p = dir.join(format!("bars.{ext}"));
            facility_bars(&p, title, &sample_facilities(), bands.thresholds()).unwrap();
            let trend: Vec<TrendPoint> = (0..6)
                .map(|i| TrendPoint {
                    date: Date::new(2016 + i as i16, 6, 30).unwrap(),
                    occupancy: Ratio::new(100 + 9 * i as u64, 100u64).unwrap(),
                    share_over_capacity: Ratio::new(18 + 2 * i as u64, 28u64).unwrap(),
                })
                .collect();
            let t = dir.join(format!("trend.{ext}"));
            system_trend(&t, "System occupancy over time", &trend).unwrap();
            let cells: Vec<HeatCell> = ["CC1", "CC2", "PJ"]
                .iter()
                .enumerate()
                .flat_map(|(k, f)| {
                    (1..=12).map(move |m| HeatCell {
                        facility: f.to_string(),
                        month: Date::new(2021, m, 1).unwrap(),
                        occupancy: (m != 4 || k != 1).then(|| {
                            Ratio::new(80 + 10 * m as u64 + 20 * k as u64, 100u64).unwrap()
                        }),
                    })
                })
                .collect();
            let h = dir.join(format!("heat.{ext}"));
            occupancy_heatmap(&h, "Occupancy by facility and month", &cells).unwrap();
            let s = crate::datasets::cambodia_wpb_series().unwrap();
            let y = dir.join(format!("wpb.{ext}"));
            yearly_series(
                &y,
                "Cambodia prison population",
                "prisoners (people)",
                &s,
                Some((27_000, "design capacity")),
            )
            .unwrap();
            if ext == "svg" {
                check_svg(&p, title);
                check_svg(&t, "System occupancy over time");
                check_svg(&h, "Occupancy by facility and month");
                check_svg(&y, "Cambodia prison population");
            } else {
                check_png(&p, SIZE);
                check_png(&t, (1000, 720));
                check_png(&h, SIZE);
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
}
