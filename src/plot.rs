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
//! | [`occupancy_histogram`] | how many facilities at each level of occupancy (10-point bins), coloured by band: a long list in one compact chart |
//! | [`yearly_series`] | a yearly count with a reference level (e.g. a design capacity) |
//! | [`forecast_fan`] | observed history, a forecast (e.g. the default [`forecast`](crate::forecast::forecast()), [`Forecast::fan`](crate::forecast::Forecast::fan) through [`FanPoint::from_fan`]) with 80 % and 95 % bands, a capacity line |
//!
//! Every chart has a title that says what and when and a caption ([`caption`]) with the
//! source, the capacity kind and the date; every band has one colour in every chart
//! ([`band_colour`]); labels are sized from the bundled font's metrics so that none overlaps
//! or is cut (facility bars are horizontal, one row per facility; the heat map's month labels
//! are thinned to fit). Each chart also renders to an SVG string (`*_svg`), for pages that
//! inline their charts.
//!
//! ```no_run
//! use overcrowding::{CapacityKind, Panel, Record, Standard};
//! use overcrowding::system::facility_occupancies;
//! let d = "2021-06-30".parse().unwrap();
//! let r = |id, p| Record::new(id, d).map(|x| x.with_population_total(p).with_capacity(CapacityKind::Design, 100));
//! let panel = Panel::new([r("A", 150)?, r("B", 90)?])?;
//! let bars = facility_occupancies(panel.on(d), &CapacityKind::Design)?;
//! overcrowding::plot::facility_bars("target/plots/bars.svg", "Occupancy by prison, June 2021",
//!     "Source: example · capacity: design · 2021-06-30", &bars, Standard::critical().thresholds())?;
//! # Ok::<(), overcrowding::Error>(())
//! ```

use crate::ErrorKind;
use crate::error::PlotProblem;
use std::path::Path;
use std::sync::OnceLock;

use jiff::civil::Date;
use plotters::coord::Shift;
use plotters::prelude::*;

use crate::error::{Constraint, Error, Result};
use crate::metrics::{Ratio, Threshold};
use crate::series::{Series, Year, YearMonth};
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
/// [`ErrorKind::Plot`] if the bundled font could not be parsed.
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
        Err(Error::from(ErrorKind::Plot {
            path: "assets/DejaVuSans.ttf".into(),
            problem: PlotProblem::Font,
        }))
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
    /// [`ErrorKind::Empty`] when the summary covers no facility.
    ///
    /// ```
    /// use overcrowding::{CapacityKind, Panel, Record};
    /// use overcrowding::plot::TrendPoint;
    /// use overcrowding::system::{SummaryOptions, summarize_panel};
    /// let d = "2021-06-30".parse().unwrap();
    /// let r = |id, p| Record::new(id, d).map(|x| x.with_population_total(p).with_capacity(CapacityKind::Design, 100));
    /// let panel = Panel::new([r("A", 150)?, r("B", 50)?])?;
    /// let s = &summarize_panel(&panel, &SummaryOptions::new(CapacityKind::Design))?[0];
    /// let p = TrendPoint::from_summary(s.date, &s.summary)?;
    /// assert_eq!((p.occupancy.percent(), p.share_over_capacity.percent()), (100.0, 50.0));
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn from_summary(date: Date, summary: &SystemSummary) -> Result<TrendPoint> {
        let sys = summary
            .system
            .as_ref()
            .ok_or(Error::from(ErrorKind::Empty {
                what: "facilities with both a population and a capacity",
            }))?;
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
        _ => Err(Error::from(ErrorKind::Plot {
            path: path.display().to_string(),
            problem: PlotProblem::Extension,
        })),
    }
}

/// A drawing backend's error, kept typed as the source of [`PlotProblem::Backend`].
type DrawError = Box<dyn std::error::Error + Send + Sync>;
type DrawResult = std::result::Result<(), DrawError>;

trait Ctx<T> {
    fn ctx(self) -> std::result::Result<T, DrawError>;
}
impl<T, E: std::error::Error + Send + Sync + 'static> Ctx<T> for std::result::Result<T, E> {
    fn ctx(self) -> std::result::Result<T, DrawError> {
        self.map_err(|e| Box::new(e) as DrawError)
    }
}

pub(crate) fn backend_error(path: String, e: DrawError) -> Error {
    Error::from(ErrorKind::Plot {
        path,
        problem: PlotProblem::Backend,
    })
    .with_boxed_source(e)
}

// Each chart is a function generic over the backend; this macro registers the font, creates
// the directory and dispatches on the format.
macro_rules! dispatch {
    ($path:expr, $size:expr, $f:ident ( $($arg:expr),* )) => {{
        let path: &Path = $path;
        register_bundled_font()?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir.display().to_string(), e))?;
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
        res.map_err(|e| $crate::plot::backend_error(path.display().to_string(), e))
    }};
}

// The same chart into an SVG string.
macro_rules! svg_string {
    ($size:expr, $f:ident ( $($arg:expr),* )) => {{
        register_bundled_font()?;
        let mut out = String::new();
        {
            let root = SVGBackend::with_string(&mut out, $size).into_drawing_area();
            $f(&root, $($arg),*)
                .and_then(|_| root.present().ctx())
                .map_err(|e| $crate::plot::backend_error("(SVG string)".into(), e))?;
        }
        Ok(out)
    }};
}

/// The colour of the band that starts at `from_percent` (its lower edge; 0 for "within
/// capacity"), as RGB — the one palette every chart (and the command line's report) uses, so
/// that a band has the same colour everywhere: green below 100 %, then amber (from 100 %),
/// ochre (105 %), orange (120 %), red (137.5 %), dark red (150 % and above).
///
/// ```
/// use overcrowding::plot::band_colour;
/// assert_eq!(band_colour(0.0), band_colour(99.0));
/// assert_ne!(band_colour(100.0), band_colour(120.0));
/// assert_eq!(band_colour(150.0), band_colour(200.0));
/// ```
pub fn band_colour(from_percent: f64) -> (u8, u8, u8) {
    const STOPS: [(f64, (u8, u8, u8)); 6] = [
        (f64::NEG_INFINITY, (0x4c, 0x9a, 0x6a)), // within capacity
        (100.0, (0xe8, 0xc0, 0x3a)),             // overcrowded
        (105.0, (0xe0, 0x9a, 0x2c)),             // severe (SPACE I)
        (120.0, (0xe0, 0x6c, 0x2c)),             // critical
        (137.5, (0xc0, 0x28, 0x28)),             // Brown v. Plata cap
        (150.0, (0x7a, 0x10, 0x40)),
    ];
    STOPS
        .iter()
        .rev()
        .find(|(edge, _)| from_percent >= *edge)
        .map_or(STOPS[0].1, |(_, c)| *c)
}

