//! One cell's value, and how a count or a date is read from it.

use std::borrow::Cow;

use jiff::civil::Date;

use super::period::PeriodDay;
use crate::error::ValueProblem;
use crate::exact::Rounding;
use crate::model::CountUnit;
use crate::model::trim::trim;

/// A cell as a source gives it: CSV fields are always text; spreadsheet cells are typed.
#[derive(Debug, Clone)]
pub(super) enum Cell<'a> {
    /// Text (a CSV field, a string cell).
    Text(&'a str),
    /// An integer cell.
    Int(i64),
    /// A number cell.
    Float(f64),
    /// A true/false cell.
    Bool(bool),
    /// A date cell.
    Date(Date),
    /// A date cell that cannot be a civil date (out of range).
    BadDate(String),
    /// A formula error cell (`#DIV/0!`).
    Error(String),
    /// An empty cell.
    Empty,
}

impl Cell<'_> {
    /// The cell as text, for ids, names, group values and messages: numbers without a
    /// trailing `.0` when integral.
    pub(super) fn text(&self) -> Cow<'_, str> {
        match self {
            Cell::Text(t) => Cow::Borrowed(trim(t)),
            Cell::Int(i) => Cow::Owned(i.to_string()),
            Cell::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => {
                Cow::Owned(format!("{}", *f as i64))
            }
            Cell::Float(f) => Cow::Owned(f.to_string()),
            Cell::Bool(b) => Cow::Owned(b.to_string()),
            Cell::Date(d) => Cow::Owned(d.to_string()),
            Cell::BadDate(s) | Cell::Error(s) => Cow::Borrowed(s.as_str()),
            Cell::Empty => Cow::Borrowed(""),
        }
    }
}

/// Missing-value tokens: the table-wide list and each column's own.
#[derive(Debug, Clone, Default)]
pub(super) struct Missing {
    tokens: Vec<String>,
    /// Whether some token starts with an ASCII digit (else a value starting with a digit is
    /// never missing: the fast path for counts).
    digit_token: bool,
    /// Bit `n` set when some token is `n` bytes long (bit 63: 63 or more), so most cells are
    /// told apart from every token by their length alone.
    lengths: u64,
}

fn length_bit(len: usize) -> u64 {
    1 << len.min(63)
}

impl Missing {
    pub(super) fn new(tokens: impl IntoIterator<Item = String>) -> Missing {
        let tokens: Vec<String> = tokens.into_iter().map(|t| t.trim().to_string()).collect();
        let digit_token = tokens
            .iter()
            .any(|t| t.bytes().next().is_some_and(|b| b.is_ascii_digit()));
        let lengths = tokens.iter().fold(0, |m, t| m | length_bit(t.len()));
        Missing {
            tokens,
            digit_token,
            lengths,
        }
    }

    /// Whether no token starts with an ASCII digit: then a cell of digits is never missing.
    pub(super) fn digits_are_never_missing(&self) -> bool {
        !self.digit_token
    }

    /// Whether the (trimmed) text is a missing-value token (ASCII case ignored).
    ///
    /// Asked of most cells of every row: the tests that answer for most cells are inlined
    /// where it is called, the comparison with the tokens is not.
    #[inline]
    pub(super) fn is_missing_text(&self, t: &str) -> bool {
        if t.is_empty() {
            return true;
        }
        if (!self.digit_token && t.as_bytes()[0].is_ascii_digit())
            || self.lengths & length_bit(t.len()) == 0
        {
            return false;
        }
        self.is_token(t)
    }

    #[inline(never)]
    fn is_token(&self, t: &str) -> bool {
        self.tokens.iter().any(|m| m.eq_ignore_ascii_case(t))
    }

    /// Whether the cell is empty or a missing-value token.
    #[inline]
    pub(super) fn is_missing(&self, cell: &Cell<'_>) -> bool {
        match cell {
            Cell::Empty => true,
            Cell::Text(t) => self.is_missing_text(trim(t)),
            Cell::Int(_) | Cell::Float(_) => self.is_number_token(cell),
            _ => false,
        }
    }

    #[inline(never)]
    fn is_number_token(&self, cell: &Cell<'_>) -> bool {
        let t = cell.text();
        self.tokens.iter().any(|m| *m == *t)
    }
}

/// Thousands separator and decimal mark of the numbers in text cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct NumberFormat {
    pub(super) thousands: Option<u8>,
    pub(super) decimal: u8,
    /// The rule that rounds a count written with decimals (`None`: it is a reject). In an
    /// exact read, the rule that gives whole people where they are needed (a rejected row's
    /// population).
    pub(super) round: Option<Rounding>,
    /// Counts with decimals are read exactly, in the panel's count unit ([`exact_count`]).
    pub(super) exact: bool,
}

