//! [`Ratio`]: an exact quotient of two counts, and [`Percent`]: a decimal percentage.
//!
//! Published tables round once, from the exact ratio of the integer counts. A `Ratio` keeps
//! both counts, so rounding and comparisons against thresholds are decided in integer
//! arithmetic, never on an already-rounded float.

use crate::ErrorKind;
use crate::error::Constraint;
use std::cmp::Ordering;
use std::fmt;

use super::Rounding;
use crate::error::{Error, Result};

/// The exact quotient `numerator / denominator` of two non-negative counts, denominator > 0.
///
/// # Semantics
///
/// A ratio is not a percent: `value()` of 39,000 / 27,000 is 1.444…, `percent()` is 144.44….
/// Counts are held as `u128` so that system sums of `u64` counts never wrap. Equality and
/// ordering compare the exact rational values (2/4 == 1/2), without overflow.
///
/// ```
/// use overcrowding::Ratio;
/// let r = Ratio::new(39_000u64, 27_000u64).unwrap();
/// assert_eq!(r.percent_rounded(1), 144.4);
/// assert_eq!(Ratio::new(1u64, 2u64).unwrap(), Ratio::new(2u64, 4u64).unwrap());
/// ```
#[derive(Debug, Clone, Copy, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "RawRatio", into = "RawRatio")]
pub struct Ratio {
    numerator: u128,
    denominator: u128,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct RawRatio {
    numerator: u128,
    denominator: u128,
}

impl TryFrom<RawRatio> for Ratio {
    type Error = Error;
    fn try_from(raw: RawRatio) -> Result<Self> {
        Ratio::new(raw.numerator, raw.denominator)
    }
}

impl From<Ratio> for RawRatio {
    fn from(r: Ratio) -> Self {
        RawRatio {
            numerator: r.numerator,
            denominator: r.denominator,
        }
    }
}

impl Ratio {
    /// Builds `numerator / denominator`.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::ZeroDenominator`](crate::ErrorKind::ZeroDenominator) when `denominator` is 0.
    ///
    /// ```
    /// use overcrowding::Ratio;
    /// assert_eq!(Ratio::new(3u64, 4u64).unwrap().value(), 0.75);
    /// assert!(Ratio::new(3u64, 0u64).is_err());
    /// ```
    pub fn new(numerator: impl Into<u128>, denominator: impl Into<u128>) -> Result<Ratio> {
        Self::with_name(numerator.into(), denominator.into(), "denominator")
    }

    #[inline]
    pub(crate) fn with_name(
        numerator: u128,
        denominator: u128,
        what: &'static str,
    ) -> Result<Ratio> {
        if denominator == 0 {
            return Err(Error::from(ErrorKind::ZeroDenominator { what }));
        }
        Ok(Ratio {
            numerator,
            denominator,
        })
    }

    /// A ratio whose denominator is non-zero by its type (no error path).
    #[inline]
    pub(crate) fn of_nonzero(numerator: u128, denominator: std::num::NonZeroU128) -> Ratio {
        Ratio {
            numerator,
            denominator: denominator.get(),
        }
    }

    /// The numerator (e.g. the population).
    ///
    /// ```
    /// assert_eq!(overcrowding::occupancy(39_000, 27_000).unwrap().numerator(), 39_000);
    /// ```
    pub fn numerator(&self) -> u128 {
        self.numerator
    }

    /// The denominator (e.g. the capacity); always > 0.
    ///
    /// ```
    /// assert_eq!(overcrowding::occupancy(39_000, 27_000).unwrap().denominator(), 27_000);
    /// ```
    pub fn denominator(&self) -> u128 {
        self.denominator
    }

    /// The quotient as a plain number: 1.444… for 39,000 / 27,000.
    ///
    /// ```
    /// let r = overcrowding::occupancy(39_000, 27_000).unwrap();
    /// approx::assert_relative_eq!(r.value(), 39.0 / 27.0);
    /// ```
    #[inline]
    pub fn value(&self) -> f64 {
        // Both counts exact in an f64: one IEEE division, correctly rounded.
        const EXACT: u128 = 1 << 53;
        if self.numerator < EXACT && self.denominator < EXACT {
            return self.numerator as u64 as f64 / self.denominator as u64 as f64;
        }
        // Exact integer part plus the fraction: precise even when both counts exceed 2^53.
        let int = self.numerator / self.denominator;
        let rem = self.numerator % self.denominator;
        int as f64 + rem as f64 / self.denominator as f64
    }