fn band_rgb(from_percent: f64) -> RGBColor {
    let (r, g, b) = band_colour(from_percent);
    RGBColor(r, g, b)
}

/// The band `r` reaches: 0 below the first threshold, `i + 1` at threshold `i`.
fn band_level(thresholds: &[Threshold], r: &Ratio) -> usize {
    crate::metrics::level_reached(thresholds, r)
}

const INK: RGBColor = RGBColor(0x33, 0x33, 0x33);
const MUTED: RGBColor = RGBColor(0x66, 0x66, 0x66);
const BLUE: RGBColor = RGBColor(0x1f, 0x5f, 0xbf);
const REFERENCE: RGBColor = RGBColor(0xc0, 0x28, 0x28);

fn font(size: u32) -> TextStyle<'static> {
    (FAMILY, size).into_font().into()
}

/// A chart caption: `Source: … · capacity: … · date`.
///
/// ```
/// let c = overcrowding::plot::caption("HMPPS monthly bulletin", "in_use_cna", "2024-12-31");
/// assert_eq!(c, "Source: HMPPS monthly bulletin · capacity: in_use_cna · 2024-12-31");
/// ```
pub fn caption(source: &str, kind: &str, date: &str) -> String {
    format!("Source: {source} · capacity: {kind} · {date}")
}

/// Width in pixels of `text` in the bundled font at `size` (a conservative estimate when the
/// backend cannot measure).
fn text_width<DB: DrawingBackend<ErrorType: 'static>>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    size: u32,
) -> u32 {
    area.estimate_text_size(text, &font(size))
        .map(|(w, _)| w)
        .unwrap_or(text.chars().count() as u32 * size * 2 / 3)
}

/// The width of a label area that fits every label at 13 px (at most `1 / max_fraction` of the
/// area's width), plus a margin.
fn label_area<'a, DB: DrawingBackend<ErrorType: 'static>>(
    area: &DrawingArea<DB, Shift>,
    labels: impl Iterator<Item = &'a str>,
    max_fraction: u32,
) -> u32 {
    let width = area.dim_in_pixel().0;
    labels
        .map(|s| text_width(area, s, 13))
        .max()
        .unwrap_or(0)
        .clamp(40, width / max_fraction)
        + 14
}

/// Ink text of `size` px anchored at `h` and vertically centred.
fn anchored(size: u32, h: plotters::style::text_anchor::HPos) -> TextStyle<'static> {
    use plotters::style::text_anchor::{Pos, VPos};
    font(size).color(&INK).pos(Pos::new(h, VPos::Center))
}

/// Draws each label right-aligned just left of its pixel position (a row's centre on the y
/// axis): every row gets its label, whatever key points plotters would pick.
fn draw_row_labels<DB: DrawingBackend<ErrorType: 'static>>(
    area: &DrawingArea<DB, Shift>,
    labels: impl Iterator<Item = (String, (i32, i32))>,
) -> DrawResult {
    use plotters::style::text_anchor::HPos;
    for (text, (x, y)) in labels {
        area.draw(&Text::new(text, (x - 8, y), anchored(13, HPos::Right)))
            .ctx()?;
    }
    Ok(())
}

/// Draws the caption along the bottom (wrapped at " · " when too wide) and returns the area
/// above it.
fn captioned<DB: DrawingBackend<ErrorType: 'static>>(
    root: &DrawingArea<DB, Shift>,
    caption: &str,
) -> std::result::Result<DrawingArea<DB, Shift>, DrawError> {
    let (w, h) = root.dim_in_pixel();
    let mut lines: Vec<String> = vec![String::new()];
    for part in caption.split(" · ") {
        let last = lines.last_mut().expect("one line");
        let joined = if last.is_empty() {
            part.to_string()
        } else {
            format!("{last} · {part}")
        };
        if !last.is_empty() && text_width(root, &joined, 13) + 32 > w {
            lines.push(part.to_string());
        } else {
            *last = joined;
        }
    }
    let foot_h = 10 + 18 * lines.len() as u32;
    let (main, foot) = root.split_vertically(h.saturating_sub(foot_h));
    for (i, line) in lines.iter().enumerate() {
        foot.draw(&Text::new(
            line.clone(),
            (16, 4 + 18 * i as i32),
            font(13).color(&MUTED),
        ))
        .ctx()?;
    }
    Ok(main)
}

fn legend_box<'a, DB: DrawingBackend<ErrorType: 'static> + 'a, X: Ranged, Y: Ranged>(
    chart: &mut ChartContext<'a, DB, Cartesian2d<X, Y>>,
    position: SeriesLabelPosition,
) -> DrawResult {
    chart
        .configure_series_labels()
        .position(position)
        .label_font(font(13))
        .background_style(WHITE.mix(0.9))
        .border_style(MUTED)
        .draw()
        .ctx()
}

/// The legend text of a band: its bound, and its name when the name says more than the number.
fn band_label(thresholds: &[Threshold], level: usize) -> String {
    if level == 0 {
        return match thresholds.first() {
            Some(t) if t.is_inclusive() => format!("below {} %", t.percent()),
            Some(t) => format!("at or below {} %", t.percent()),
            None => "occupancy".to_string(),
        };
    }
    let t = &thresholds[level - 1];
    let bound = format!(
        "{} {} %",
        if t.is_inclusive() { "≥" } else { ">" },
        t.percent()
    );
    let name = t.label().trim();
    let says_more = !name.is_empty()
        && !name
            .trim_start_matches(['>', '≥', ' '])
            .starts_with(&t.percent().to_string());
    if says_more {
        format!("{bound} ({name})")
    } else {
        bound
    }
}

fn bars_size(n: usize) -> (u32, u32) {
    (1000, (170 + 20 * n as u32).max(400))
}

