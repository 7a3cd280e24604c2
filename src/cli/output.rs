//! Output: typed rows (`#[derive(Serialize)]`) written by `serde_json` as JSON, by the csv
//! writer as CSV (nested fields flattened to `outer_inner` columns), or as an aligned table
//! with thousands separators; every format carries the input counts.

use std::fmt;
use std::io::Write;

use serde::Serialize;
use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

use super::CliError;
use super::args::Format;
use super::input::InputCounts;
use crate::exact::thousands;

/// A row with the input counts beside its own fields (JSON `input: {…}`, CSV `input_…`).
#[derive(Serialize)]
struct WithInput<'a, T> {
    #[serde(flatten)]
    row: &'a T,
    input: &'a InputCounts,
}

/// One serialised field, the fields of an object in the order of the row type (a
/// `serde_json::Value` would sort them).
#[derive(Debug, Clone, PartialEq)]
enum Field {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    Text(String),
    Object(Vec<(String, Field)>),
    List(Vec<Field>),
}

impl<'de> Deserialize<'de> for Field {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Field, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Field;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_unit<E>(self) -> Result<Field, E> {
                Ok(Field::Null)
            }
            fn visit_none<E>(self) -> Result<Field, E> {
                Ok(Field::Null)
            }
            fn visit_bool<E>(self, b: bool) -> Result<Field, E> {
                Ok(Field::Bool(b))
            }
            fn visit_u64<E>(self, n: u64) -> Result<Field, E> {
                Ok(Field::Number(n.into()))
            }
            fn visit_i64<E>(self, n: i64) -> Result<Field, E> {
                Ok(Field::Number(n.into()))
            }
            fn visit_f64<E>(self, x: f64) -> Result<Field, E> {
                Ok(serde_json::Number::from_f64(x).map_or(Field::Null, Field::Number))
            }
            fn visit_str<E>(self, s: &str) -> Result<Field, E> {
                Ok(Field::Text(s.to_string()))
            }
            fn visit_string<E>(self, s: String) -> Result<Field, E> {
                Ok(Field::Text(s))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<Field, A::Error> {
                let mut v = Vec::new();
                while let Some(x) = a.next_element()? {
                    v.push(x);
                }
                Ok(Field::List(v))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Field, A::Error> {
                let mut v = Vec::new();
                while let Some((k, x)) = a.next_entry::<String, Field>()? {
                    v.push((k, x));
                }
                Ok(Field::Object(v))
            }
        }
        d.deserialize_any(V)
    }
}

/// Writes `rows` to standard output in `format`; a table ends with the input counts and, when
/// rows were rejected, a warning line; `shown` limits the table's rows (`None`: all).
pub(crate) fn print<T: Serialize>(
    rows: &[T],
    format: Format,
    input: &InputCounts,
    shown: Option<usize>,
) -> Result<(), CliError> {
    print_omitting(rows, format, input, shown, &[])
}

/// As [`print`], the table without the fields named in `omit` (shown another way: a list
/// above the table); CSV and JSON keep every field.
pub(crate) fn print_omitting<T: Serialize>(
    rows: &[T],
    format: Format,
    input: &InputCounts,
    shown: Option<usize>,
    omit: &[&str],
) -> Result<(), CliError> {
    let text = match format {
        Format::Json => to_json(rows, input)?,
        Format::Csv => to_csv(rows, input)?,
        Format::Table => {
            let flat = rows
                .iter()
                .map(|r| {
                    flat_row(r).map(|f| {
                        f.into_iter()
                            .filter(|(k, _)| !omit.contains(&k.as_str()))
                            .collect::<Vec<_>>()
                    })
                })
                .collect::<Result<Vec<_>, _>>()?;
            let n = shown.unwrap_or(flat.len()).min(flat.len());
            let mut t = to_table(&flat[..n]);
            if n < flat.len() {
                t.push_str(&format!(
                    "… {} more (all of them with --top 0, --format csv or --format json)\n",
                    thousands((flat.len() - n) as u128)
                ));
            }
            t + &footer(input)
        }
    };
    write_stdout(&text)
}

/// The rows as an aligned table, without the input counts.
pub(crate) fn table<T: Serialize>(rows: &[T]) -> Result<String, CliError> {
    let flat = rows.iter().map(flat_row).collect::<Result<Vec<_>, _>>()?;
    Ok(to_table(&flat))
}

/// Writes text to standard output; a closed pipe (`| head`) is not an error.
pub(crate) fn write_stdout(text: &str) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(CliError::from(crate::Error::io("standard output", e)))
        }
        _ => Ok(()),
    }
}

fn json_error(e: serde_json::Error) -> CliError {
    CliError::from(crate::Error::io("standard output", e.into()))
}

