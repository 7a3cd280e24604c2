//! A table given as text cells, column by column (a polars frame's columns as text, from the
//! frame layer): its rows go through the same mapping and checks as a CSV file's rows, with
//! no CSV text in between.

use super::builder::TableReader;
use super::columns::{Mapping, header_names, resolve};
use super::map::SourceRow;
use super::read::{Acc, TableRead};
use super::value::Cell;
use crate::error::{Location, Result};

/// The cell of (column, row), `None` for a null.
pub(crate) type CellText<'a> = dyn Fn(usize, usize) -> Option<&'a str> + 'a;

/// One row of a table of text cells.
struct CellRow<'r, 'a> {
    cell: &'r CellText<'a>,
    width: usize,
    row: usize,
}

impl SourceRow for CellRow<'_, '_> {
    fn len(&self) -> usize {
        self.width
    }

    fn cell(&self, i: usize) -> Result<Cell<'_>> {
        Ok(match (self.cell)(i, self.row) {
            Some(t) => Cell::Text(t),
            None => Cell::Empty,
        })
    }

    /// As if the table were a CSV file with a header: data row *k* (from 0) is line *k* + 2.
    fn line(&self) -> usize {
        self.row + 2
    }

    fn locate(&self, column: Option<usize>, m: &Mapping) -> Location {
        let at = Location::line(self.line());
        match column {
            Some(i) => at.with_column(m.column(i)),
            None => at,
        }
    }

    /// The cells as a CSV line would hold them (a null is empty).
    fn raw(&self) -> String {
        let mut out = String::new();
        for i in 0..self.width {
            if i > 0 {
                out.push(',');
            }
            let t = (self.cell)(i, self.row).unwrap_or_default();
            if t.contains([',', '"', '\n', '\r']) {
                out.push('"');
                out.push_str(&t.replace('"', "\"\""));
                out.push('"');
            } else {
                out.push_str(t);
            }
        }
        out
    }

    fn short_rows_are_errors(&self) -> bool {
        false
    }
}

/// Reads `rows` rows of text cells under the header `names` with `reader`'s mapping and rules.
#[cfg_attr(not(feature = "polars"), allow(dead_code))]
pub(crate) fn read_text_cells(
    reader: &TableReader,
    names: &[&str],
    rows: usize,
    cell: &CellText<'_>,
    source_name: &str,
) -> Result<TableRead> {
    let columns = header_names(names.iter().map(|n| std::borrow::Cow::Borrowed(*n)));
    let mapping = resolve(reader, columns.clone(), source_name)?;
    let mut acc = Acc::new(reader.mode, rows, &mapping).with_dialect(reader.dialect);
    for row in 0..rows {
        let r = CellRow {
            cell,
            width: names.len(),
            row,
        };
        acc.push(&r, &mapping)?;
    }
    acc.finish(None, "text cells", source_name, columns, None)
}
