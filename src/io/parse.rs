//! Field parsers shared by the readers. Each returns the typed [`ValueProblem`] a value is
//! refused for (the caller quotes the value in an [`ErrorKind::InvalidValue`](crate::ErrorKind::InvalidValue) with
//! its location).

use crate::error::FormatProblem;
use jiff::civil::Date;

use crate::error::ValueProblem;

/// Missing-value sentinels seen in published prison tables.
const SENTINELS: [&str; 12] = [
    "-999", "-99", "-9", "NA", "N/A", "n/a", "na", "-", "..", "…", "NaN", "null",
];

/// A count written as a plain non-negative integer: `1234`. Everything else is refused with a
/// reason: sentinels, negatives, fractions (`12.5`, and `12.0`: fractional syntax),
/// thousands separators, out of range.
pub(crate) fn plain_count(s: &str) -> Result<u64, ValueProblem> {
    let t = s.trim();
    if t.is_empty() {
        return Err(ValueProblem::Missing);
    }
    if SENTINELS.iter().any(|x| x.eq_ignore_ascii_case(t)) {
        return Err(ValueProblem::Sentinel);
    }
    if let Some(rest) = t.strip_prefix('-')
        && !rest.is_empty()
        && rest
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
    {
        return Err(ValueProblem::Negative);
    }
    if t.contains(',') && t.bytes().all(|b| b.is_ascii_digit() || b == b',') {
        return Err(ValueProblem::ThousandsSeparator);
    }
    if let Some((int, frac)) = t.split_once('.')
        && !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && !frac.is_empty()
        && frac.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(if frac.bytes().all(|b| b == b'0') {
            ValueProblem::DecimalPoint
        } else {
            ValueProblem::Fractional
        });
    }
    digits_u64(t)
}

/// A count that a published file writes as a float: `1204.0` or `1204`. Only integral values
/// are accepted: `12.5` is refused.
pub(crate) fn integral_float(s: &str) -> Result<u64, ValueProblem> {
    let t = s.trim();
    if t.is_empty() {
        return Err(ValueProblem::Missing);
    }
    if t.starts_with('-') {
        return Err(ValueProblem::Negative);
    }
    match t.split_once('.') {
        Some((int, frac)) => {
            if frac.bytes().any(|b| !b.is_ascii_digit()) {
                return Err(ValueProblem::NotANumber);
            }
            if frac.bytes().any(|b| b != b'0') {
                return Err(ValueProblem::Fractional);
            }
            digits_u64(int)
        }
        None => digits_u64(t),
    }
}

/// A count as BJS prints it: `"135,841"` or `845`, separators in groups of three.
pub(crate) fn separated_count(s: &str) -> Result<u64, ValueProblem> {
    let t = s.trim();
    if t.starts_with('-') {
        return Err(ValueProblem::Negative);
    }
    let groups: Vec<&str> = t.split(',').collect();
    let well_grouped = groups.len() == 1
        || (!groups[0].is_empty()
            && groups[0].len() <= 3
            && groups[1..].iter().all(|g| g.len() == 3));
    if !well_grouped {
        return Err(ValueProblem::BadGrouping);
    }
    digits_u64(&groups.concat())
}

/// Only ASCII digits, fitting a `u64`.
fn digits_u64(t: &str) -> Result<u64, ValueProblem> {
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ValueProblem::NotANumber);
    }
    t.parse::<u64>().map_err(|_| ValueProblem::OutOfRange)
}

/// A date written exactly `YYYY-MM-DD` that exists in the calendar.
pub(crate) fn iso_date(s: &str) -> Result<Date, ValueProblem> {
    let t = s.trim();
    let b = t.as_bytes();
    let shape = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape {
        return Err(ValueProblem::NotIsoDate);
    }
    let num = |r: std::ops::Range<usize>| t[r].parse::<i16>().map_err(|_| ValueProblem::NotIsoDate);
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (Ok(m8), Ok(d8)) = (i8::try_from(m), i8::try_from(d)) else {
        return Err(ValueProblem::NoSuchDate);
    };
    Date::new(y, m8, d8).map_err(|_| ValueProblem::NoSuchDate)
}

