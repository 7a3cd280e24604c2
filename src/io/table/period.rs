//! Dates as published: a year (`2022`) or a year and month (`2022-06`) read as a period, dated
//! on the day the reader is told (or assumes, and says so) the period's value stands for.

use std::fmt;

use jiff::civil::Date;

/// Which day of its period a year (`2022`) or year-month (`2022-06`) value is dated on — what
/// the published count stands for. A reader dates a period on this day and says so in
/// [`TableRead::periods`](crate::io::TableRead::periods): a series of mid-year counts is
/// labelled mid-year, never silently taken as year-end.
///
/// | day | `2022` | `2022-06` |
/// |---|---|---|
/// | `Start` | 2022-01-01 | 2022-06-01 |
/// | `Mid` | 2022-06-30 (the mid-year count date of BJS and Vera) | 2022-06-15 |
/// | `End` | 2022-12-31 | 2022-06-30 |
///
/// ```
/// use overcrowding::io::PeriodDay;
/// assert_eq!(PeriodDay::Mid.of_year(2022).unwrap().to_string(), "2022-06-30");
/// assert_eq!(PeriodDay::End.of_month(2024, 2).unwrap().day(), 29);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum PeriodDay {
    /// The first day: a count on the first of the period (or a flow from it).
    Start,
    /// The middle: 30 June of a year, the 15th of a month (mid-period counts, e.g. a
    /// mid-year census or an average that centres on it).
    Mid,
    /// The last day: a year-end or month-end count (the default, stated as assumed).
    #[default]
    End,
}

impl PeriodDay {
    /// The day this stands for in `year`; `None` outside the calendar's range.
    ///
    /// ```
    /// assert_eq!(overcrowding::io::PeriodDay::Start.of_year(1970).unwrap().to_string(), "1970-01-01");
    /// ```
    pub fn of_year(self, year: i16) -> Option<Date> {
        let (m, d) = match self {
            PeriodDay::Start => (1, 1),
            PeriodDay::Mid => (6, 30),
            PeriodDay::End => (12, 31),
        };
        Date::new(year, m, d).ok()
    }

    /// The day this stands for in `month` (1–12) of `year`; `None` for a month outside 1–12
    /// or a year outside the calendar's range.
    ///
    /// ```
    /// assert_eq!(overcrowding::io::PeriodDay::Mid.of_month(2022, 6).unwrap().day(), 15);
    /// ```
    pub fn of_month(self, year: i16, month: i8) -> Option<Date> {
        let first = Date::new(year, month, 1).ok()?;
        match self {
            PeriodDay::Start => Some(first),
            PeriodDay::Mid => Date::new(year, month, 15).ok(),
            PeriodDay::End => Some(first.last_of_month()),
        }
    }

    /// The name: `start`, `mid` or `end`.
    ///
    /// ```
    /// assert_eq!(overcrowding::io::PeriodDay::Mid.name(), "mid");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            PeriodDay::Start => "start",
            PeriodDay::Mid => "mid",
            PeriodDay::End => "end",
        }
    }
}

/// What a read found of dates written as periods: how many rows were dated from a year or a
/// year-month value, on which day of the period, and whether the caller stated that day
/// ([`TableReader::period_day`](crate::io::TableReader::period_day)) or the reader assumed
/// period end.
///
/// ```
/// use overcrowding::io::{PeriodDay, TableReader};
/// let read = TableReader::new().date_column("year").single_unit("US")
///     .read_bytes(b"year,population\n2021,700\n2022,710\n", "us.csv")?;
/// let p = read.periods().unwrap();
/// assert_eq!((p.years(), p.months(), p.day(), p.stated()), (2, 0, PeriodDay::End, false));
/// assert_eq!(p.to_string(), "2 rows dated by year, on the period's last day (assumed: state the day the values stand for)");
/// assert_eq!(read.panel().dates()[1].to_string(), "2022-12-31");
/// # Ok::<(), overcrowding::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Periods {
    pub(super) years: usize,
    pub(super) months: usize,
    pub(super) day: PeriodDay,
    pub(super) stated: bool,
}