/// A horizontal bar chart of facility occupancy, one row per facility from the most to the
/// least crowded (names in full, the value at the end of each bar), bars coloured by the band
/// they reach ([`band_colour`]), a labelled vertical line at each threshold, and `caption`
/// along the bottom. The height grows with the number of facilities (20 px a row).
///
/// # Errors
///
/// [`ErrorKind::Empty`] for no facilities; [`ErrorKind::Plot`] when the extension is not `.svg` or
/// `.png` or drawing fails; [`ErrorKind::Io`] when the directory cannot be created.
///
/// ```no_run
/// use overcrowding::CapacityKind;
/// let p = overcrowding::datasets::cambodia_panel()?;
/// let bars = overcrowding::system::facility_occupancies(p.rows(), &CapacityKind::Design)?;
/// overcrowding::plot::facility_bars("target/plots/a.png", "Occupancy", "Source: example",
///     &bars, overcrowding::Standard::critical().thresholds())?;
/// # Ok::<(), overcrowding::Error>(())
/// ```
pub fn facility_bars(
    path: impl AsRef<Path>,
    title: &str,
    caption: &str,
    facilities: &[FacilityOccupancy],
    thresholds: &[Threshold],
) -> Result<()> {
    let sorted = sorted_bars(facilities)?;
    dispatch!(
        path.as_ref(),
        bars_size(sorted.len()),
        draw_bars(title, caption, &sorted, thresholds)
    )
}

/// [`facility_bars`] as an SVG document in a string.
///
/// # Errors
///
/// [`ErrorKind::Empty`] for no facilities; [`ErrorKind::Plot`] when drawing fails.
///
/// ```
/// use overcrowding::{CapacityKind, Panel, Record};
/// let d = "2024-06-30".parse().unwrap();
/// let p = Panel::new([Record::new("Durham", d)?.with_population_total(175)
///     .with_capacity(CapacityKind::Cna, 100)])?;
/// let bars = overcrowding::system::facility_occupancies(p.on(d), &CapacityKind::Cna)?;
/// let svg = overcrowding::plot::facility_bars_svg("Occupancy", "Source: example", &bars,
///     overcrowding::Standard::critical().thresholds())?;
/// assert!(svg.contains("<svg") && svg.contains("Durham") && svg.contains("175.0 %"));
/// # Ok::<(), overcrowding::Error>(())
/// ```
pub fn facility_bars_svg(
    title: &str,
    caption: &str,
    facilities: &[FacilityOccupancy],
    thresholds: &[Threshold],
) -> Result<String> {
    let sorted = sorted_bars(facilities)?;
    svg_string!(
        bars_size(sorted.len()),
        draw_bars(title, caption, &sorted, thresholds)
    )
}

fn sorted_bars(facilities: &[FacilityOccupancy]) -> Result<Vec<&FacilityOccupancy>> {
    if facilities.is_empty() {
        return Err(Error::from(ErrorKind::Empty { what: "facilities" }));
    }
    let mut sorted: Vec<&FacilityOccupancy> = facilities.iter().collect();
    sorted.sort_by(|a, b| b.occupancy.cmp(&a.occupancy).then(a.id.cmp(&b.id)));
    Ok(sorted)
}

fn draw_bars<DB: DrawingBackend<ErrorType: 'static>>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    caption: &str,
    sorted: &[&FacilityOccupancy],
    thresholds: &[Threshold],
) -> DrawResult {
    root.fill(&WHITE).ctx()?;
    let area = captioned(root, caption)?;
    let n = sorted.len() as u32;
    let top = sorted
        .iter()
        .map(|f| f.occupancy.percent())
        .chain(thresholds.iter().map(|t| t.percent().value()))
        .fold(100.0f64, f64::max)
        * 1.15;
    let names: Vec<String> = sorted.iter().map(|f| f.id.to_string()).collect();
    let label_w = label_area(&area, names.iter().map(String::as_str), 2);
    let mut chart = ChartBuilder::on(&area)
        .caption(title, font(22))
        .margin(16)
        .margin_right(40)
        .x_label_area_size(46)
        .y_label_area_size(label_w)
        // One row per facility and an empty row on top for the threshold labels.
        .build_cartesian_2d(0f64..top, (0u32..n).into_segmented())
        .ctx()?;
    // Row i (from the top) is sorted[i]; plotters counts rows from the bottom.
    let row = |i: usize| n - 1 - i as u32;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(n as usize + 1)
        .y_label_formatter(&|_| String::new()) // drawn below, one per row
        .x_label_formatter(&|x| format!("{x:.0} %"))
        .x_desc("occupancy (% of capacity)")
        .label_style(font(13))
        .axis_desc_style(font(15))
        .draw()
        .ctx()?;
    draw_row_labels(
        &area,
        names.iter().enumerate().map(|(i, s)| {
            (
                s.clone(),
                chart.backend_coord(&(0.0, SegmentValue::CenterOf(row(i)))),
            )
        }),
    )?;
    let mut levels: Vec<usize> = sorted
        .iter()
        .map(|f| band_level(thresholds, &f.occupancy))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    levels.reverse(); // the most crowded band first in the legend
    for level in levels {
        let colour = band_rgb(if level == 0 {
            0.0
        } else {
            thresholds[level - 1].percent().value()
        });
        let bars: Vec<_> = sorted
            .iter()
            .enumerate()
            .filter(|(_, f)| band_level(thresholds, &f.occupancy) == level)
            .map(|(i, f)| {
                let mut r = Rectangle::new(
                    [
                        (0.0, SegmentValue::Exact(row(i))),
                        (f.occupancy.percent(), SegmentValue::Exact(row(i) + 1)),
                    ],
                    colour.filled(),
                );
                r.set_margin(3, 3, 0, 0);
                r
            })
            .collect();
        chart
            .draw_series(bars)
            .ctx()?
            .label(band_label(thresholds, level))
            .legend(move |(x, y)| Rectangle::new([(x, y - 6), (x + 14, y + 6)], colour.filled()));
    }
    // The value at the end of each bar.
    chart
        .draw_series(sorted.iter().enumerate().map(|(i, f)| {
            Text::new(
                format!("{:.1} %", f.occupancy.percent_rounded(1)),
                (
                    f.occupancy.percent() + top * 0.005,
                    SegmentValue::CenterOf(row(i)),
                ),
                anchored(12, plotters::style::text_anchor::HPos::Left),
            )
        }))
        .ctx()?;
    // Thresholds: a vertical line each, labelled directly at the top.
    for t in thresholds {
        let x = t.percent().value();
        chart
            .draw_series(DashedLineSeries::new(
                [(x, SegmentValue::Exact(0)), (x, SegmentValue::Exact(n))],
                6,
                4,
                INK.stroke_width(1),
            ))
            .ctx()?;
        chart
            .draw_series(std::iter::once(Text::new(
                format!("{} %", t.percent()),
                (x, SegmentValue::CenterOf(n)),
                anchored(12, plotters::style::text_anchor::HPos::Center),
            )))
            .ctx()?;
    }
    legend_box(&mut chart, SeriesLabelPosition::LowerRight)
}