/// A count from a non-missing cell, or what it is instead.
pub(super) fn count(cell: &Cell<'_>, fmt: NumberFormat) -> Result<u64, ValueProblem> {
    match cell {
        Cell::Text(t) => count_text(trim(t), fmt),
        Cell::Int(i) => u64::try_from(*i).map_err(|_| ValueProblem::Negative),
        Cell::Float(f) => {
            if !f.is_finite() {
                Err(ValueProblem::NotFinite)
            } else if *f < 0.0 {
                Err(ValueProblem::Negative)
            } else if f.fract() != 0.0 {
                Err(ValueProblem::Fractional)
            } else if *f > 9.007_199_254_740_992e15 {
                Err(ValueProblem::OutOfRange)
            } else {
                Ok(*f as u64)
            }
        }
        Cell::Bool(_) => Err(ValueProblem::BoolCell),
        Cell::Date(_) | Cell::BadDate(_) => Err(ValueProblem::DateCell),
        Cell::Error(_) => Err(ValueProblem::FormulaError),
        Cell::Empty => Err(ValueProblem::Missing),
    }
}

fn count_text(t: &str, fmt: NumberFormat) -> Result<u64, ValueProblem> {
    // Fast path, most counts: up to 19 plain digits (below 10^19 < 2^64, so no overflow),
    // read in the one pass that checks them.
    let b = t.as_bytes();
    if !b.is_empty() && b.len() <= 19 {
        let mut v = 0u64;
        let mut digits = true;
        for &c in b {
            digits &= c.is_ascii_digit();
            v = v
                .wrapping_mul(10)
                .wrapping_add(u64::from(c.wrapping_sub(b'0')));
        }
        if digits {
            return Ok(v);
        }
    }
    count_text_general(t, fmt)
}

/// [`count_text`] for a text that is not plain digits: separators, decimals, signs, words.
#[inline(never)]
fn count_text_general(t: &str, fmt: NumberFormat) -> Result<u64, ValueProblem> {
    let (sign_neg, body) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t),
    };
    let separator = |c: u8| matches!(c, b',' | b'.' | b' ' | b'\'') && c != fmt.decimal;
    if fmt.thousands.is_none()
        && !sign_neg
        && body
            .bytes()
            .all(|c| c.is_ascii_digit() || separator(c) || c == fmt.decimal)
        && body.bytes().any(separator)
        && body.bytes().any(|c| c.is_ascii_digit())
    {
        return Err(ValueProblem::ThousandsSeparator);
    }
    let numeric = |c: u8| c.is_ascii_digit() || Some(c) == fmt.thousands || c == fmt.decimal;
    if body.is_empty() || !body.bytes().all(numeric) || !body.bytes().any(|c| c.is_ascii_digit()) {
        return Err(ValueProblem::Text);
    }
    if sign_neg {
        return Err(ValueProblem::Negative);
    }
    let (int, frac) = match body.bytes().position(|c| c == fmt.decimal) {
        Some(i) => (&body[..i], &body[i + 1..]),
        None => (body, ""),
    };
    if frac.bytes().any(|c| !c.is_ascii_digit()) {
        return Err(ValueProblem::NotANumber);
    }
    let digits: Cow<'_, str> = match fmt.thousands {
        Some(sep) if int.as_bytes().contains(&sep) => {
            let groups: Vec<&str> = int.split(sep as char).collect();
            let ok = groups
                .first()
                .is_some_and(|g| !g.is_empty() && g.len() <= 3)
                && groups.iter().skip(1).all(|g| g.len() == 3);
            if !ok {
                return Err(ValueProblem::BadGrouping);
            }
            Cow::Owned(groups.concat())
        }
        _ => Cow::Borrowed(int),
    };
    if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return Err(
            if fmt.thousands.is_none() && int.contains([',', '.', ' ']) {
                ValueProblem::ThousandsSeparator
            } else {
                ValueProblem::Text
            },
        );
    }
    if frac.bytes().any(|c| c != b'0') {
        return Err(ValueProblem::Fractional);
    }
    digits.parse().map_err(|_| ValueProblem::OutOfRange)
}

/// A count from a non-missing cell as the reader's format says — a value with decimals
/// rounded when the format names a rule — and whether it was rounded. The one place a count
/// is read, so an accepted row's values and a rejected row's population follow one rule.
pub(super) fn read_count(cell: &Cell<'_>, fmt: NumberFormat) -> Result<(u64, bool), ValueProblem> {
    match (count(cell, fmt), fmt.round) {
        (Err(ValueProblem::Fractional), Some(rule)) => {
            round_count(cell, fmt, rule).map(|v| (v, true))
        }
        (v, _) => v.map(|v| (v, false)),
    }
}