impl Periods {
    /// Rows dated from a year value (`2022`).
    ///
    /// ```
    /// let read = overcrowding::io::TableReader::new()
    ///     .read_bytes(b"facility_id,date,population\nA,2022,7\nA,2023-06,8\n", "t.csv")?;
    /// assert_eq!(read.periods().unwrap().years(), 1);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn years(&self) -> usize {
        self.years
    }

    /// Rows dated from a year-month value (`2022-06`).
    ///
    /// ```
    /// let read = overcrowding::io::TableReader::new()
    ///     .read_bytes(b"facility_id,date,population\nA,2022,7\nA,2023-06,8\n", "t.csv")?;
    /// assert_eq!(read.periods().unwrap().months(), 1);
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn months(&self) -> usize {
        self.months
    }

    /// The day of the period the rows are dated on.
    ///
    /// ```
    /// use overcrowding::io::{PeriodDay, TableReader};
    /// let read = TableReader::new().period_day(PeriodDay::Mid)
    ///     .read_bytes(b"facility_id,date,population\nA,2022,7\n", "t.csv")?;
    /// assert_eq!(read.periods().unwrap().day(), PeriodDay::Mid);
    /// assert_eq!(read.panel().dates()[0].to_string(), "2022-06-30");
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn day(&self) -> PeriodDay {
        self.day
    }

    /// Whether the caller stated the day (`false`: the reader assumed period end).
    ///
    /// ```
    /// use overcrowding::io::{PeriodDay, TableReader};
    /// let read = TableReader::new().period_day(PeriodDay::End)
    ///     .read_bytes(b"facility_id,date,population\nA,2022-12,7\n", "t.csv")?;
    /// assert!(read.periods().unwrap().stated());
    /// # Ok::<(), overcrowding::Error>(())
    /// ```
    pub fn stated(&self) -> bool {
        self.stated
    }
}

impl fmt::Display for Periods {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rows = |n: usize| {
            if n == 1 {
                "1 row".to_string()
            } else {
                format!("{n} rows")
            }
        };
        match (self.years, self.months) {
            (y, 0) => write!(f, "{} dated by year", rows(y))?,
            (0, m) => write!(f, "{} dated by month", rows(m))?,
            (y, m) => write!(f, "{} dated by year and {m} by month", rows(y))?,
        }
        let day = match self.day {
            PeriodDay::Start => "first day",
            PeriodDay::Mid => "middle (30 June, the 15th)",
            PeriodDay::End => "last day",
        };
        write!(f, ", on the period's {day}")?;
        if !self.stated {
            f.write_str(" (assumed: state the day the values stand for)")?;
        }
        Ok(())
    }
}

/// A period written as text: `YYYY` or `YYYY-MM`; `None` for anything else.
pub(super) fn parse_text(t: &str) -> Option<(i16, Option<i8>)> {
    let b = t.as_bytes();
    let digits = |s: &[u8]| !s.is_empty() && s.iter().all(u8::is_ascii_digit);
    match b.len() {
        4 if digits(b) => Some((t.parse().ok()?, None)),
        7 if digits(&b[..4]) && b[4] == b'-' && digits(&b[5..]) => {
            Some((t[..4].parse().ok()?, Some(t[5..].parse().ok()?)))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_periods() {
        assert_eq!(parse_text("2022"), Some((2022, None)));
        assert_eq!(parse_text("2022-06"), Some((2022, Some(6))));
        assert_eq!(parse_text("2022-6"), None);
        assert_eq!(parse_text("22"), None);
        assert_eq!(parse_text("2022-06-30"), None);
        assert_eq!(PeriodDay::End.of_month(2022, 13), None);
        assert_eq!(PeriodDay::End.of_month(2023, 2).unwrap().day(), 28);
    }
}