/// The system's occupancy over time (top panel: a y-range that shows the variation, the 100 %
/// line marked) and the share of facilities over capacity (bottom panel), `caption` along the
/// bottom.
///
/// # Errors
///
/// [`ErrorKind::Empty`] for no points; [`ErrorKind::InvalidParameter`] when dates are not strictly
/// increasing; otherwise as [`facility_bars`].
///
/// ```no_run
/// use overcrowding::{occupancy, plot::{TrendPoint, system_trend}};
/// let p = |d: &str, n, k| TrendPoint { date: d.parse().unwrap(), occupancy: occupancy(n, 100).unwrap(), share_over_capacity: occupancy(k, 28).unwrap() };
/// system_trend("target/plots/trend.svg", "Cambodia", "Source: example", &[p("2020-06-30", 130, 20), p("2021-06-30", 144, 27)]).unwrap();
/// ```
pub fn system_trend(
    path: impl AsRef<Path>,
    title: &str,
    caption: &str,
    points: &[TrendPoint],
) -> Result<()> {
    crate::series::strictly_increasing(points.iter().map(|p| p.date), "trend points")?;
    dispatch!(
        path.as_ref(),
        (1000, 720),
        draw_trend(title, caption, points)
    )
}

/// [`system_trend`] as an SVG document in a string.
///
/// # Errors
///
/// As [`system_trend`].
///
/// ```
/// use overcrowding::{occupancy, plot::{TrendPoint, system_trend_svg}};
/// let p = |d: &str, n, k| TrendPoint { date: d.parse().unwrap(), occupancy: occupancy(n, 100).unwrap(), share_over_capacity: occupancy(k, 28).unwrap() };
/// let svg = system_trend_svg("Cambodia", "Source: example", &[p("2020-06-30", 130, 20), p("2021-06-30", 144, 27)])?;
/// assert!(svg.contains("100 % of capacity"));
/// # Ok::<(), overcrowding::Error>(())
/// ```
pub fn system_trend_svg(title: &str, caption: &str, points: &[TrendPoint]) -> Result<String> {
    crate::series::strictly_increasing(points.iter().map(|p| p.date), "trend points")?;
    svg_string!((1000, 720), draw_trend(title, caption, points))
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

/// A y-range around `values` and `reference` with a margin, so that the variation shows.
fn padded_range(values: impl Iterator<Item = f64>, reference: Option<f64>) -> (f64, f64) {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for v in values.chain(reference) {
        if v.is_finite() {
            lo = lo.min(v);
            hi = hi.max(v);
        }
    }
    if !lo.is_finite() {
        return (0.0, 1.0);
    }
    let pad = ((hi - lo) * 0.12).max(hi.abs() * 0.01).max(1.0);
    ((lo - pad).max(0.0), hi + pad)
}

fn draw_trend<DB: DrawingBackend<ErrorType: 'static>>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    caption: &str,
    points: &[TrendPoint],
) -> DrawResult {
    root.fill(&WHITE).ctx()?;
    let area = captioned(root, caption)?;
    let area = area.titled(title, font(22)).ctx()?;
    let (upper, lower) = area.split_vertically((62).percent());
    // Each panel's key on a strip of its own above it: never over the data.
    let (upper_key, upper) = upper.split_vertically(KEY_STRIP);
    let (lower_key, lower) = lower.split_vertically(KEY_STRIP);
    let over = band_rgb(100.0);
    // The panels' plotting areas start after a 70 px label area and a 14 px margin.
    key_strip(
        &upper_key,
        &[
            (Key::Line(BLUE, 3), "system occupancy"),
            (Key::Dashed(REFERENCE, 2), "100 % of capacity"),
        ],
        84,
    )?;
    key_strip(
        &lower_key,
        &[(Key::Swatch(over), "share of facilities above 100 %")],
        84,
    )?;
    let first = points[0].date;
    let last = day_index(first, points[points.len() - 1].date).max(1);
    let pad = (last / 25).max(1);
    let xs: Vec<i32> = points.iter().map(|p| day_index(first, p.date)).collect();
    let (y0, y1) = padded_range(points.iter().map(|p| p.occupancy.percent()), Some(100.0));
    let mut chart = ChartBuilder::on(&upper)
        .margin(14)
        .margin_top(4)
        .x_label_area_size(30)
        .y_label_area_size(70)
        .build_cartesian_2d(-pad..last + pad, y0..y1)
        .ctx()?;
    chart
        .configure_mesh()
        .x_labels(8)
        .x_label_formatter(&|x| date_label(first, *x))
        .y_label_formatter(&|y| format!("{y:.0} %"))
        .y_desc("system occupancy (Σ pop ÷ Σ cap)")
        .label_style(font(13))
        .axis_desc_style(font(15))
        .draw()
        .ctx()?;
    chart
        .draw_series(DashedLineSeries::new(
            [(-pad, 100.0), (last + pad, 100.0)],
            8,
            5,
            REFERENCE.stroke_width(2),
        ))
        .ctx()?;
    chart
        .draw_series(LineSeries::new(
            xs.iter()
                .zip(points)
                .map(|(&x, p)| (x, p.occupancy.percent())),
            BLUE.stroke_width(3),
        ))
        .ctx()?;
    if points.len() <= 40 {
        chart
            .draw_series(
                xs.iter()
                    .zip(points)
                    .map(|(&x, p)| Circle::new((x, p.occupancy.percent()), 4, BLUE.filled())),
            )
            .ctx()?;
    }

    let mut share = ChartBuilder::on(&lower)
        .margin(14)
        .margin_top(4)
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
        .y_desc("facilities over capacity")
        .label_style(font(13))
        .axis_desc_style(font(15))
        .draw()
        .ctx()?;
    let w = (last / (points.len() as i32 * 3)).max(1);
    share
        .draw_series(xs.iter().zip(points).map(|(&x, p)| {
            Rectangle::new(
                [(x - w, 0.0), (x + w, p.share_over_capacity.percent())],
                over.filled(),
            )
        }))
        .ctx()?;
    Ok(())
}

