//! [`People`]: a count of people as the output shows it — whole, or the exact decimal of a
//! count read with `--fractional-counts exact`.

use serde::{Serialize, Serializer};

use crate::model::CountUnit;

/// A count (or a sum of counts) in a [`CountUnit`]: written as a whole number when it is one,
/// or as the
/// JSON number of its exact decimal (`7946.75`). A decimal of up to 15 significant digits is
/// the number text exactly (the float nearest to it prints as it, and reads back as it, in
/// JSON, CSV and the table alike); a longer one, which no float holds, is written as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct People {
    units: u128,
    unit: CountUnit,
}

impl People {
    /// `units` counts of `unit`.
    pub fn new(units: impl Into<u128>, unit: CountUnit) -> People {
        People {
            units: units.into(),
            unit,
        }
    }

    /// The exact decimal text, trailing zeros of the fraction dropped (`12.50` → `12.5`).
    pub fn text(&self) -> String {
        let t = self.unit.format(self.units);
        if self.unit.is_whole() {
            return t;
        }
        t.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

impl People {
    /// The text with thousands separators (`7,946.75`), for pages.
    pub fn pretty(&self) -> String {
        super::output::pretty_decimal(&self.text())
    }
}

impl Serialize for People {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let text = self.text();
        if let Ok(whole) = text.parse::<u128>() {
            return s.serialize_u128(whole);
        }
        match text.parse::<f64>() {
            Ok(x) if x.is_finite() && x.to_string() == text => s.serialize_f64(x),
            _ => s.serialize_str(&text),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_written_exactly() {
        let h = CountUnit::new(2).unwrap();
        let json = |p: People| serde_json::to_string(&p).unwrap();
        assert_eq!(json(People::new(794_675u64, h)), "7946.75");
        assert_eq!(json(People::new(1250u64, h)), "12.5");
        assert_eq!(json(People::new(1200u64, h)), "12");
        assert_eq!(json(People::new(12u64, CountUnit::WHOLE)), "12");
        assert_eq!(People::new(123_456_750u64, h).pretty(), "1,234,567.5");
        // 17 significant digits: no float holds it, so it is text.
        assert_eq!(
            json(People::new(1_234_567_890_123_456_789u128, h)),
            "\"12345678901234567.89\""
        );
    }
}
