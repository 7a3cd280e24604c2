//! [`ScreenOptions`]: the screen's thresholds, each with a documented default.

/// The thresholds of [`screen`](super::screen). Defaults:
///
/// | rule | option | default |
/// |---|---|---|
/// | implausible occupancy | [`with_occupancy_band`](Self::with_occupancy_band) | below 20 % or above 300 % of any reported capacity kind |
/// | same value on several facilities | [`with_min_repeats`](Self::with_min_repeats), [`with_min_repeated_value`](Self::with_min_repeated_value) | 3 facilities, values ≥ 50, and only where that many facilities **of similar size** would share a value by chance fewer than once in 20 panels like this one (see below) |
/// | unchanged while others move | [`with_unchanged_reports`](Self::with_unchanged_reports) | 6 reports in a row, while ≥ half the facilities changed |
/// | partial report | [`with_partial_share`](Self::with_partial_share), [`with_neighbours`](Self::with_neighbours) | count or total below 85 % of the median of 3 dates either side |
/// | jump | [`with_jump_k`](Self::with_jump_k), [`with_min_jump`](Self::with_min_jump) | a change beyond 6 × 1.4826 × MAD of the facility's changes (≥ 8 changes), and ≥ 50 people |
/// | capacity that changes and changes back | — | always |
/// | sub-rows repeating the parent's capacity | [`with_sub_rows`](Self::with_sub_rows) | off |
///
/// Every finding has a [`Severity`](super::Severity) and the people it concerns; a
/// [`Screen`](super::Screen) ranks them ([`Screen::ranked`](super::Screen::ranked)) and counts
/// them per rule ([`Screen::counts`](super::Screen::counts)).
///
/// # The repeated-value rule
///
/// Among many small facilities equal values are common: 189 institutes of 20 to 400 people
/// share a population of 78 three at a time most months, by chance. A value `v` shared by `k`
/// facilities on a date is flagged only when it is unlikely **for facilities of that size**:
/// the `m` values of the date within `v ± h` (h = 10 % of `v`, at least 5) are taken as spread
/// evenly over those 2h + 1 integers, the shared value counted once, so one integer is hit
/// Poisson(λ) times with λ = (m − k + 1) / (2h + 1); the window then holds (2h + 1) ·
/// P(Poisson(λ) ≥ k) values shared by `k` or more. Multiplied by the number of such windows
/// on the date (n / m for n values) and by the number of dates, that is how many such
/// coincidences chance gives the whole panel; the rule flags the value when it is below 0.05.
/// The same rule applies to each capacity kind.
///
/// ```
/// let o = overcrowding::screen::ScreenOptions::new().with_occupancy_band(30.0, 250.0);
/// assert_eq!(o.occupancy_band(), (30.0, 250.0));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ScreenOptions {
    pub(super) low_percent: f64,
    pub(super) high_percent: f64,
    pub(super) min_repeats: usize,
    pub(super) min_repeated_value: u64,
    pub(super) unchanged_reports: usize,
    pub(super) partial_share: f64,
    pub(super) neighbours: usize,
    pub(super) jump_k: f64,
    pub(super) min_jump: u64,
    pub(super) sub_row_key: Option<String>,
}

impl Default for ScreenOptions {
    fn default() -> Self {
        ScreenOptions::new()
    }
}

impl ScreenOptions {
    /// The defaults (see the table above).
    ///
    /// ```
    /// assert_eq!(overcrowding::screen::ScreenOptions::new().occupancy_band(), (20.0, 300.0));
    /// ```
    pub fn new() -> ScreenOptions {
        ScreenOptions {
            low_percent: 20.0,
            high_percent: 300.0,
            min_repeats: 3,
            min_repeated_value: 50,
            unchanged_reports: 6,
            partial_share: 0.85,
            neighbours: 3,
            jump_k: 6.0,
            min_jump: 50,
            sub_row_key: None,
        }
    }