/// Height in pixels of a key strip above a panel (one line of entries).
const KEY_STRIP: u32 = 26;

/// Height in pixels of each further line of a key strip whose entries do not fit on one.
const KEY_LINE: u32 = 20;

/// How a key entry is drawn.
enum Key {
    /// A line of this colour and width.
    Line(RGBColor, u32),
    /// A dashed line of this colour and width.
    Dashed(RGBColor, u32),
    /// A filled square.
    Swatch(RGBColor),
}

/// Each entry's line on a strip `width` pixels wide, its entries starting at `left`: entries
/// go on while they fit, then wrap (an entry is never dropped).
fn key_layout<DB: DrawingBackend<ErrorType: 'static>>(
    area: &DrawingArea<DB, Shift>,
    entries: &[(Key, &str)],
    left: i32,
    width: u32,
) -> Vec<(i32, u32)> {
    let mut x = left;
    let mut line = 0;
    entries
        .iter()
        .map(|(_, text)| {
            let w = 30 + text_width(area, text, 13) as i32;
            if x > left && (x + w) as u32 > width {
                x = left;
                line += 1;
            }
            let at = (x, line);
            x += w + 28;
            at
        })
        .collect()
}

/// The height of a key strip for `entries` (a line more per wrap).
fn key_height<DB: DrawingBackend<ErrorType: 'static>>(
    area: &DrawingArea<DB, Shift>,
    entries: &[(Key, &str)],
    left: i32,
) -> u32 {
    let (w, _) = area.dim_in_pixel();
    let lines = key_layout(area, entries, left, w)
        .last()
        .map_or(0, |&(_, line)| line);
    KEY_STRIP + KEY_LINE * lines
}

/// A panel's key as lines of entries on a strip of its own (above the panel, off the data),
/// starting at `left`, where the panel's plotting area starts (its label area and margin).
fn key_strip<DB: DrawingBackend<ErrorType: 'static>>(
    strip: &DrawingArea<DB, Shift>,
    entries: &[(Key, &str)],
    left: i32,
) -> DrawResult {
    let (w, _) = strip.dim_in_pixel();
    let places = key_layout(strip, entries, left, w);
    for ((key, text), (x, line)) in entries.iter().zip(places) {
        let (x, y) = (x, 13 + (KEY_LINE * line) as i32);
        match key {
            Key::Line(c, width) => strip
                .draw(&PathElement::new(
                    [(x, y), (x + 22, y)],
                    c.stroke_width(*width),
                ))
                .ctx()?,
            Key::Dashed(c, width) => {
                for k in 0..3 {
                    strip
                        .draw(&PathElement::new(
                            [(x + 8 * k, y), (x + 8 * k + 5, y)],
                            c.stroke_width(*width),
                        ))
                        .ctx()?;
                }
            }
            Key::Swatch(c) => strip
                .draw(&Rectangle::new(
                    [(x + 4, y - 7), (x + 18, y + 7)],
                    c.filled(),
                ))
                .ctx()?,
        }
        strip
            .draw(&Text::new(
                text.to_string(),
                (x + 30, y - 6),
                font(13).color(&INK),
            ))
            .ctx()?;
    }
    Ok(())
}

/// A yearly count (line and points) labelled `source_label` in the legend (e.g. `"observed
/// (World Prison Brief)"`), an optional reference level, e.g. a design capacity:
/// `level = Some((27_000, "design capacity"))`, and `caption` along the bottom.
///
/// # Errors
///
/// As [`facility_bars`].
///
/// ```no_run
/// let s = overcrowding::datasets::cambodia_wpb_series().unwrap();
/// overcrowding::plot::yearly_series("target/plots/wpb.svg", "Cambodia", "Source: World Prison Brief",
///     "prisoners (people)", "observed (World Prison Brief)", &s, Some((27_000, "design capacity 27,000"))).unwrap();
/// ```
pub fn yearly_series(
    path: impl AsRef<Path>,
    title: &str,
    caption: &str,
    y_label: &str,
    source_label: &str,
    series: &Series<Year>,
    level: Option<(u64, &str)>,
) -> Result<()> {
    dispatch!(
        path.as_ref(),
        SIZE,
        draw_yearly(title, caption, y_label, source_label, series, level)
    )
}

fn draw_yearly<DB: DrawingBackend<ErrorType: 'static>>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    caption: &str,
    y_label: &str,
    source_label: &str,
    series: &Series<Year>,
    level: Option<(u64, &str)>,
) -> DrawResult {
    root.fill(&WHITE).ctx()?;
    let area = captioned(root, caption)?;
    let pts = series.points();
    let (y0, y1) = (
        pts[0].period.0,
        pts[pts.len() - 1].period.0.max(pts[0].period.0 + 1),
    );
    let top = pts
        .iter()
        .map(|p| p.value)
        .chain(level.map(|l| l.0))
        .max()
        .unwrap_or(1) as f64
        * 1.1;
    let mut chart = ChartBuilder::on(&area)
        .caption(title, font(22))
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
    chart
        .draw_series(LineSeries::new(
            pts.iter().map(|p| (p.period.0, p.value as f64)),
            BLUE.stroke_width(3),
        ))
        .ctx()?
        .label(source_label.to_string())
        .legend(|(x, y)| PathElement::new([(x, y), (x + 18, y)], BLUE.stroke_width(3)));
    chart
        .draw_series(
            pts.iter()
                .map(|p| Circle::new((p.period.0, p.value as f64), 4, BLUE.filled())),
        )
        .ctx()?;
    if let Some((v, name)) = level {
        chart
            .draw_series(DashedLineSeries::new(
                [(y0, v as f64), (y1 + 1, v as f64)],
                8,
                5,
                REFERENCE.stroke_width(2),
            ))
            .ctx()?
            .label(name.to_string())
            .legend(|(x, y)| PathElement::new([(x, y), (x + 18, y)], REFERENCE.stroke_width(2)));
    }
    legend_box(&mut chart, SeriesLabelPosition::UpperLeft)
}