    /// The quotient in percent: 144.44… for 39,000 / 27,000.
    ///
    /// ```
    /// let r = overcrowding::occupancy(39_000, 27_000).unwrap();
    /// approx::assert_relative_eq!(r.percent(), 144.444_444_444, epsilon = 1e-6);
    /// ```
    #[inline]
    pub fn percent(&self) -> f64 {
        match self.numerator.checked_mul(100) {
            Some(n) => Ratio {
                numerator: n,
                ..*self
            }
            .value(),
            None => self.value() * 100.0,
        }
    }

    /// The percent rounded once, from the exact counts, half away from zero, to `decimals`
    /// places — as statistical tables publish it. BJS Kansas: 8,521 / 10,360 = 82.249…% →
    /// 82.2, where rounding a float to 2 places first would give 82.25 → 82.3. For another
    /// publisher's rule see [`Ratio::percent_rounded_by`].
    ///
    /// The result is the `f64` nearest to the rounded decimal, for every `decimals`, and any
    /// `u32` is accepted in bounded time and memory: from [`Ratio::F64_EXACT_DECIMALS`] places
    /// on, the nearest `f64` of the rounded decimal no longer changes (proved there), so the
    /// work stops there — the answer is the same, not clamped.
    ///
    /// ```
    /// let kansas = overcrowding::occupancy(8_521, 10_360).unwrap();
    /// assert_eq!(kansas.percent_rounded(1), 82.2);
    /// assert_eq!(overcrowding::occupancy(1, 8).unwrap().percent_rounded(1), 12.5);
    /// assert_eq!(overcrowding::occupancy(1, 16).unwrap().percent_rounded(1), 6.3); // 6.25 -> 6.3
    /// assert_eq!(overcrowding::occupancy(1, 3).unwrap().percent_rounded(u32::MAX), 100.0 / 3.0);
    /// ```
    #[inline]
    pub fn percent_rounded(&self, decimals: u32) -> f64 {
        self.percent_rounded_by(decimals, Rounding::HalfAwayFromZero)
    }

    /// Places from which [`Ratio::percent_rounded`] gives the same `f64` for every larger
    /// count of decimals: 200.
    ///
    /// Why: for counts below 2^128 a non-zero percent `x = 100·n/d` is at least 2^-122, so
    /// the points half-way between two neighbouring `f64`s near it are multiples of 2^-176
    /// (a decimal of at most 176 places). `x` either is such a point — then rounding to 200
    /// or more places returns `x` itself — or lies at least 1/(d·2^176) > 10^-92 from every
    /// one, farther than rounding to 200 places moves it (½·10^-200). And no tie at 200 or
    /// more places exists (a terminating `100·n/d` has at most 127 decimals), so the rule
    /// does not matter there either.
    ///
    /// ```
    /// let r = overcrowding::occupancy(2, 3).unwrap();
    /// let at = overcrowding::Ratio::F64_EXACT_DECIMALS;
    /// assert_eq!(r.percent_rounded(at), r.percent_rounded(at + 1_000));
    /// ```
    pub const F64_EXACT_DECIMALS: u32 = 200;

    /// The most decimals [`Ratio::percent_rounded_string`] writes: 1,000 (a longer string is
    /// refused rather than allocated; `{:.N}` formatting streams any `N`).
    ///
    /// ```
    /// let r = overcrowding::occupancy(1, 3).unwrap();
    /// assert_eq!(r.percent_rounded_string(overcrowding::Ratio::MAX_STRING_DECIMALS)?.len(), 1_003);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub const MAX_STRING_DECIMALS: u32 = 1_000;

    /// The percent rounded once from the exact counts to `decimals` places by the
    /// publisher's `rule`; the rule matters only on an exact tie. Italy's ministry: Asti, 281
    /// held in 200 places = 140.5 %, printed 140 (half to even); BJS would print 141.
    ///
    /// Any `decimals` is accepted, as for [`Ratio::percent_rounded`].
    ///
    /// ```
    /// use overcrowding::{occupancy, exact::Rounding};
    /// let vallo = occupancy(65, 40)?; // Vallo della Lucania, 162.5 %
    /// assert_eq!(vallo.percent_rounded_by(0, Rounding::HalfToEven), 162.0);
    /// assert_eq!(vallo.percent_rounded_by(0, Rounding::HalfAwayFromZero), 163.0);
    /// assert_eq!(occupancy(283, 200)?.percent_rounded_by(0, Rounding::HalfToEven), 142.0); // 141.5
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    #[inline]
    pub fn percent_rounded_by(&self, decimals: u32, rule: Rounding) -> f64 {
        let decimals = decimals.min(Self::F64_EXACT_DECIMALS);
        match (
            u64::try_from(self.numerator),
            u64::try_from(self.denominator),
        ) {
            (Ok(n), Ok(d)) => percent_rounded_u64_by(n, d, decimals, rule),
            _ => self.percent_rounded_slow(decimals, rule),
        }
    }