/// The rows as JSON: an array of objects, one per line, each with its `input` counts.
fn to_json<T: Serialize>(rows: &[T], input: &InputCounts) -> Result<String, CliError> {
    let lines = rows
        .iter()
        .map(|row| serde_json::to_string(&WithInput { row, input }))
        .collect::<Result<Vec<_>, _>>()
        .map_err(json_error)?;
    Ok(if lines.is_empty() {
        "[]\n".to_string()
    } else {
        format!("[\n  {}\n]\n", lines.join(",\n  "))
    })
}

/// A row's fields, nested objects flattened to `outer_inner` names, in the row type's order.
fn flat_row<T: Serialize>(row: &T) -> Result<Vec<(String, Field)>, CliError> {
    let text = serde_json::to_string(row).map_err(json_error)?;
    let field: Field = serde_json::from_str(&text).map_err(json_error)?;
    let mut out = Vec::new();
    flat("", field, &mut out);
    Ok(out)
}

fn flat(prefix: &str, v: Field, out: &mut Vec<(String, Field)>) {
    match v {
        Field::Object(m) => {
            for (k, v) in m {
                let name = if prefix.is_empty() {
                    k
                } else {
                    format!("{prefix}_{k}")
                };
                flat(&name, v, out);
            }
        }
        other => out.push((prefix.to_string(), other)),
    }
}