/// The error of a chart keyed by month (a fan, the report's forecast chart) asked to draw a
/// forecast whose periods are not whole months (a daily one).
pub(crate) fn not_charted(frequency: crate::forecast::Frequency) -> Error {
    Error::invalid(
        "frequency of a charted forecast",
        frequency.label(),
        Constraint::OneOf {
            allowed: ["monthly", "quarterly", "yearly"]
                .map(String::from)
                .to_vec(),
        },
    )
}

/// Which figure of a forecast period a fan chart draws as its central line
/// ([`FanPoint::from_fan`]); say which in the legend with [`Fan::with_centre_label`].
///
/// ```
/// use overcrowding::plot::Centre;
/// assert_ne!(Centre::Mean, Centre::Median);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Centre {
    /// The mean forecast ([`FanPeriod::mean`](crate::forecast::FanPeriod::mean)): the
    /// model's point forecast, the one [`Forecast::crossing`](crate::forecast::Forecast::crossing)
    /// holds against a capacity.
    Mean,
    /// The median ([`FanPeriod::median`](crate::forecast::FanPeriod::median)): the middle of
    /// the simulated paths, the one the command line's rows, its report and
    /// [`Forecast::median_crossing`](crate::forecast::Forecast::median_crossing) use.
    Median,
}

/// One projected month of a [`forecast_fan`]: the central line and the 80 % and 95 %
/// intervals.
///
/// ```
/// let p = overcrowding::plot::FanPoint { month: overcrowding::series::YearMonth::new(2025, 1)?,
///     centre: 88_000.0, band80: (86_000.0, 90_000.0), band95: (85_000.0, 91_000.0) };
/// assert!(p.band95.0 <= p.band80.0);
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FanPoint {
    /// The month.
    pub month: YearMonth,
    /// The central line: the mean or the median ([`Centre`]), as [`Fan::centre_label`]
    /// says.
    pub centre: f64,
    /// The 80 % interval (low, high).
    pub band80: (f64, f64),
    /// The 95 % interval (low, high).
    pub band95: (f64, f64),
}

impl FanPoint {
    /// The chart points of a fan ([`Forecast::fan`](crate::forecast::Forecast::fan) with the
    /// levels 0.8 and 0.95 among those asked for) of any frequency but daily: each period at
    /// its first month (a quarter at its first month, a year at January), `centre` as the
    /// central line (say which with [`Fan::with_centre_label`]) and the 80 % and 95 %
    /// intervals. The fan knows its periods when the series knew its start
    /// ([`RegularSeries::with_start`](crate::forecast::RegularSeries::with_start), or
    /// [`RegularSeries::from_series`](crate::forecast::RegularSeries::from_series)).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidParameter`] for a daily period ([`Constraint::OneOf`] the
    /// monthly, quarterly and yearly frequencies: the chart is keyed by month);
    /// [`ErrorKind::MissingValue`] for a period the fan does not know (a series without a
    /// start) or an interval at 0.8 or 0.95 not asked for.
    ///
    /// ```
    /// use overcrowding::plot::{Centre, FanPoint};
    /// use overcrowding::forecast::{Frequency, RegularSeries, forecast};
    /// use overcrowding::series::YearMonth;
    /// let s = RegularSeries::new(Frequency::Quarterly, (0..16).map(|k| 1_000.0 + 5.0 * k as f64).collect())?
    ///     .with_start(YearMonth::new(2020, 1)?);
    /// let fan = forecast(&s, 4)?.fan(&[0.8, 0.95])?;
    /// let points = FanPoint::from_fan(&fan, Centre::Median)?;
    /// assert_eq!(points[1].month.to_string(), "2024-04"); // 2024-Q2
    /// assert_eq!(points[1].centre, fan[1].median);
    /// assert_eq!(FanPoint::from_fan(&fan, Centre::Mean)?[1].centre, fan[1].mean);
    /// assert!(points.iter().all(|p| p.band95.0 <= p.band80.0 && p.band80.1 <= p.band95.1));
    /// assert!(FanPoint::from_fan(&forecast(&s, 4)?.fan(&[0.8])?, Centre::Median).is_err());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn from_fan(fan: &[crate::forecast::FanPeriod], centre: Centre) -> Result<Vec<FanPoint>> {
        fan.iter()
            .map(|p| {
                let period = p.period.ok_or(Error::from(ErrorKind::MissingValue {
                    what: "forecast period",
                }))?;
                let month = period
                    .first_month()
                    .ok_or_else(|| not_charted(crate::forecast::Frequency::Daily))?;
                let band = |level: f64| {
                    p.interval(level)
                        .map(|i| (i.lower, i.upper))
                        .ok_or(Error::from(ErrorKind::MissingValue {
                            what: "80 % or 95 % interval",
                        }))
                };
                Ok(FanPoint {
                    month,
                    centre: match centre {
                        Centre::Mean => p.mean,
                        Centre::Median => p.median,
                    },
                    band80: band(0.8)?,
                    band95: band(0.95)?,
                })
            })
            .collect()
    }
}

/// The history a fan chart draws from period totals of any frequency but daily: each
/// period's total at its first month, the periods whose first month lies fewer than
/// `months` months before the last's.
///
/// # Errors
///
/// [`ErrorKind::InvalidParameter`] for daily totals ([`Constraint::OneOf`] the monthly,
/// quarterly and yearly frequencies).
///
/// ```
/// use overcrowding::forecast::Frequency;
/// use overcrowding::series::Series;
/// let d = |y: i16| jiff::civil::date(y, 12, 31);
/// let totals = Series::totals(Frequency::Yearly, (2000..2024).map(|y| (d(y), 1_000 + y as u64)))?;
/// let h = overcrowding::plot::fan_history(&totals, 48)?;
/// assert_eq!((h.len(), h[0].0.to_string(), h[3].1), (4, "2020-01".to_string(), 3_023.0));
/// # Ok::<(), overcrowding::Error>(())
/// ```
pub fn fan_history(
    totals: &Series<crate::series::AnyPeriod>,
    months: i64,
) -> Result<Vec<(YearMonth, f64)>> {
    let month = |p: crate::series::AnyPeriod| {
        p.first_month()
            .ok_or_else(|| not_charted(totals.frequency()))
    };
    let last = month(totals.end())?;
    let mut out = Vec::new();
    for p in totals.points() {
        let m = month(p.period)?;
        if m.months_since(last) > -months {
            out.push((m, p.value as f64));
        }
    }
    Ok(out)
}