    #[cold]
    #[inline(never)]
    fn percent_rounded_slow(&self, decimals: u32, rule: Rounding) -> f64 {
        debug_assert!(decimals <= Self::F64_EXACT_DECIMALS);
        let mut text = String::new();
        // Writing into a String cannot fail; the digits always parse.
        let _ = write_percent_rounded(self.numerator, self.denominator, decimals, rule, &mut text);
        text.parse().unwrap_or(f64::MAX)
    }

    /// The rounded percent as the decimal text a table prints, e.g. `"82.2"`, `"100.0"`,
    /// half away from zero (see [`Ratio::percent_rounded_string_by`] for another rule).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) when `decimals` exceeds [`Ratio::MAX_STRING_DECIMALS`]
    /// (1,000): such a string is refused, not allocated (`u32::MAX` places would take 4 GiB).
    /// Formatting with `{:.N}` streams the digits instead and accepts any `N`.
    ///
    /// ```
    /// let r = overcrowding::occupancy(2_800, 2_800).unwrap();
    /// assert_eq!(r.percent_rounded_string(1)?, "100.0");
    /// assert_eq!(overcrowding::occupancy(4_361, 2_800).unwrap().percent_rounded_string(1)?, "155.8");
    /// assert!(r.percent_rounded_string(u32::MAX).is_err());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn percent_rounded_string(&self, decimals: u32) -> Result<String> {
        self.percent_rounded_string_by(decimals, Rounding::HalfAwayFromZero)
    }

    /// The rounded percent as text, by the publisher's `rule`: Asti's 140.5 % is `"140"`
    /// half to even.
    ///
    /// # Errors
    ///
    /// As [`Ratio::percent_rounded_string`]: more than 1,000 decimals.
    ///
    /// ```
    /// use overcrowding::{occupancy, exact::Rounding};
    /// let asti = occupancy(281, 200)?;
    /// assert_eq!(asti.percent_rounded_string_by(0, Rounding::HalfToEven)?, "140");
    /// assert_eq!(asti.percent_rounded_string_by(1, Rounding::HalfToEven)?, "140.5");
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn percent_rounded_string_by(&self, decimals: u32, rule: Rounding) -> Result<String> {
        if decimals > Self::MAX_STRING_DECIMALS {
            return Err(Error::invalid(
                "decimals",
                decimals,
                Constraint::AtMost {
                    max: f64::from(Self::MAX_STRING_DECIMALS),
                },
            ));
        }
        let mut text = String::with_capacity(decimals as usize + 8);
        // Writing into a String cannot fail.
        let _ = write_percent_rounded(self.numerator, self.denominator, decimals, rule, &mut text);
        Ok(text)
    }

    /// Compares this ratio, as a percent, with a decimal percentage, exactly.
    ///
    /// ```
    /// use overcrowding::{occupancy, Percent};
    /// use std::cmp::Ordering;
    /// let r = occupancy(1375, 1000).unwrap(); // 137.5 %
    /// assert_eq!(r.cmp_percent(Percent::new(137.5).unwrap()), Ordering::Equal);
    /// ```
    #[inline]
    pub fn cmp_percent(&self, percent: Percent) -> Ordering {
        let (pn, pd) = percent.as_fraction_of_one();
        cmp_fractions(self.numerator, self.denominator, pn, pd)
    }
}