/// A published one-decimal-or-integer percent (`103.9`, `100`) in tenths: `1039`, `1000`.
pub(crate) fn tenths(s: &str) -> Option<u64> {
    let t = s.trim();
    let (int, frac) = t.split_once('.').unwrap_or((t, "0"));
    if int.is_empty()
        || frac.len() != 1
        || !int.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let int: u64 = int.parse().ok()?;
    let frac: u64 = frac.parse().ok()?;
    int.checked_mul(10)?.checked_add(frac)
}

/// The LFs and the CRs in `span`, a word of eight bytes at a time (a byte equal to the one
/// looked for is a zero byte of the word XOR it; zero bytes are counted exactly, without carries
/// between bytes).
fn count_lf_cr(span: &[u8]) -> (usize, usize) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let zero_bytes = |x: u64| (!(((x & LOW7) + LOW7) | x | LOW7)).count_ones() as usize;
    let (mut lf, mut cr) = (0, 0);
    let mut words = span.chunks_exact(8);
    for w in &mut words {
        let mut b = [0u8; 8];
        b.copy_from_slice(w);
        let w = u64::from_le_bytes(b);
        lf += zero_bytes(w ^ (ONES * u64::from(b'\n')));
        cr += zero_bytes(w ^ (ONES * u64::from(b'\r')));
    }
    for &b in words.remainder() {
        lf += usize::from(b == b'\n');
        cr += usize::from(b == b'\r');
    }
    (lf, cr)
}

/// Counts physical lines (LF, CRLF or a lone CR each end one) up to a byte offset, moving
/// forward only.
#[derive(Default)]
pub(crate) struct LineCounter {
    offset: usize,
    newlines: usize,
}

impl LineCounter {
    /// 1-based line of the byte at `offset` (offsets must not decrease between calls).
    pub(crate) fn line_at(&mut self, data: &[u8], offset: usize) -> usize {
        let offset = offset.min(data.len());
        let from = self.offset.min(offset);
        let span = data.get(from..offset).unwrap_or_default();
        // A line split at its delimiters was skipped to its LF: the next one starts a byte on.
        if span == b"\n" {
            self.newlines += 1;
            self.offset = self.offset.max(offset);
            return self.newlines + 1;
        }
        // Called twice per row read, on spans of a few dozen bytes: LFs and CRs counted eight
        // bytes at a time, and a second look only where a CR appears.
        let (lf, cr) = count_lf_cr(span);
        self.newlines += lf;
        if cr > 0 {
            // A lone CR ends a line; a CR before an LF is one ending with it, counted at the LF.
            self.newlines += span
                .iter()
                .enumerate()
                .filter(|&(k, &b)| b == b'\r' && data.get(from + k + 1) != Some(&b'\n'))
                .count();
        }
        self.offset = self.offset.max(offset);
        self.newlines + 1
    }

    /// Moves to `offset` over bytes the caller knows hold no CR and no LF (the line stays),
    /// without reading them.
    pub(crate) fn skip_to(&mut self, offset: usize) {
        self.offset = self.offset.max(offset);
    }

