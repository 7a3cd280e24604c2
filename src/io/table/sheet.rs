//! Spreadsheets (XLSX, XLSM, XLSB, XLS, ODS) through calamine.

use crate::ErrorKind;
use crate::error::Constraint;
use crate::error::FormatProblem;
use std::io::Cursor;

use calamine::{Data, Range, Reader};

use super::builder::{SheetChoice, TableReader};
use super::columns::{Mapping, header_names, resolve};
use super::map::SourceRow;
use super::read::{Acc, TableRead};
use super::value::Cell;
use crate::error::{Error, Location, Result};

const EXTENSIONS: [&str; 5] = ["xlsx", "xlsm", "xlsb", "xls", "ods"];

/// Whether the bytes are a workbook: by the name's extension, or a ZIP or OLE2 signature.
pub(super) fn is_workbook(bytes: &[u8], source_name: &str) -> bool {
    let ext = std::path::Path::new(source_name)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if let Some(ext) = ext
        && EXTENSIONS.contains(&ext.as_str())
    {
        return true;
    }
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")
}

/// `B17` for 0-based (row 16, column 1).
pub(super) fn cell_name(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut c = col as u64 + 1;
    while c > 0 {
        let rem = ((c - 1) % 26) as u8;
        letters.push(b'A' + rem);
        c = (c - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8_lossy(&letters), row as u64 + 1)
}

/// `B17` → 0-based (16, 1).
fn parse_cell(s: &str) -> Option<(u32, u32)> {
    let s = s.trim().replace('$', "");
    let split = s.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = s.split_at(split);
    if letters.is_empty() || !letters.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let mut col: u64 = 0;
    for b in letters.bytes() {
        col = col
            .checked_mul(26)?
            .checked_add((b.to_ascii_uppercase() - b'A' + 1) as u64)?;
    }
    let row: u64 = digits.parse().ok()?;
    if row == 0 || col > u32::MAX as u64 || row > u32::MAX as u64 {
        return None;
    }
    Some(((row - 1) as u32, (col - 1) as u32))
}

/// `A1:F200` → 0-based corners.
fn parse_range(s: &str) -> Option<((u32, u32), (u32, u32))> {
    let (a, b) = s.split_once(':')?;
    let (a, b) = (parse_cell(a)?, parse_cell(b)?);
    (a.0 <= b.0 && a.1 <= b.1).then_some((a, b))
}

fn date_cell(dt: &calamine::ExcelDateTime) -> Cell<'static> {
    let (y, m, d, ..) = dt.to_ymd_hms_milli();
    match (i16::try_from(y), i8::try_from(m), i8::try_from(d)) {
        (Ok(y), Ok(m), Ok(d)) => match jiff::civil::Date::new(y, m, d) {
            Ok(date) => Cell::Date(date),
            Err(_) => Cell::BadDate(format!("{y:04}-{m:02}-{d:02}")),
        },
        _ => Cell::BadDate(dt.as_f64().to_string()),
    }
}

fn to_cell(d: &Data) -> Cell<'_> {
    match d {
        Data::Int(i) => Cell::Int(*i),
        Data::Float(f) => Cell::Float(*f),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) if dt.is_datetime() => date_cell(dt),
        Data::DateTime(dt) => Cell::Float(dt.as_f64()),
        Data::Error(e) => Cell::Error(e.to_string()),
        Data::Empty => Cell::Empty,
    }
}

/// One sheet row as a [`Row`].
struct SheetRow<'a> {
    cells: &'a [Data],
    /// The sheet's formulas (an ODS formula error reads as empty text: its formula tells).
    formulas: Option<&'a Range<String>>,
    sheet: &'a str,
    /// 0-based sheet row and column of the first cell.
    row: u32,
    col: u32,
}

impl SourceRow for SheetRow<'_> {
    fn len(&self) -> usize {
        self.cells.len()
    }

    fn cell(&self, i: usize) -> Result<Cell<'_>> {
        let cell = self.cells.get(i).map_or(Cell::Empty, to_cell);
        let empty = matches!(cell, Cell::Empty) || matches!(cell, Cell::Text(t) if t.is_empty());
        if empty
            && let Some(f) = self.formulas
            && let Ok(col) = u32::try_from(i)
            && let Some(formula) = f.get_value((self.row, self.col.saturating_add(col)))
            && !formula.is_empty()
        {
            let formula = formula.strip_prefix("of:").unwrap_or(formula);
            let formula = formula.trim_start_matches('=');
            // The formula as written is the cell's value; its problem (a formula error cell,
            // no value computed) is typed where the cell is read.
            return Ok(Cell::Error(format!("={formula}")));
        }
        Ok(cell)
    }

    fn line(&self) -> usize {
        self.row as usize + 1
    }

    fn locate(&self, column: Option<usize>, m: &Mapping) -> Location {
        let at = Location::line(self.line());
        match column {
            Some(i) => {
                let col = self
                    .col
                    .saturating_add(u32::try_from(i).unwrap_or(u32::MAX));
                let mut at = at.with_cell(self.sheet, cell_name(self.row, col));
                at.column = Some(m.column(i));
                at
            }
            None => Location {
                sheet: Some(self.sheet.to_string()),
                ..at
            },
        }
    }

    fn raw(&self) -> String {
        let cells: Vec<String> = self
            .cells
            .iter()
            .map(|c| to_cell(c).text().into_owned())
            .collect();
        cells.join(",")
    }

    fn short_rows_are_errors(&self) -> bool {
        false
    }
}