impl PartialEq for Ratio {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Ratio {}
impl PartialOrd for Ratio {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Ratio {
    fn cmp(&self, other: &Self) -> Ordering {
        cmp_fractions(
            self.numerator,
            self.denominator,
            other.numerator,
            other.denominator,
        )
    }
}

impl fmt::Display for Ratio {
    /// Prints the percent, rounded once from the counts; one decimal unless a precision is given.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Streamed digit by digit: any precision in constant memory.
        let decimals = u32::try_from(f.precision().unwrap_or(1)).unwrap_or(u32::MAX);
        write_percent_rounded(
            self.numerator,
            self.denominator,
            decimals,
            Rounding::HalfAwayFromZero,
            f,
        )?;
        f.write_str(" %")
    }
}

/// The kernel of [`Ratio::percent_rounded`] for `u64` counts, `d > 0`, half away from zero.
/// The scalar method and the columnar core ([`crate::metrics::columnar`]) both call it.
#[inline]
pub(crate) fn percent_rounded_u64(n: u64, d: u64, decimals: u32) -> f64 {
    percent_rounded_u64_by(
        n,
        d,
        decimals.min(Ratio::F64_EXACT_DECIMALS),
        Rounding::HalfAwayFromZero,
    )
}

/// [`percent_rounded_u64`] by a rule: the float fast path when it provably decides the
/// rounding (never on a tie, so for either rule), else the exact decimal long division.
#[inline]
fn percent_rounded_u64_by(n: u64, d: u64, decimals: u32, rule: Rounding) -> f64 {
    debug_assert!(d > 0);
    match percent_rounded_fast(n, d, decimals) {
        Some(v) => v,
        None => Ratio {
            numerator: u128::from(n),
            denominator: u128::from(d),
        }
        .percent_rounded_slow(decimals, rule),
    }
}

/// Writes `100·n/d` rounded to `decimals` places by `rule` as decimal text (`d > 0`), one
/// digit at a time by long division, so nothing overflows whatever the counts and the memory
/// is constant whatever `decimals`: a digit is held back only while a carry could still
/// reach it (the last digit below 9 and a count of the 9s after it).
fn write_percent_rounded<W: fmt::Write>(
    n: u128,
    d: u128,
    decimals: u32,
    rule: Rounding,
    out: &mut W,
) -> fmt::Result {
    // n = q·d + r, so 100·n/d has the decimal digits of q followed by the two digits of
    // 100·r/d, then the decimals.
    let (q, r) = (n / d, n % d);
    let (q2, mut rem) = div_small_mul(r, 100, d);
    let int: Vec<u8> = q
        .to_string()
        .bytes()
        .map(|b| b - b'0')
        .chain([(q2 / 10) as u8, (q2 % 10) as u8])
        .collect();
    let mut w = Digits {
        out,
        // The held digit starts as a virtual leading 0 (position 0), which takes a carry.
        int_len: int.len() + 1,
        decimals,
        pos: 0,
        started: false,
        held: 0,
        nines: 0,
    };
    for digit in int {
        w.push(digit)?;
    }
    let mut last = (q2 % 10) as u8;
    for _ in 0..decimals {
        let (digit, r) = div_small_mul(rem, 10, d);
        rem = r;
        last = digit as u8;
        w.push(last)?;
    }
    w.finish(rule.rounds_up(last, rem, d))
}

/// The digit writer of [`write_percent_rounded`]: the held digit and the 9s after it wait
/// for a possible carry; leading zeros of the integer part are dropped (one is kept).
struct Digits<'a, W: fmt::Write> {
    out: &'a mut W,
    int_len: usize,
    decimals: u32,
    pos: usize,
    started: bool,
    held: u8,
    nines: u64,
}

impl<W: fmt::Write> Digits<'_, W> {
    fn push(&mut self, digit: u8) -> fmt::Result {
        if digit == 9 {
            self.nines += 1;
            return Ok(());
        }
        let held = std::mem::replace(&mut self.held, digit);
        self.emit(held)?;
        for _ in 0..std::mem::take(&mut self.nines) {
            self.emit(9)?;
        }
        Ok(())
    }

    fn finish(mut self, up: bool) -> fmt::Result {
        let (first, rest) = if up {
            (self.held + 1, 0)
        } else {
            (self.held, 9)
        };
        self.emit(first)?;
        for _ in 0..self.nines {
            self.emit(rest)?;
        }
        Ok(())
    }

    /// Writes the digit at the next position (0 is the virtual leading digit).
    fn emit(&mut self, digit: u8) -> fmt::Result {
        let pos = self.pos;
        self.pos += 1;
        let last_int = self.int_len - 1;
        if pos < last_int && !self.started && digit == 0 {
            return Ok(()); // a leading zero
        }
        self.started = true;
        self.out.write_char(char::from(b'0' + digit))?;
        if pos == last_int && self.decimals > 0 {
            self.out.write_char('.')?;
        }
        Ok(())
    }
}

/// The float path, taken only when it provably decides the rounding as the exact integer
/// path would: the scaled numerator and the denominator are exact in an `f64` (< 2^53), so
/// the quotient carries a relative error of at most 2^-53, and the quotient is farther than
/// that from a half-way point. Otherwise `None`.
#[inline]
fn percent_rounded_fast(n: u64, d: u64, decimals: u32) -> Option<f64> {
    const EXACT: u64 = 1 << 53;
    // 100 × 10^decimals, for the decimals the fast path takes.
    const SCALE: [u64; 16] = {
        let mut t = [100u64; 16];
        let mut i = 1;
        while i < 16 {
            t[i] = t[i - 1] * 10;
            i += 1;
        }
        t
    };
    let scale = *SCALE.get(decimals as usize)?;
    let scaled = n.checked_mul(scale)?;
    if scaled >= EXACT || d >= EXACT {
        return None;
    }
    let x = scaled as f64 / d as f64;
    // 0 ≤ x < 2^53: truncation is the floor, and one instruction (`f64::floor` is a call).
    let floor = x as u64;
    let frac = x - floor as f64;
    if (frac - 0.5).abs() <= x * f64::EPSILON {
        return None;
    }
    let rounded = (floor + u64::from(frac > 0.5)) as f64;
    // Both exact in f64; IEEE division returns the f64 nearest the decimal.
    Some(rounded / (scale / 100) as f64)
}