    /// Occupancy below `low_percent` or above `high_percent` of any reported capacity kind is
    /// implausible (a value in the wrong column, a unit mix-up). A value that is not finite or
    /// a band with low > high flags nothing.
    ///
    /// ```
    /// let o = overcrowding::screen::ScreenOptions::new().with_occupancy_band(10.0, 400.0);
    /// assert_eq!(o.occupancy_band().1, 400.0);
    /// ```
    pub fn with_occupancy_band(mut self, low_percent: f64, high_percent: f64) -> Self {
        self.low_percent = low_percent;
        self.high_percent = high_percent;
        self
    }

    /// The occupancy band, in percent.
    ///
    /// ```
    /// assert_eq!(overcrowding::screen::ScreenOptions::new().occupancy_band().0, 20.0);
    /// ```
    pub fn occupancy_band(&self) -> (f64, f64) {
        (self.low_percent, self.high_percent)
    }

    /// The number of facilities (≥ 2) that must report the same value on one date to be
    /// flagged.
    ///
    /// ```
    /// let o = overcrowding::screen::ScreenOptions::new().with_min_repeats(4);
    /// # let _ = o;
    /// ```
    pub fn with_min_repeats(mut self, facilities: usize) -> Self {
        self.min_repeats = facilities.max(2);
        self
    }

    /// The smallest value the repeat rule looks at (small counts repeat by chance).
    ///
    /// ```
    /// let o = overcrowding::screen::ScreenOptions::new().with_min_repeated_value(100);
    /// # let _ = o;
    /// ```
    pub fn with_min_repeated_value(mut self, value: u64) -> Self {
        self.min_repeated_value = value;
        self
    }

    /// How many reports in a row (≥ 2) of the same population are flagged when most other
    /// facilities changed over them.
    ///
    /// ```
    /// let o = overcrowding::screen::ScreenOptions::new().with_unchanged_reports(12);
    /// # let _ = o;
    /// ```
    pub fn with_unchanged_reports(mut self, reports: usize) -> Self {
        self.unchanged_reports = reports.max(2);
        self
    }

    /// A date whose facility count or total population is below this share of its
    /// neighbours' median is a partial report.
    ///
    /// ```
    /// let o = overcrowding::screen::ScreenOptions::new().with_partial_share(0.5);
    /// # let _ = o;
    /// ```
    pub fn with_partial_share(mut self, share: f64) -> Self {
        self.partial_share = share;
        self
    }

    /// How many dates on each side (≥ 1) make a date's neighbours.
    ///
    /// ```
    /// let o = overcrowding::screen::ScreenOptions::new().with_neighbours(6);
    /// # let _ = o;
    /// ```
    pub fn with_neighbours(mut self, dates: usize) -> Self {
        self.neighbours = dates.max(1);
        self
    }

    /// A change from one report to the next beyond `k` robust standard deviations
    /// (1.4826 × the median absolute deviation of the facility's changes) is a jump.
    ///
    /// ```
    /// let o = overcrowding::screen::ScreenOptions::new().with_jump_k(4.0);
    /// # let _ = o;
    /// ```
    pub fn with_jump_k(mut self, k: f64) -> Self {
        self.jump_k = k;
        self
    }

    /// The smallest change, in people, that can be a jump.
    ///
    /// ```
    /// let o = overcrowding::screen::ScreenOptions::new().with_min_jump(100);
    /// # let _ = o;
    /// ```
    pub fn with_min_jump(mut self, people: u64) -> Self {
        self.min_jump = people;
        self
    }

    /// Records are sub-rows of a parent named by group key `key` (e.g. `"institution"`):
    /// sub-rows of one parent and date that report the same capacity of a kind repeat the
    /// parent's figure (the CDCR gender-row quirk) and are flagged.
    ///
    /// ```
    /// let o = overcrowding::screen::ScreenOptions::new().with_sub_rows("institution");
    /// assert_eq!(o.sub_row_key(), Some("institution"));
    /// ```
    pub fn with_sub_rows(mut self, key: impl Into<String>) -> Self {
        self.sub_row_key = Some(key.into());
        self
    }

    /// The sub-row group key, if set.
    ///
    /// ```
    /// assert_eq!(overcrowding::screen::ScreenOptions::new().sub_row_key(), None);
    /// ```
    pub fn sub_row_key(&self) -> Option<&str> {
        self.sub_row_key.as_deref()
    }
}