pub(super) fn read(reader: &TableReader, bytes: &[u8], source_name: &str) -> Result<TableRead> {
    let format = |problem: FormatProblem| {
        Error::from(ErrorKind::Format {
            source_name: source_name.to_string(),
            problem,
        })
    };
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| format(FormatProblem::NotASpreadsheet).with_source(e))?;
    let kind = match &book {
        calamine::Sheets::Xls(_) => "xls",
        calamine::Sheets::Xlsx(_) => "xlsx",
        calamine::Sheets::Xlsb(_) => "xlsb",
        calamine::Sheets::Ods(_) => "ods",
    };
    let names = book.sheet_names();
    let sheet = match &reader.sheet {
        None => names.first().cloned(),
        Some(SheetChoice::Name(n)) => names.iter().find(|s| *s == n).cloned(),
        Some(SheetChoice::Index(i)) => names.get(*i).cloned(),
    }
    .ok_or_else(|| {
        let asked = match &reader.sheet {
            None => "sheet at all".to_string(),
            Some(SheetChoice::Name(n)) => format!("sheet {n:?}"),
            Some(SheetChoice::Index(i)) => format!("sheet at position {i} (counting from 0)"),
        };
        format(FormatProblem::NoSheet {
            asked,
            sheets: names.clone(),
        })
    })?;
    let range: Range<Data> = book.worksheet_range(&sheet).map_err(|e| {
        format(FormatProblem::SheetUnreadable {
            sheet: sheet.clone(),
        })
        .with_source(e)
    })?;
    let formulas = book.worksheet_formula(&sheet).ok();
    let range = match &reader.range {
        None => range,
        Some(r) => {
            let (a, b) = parse_range(r).ok_or_else(|| {
                Error::invalid(
                    "cell range",
                    format!("{r:?}"),
                    Constraint::WrittenAs { pattern: "A1:F200" },
                )
            })?;
            range.range(a, b)
        }
    };
    let Some((row0, col0)) = range.start() else {
        return Err(format(FormatProblem::SheetWithoutHeader { sheet }));
    };
    // Rows to skip count from the sheet's first row, as lines from a CSV file's first line
    // (the used range may start lower: empty rows above it are not in it); with a cell range,
    // from the range's first row.
    let skip = match reader.range {
        Some(_) => reader.skip_rows,
        None => reader.skip_rows.saturating_sub(row0 as usize),
    };
    let mut rows = range.rows().enumerate().skip(skip);
    let Some((_, header)) = rows.next() else {
        return Err(format(FormatProblem::SheetWithoutHeader { sheet }));
    };
    let columns = header_names(header.iter().map(|c| to_cell(c).text().into_owned().into()));
    let mapping = resolve(
        reader,
        columns.clone(),
        &format!("{source_name}, sheet {sheet}"),
    )?;
    let mut acc = Acc::new(reader.mode, range.height(), &mapping);
    for (i, cells) in rows {
        let row = SheetRow {
            cells,
            formulas: formulas.as_ref(),
            sheet: &sheet,
            row: row0.saturating_add(u32::try_from(i).unwrap_or(u32::MAX)),
            col: col0,
        };
        acc.push(&row, &mapping)?;
    }
    acc.finish(None, kind, source_name, columns, Some(sheet))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_names() {
        assert_eq!(cell_name(16, 1), "B17");
        assert_eq!(cell_name(0, 26), "AA1");
        assert_eq!(parse_cell("B17"), Some((16, 1)));
        assert_eq!(parse_cell("$AA$1"), Some((0, 26)));
        assert_eq!(parse_range("A1:F200"), Some(((0, 0), (199, 5))));
        assert_eq!(parse_range("F1:A2"), None);
        assert_eq!(parse_cell("17"), None);
    }
}