/// `(a * m) / d` and its remainder for `a < d` and a small multiplier `m`, without overflow.
fn div_small_mul(a: u128, m: u128, d: u128) -> (u128, u128) {
    debug_assert!(a < d && m <= 100);
    if let Some(p) = a.checked_mul(m) {
        return (p / d, p % d);
    }
    // Add `a` to itself m times modulo d (a < d, so each step stays below 2d in two parts).
    let (mut q, mut r) = (0u128, 0u128);
    for _ in 0..m {
        // r + a may overflow: compare with d - a instead.
        if r >= d - a {
            r -= d - a;
            q += 1;
        } else {
            r += a;
        }
    }
    (q, r)
}

/// Exact comparison of `a/b` with `c/d` (b, d > 0) for `u64` counts: one cross product each
/// in `u128`, no branch.
#[inline]
pub(crate) fn cmp_fractions_u64(a: u64, b: u64, c: u64, d: u64) -> Ordering {
    (u128::from(a) * u128::from(d)).cmp(&(u128::from(c) * u128::from(b)))
}

/// Exact comparison of `a/b` with `c/d` (b, d > 0) by continued fractions: no products, so
/// no overflow for any `u128` values.
#[inline]
pub(crate) fn cmp_fractions(mut a: u128, mut b: u128, mut c: u128, mut d: u128) -> Ordering {
    // Fast path: cross products of u64 values (one multiply each) — always taken for u64
    // counts and the usual thresholds.
    if let (Ok(a), Ok(b), Ok(c), Ok(d)) = (
        u64::try_from(a),
        u64::try_from(b),
        u64::try_from(c),
        u64::try_from(d),
    ) {
        return cmp_fractions_u64(a, b, c, d);
    }
    if let (Some(ad), Some(cb)) = (a.checked_mul(d), c.checked_mul(b)) {
        return ad.cmp(&cb);
    }
    let mut flipped = false;
    loop {
        let (qa, ra) = (a / b, a % b);
        let (qc, rc) = (c / d, c % d);
        let ord = match qa.cmp(&qc) {
            Ordering::Equal => match (ra == 0, rc == 0) {
                (true, true) => Ordering::Equal,
                (true, false) => Ordering::Less,
                (false, true) => Ordering::Greater,
                (false, false) => {
                    // ra/b vs rc/d  <=>  d/rc vs b/ra, which reverses the order.
                    (a, b, c, d) = (b, ra, d, rc);
                    flipped = !flipped;
                    continue;
                }
            },
            o => o,
        };
        return if flipped { ord.reverse() } else { ord };
    }
}

/// A percentage held as the exact decimal it was written as: `137.5` is 1375 × 10⁻¹.
///
/// # Semantics
///
/// Thresholds and targets are decimal numbers in law and in reports (137.5 % in *Brown v.
/// Plata*). A binary `f64` cannot hold most decimals exactly, so `Percent::new` takes the
/// shortest decimal that round-trips the `f64` (what `{}` prints) and keeps that. Comparisons
/// with a [`Ratio`] are then exact.
///
/// ```
/// use overcrowding::Percent;
/// let p = Percent::new(100.1).unwrap();
/// assert_eq!(p.to_string(), "100.1");
/// assert_eq!(p.value(), 100.1);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "f64", into = "f64")]
pub struct Percent {
    mantissa: u64,
    exp10: i8,
    /// The same value as an exact fraction of one, precomputed for fast comparisons.
    fraction: (u128, u128),
}

/// Smallest accepted positive percent.
const MIN_PERCENT: f64 = 1e-18;
/// Largest accepted percent.
const MAX_PERCENT: f64 = 1e18;
/// Largest decimal exponent of a percent in range (1e18 = 1 × 10^18).
const MAX_EXP10: i32 = 18;
/// Largest negative decimal exponent of a percent in range: 17 significant digits of a value
/// ≥ 1e-18 put the last digit at 10^-34.
const MAX_NEG_EXP10: i32 = 34;