/// A number cell or text written with decimals, as its whole part's digits and its decimal
/// digits (thousands separators dropped): `1,234.50` is (`1234`, `50`). A number cell is
/// its shortest decimal that reads back as the same float.
fn decimal_digits(cell: &Cell<'_>, fmt: NumberFormat) -> Result<(String, String), ValueProblem> {
    let (text, decimal, thousands) = match cell {
        Cell::Text(t) => (t.trim().to_string(), fmt.decimal, fmt.thousands),
        Cell::Float(f) if f.is_finite() && *f >= 0.0 => (format!("{f}"), b'.', None),
        _ => return Err(ValueProblem::Fractional),
    };
    let (int, frac) = match text.bytes().position(|c| c == decimal) {
        Some(i) => (&text[..i], &text[i + 1..]),
        None => (text.as_str(), ""),
    };
    let int: String = int
        .bytes()
        .filter(|&c| Some(c) != thousands)
        .map(char::from)
        .collect();
    if !int.bytes().all(|c| c.is_ascii_digit()) || !frac.bytes().all(|c| c.is_ascii_digit()) {
        return Err(ValueProblem::NotANumber);
    }
    Ok((int, frac.to_string()))
}

/// A count written with decimals (a cell [`count`] calls fractional) rounded by `rule` from
/// its decimal digits.
pub(super) fn round_count(
    cell: &Cell<'_>,
    fmt: NumberFormat,
    rule: Rounding,
) -> Result<u64, ValueProblem> {
    let (int, frac) = decimal_digits(cell, fmt)?;
    let base: u64 = if int.is_empty() {
        0
    } else {
        int.parse().map_err(|_| ValueProblem::OutOfRange)?
    };
    // Only the first decimal and whether any later one is non-zero decide the side of the
    // half: the fraction as `rem / 20`, with `rem = 2·first + beyond` — `10 / 20` exactly when
    // it is a tie — so the rule's own `rounds_up` decides, for any number of decimals.
    let first = frac.bytes().next().map_or(0, |c| c - b'0');
    let beyond = frac.bytes().skip(1).any(|c| c != b'0');
    let rem = 2 * u128::from(first) + u128::from(beyond);
    if rule.rounds_up((base % 10) as u8, rem, 20) {
        base.checked_add(1).ok_or(ValueProblem::OutOfRange)
    } else {
        Ok(base)
    }
}

/// The decimals an exact read needs for a non-missing count cell: its decimal digits up to
/// the last non-zero one (`7946.75` needs 2, `12.50` 1, `12` and `12.0` none). 0 for a cell
/// that is not a count (its error is [`exact_count`]'s).
pub(super) fn decimals_needed(cell: &Cell<'_>, fmt: NumberFormat) -> u32 {
    match cell {
        Cell::Text(t) if !t.as_bytes().contains(&fmt.decimal) => 0,
        Cell::Text(_) | Cell::Float(_) => match decimal_digits(cell, fmt) {
            Ok((_, frac)) => frac
                .trim_end_matches('0')
                .len()
                .try_into()
                .unwrap_or(u32::MAX),
            Err(_) => 0,
        },
        _ => 0,
    }
}

/// A count from a non-missing cell in `unit` (`7946.75` in hundredths is 794,675), exactly:
/// from its decimal digits, never through a float.
///
/// Errors as [`count`]; [`ValueProblem::Fractional`] when the value has more decimals than
/// the unit ([`decimals_needed`] says how many it needs), [`ValueProblem::OutOfRange`] when it
/// does not fit a `u64` in the unit.
pub(super) fn exact_count(
    cell: &Cell<'_>,
    fmt: NumberFormat,
    unit: CountUnit,
) -> Result<u64, ValueProblem> {
    let scale = unit.scale();
    match count(cell, fmt) {
        Ok(v) => v.checked_mul(scale).ok_or(ValueProblem::OutOfRange),
        Err(ValueProblem::Fractional) => {
            let (int, frac) = decimal_digits(cell, fmt)?;
            let frac = frac.trim_end_matches('0');
            let places = unit.decimals() as usize;
            if frac.len() > places {
                return Err(ValueProblem::Fractional);
            }
            let whole: u64 = if int.is_empty() {
                0
            } else {
                int.parse().map_err(|_| ValueProblem::OutOfRange)?
            };
            let part: u64 = format!("{frac:0<places$}")
                .parse()
                .map_err(|_| ValueProblem::OutOfRange)?;
            whole
                .checked_mul(scale)
                .and_then(|w| w.checked_add(part))
                .ok_or(ValueProblem::OutOfRange)
        }
        Err(e) => Err(e),
    }
}

