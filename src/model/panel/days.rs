//! Civil dates ⇄ day numbers (days since 1970-01-01, Arrow's `Date32`), exact for every
//! `jiff` civil date (years -9999..=9999), by Howard Hinnant's `days_from_civil`.

use jiff::civil::Date;

/// Days since 1970-01-01 of `date`.
#[inline]
pub(crate) fn day_number(date: Date) -> i32 {
    let (y, m, d) = (
        i32::from(date.year()),
        i32::from(date.month()),
        i32::from(date.day()),
    );
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of day number `n`, `None` outside `jiff`'s range.
#[inline]
pub(crate) fn date_of(n: i32) -> Option<Date> {
    let z = i64::from(n) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    Date::new(
        i16::try_from(y).ok()?,
        i8::try_from(m).ok()?,
        i8::try_from(d).ok()?,
    )
    .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_round_trip_and_match_jiff() {
        let epoch = jiff::civil::date(1970, 1, 1);
        for d in [
            jiff::civil::date(1970, 1, 1),
            jiff::civil::date(2000, 2, 29),
            jiff::civil::date(1900, 3, 1),
            jiff::civil::date(-9999, 1, 1),
            jiff::civil::date(9999, 12, 31),
            jiff::civil::date(2021, 6, 30),
        ] {
            let n = day_number(d);
            let by_jiff = d.since((jiff::Unit::Day, epoch)).unwrap().get_days();
            assert_eq!(n, by_jiff, "{d}");
            assert_eq!(date_of(n), Some(d));
        }
        let mut d = jiff::civil::date(1999, 1, 1);
        let mut n = day_number(d);
        for _ in 0..3000 {
            d = d.tomorrow().unwrap();
            n += 1;
            assert_eq!(day_number(d), n);
            assert_eq!(date_of(n), Some(d));
        }
    }
}