impl Percent {
    /// A percentage from a float, kept as the shortest decimal that prints as that float.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) when `percent` is negative or not finite;
    /// [`ErrorKind::InvalidParameter`](crate::ErrorKind::InvalidParameter) ([`Constraint::ZeroOrBetween`](crate::error::Constraint::ZeroOrBetween)) when its value is outside 10⁻¹⁸ … 10¹⁸ (other than 0). Any
    /// value in that range is kept exactly, e.g. 1/300 or 1.5e-18.
    ///
    /// ```
    /// use overcrowding::Percent;
    /// assert_eq!(Percent::new(120.0).unwrap().value(), 120.0);
    /// assert!(Percent::new(-1.0).is_err());
    /// assert!(Percent::new(f64::NAN).is_err());
    /// assert_eq!(Percent::new(1.0 / 300.0).unwrap().value(), 1.0 / 300.0);
    /// assert!(Percent::new(1.2345678901234567e34).is_err());
    /// ```
    pub fn new(percent: f64) -> Result<Percent> {
        if !percent.is_finite() {
            return Err(Error::invalid("percent", percent, Constraint::Finite));
        }
        if percent < 0.0 {
            return Err(Error::invalid("percent", percent, Constraint::NonNegative));
        }
        if percent == 0.0 {
            return Ok(Percent::from_parts(0, 0));
        }
        // The range is on the value: 1e-18 ≤ percent ≤ 1e18. Its shortest decimal has at
        // most 17 digits, so the exponent is then within -34..=18 and the exact fraction of
        // one (at most 10^18 / 100, or m / 10^36) fits a u128.
        if !(MIN_PERCENT..=MAX_PERCENT).contains(&percent) {
            return Err(Error::invalid(
                "percent",
                percent,
                Constraint::ZeroOrBetween {
                    min: MIN_PERCENT,
                    max: MAX_PERCENT,
                },
            ));
        }
        let (mantissa, exp10) = decimal_parts(percent);
        let exp10 = i8::try_from(exp10)
            .ok()
            .filter(|e| (-MAX_NEG_EXP10..=MAX_EXP10).contains(&i32::from(*e)))
            .ok_or_else(|| {
                Error::invalid(
                    "percent",
                    percent,
                    Constraint::ZeroOrBetween {
                        min: MIN_PERCENT,
                        max: MAX_PERCENT,
                    },
                )
            })?;
        Ok(Percent::from_parts(mantissa, exp10))
    }

    fn from_parts(mantissa: u64, exp10: i8) -> Percent {
        let m = u128::from(mantissa);
        // In range (checked by `new`): m < 10^17 and -34 ≤ exp10 ≤ 18, so m·10^exp10 ≤
        // 10^18 and 100·10^34 = 10^36 < u128::MAX.
        let pow = |e: u32| 10u128.pow(e);
        let fraction = if exp10 >= 0 {
            (m * pow(u32::from(exp10.unsigned_abs())), 100)
        } else {
            (m, 100 * pow(u32::from(exp10.unsigned_abs())))
        };
        Percent {
            mantissa,
            exp10,
            fraction,
        }
    }

    /// The percentage as a float.
    ///
    /// ```
    /// assert_eq!(overcrowding::Percent::new(137.5).unwrap().value(), 137.5);
    /// ```
    pub fn value(&self) -> f64 {
        self.to_string().parse().expect("a decimal string parses")
    }

    /// The percentage as an exact fraction of one: 137.5 % → (1375, 1000).
    #[inline]
    pub(crate) fn as_fraction_of_one(&self) -> (u128, u128) {
        self.fraction
    }

    /// `floor(percent / 100 × count)`: the largest count that stays at or below this percent
    /// of `count`; `None` when it exceeds `u128` (then every `u64` count stays below it).
    pub(crate) fn floor_share_of(&self, count: u64) -> Option<u128> {
        let (n, d) = self.as_fraction_of_one();
        // n < 10^17 * 10^18 < 2^117 and count < 2^64: n * count may overflow only when n is
        // large, and then the share is enormous.
        n.checked_mul(count as u128).map(|p| p / d)
    }
}

