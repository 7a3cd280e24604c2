//! [`Given`]: one of two values that disagree, as data — the value typed, and the line it was
//! read from when it came from a file ([`ErrorKind::Conflict`](super::ErrorKind::Conflict),
//! [`ErrorKind::NonUniqueId`](super::ErrorKind::NonUniqueId)).

use std::fmt;

/// A value as given (a count, a name, a date, or not reported), typed so that a caller can
/// compare or show it without reading it back out of a message.
///
/// ```
/// use overcrowding::error::GivenValue;
/// assert_eq!(GivenValue::Count(120).to_string(), "120");
/// assert_eq!(GivenValue::Text("Roma Rebibbia".into()).to_string(), "\"Roma Rebibbia\"");
/// assert_eq!(GivenValue::NotReported.to_string(), "not reported");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum GivenValue {
    /// A count (a population, a capacity).
    Count(u64),
    /// A value not reported (a capacity kind listed without places).
    NotReported,
    /// Text (a name, an id, a facility kind), shown quoted.
    Text(String),
    /// A date.
    Date(jiff::civil::Date),
}

impl fmt::Display for GivenValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GivenValue::Count(n) => write!(f, "{n}"),
            GivenValue::NotReported => f.write_str("not reported"),
            GivenValue::Text(t) => write!(f, "{t:?}"),
            GivenValue::Date(d) => write!(f, "{d}"),
        }
    }
}

impl From<u64> for GivenValue {
    fn from(n: u64) -> GivenValue {
        GivenValue::Count(n)
    }
}

impl From<Option<u64>> for GivenValue {
    fn from(n: Option<u64>) -> GivenValue {
        n.map_or(GivenValue::NotReported, GivenValue::Count)
    }
}

impl From<String> for GivenValue {
    fn from(t: String) -> GivenValue {
        GivenValue::Text(t)
    }
}

impl From<&str> for GivenValue {
    fn from(t: &str) -> GivenValue {
        GivenValue::Text(t.to_string())
    }
}

impl From<jiff::civil::Date> for GivenValue {
    fn from(d: jiff::civil::Date) -> GivenValue {
        GivenValue::Date(d)
    }
}

/// One of two values that disagree: the value and, when it was read from a file, its
/// 1-based line. Shown as the value followed by ` (line N)`.
///
/// ```
/// use overcrowding::error::{Given, GivenValue};
/// let g = Given::new(1400u64).at_line(Some(2));
/// assert_eq!((g.value.clone(), g.line), (GivenValue::Count(1400), Some(2)));
/// assert_eq!(g.to_string(), "1400 (line 2)");
/// assert_eq!(Given::new("A").to_string(), "\"A\"");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Given {
    /// The value.
    pub value: GivenValue,
    /// The line it was read from (1-based), when it came from a file.
    pub line: Option<usize>,
}

impl Given {
    /// A value given without a line.
    ///
    /// ```
    /// assert_eq!(overcrowding::error::Given::new(5u64).line, None);
    /// ```
    pub fn new(value: impl Into<GivenValue>) -> Given {
        Given {
            value: value.into(),
            line: None,
        }
    }

    /// The value with the line it was read from (`None`: not from a file).
    ///
    /// ```
    /// assert_eq!(overcrowding::error::Given::new(5u64).at_line(Some(7)).line, Some(7));
    /// ```
    pub fn at_line(mut self, line: Option<usize>) -> Given {
        self.line = line;
        self
    }
}

impl fmt::Display for Given {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(f, "{} (line {l})", self.value),
            None => write!(f, "{}", self.value),
        }
    }
}