/// The rows as CSV: the columns of the first row, nested fields flattened, plain numbers.
fn to_csv<T: Serialize>(rows: &[T], input: &InputCounts) -> Result<String, CliError> {
    let rows = rows
        .iter()
        .map(|row| flat_row(&WithInput { row, input }))
        .collect::<Result<Vec<_>, _>>()?;
    let mut w = csv::Writer::from_writer(Vec::new());
    let io = |e: csv::Error| CliError::from(crate::Error::io("standard output", e.into()));
    if let Some(first) = rows.first() {
        w.write_record(first.iter().map(|(k, _)| k.as_str()))
            .map_err(io)?;
    }
    for r in &rows {
        w.write_record(r.iter().map(|(_, v)| cell(v, false)))
            .map_err(io)?;
    }
    let bytes = w.into_inner().map_err(|e| io(e.into_error().into()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// A value as text (`pretty`: thousands separators); null is empty.
fn cell(v: &Field, pretty: bool) -> String {
    match v {
        Field::Null => String::new(),
        Field::Text(s) => s.clone(),
        Field::Bool(b) => b.to_string(),
        Field::Number(n) if pretty => match n.as_u64() {
            Some(u) => thousands(u128::from(u)),
            None => pretty_decimal(&n.to_string()),
        },
        Field::Number(n) => n.to_string(),
        Field::List(items) => items
            .iter()
            .map(|x| cell(x, pretty))
            .collect::<Vec<_>>()
            .join("; "),
        Field::Object(_) => String::new(),
    }
}

/// `-12345.5` → `-12,345.5`.
pub(crate) fn pretty_decimal(text: &str) -> String {
    let (sign, rest) = text.strip_prefix('-').map_or(("", text), |r| ("-", r));
    let (int, frac) = rest
        .split_once('.')
        .map_or((rest, None), |(i, f)| (i, Some(f)));
    match int.parse::<u128>() {
        Ok(n) => format!(
            "{sign}{}{}",
            thousands(n),
            frac.map_or(String::new(), |f| format!(".{f}"))
        ),
        Err(_) => text.to_string(),
    }
}

/// The rows as an aligned table; a single row is shown one field per line.
fn to_table(flats: &[Vec<(String, Field)>]) -> String {
    let Some(first) = flats.first() else {
        return "(no rows)\n".to_string();
    };
    if let [only] = flats {
        let w = only
            .iter()
            .map(|(k, _)| k.chars().count())
            .max()
            .unwrap_or(0);
        return only
            .iter()
            .map(|(k, v)| match cell(v, true) {
                t if t.is_empty() => format!("{k:<w$}  —\n"),
                t => format!("{k:<w$}  {t}\n"),
            })
            .collect();
    }
    let headers: Vec<&str> = first.iter().map(|(k, _)| k.as_str()).collect();
    let cells: Vec<Vec<String>> = flats
        .iter()
        .map(|f| f.iter().map(|(_, v)| cell(v, true)).collect())
        .collect();
    let numeric: Vec<bool> = (0..headers.len())
        .map(|i| {
            flats
                .iter()
                .all(|f| matches!(f.get(i).map(|x| &x.1), Some(Field::Number(_) | Field::Null)))
        })
        .collect();
    let widths: Vec<usize> = headers
        .iter()
        .enumerate()
        .map(|(i, h)| {
            cells
                .iter()
                .map(|c| c.get(i).map_or(0, |s| s.chars().count()))
                .chain([h.chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |vals: &mut dyn Iterator<Item = &str>| {
        let mut s = String::new();
        for (i, v) in vals.enumerate() {
            if i > 0 {
                s.push_str("  ");
            }
            let pad = " ".repeat(widths[i].saturating_sub(v.chars().count()));
            if numeric[i] {
                s.push_str(&pad);
                s.push_str(v);
            } else {
                s.push_str(v);
                s.push_str(&pad);
            }
        }
        s.trim_end().to_string() + "\n"
    };
    let mut out = line(&mut headers.iter().copied());
    for c in &cells {
        out.push_str(&line(&mut c.iter().map(String::as_str)));
    }
    out
}

/// The table's last lines: the input counts, and a warning when rows were rejected.
pub(crate) fn footer(input: &InputCounts) -> String {
    let n = |x: usize| thousands(x as u128);
    let by = &input.rows_skipped_by_reason;
    let why: Vec<String> = [
        (by.totals, "totals row"),
        (by.blank, "blank line"),
        (by.notes, "notes line"),
        (by.repeated_header, "repeated header"),
    ]
    .into_iter()
    .filter(|(k, _)| *k > 0)
    .map(|(k, what)| format!("{} {what}{}", n(k), if k == 1 { "" } else { "s" }))
    .collect();
    let mut s = format!(
        "\ninput: {} row{} read, {} accepted, {} rejected, {} skipped{}{}{}\n",
        n(input.rows_read),
        if input.rows_read == 1 { "" } else { "s" },
        n(input.rows_accepted),
        n(input.rows_rejected),
        n(input.rows_skipped),
        if why.is_empty() {
            String::new()
        } else {
            format!(" ({})", why.join(", "))
        },
        match input.values_dropped {
            0 => String::new(),
            1 => "; 1 value left out as not reported".to_string(),
            k => format!("; {} values left out as not reported", n(k)),
        },
        match input.values_rounded {
            0 => String::new(),
            1 => "; 1 count with decimals rounded".to_string(),
            k => format!("; {} counts with decimals rounded", n(k)),
        }
    );
    if input.partial() {
        s.push_str(&format!(
            "warning: a partial answer: {} row{} rejected{} and left out of these figures \
             (see standard error; list them with --rejects PATH)\n",
            n(input.rows_rejected),
            if input.rows_rejected == 1 {
                " was"
            } else {
                "s were"
            },
            input.rejected_people_phrase(),
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_have_thousands_once() {
        let num = |x: serde_json::Number| Field::Number(x);
        assert_eq!(cell(&num(1_234_567u64.into()), true), "1,234,567");
        assert_eq!(cell(&num(1_234_567u64.into()), false), "1234567");
        let f = |x: f64| num(serde_json::Number::from_f64(x).unwrap());
        assert_eq!(cell(&f(-12_345.5), true), "-12,345.5");
        assert_eq!(cell(&f(129.3), true), "129.3");
        assert_eq!(cell(&Field::Null, true), "");
    }

    #[test]
    fn fields_keep_the_order_of_the_row_type() {
        #[derive(Serialize)]
        struct Inner {
            z: u32,
            a: u32,
        }
        #[derive(Serialize)]
        struct Nested {
            zeta: &'static str,
            alpha: Option<f64>,
            inner: Inner,
        }
        let r = flat_row(&Nested {
            zeta: "x",
            alpha: None,
            inner: Inner { z: 1, a: 2 },
        })
        .unwrap();
        let names: Vec<&str> = r.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(names, ["zeta", "alpha", "inner_z", "inner_a"]);
    }

    #[test]
    fn a_partial_table_ends_with_a_warning() {
        let counts = InputCounts {
            count_decimals: 0,
            rows_read: 25,
            rows_accepted: 23,
            rows_rejected: 2,
            rows_skipped: 0,
            people_in_rejected_rows: None,
            rejected_rows_population_unknown: 2,
            values_dropped: 0,
            values_rounded: 0,
            rows_skipped_by_reason: crate::io::SkippedByReason::default(),
        };
        let f = footer(&counts);
        assert!(
            f.contains("25 rows read, 23 accepted, 2 rejected, 0 skipped"),
            "{f}"
        );
        assert!(
            f.trim_end()
                .lines()
                .last()
                .unwrap()
                .starts_with("warning: a partial answer: 2 rows")
        );
        let clean = InputCounts {
            rows_rejected: 0,
            rows_accepted: 25,
            ..counts
        };
        assert!(!footer(&clean).contains("warning"));
        let skipped = InputCounts {
            rows_read: 28,
            rows_skipped: 3,
            values_rounded: 4,
            rows_skipped_by_reason: crate::io::SkippedByReason {
                totals: 2,
                blank: 1,
                ..Default::default()
            },
            ..clean
        };
        assert!(
            footer(&skipped).contains(
                "3 skipped (2 totals rows, 1 blank line); 4 counts with decimals rounded"
            ),
            "{}",
            footer(&skipped)
        );
    }
}