/// The shortest decimal that round-trips a finite, positive `f64`, as `(mantissa, exp10)`
/// with no trailing zeros in the mantissa: 137.5 → (1375, −1), 1e300 → (1, 300).
pub(crate) fn decimal_parts(x: f64) -> (u64, i32) {
    // `{:e}` prints the shortest round-trip digits, e.g. "1.375e2".
    let text = format!("{x:e}");
    let (digits, exp) = text.split_once('e').unwrap_or((&text, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    // At most 17 significant digits: always fits a u64.
    let mut mantissa: u64 = format!("{int}{frac}").parse().unwrap_or(0);
    let mut exp10 = exp - frac.len() as i32;
    while mantissa != 0 && mantissa.is_multiple_of(10) {
        mantissa /= 10;
        exp10 += 1;
    }
    (mantissa, exp10)
}

/// `floor(percent / 100 × count)` for any finite, non-negative percent, exactly, from its
/// shortest decimal; `None` when the result exceeds `u128` (then every `u64` count is below).
pub(crate) fn floor_percent_of(percent: f64, count: u64) -> Option<u128> {
    if percent == 0.0 || count == 0 {
        return Some(0);
    }
    let (m, e) = decimal_parts(percent);
    let base = (m as u128) * (count as u128); // < 2^57 · 2^64
    if e >= 0 {
        // base · 10^e / 100: overflow means the share exceeds u128.
        let scaled = 10u128
            .checked_pow(e as u32)
            .and_then(|p| base.checked_mul(p))?;
        Some(scaled / 100)
    } else {
        // base / (100 · 10^-e): a denominator beyond u128 exceeds base, so the floor is 0.
        match 10u128
            .checked_pow((-e) as u32)
            .and_then(|p| p.checked_mul(100))
        {
            Some(d) => Some(base / d),
            None => Some(0),
        }
    }
}

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let m = self.mantissa.to_string();
        if self.exp10 >= 0 {
            write!(f, "{m}{}", "0".repeat(self.exp10 as usize))
        } else {
            let frac = (-self.exp10) as usize;
            if m.len() > frac {
                let (i, r) = m.split_at(m.len() - frac);
                write!(f, "{i}.{r}")
            } else {
                write!(f, "0.{}{m}", "0".repeat(frac - m.len()))
            }
        }
    }
}

impl TryFrom<f64> for Percent {
    type Error = Error;
    fn try_from(v: f64) -> Result<Self> {
        Percent::new(v)
    }
}