    /// The 1-based line and byte offset where a record's first byte is. The csv crate's own
    /// line count skips blank lines and CRLF inconsistently, so count physical lines here.
    pub(crate) fn record_start(&mut self, data: &[u8], rec: &csv::ByteRecord) -> (usize, usize) {
        let mut start = rec
            .position()
            .map_or(0, |p| p.byte() as usize)
            .min(data.len());
        while matches!(data.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        (self.line_at(data, start), start)
    }
}

/// Reads a published table's header row (names trimmed; invalid UTF-8 replaced, since names
/// are only matched, never returned as data).
///
/// [`ErrorKind::Format`](crate::ErrorKind::Format) for a read error or an empty file.
pub(crate) fn read_header<R: std::io::Read>(
    rdr: &mut csv::Reader<R>,
    rec: &mut csv::ByteRecord,
    source_name: &str,
) -> crate::error::Result<Vec<String>> {
    let format = |problem: FormatProblem| {
        crate::error::Error::from(crate::ErrorKind::Format {
            source_name: source_name.to_string(),
            problem,
        })
    };
    if !rdr
        .read_byte_record(rec)
        .map_err(|e| format(FormatProblem::Csv).with_source(e))?
    {
        return Err(format(FormatProblem::Empty));
    }
    Ok(rec
        .iter()
        .map(|f| String::from_utf8_lossy(f).trim().to_string())
        .collect())
}

/// The position of a column in a published table's header (names compared without regard
/// to case), or [`ErrorKind::MissingColumn`](crate::ErrorKind::MissingColumn) naming the source.
pub(crate) fn column_index(
    header: &[String],
    name: &str,
    source_name: &str,
) -> crate::error::Result<usize> {
    let mut at = header
        .iter()
        .enumerate()
        .filter(|(_, h)| h.eq_ignore_ascii_case(name))
        .map(|(i, _)| i);
    let first = at.next().ok_or_else(|| {
        crate::error::Error::from(crate::error::ErrorKind::MissingColumn {
            column: name.to_string(),
            source_name: Some(source_name.to_string()),
            found: Vec::new(),
            closest: None,
        })
    })?;
    // Two columns of one name: neither is taken, since either may be the one meant.
    if let Some(second) = at.next() {
        return Err(crate::error::Error::from(
            crate::error::ErrorKind::DuplicateColumn {
                column: name.to_string(),
                first: first + 1,
                second: second + 1,
                source_name: Some(source_name.to_string()),
            },
        ));
    }
    Ok(first)
}

/// The fields of a record of a published table as text, after checking the field count
/// against the header; `line` names the record in errors.
pub(crate) fn record_fields(
    rec: &csv::ByteRecord,
    line: usize,
    header_len: usize,
) -> crate::error::Result<Vec<&str>> {
    use crate::error::{Error, ErrorKind, Location, RowProblem};
    if rec.len() != header_len {
        return Err(Error::from(ErrorKind::BadRow {
            problem: RowProblem::FieldCount {
                found: rec.len(),
                expected: header_len,
            },
        })
        .at(Location::line(line)));
    }
    rec.iter()
        .map(|f| {
            std::str::from_utf8(f).map_err(|e| {
                Error::from(ErrorKind::BadRow {
                    problem: RowProblem::NotUtf8 {
                        field: None,
                        byte: Some(e.valid_up_to() + 1),
                    },
                })
                .at(Location::line(line))
            })
        })
        .collect()
}

/// Whether the raw bytes of one CSV record end inside a quoted field, by the csv crate's
/// default rules (`"` opens a quoted field only at a field's start, `""` inside is a quote).
/// The csv crate reads such a field to the end of the input without a word; the readers
/// report it instead.
pub(crate) fn ends_inside_quote(raw: &[u8]) -> bool {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        FieldStart,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }
    let mut state = State::FieldStart;
    for &b in raw {
        state = match (state, b) {
            (State::Quoted, b'"') => State::QuoteInQuoted,
            (State::Quoted, _) => State::Quoted,
            (State::QuoteInQuoted, b'"') => State::Quoted,
            (State::FieldStart, b'"') => State::Quoted,
            (_, b',' | b'\n' | b'\r') => State::FieldStart,
            _ => State::Unquoted,
        };
    }
    state == State::Quoted
}

/// The byte offset just past the physical line that starts at `start` (LF, CRLF or CR), or
/// the end of `data`.
pub(crate) fn next_line_start(data: &[u8], start: usize) -> usize {
    let rest = data.get(start..).unwrap_or_default();
    match rest.iter().position(|&b| b == b'\n' || b == b'\r') {
        Some(i) => {
            let at = start + i;
            if data.get(at) == Some(&b'\r') && data.get(at + 1) == Some(&b'\n') {
                at + 2
            } else {
                at + 1
            }
        }
        None => data.len(),
    }
}