/// What is wrong with a date cell, and the calendar error behind it when there is one.
pub(super) type DateError = (ValueProblem, Option<jiff::Error>);

/// How a date cell was written: a full date, a year or a year and month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) enum Written {
    #[default]
    Day,
    Year,
    Month,
}

/// A date from a non-missing cell: ISO `YYYY-MM-DD` (a spreadsheet's ISO date-time keeps
/// its date), a year (`2022`, also a number cell from 1000 to 9999) or a year and month
/// (`2022-06`) dated on `period`'s day, or the given jiff strptime format.
pub(super) fn date(
    cell: &Cell<'_>,
    format: Option<&str>,
    period: PeriodDay,
) -> Result<(Date, Written), DateError> {
    let year = |y: i64| {
        i16::try_from(y)
            .ok()
            .and_then(|y| period.of_year(y))
            .map(|d| (d, Written::Year))
            .ok_or((ValueProblem::DateOutOfRange, None))
    };
    match cell {
        Cell::Date(d) => Ok((*d, Written::Day)),
        Cell::Text(t) => {
            let t = t.trim();
            match format {
                None => {
                    if let Some((y, month)) = super::period::parse_text(t) {
                        return match month {
                            None => year(i64::from(y)),
                            Some(m) => period
                                .of_month(y, m)
                                .map(|d| (d, Written::Month))
                                .ok_or((ValueProblem::NoSuchDate, None)),
                        };
                    }
                    let head = match t.as_bytes().get(10) {
                        Some(b'T' | b' ') => t.get(..10).unwrap_or(t),
                        _ => t,
                    };
                    crate::io::parse::iso_date(head)
                        .map(|d| (d, Written::Day))
                        .map_err(|p| (p, None))
                }
                Some(f) => jiff::fmt::strtime::parse(f, t)
                    .and_then(|tm| tm.to_date())
                    .map(|d| (d, Written::Day))
                    .map_err(|e| (ValueProblem::DateFormatMismatch, Some(e))),
            }
        }
        Cell::Int(y) if (1000..=9999).contains(y) && format.is_none() => year(*y),
        Cell::Float(y) if y.fract() == 0.0 && (1000.0..=9999.0).contains(y) && format.is_none() => {
            year(*y as i64)
        }
        Cell::BadDate(_) => Err((ValueProblem::DateOutOfRange, None)),
        Cell::Error(_) => Err((ValueProblem::FormulaError, None)),
        Cell::Int(_) | Cell::Float(_) => Err((ValueProblem::NumberNotDate, None)),
        Cell::Bool(_) => Err((ValueProblem::BoolCell, None)),
        Cell::Empty => Err((ValueProblem::Missing, None)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const US: NumberFormat = NumberFormat {
        thousands: Some(b','),
        decimal: b'.',
        round: None,
        exact: false,
    };
    const EU: NumberFormat = NumberFormat {
        thousands: Some(b'.'),
        decimal: b',',
        round: None,
        exact: false,
    };
    const PLAIN: NumberFormat = NumberFormat {
        thousands: None,
        decimal: b'.',
        round: None,
        exact: false,
    };

    #[test]
    fn counts() {
        let c = |t, f| count(&Cell::Text(t), f);
        assert_eq!(c("1234", PLAIN), Ok(1234));
        assert_eq!(c("1,234", US), Ok(1234));
        assert_eq!(c("1.234", EU), Ok(1234));
        assert_eq!(c("1.234,0", EU), Ok(1234));
        assert_eq!(c("12.0", PLAIN), Ok(12));
        assert!(c("12.5", PLAIN).unwrap_err() == ValueProblem::Fractional);
        assert!(c("1,234", PLAIN).unwrap_err() == ValueProblem::ThousandsSeparator);
        assert!(c("12,34", US).unwrap_err() == ValueProblem::BadGrouping);
        assert!(c("-3", PLAIN).unwrap_err() == ValueProblem::Negative);
        assert!(c("many", PLAIN).unwrap_err() == ValueProblem::Text);
        assert!(c("99999999999999999999", PLAIN).unwrap_err() == ValueProblem::OutOfRange);
        assert_eq!(count(&Cell::Float(3290.0), PLAIN), Ok(3290));
        assert!(count(&Cell::Float(2.5), PLAIN).is_err());
        assert!(
            count(&Cell::Error("#DIV/0!".into()), PLAIN).unwrap_err() == ValueProblem::FormulaError
        );
    }

    #[test]
    fn rounds_fractional_counts_exactly() {
        let even = Rounding::HalfToEven;
        let away = Rounding::HalfAwayFromZero;
        let r = |t, f, rule| round_count(&Cell::Text(t), f, rule);
        assert_eq!(r("7946.75", PLAIN, even), Ok(7947));
        assert_eq!(r("140.5", PLAIN, even), Ok(140));
        assert_eq!(r("141.5", PLAIN, even), Ok(142));
        assert_eq!(r("140.5", PLAIN, away), Ok(141));
        assert_eq!(r("140.50001", PLAIN, even), Ok(141));
        assert_eq!(r("140.49999", PLAIN, away), Ok(140));
        assert_eq!(r("1.234,5", EU, even), Ok(1234));
        assert_eq!(r("1,234.5", US, away), Ok(1235));
        assert_eq!(r(".5", PLAIN, away), Ok(1));
        assert_eq!(round_count(&Cell::Float(2.5), PLAIN, even), Ok(2));
        assert_eq!(round_count(&Cell::Float(7946.75), PLAIN, even), Ok(7947));
        assert_eq!(
            r("18446744073709551615.5", PLAIN, away),
            Err(ValueProblem::OutOfRange)
        );
    }

    #[test]
    fn reads_fractional_counts_exactly() {
        let hundredths = CountUnit::new(2).unwrap();
        let e = |t, f| exact_count(&Cell::Text(t), f, hundredths);
        assert_eq!(e("7946.75", PLAIN), Ok(794_675));
        assert_eq!(e("7946.7", PLAIN), Ok(794_670));
        assert_eq!(e("7946.750", PLAIN), Ok(794_675));
        assert_eq!(e("12", PLAIN), Ok(1200));
        assert_eq!(e("0.5", PLAIN), Ok(50));
        assert_eq!(e("1.234,5", EU), Ok(123_450));
        assert_eq!(e("1,234.56", US), Ok(123_456));
        assert_eq!(e("1.234", PLAIN), Err(ValueProblem::Fractional));
        assert_eq!(e("-1.5", PLAIN), Err(ValueProblem::Negative));
        assert_eq!(e("many", PLAIN), Err(ValueProblem::Text));
        assert_eq!(
            e("184467440737095516.16", PLAIN),
            Err(ValueProblem::OutOfRange)
        );
        assert_eq!(
            exact_count(&Cell::Float(7946.75), PLAIN, hundredths),
            Ok(794_675)
        );
        let d = |t, f| decimals_needed(&Cell::Text(t), f);
        assert_eq!(
            (d("7946.75", PLAIN), d("12.50", PLAIN), d("12", PLAIN)),
            (2, 1, 0)
        );
        assert_eq!(
            (d("1.234,5", EU), d("1,234", US), d("x.5y", PLAIN)),
            (1, 0, 0)
        );
        assert_eq!(decimals_needed(&Cell::Float(0.125), PLAIN), 3);
    }

    #[test]
    fn missing_tokens() {
        let m = Missing::new(["NA".to_string(), "-999".to_string()]);
        assert!(m.is_missing(&Cell::Text(" na ")));
        assert!(m.is_missing(&Cell::Text("")));
        assert!(m.is_missing(&Cell::Int(-999)));
        assert!(!m.is_missing(&Cell::Text("12")));
        let m = Missing::new(["NA".to_string()]);
        assert!(!m.is_missing(&Cell::Float(12.0)));
    }

    #[test]
    fn dates() {
        let date = |c: &Cell<'_>, f| date(c, f, PeriodDay::End).map(|(d, _)| d);
        assert_eq!(date(&Cell::Text("2020-02-29"), None).unwrap().day(), 29);
        assert_eq!(
            date(&Cell::Text("2020-02-29T00:00:00"), None)
                .unwrap()
                .day(),
            29
        );
        assert_eq!(
            date(&Cell::Text("29/02/2020"), Some("%d/%m/%Y"))
                .unwrap()
                .month(),
            2
        );
        assert!(date(&Cell::Text("30/02/2020"), Some("%d/%m/%Y")).is_err());
        assert!(date(&Cell::Float(43890.0), None).is_err());
        assert_eq!(
            date(&Cell::Int(2022), None).unwrap().to_string(),
            "2022-12-31"
        );
        assert_eq!(
            date(&Cell::Float(2022.0), None).unwrap().to_string(),
            "2022-12-31"
        );
        assert_eq!(date(&Cell::Text("2024-02"), None).unwrap().day(), 29);
        assert!(date(&Cell::Text("2024-13"), None).is_err());
    }
}