impl From<Percent> for f64 {
    fn from(p: Percent) -> f64 {
        p.value()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_rounding_boundaries() {
        let cases = [
            (8_521u64, 10_360u64, "82.2"),
            (1_827, 2_271, "80.4"),
            (4_361, 2_800, "155.8"),
            (39_000, 27_000, "144.4"),
            (17_522, 8_500, "206.1"),
            (3_985, 3_838, "103.8"),
        ];
        for (n, d, want) in cases {
            let r = Ratio::new(n, d).unwrap();
            assert_eq!(r.percent_rounded_string(1).unwrap(), want, "{n}/{d}");
        }
    }

    #[test]
    fn half_rounds_away_from_zero_and_carries() {
        assert_eq!(
            Ratio::new(1u64, 8u64)
                .unwrap()
                .percent_rounded_string(0)
                .unwrap(),
            "13"
        ); // 12.5
        assert_eq!(
            Ratio::new(19_999u64, 20_000u64)
                .unwrap()
                .percent_rounded_string(2)
                .unwrap(),
            "100.00"
        ); // 99.995
        assert_eq!(
            Ratio::new(0u64, 7u64)
                .unwrap()
                .percent_rounded_string(2)
                .unwrap(),
            "0.00"
        );
        assert_eq!(
            Ratio::new(2u64, 3u64)
                .unwrap()
                .percent_rounded_string(3)
                .unwrap(),
            "66.667"
        );
    }

    #[test]
    fn huge_counts_do_not_overflow() {
        let r = Ratio::new(u128::MAX, u128::MAX - 1).unwrap();
        assert_eq!(r.percent_rounded_string(0).unwrap(), "100");
        let s = Ratio::new(u64::MAX as u128 * 3, u64::MAX as u128).unwrap();
        assert_eq!(s.percent_rounded_string(2).unwrap(), "300.00");
        assert!(r > s.min(r) || r == s.min(r));
    }

    #[test]
    fn fast_and_exact_rounding_agree() {
        for n in 0u64..3_000 {
            for d in [1u64, 3, 7, 8, 16, 40, 400, 2_271, 10_360] {
                let r = Ratio::new(n, d).unwrap();
                for dec in 0..4 {
                    let exact: f64 = r.percent_rounded_string(dec).unwrap().parse().unwrap();
                    assert_eq!(r.percent_rounded(dec), exact, "{n}/{d} at {dec}");
                }
            }
        }
    }

    #[test]
    fn percent_rounded_u32_max_decimals_does_not_abort() {
        // Issue 23: u32::MAX decimals once asked for a 4 GiB buffer and aborted.
        let third = Ratio::new(1u64, 3u64).unwrap();
        assert_eq!(third.percent_rounded(u32::MAX), 100.0 / 3.0);
        let huge = Ratio::new(u128::MAX, 7u128).unwrap();
        assert_eq!(
            huge.percent_rounded(u32::MAX),
            huge.percent_rounded(Ratio::F64_EXACT_DECIMALS)
        );
        assert_eq!(
            Ratio::new(1u64, 8u64).unwrap().percent_rounded(u32::MAX),
            12.5
        );
    }

    #[test]
    fn percent_rounded_string_u32_max_is_an_error_not_an_abort() {
        let r = Ratio::new(2u64, 3u64).unwrap();
        assert!(matches!(
            r.percent_rounded_string(u32::MAX)
                .as_ref()
                .map_err(|e| e.kind()),
            Err(ErrorKind::InvalidParameter {
                parameter: "decimals",
                constraint: Constraint::AtMost { max: 1000.0 },
                ..
            })
        ));
        assert_eq!(
            r.percent_rounded_string(Ratio::MAX_STRING_DECIMALS)
                .unwrap()
                .len(),
            3 + Ratio::MAX_STRING_DECIMALS as usize
        );
        // Display streams: a long precision costs no buffer of its own.
        assert_eq!(format!("{r:.3}"), "66.667 %");
        assert_eq!(format!("{:.2000}", r).len(), 2 + 1 + 2000 + 2);
    }

    #[test]
    fn publishers_rounding_rule_on_ties() {
        use Rounding::*;
        // Italy's ministry (half to even) against BJS / HMPPS / CDCR (half away from zero).
        for (n, d, even, away) in [
            (281u64, 200u64, "140", "141"), // Asti 140.5 %
            (65, 40, "162", "163"),         // Vallo della Lucania 162.5 %
            (283, 200, "142", "142"),       // 141.5 %: even is up
            (1, 8, "12", "13"),             // 12.5 %
            (199, 200, "100", "100"),       // 99.5 %: the carry
            (8_521, 10_360, "82", "82"),    // not a tie: the rules agree
        ] {
            let r = Ratio::new(n, d).unwrap();
            assert_eq!(r.percent_rounded_string_by(0, HalfToEven).unwrap(), even);
            assert_eq!(
                r.percent_rounded_string_by(0, HalfAwayFromZero).unwrap(),
                away
            );
            assert_eq!(
                r.percent_rounded_by(0, HalfToEven),
                even.parse::<f64>().unwrap()
            );
            assert_eq!(
                r.percent_rounded_by(0, HalfAwayFromZero),
                away.parse::<f64>().unwrap()
            );
        }
        // 1/16 = 6.25 % → 6.2 half to even at 1 decimal, 6.3 away.
        let r = Ratio::new(1u64, 16u64).unwrap();
        assert_eq!(r.percent_rounded_by(1, HalfToEven), 6.2);
        assert_eq!(r.percent_rounded_by(1, HalfAwayFromZero), 6.3);
        // 9.995 % → 9.99|10.00 (a run of nines and a carry): half to even keeps 10.00 (…9 is odd).
        let r = Ratio::new(1_999u64, 20_000u64).unwrap();
        assert_eq!(r.percent_rounded_string_by(2, HalfToEven).unwrap(), "10.00");
        let r = Ratio::new(1_997u64, 20_000u64).unwrap(); // 9.985
        assert_eq!(r.percent_rounded_string_by(2, HalfToEven).unwrap(), "9.98");
        assert_eq!(
            r.percent_rounded_string_by(2, HalfAwayFromZero).unwrap(),
            "9.99"
        );
    }

    #[test]
    fn cmp_fractions_is_exact() {
        assert_eq!(cmp_fractions(1, 3, 333_333, 1_000_000), Ordering::Greater);
        assert_eq!(cmp_fractions(2, 4, 1, 2), Ordering::Equal);
        assert_eq!(
            cmp_fractions(u128::MAX - 1, u128::MAX, u128::MAX - 2, u128::MAX - 1),
            Ordering::Greater
        );
        assert_eq!(cmp_fractions(0, 5, 0, 9), Ordering::Equal);
        assert_eq!(cmp_fractions(0, 5, 1, 9), Ordering::Less);
    }

    #[test]
    fn percent_keeps_decimal() {
        let p = Percent::new(100.1).unwrap();
        assert_eq!(p.as_fraction_of_one(), (1001, 1000));
        assert_eq!(
            Percent::new(137.5).unwrap().as_fraction_of_one(),
            (1375, 1000)
        );
        assert_eq!(
            Percent::new(120.0).unwrap().as_fraction_of_one(),
            (12 * 10, 100)
        );
        assert_eq!(Percent::new(0.0).unwrap().to_string(), "0");
        assert_eq!(Percent::new(0.05).unwrap().to_string(), "0.05");
        assert!(Percent::new(1e30).is_err());
        assert!(Percent::new(f64::INFINITY).is_err());
    }
}