/// What a [`forecast_fan`] draws: the observed months, the projection, an optional capacity
/// line, the y-axis label and the legend label of the central line.
///
/// ```
/// use overcrowding::series::YearMonth;
/// let h = [(YearMonth::new(2024, 12)?, 87_000.0)];
/// let f = overcrowding::plot::Fan::new(&h, &[]).with_y_label("people held");
/// assert_eq!((f.history().len(), f.y_label()), (1, "people held"));
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Fan<'a> {
    history: &'a [(YearMonth, f64)],
    projection: &'a [FanPoint],
    /// Places and their label.
    capacity: Option<(f64, &'a str)>,
    y_label: &'a str,
    centre_label: &'a str,
}

impl<'a> Fan<'a> {
    /// A fan of `history` (observed months and values, oldest first) and `projection`
    /// (projected months, oldest first), with no capacity line, the y-axis labelled
    /// "people held" and the central line "mean forecast" ([`Centre::Mean`]); the `with_*`
    /// methods change them.
    ///
    /// ```
    /// use overcrowding::series::YearMonth;
    /// let h = [(YearMonth::new(2024, 12)?, 87_000.0)];
    /// let f = overcrowding::plot::Fan::new(&h, &[]);
    /// assert_eq!((f.projection().len(), f.centre_label()), (0, "mean forecast"));
    /// assert!(f.capacity().is_none());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn new(history: &'a [(YearMonth, f64)], projection: &'a [FanPoint]) -> Fan<'a> {
        Fan {
            history,
            projection,
            capacity: None,
            y_label: "people held",
            centre_label: "mean forecast",
        }
    }

    /// A capacity line at `places`, labelled `label`.
    ///
    /// ```
    /// let f = overcrowding::plot::Fan::new(&[], &[]).with_capacity(79_000.0, "in-use CNA");
    /// assert_eq!(f.capacity(), Some((79_000.0, "in-use CNA")));
    /// ```
    pub fn with_capacity(mut self, places: f64, label: &'a str) -> Fan<'a> {
        self.capacity = Some((places, label));
        self
    }

    /// The y-axis label.
    ///
    /// ```
    /// let f = overcrowding::plot::Fan::new(&[], &[]).with_y_label("people");
    /// assert_eq!(f.y_label().len(), 6);
    /// ```
    pub fn with_y_label(mut self, label: &'a str) -> Fan<'a> {
        self.y_label = label;
        self
    }

    /// What the central line is, for the legend (e.g. "median").
    ///
    /// ```
    /// let f = overcrowding::plot::Fan::new(&[], &[]).with_centre_label("median");
    /// assert_eq!(f.centre_label().len(), 6);
    /// ```
    pub fn with_centre_label(mut self, label: &'a str) -> Fan<'a> {
        self.centre_label = label;
        self
    }

    /// Observed months and values, oldest first.
    ///
    /// ```
    /// use overcrowding::series::YearMonth;
    /// let h = [(YearMonth::new(2024, 12)?, 87_000.0)];
    /// assert_eq!(overcrowding::plot::Fan::new(&h, &[]).history()[0].1, 87_000.0);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn history(&self) -> &'a [(YearMonth, f64)] {
        self.history
    }

    /// Projected months, oldest first.
    ///
    /// ```
    /// assert_eq!(overcrowding::plot::Fan::new(&[], &[]).projection().len(), 0);
    /// ```
    pub fn projection(&self) -> &'a [FanPoint] {
        self.projection
    }

    /// The capacity line: places and label.
    ///
    /// ```
    /// let f = overcrowding::plot::Fan::new(&[], &[]).with_capacity(5.0, "places");
    /// assert_eq!(f.capacity().map(|c| c.0), Some(5.0));
    /// ```
    pub fn capacity(&self) -> Option<(f64, &'a str)> {
        self.capacity
    }

    /// The y-axis label.
    ///
    /// ```
    /// assert_eq!(overcrowding::plot::Fan::new(&[], &[]).y_label(), "people held");
    /// ```
    pub fn y_label(&self) -> &'a str {
        self.y_label
    }

    /// The legend label of the central line.
    ///
    /// ```
    /// assert_eq!(overcrowding::plot::Fan::new(&[], &[]).centre_label(), "mean forecast");
    /// ```
    pub fn centre_label(&self) -> &'a str {
        self.centre_label
    }
}

/// A forecast fan chart: the observed history (line), the projection's central line (dashed) with
/// its 80 % and 95 % bands, a capacity line, a y-range that shows the variation, and
/// `caption` along the bottom.
///
/// # Errors
///
/// [`ErrorKind::Empty`] when there is neither history nor projection; otherwise as
/// [`facility_bars`].
///
/// ```no_run
/// # use overcrowding::series::YearMonth;
/// # let h = [(YearMonth::new(2024, 12)?, 87_000.0)];
/// let fan = overcrowding::plot::Fan::new(&h, &[]).with_capacity(79_000.0, "in-use CNA").with_y_label("people");
/// overcrowding::plot::forecast_fan("target/plots/fan.png", "Projection", "Source: example", &fan)?;
/// # Ok::<(), overcrowding::Error>(())
/// ```
pub fn forecast_fan(
    path: impl AsRef<Path>,
    title: &str,
    caption: &str,
    fan: &Fan<'_>,
) -> Result<()> {
    check_fan(fan)?;
    dispatch!(path.as_ref(), SIZE, draw_fan(title, caption, fan))
}