/// Where a CSV reader over `data` that should begin at byte `at` must start so that a
/// byte-order mark at `at` stays data: the CSV layer drops a BOM at the start of its input,
/// and only a file's first bytes are a BOM. A reader restarted on a later line starts one
/// byte early, on the line ending before it (an empty line, which the CSV layer skips).
pub(crate) fn csv_restart(data: &[u8], at: usize) -> usize {
    match at.checked_sub(1).and_then(|i| data.get(i)) {
        Some(b'\n' | b'\r') => at - 1,
        _ => at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lf_and_cr_counted_by_words() {
        let bytes: Vec<u8> = (0..200u32)
            .map(|i| [b'\n', b'\r', b'a', 0, 0xff, 0x8a, 0x8d, b'\x0b'][(i * 7 % 11 % 8) as usize])
            .collect();
        for start in 0..9 {
            for end in start..bytes.len() {
                let span = &bytes[start..end];
                let naive = (
                    span.iter().filter(|&&b| b == b'\n').count(),
                    span.iter().filter(|&&b| b == b'\r').count(),
                );
                assert_eq!(count_lf_cr(span), naive, "{start}..{end}");
            }
        }
    }

    #[test]
    fn line_counter_counts_lf_crlf_and_lone_cr() {
        // LF, CRLF, a lone CR before a CRLF, a lone CR; at some steps a CR ends the span and
        // its LF comes in the next one (still one ending).
        let data = b"a\nb\r\nc\r\r\nd\re";
        let naive = |at: usize| {
            1 + (0..at)
                .filter(|&i| {
                    data[i] == b'\n' || (data[i] == b'\r' && data.get(i + 1) != Some(&b'\n'))
                })
                .count()
        };
        for step in 1..=data.len() {
            let mut c = LineCounter::default();
            let mut at = 0;
            while at < data.len() {
                at = (at + step).min(data.len());
                assert_eq!(c.line_at(data, at), naive(at), "step {step}, offset {at}");
            }
        }
        let mut c = LineCounter::default();
        assert_eq!(c.line_at(b"x\ry\rz", 5), 3);
    }

    #[test]
    fn plain_counts() {
        assert_eq!(plain_count("1234"), Ok(1234));
        assert_eq!(plain_count(" 7 "), Ok(7));
        for (bad, word) in [
            ("-3", "negative"),
            ("-999", "sentinel"),
            ("NA", "sentinel"),
            ("N/A", "sentinel"),
            ("-", "sentinel"),
            ("..", "sentinel"),
            ("12.5", "fractional"),
            ("12.0", "decimal point"),
            ("1,234", "thousands separator"),
            ("99999999999999999999", "out of range"),
            ("12a", "not a plain integer"),
            ("+5", "not a plain integer"),
        ] {
            let err = plain_count(bad).unwrap_err();
            assert!(err.to_string().contains(word), "{bad}: {err}");
        }
    }

    #[test]
    fn floats_and_separators() {
        assert_eq!(integral_float("1204.0"), Ok(1204));
        assert_eq!(integral_float("407"), Ok(407));
        assert!(
            integral_float("12.5")
                .unwrap_err()
                .to_string()
                .contains("whole")
        );
        assert!(integral_float("-1.0").is_err());
        assert_eq!(separated_count("135,841"), Ok(135_841));
        assert_eq!(separated_count("845"), Ok(845));
        assert!(separated_count("1,23").is_err());
        assert!(separated_count(",123").is_err());
    }

    #[test]
    fn dates_and_tenths() {
        assert_eq!(iso_date("2021-06-30").unwrap().day(), 30);
        assert_eq!(iso_date("2021-02-30"), Err(ValueProblem::NoSuchDate));
        assert_eq!(iso_date("30/06/2021"), Err(ValueProblem::NotIsoDate));
        assert!(iso_date("2021-6-30").is_err());
        assert_eq!(tenths("103.9"), Some(1039));
        assert_eq!(tenths("100"), Some(1000));
        assert_eq!(tenths("1.25"), None);
    }
}