/// [`forecast_fan`] as an SVG document in a string.
///
/// # Errors
///
/// As [`forecast_fan`].
///
/// ```
/// use overcrowding::plot::{Fan, FanPoint, forecast_fan_svg};
/// use overcrowding::series::YearMonth;
/// let m = |k| YearMonth::new(2024, 1).unwrap().plus(k).unwrap();
/// let history: Vec<_> = (0..12).map(|k| (m(k), 80_000.0 + 500.0 * k as f64)).collect();
/// let projection: Vec<_> = (12..18).map(|k| FanPoint { month: m(k), centre: 80_000.0 + 500.0 * k as f64,
///     band80: (79_000.0, 90_000.0), band95: (78_000.0, 92_000.0) }).collect();
/// let fan = Fan::new(&history, &projection).with_capacity(86_000.0, "capacity 86,000")
///     .with_centre_label("median");
/// let svg = forecast_fan_svg("Projection", "Source: example", &fan)?;
/// assert!(svg.contains("95 % interval") && svg.contains("capacity 86,000"));
/// # Ok::<(), overcrowding::Error>(())
/// ```
pub fn forecast_fan_svg(title: &str, caption: &str, fan: &Fan<'_>) -> Result<String> {
    check_fan(fan)?;
    svg_string!(SIZE, draw_fan(title, caption, fan))
}

fn check_fan(fan: &Fan<'_>) -> Result<()> {
    if fan.history.is_empty() && fan.projection.is_empty() {
        return Err(Error::from(ErrorKind::Empty {
            what: "history and projection",
        }));
    }
    Ok(())
}

fn draw_fan<DB: DrawingBackend<ErrorType: 'static>>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    caption: &str,
    fan: &Fan<'_>,
) -> DrawResult {
    root.fill(&WHITE).ctx()?;
    let area = captioned(root, caption)?;
    let area = area.titled(title, font(22)).ctx()?;
    let light = RGBColor(0xc6, 0xd8, 0xf0);
    let mid = RGBColor(0x8d, 0xb0, 0xe0);
    // The key on a strip of its own above the chart: never over the data or the grid.
    let mut key = Vec::new();
    if !fan.projection.is_empty() {
        key.push((Key::Swatch(light), "95 % interval"));
        key.push((Key::Swatch(mid), "80 % interval"));
    }
    key.push((Key::Line(INK, 2), "observed"));
    if !fan.projection.is_empty() {
        key.push((Key::Dashed(BLUE, 3), fan.centre_label));
    }
    if let Some((_, name)) = fan.capacity {
        key.push((Key::Dashed(REFERENCE, 2), name));
    }
    // The plotting area starts after the 85 px label area and the 16 px margin.
    let left = 101;
    let (key_area, area) = area.split_vertically(key_height(&area, &key, left));
    key_strip(&key_area, &key, left)?;
    let t = |m: YearMonth| m.fractional_year();
    let xs = fan
        .history
        .iter()
        .map(|p| t(p.0))
        .chain(fan.projection.iter().map(|p| t(p.month)));
    let (x0, x1) = xs.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| {
        (a.min(x), b.max(x))
    });
    let x1 = x1.max(x0 + 1.0 / 12.0);
    let values = fan.history.iter().map(|p| p.1).chain(
        fan.projection
            .iter()
            .flat_map(|p| [p.band95.0, p.band95.1, p.centre]),
    );
    let (y0, y1) = padded_range(values, fan.capacity.map(|c| c.0));
    let span = x1 - x0;
    let mut chart = ChartBuilder::on(&area)
        .margin(16)
        .margin_top(4)
        .margin_right(30)
        .x_label_area_size(45)
        .y_label_area_size(85)
        .build_cartesian_2d(x0 - span * 0.01..x1 + span * 0.01, y0..y1)
        .ctx()?;
    chart
        .configure_mesh()
        .x_labels(10)
        .x_label_formatter(&|x| {
            let m = YearMonth::first_at_or_after(*x - 1.0 / 24.0);
            match m {
                Some(m) if span > 4.0 => m.year().to_string(),
                Some(m) => m.to_string(),
                None => String::new(),
            }
        })
        .y_label_formatter(&|v| thousands(v.max(0.0).round() as u64))
        .y_desc(fan.y_label)
        .label_style(font(13))
        .axis_desc_style(font(15))
        .draw()
        .ctx()?;
    // Bands start at the last observation so the fan opens from it.
    let anchor = fan.history.last().map(|p| (t(p.0), p.1));
    for (band, colour) in [(0usize, light), (1usize, mid)] {
        if fan.projection.is_empty() {
            break;
        }
        let pick = |p: &FanPoint| if band == 0 { p.band95 } else { p.band80 };
        let upper = anchor
            .into_iter()
            .chain(fan.projection.iter().map(|p| (t(p.month), pick(p).1)));
        let lower: Vec<(f64, f64)> = anchor
            .into_iter()
            .chain(fan.projection.iter().map(|p| (t(p.month), pick(p).0)))
            .collect();
        let outline: Vec<(f64, f64)> = upper.chain(lower.into_iter().rev()).collect();
        chart
            .draw_series(std::iter::once(Polygon::new(outline, colour.filled())))
            .ctx()?;
    }
    chart
        .draw_series(LineSeries::new(
            fan.history.iter().map(|p| (t(p.0), p.1)),
            INK.stroke_width(2),
        ))
        .ctx()?;
    if !fan.projection.is_empty() {
        chart
            .draw_series(DashedLineSeries::new(
                anchor
                    .into_iter()
                    .chain(fan.projection.iter().map(|p| (t(p.month), p.centre))),
                6,
                4,
                BLUE.stroke_width(3),
            ))
            .ctx()?;
    }
    if let Some((v, _)) = fan.capacity {
        chart
            .draw_series(DashedLineSeries::new(
                [(x0, v), (x1, v)],
                8,
                5,
                REFERENCE.stroke_width(2),
            ))
            .ctx()?;
    }
    Ok(())
}

fn thousands(v: u64) -> String {
    crate::exact::thousands(u128::from(v))
}

mod heatmap;
mod histogram;
mod policy;
pub use heatmap::{HeatCell, occupancy_heatmap, occupancy_heatmap_svg};
pub use histogram::{occupancy_histogram, occupancy_histogram_svg};
pub use policy::{PolicyChart, policy_curves, policy_curves_svg};

#[cfg(test)]
mod tests;
