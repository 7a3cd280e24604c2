//! Output: rows of named values written as an aligned table, CSV or JSON.

use std::io::Write;

use crate::args::Format;

/// One value of a row.
#[derive(Debug, Clone)]
pub enum V {
    /// Not available (empty in a table or CSV, `null` in JSON).
    Null,
    /// A count.
    Int(u128),
    /// A number shown with this many decimals.
    Num(f64, usize),
    /// Text.
    Text(String),
    /// Yes or no (`true` / `false` in JSON and in a table).
    Bool(bool),
    /// Named values: nested in JSON, `key_sub` columns in a table or CSV.
    Obj(Vec<(String, V)>),
}

impl V {
    /// Text, or null.
    pub fn opt_text(s: Option<impl Into<String>>) -> V {
        s.map_or(V::Null, |s| V::Text(s.into()))
    }
    /// A count, or null.
    pub fn opt_int(n: Option<impl Into<u128>>) -> V {
        n.map_or(V::Null, |n| V::Int(n.into()))
    }
    /// A percentage with 1 decimal, or null.
    pub fn pct(p: Option<f64>) -> V {
        p.map_or(V::Null, |p| V::Num(p, 1))
    }
}

/// A row: named values in order.
pub type Row = Vec<(String, V)>;

/// Builds a row from `(name, value)` pairs.
pub fn row<const N: usize>(fields: [(&str, V); N]) -> Row {
    fields
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect()
}

fn flatten(prefix: &str, v: &V, out: &mut Vec<(String, V)>) {
    match v {
        V::Obj(fields) => {
            for (k, v) in fields {
                let name = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}_{k}")
                };
                flatten(&name, v, out);
            }
        }
        other => out.push((prefix.to_string(), other.clone())),
    }
}

pub fn flat(row: &Row) -> Vec<(String, V)> {
    let mut out = Vec::new();
    for (k, v) in row {
        flatten(k, v, &mut out);
    }
    out
}

/// Thousands separators: 12345 -> "12,345".
pub fn thousands(n: u128) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// A value as table text (`pretty`: thousands separators).
pub fn cell(v: &V, pretty: bool) -> String {
    match v {
        V::Null => String::new(),
        V::Int(n) if pretty => thousands(*n),
        V::Int(n) => n.to_string(),
        V::Num(x, d) if pretty && x.abs() >= 1000.0 => {
            let s = format!("{x:.d$}", d = *d);
            let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
            let neg = int.starts_with('-');
            let digits: u128 = int.trim_start_matches('-').parse().unwrap_or(0);
            let mut t = format!("{}{}", if neg { "-" } else { "" }, thousands(digits));
            if !frac.is_empty() {
                t.push('.');
                t.push_str(frac);
            }
            t
        }
        V::Num(x, d) => format!("{x:.d$}", d = *d),
        V::Text(s) => s.clone(),
        V::Bool(b) => b.to_string(),
        V::Obj(_) => String::new(),
    }
}

fn json_string(s: &str, out: &mut String) {
    out.push('"');
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

fn json_value(v: &V, out: &mut String) {
    match v {
        V::Null => out.push_str("null"),
        V::Int(n) => out.push_str(&n.to_string()),
        V::Num(x, d) if x.is_finite() => out.push_str(&format!("{x:.d$}", d = *d)),
        V::Num(..) => out.push_str("null"),
        V::Text(s) => json_string(s, out),
        V::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        V::Obj(fields) => {
            out.push('{');
            for (i, (k, v)) in fields.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                json_string(k, out);
                out.push(':');
                json_value(v, out);
            }
            out.push('}');
        }
    }
}

/// The rows as JSON: an array of objects, one per line.
pub fn to_json(rows: &[Row]) -> String {
    let mut out = String::from("[");
    for (i, r) in rows.iter().enumerate() {
        out.push_str(if i == 0 { "\n  " } else { ",\n  " });
        json_value(&V::Obj(r.clone()), &mut out);
    }
    out.push_str(if rows.is_empty() { "]\n" } else { "\n]\n" });
    out
}

/// The rows as CSV (the columns of the first row; nested values flattened).
pub fn to_csv(rows: &[Row]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let flats: Vec<_> = rows.iter().map(flat).collect();
    if let Some(first) = flats.first() {
        let _ = w.write_record(first.iter().map(|(k, _)| k.as_str()));
    }
    for f in &flats {
        let _ = w.write_record(f.iter().map(|(_, v)| cell(v, false)));
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// The rows as an aligned table; a single row is shown one field per line.
pub fn to_table(rows: &[Row]) -> String {
    let flats: Vec<_> = rows.iter().map(flat).collect();
    let Some(first) = flats.first() else {
        return "(no rows)\n".to_string();
    };
    let mut out = String::new();
    if flats.len() == 1 {
        let w = first
            .iter()
            .map(|(k, _)| k.chars().count())
            .max()
            .unwrap_or(0);
        for (k, v) in first {
            let text = cell(v, true);
            let text = if text.is_empty() {
                "—".to_string()
            } else {
                text
            };
            out.push_str(&format!("{k:<w$}  {text}\n"));
        }
        return out;
    }
    let headers: Vec<&str> = first.iter().map(|(k, _)| k.as_str()).collect();
    let cells: Vec<Vec<String>> = flats
        .iter()
        .map(|f| f.iter().map(|(_, v)| cell(v, true)).collect())
        .collect();
    let numeric: Vec<bool> = first
        .iter()
        .enumerate()
        .map(|(i, _)| {
            flats.iter().all(|f| {
                matches!(
                    f.get(i).map(|x| &x.1),
                    Some(V::Int(_) | V::Num(..) | V::Null)
                )
            })
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
            let w = widths[i];
            if i > 0 {
                s.push_str("  ");
            }
            let pad = w.saturating_sub(v.chars().count());
            if numeric[i] {
                s.push_str(&" ".repeat(pad));
                s.push_str(v);
            } else {
                s.push_str(v);
                s.push_str(&" ".repeat(pad));
            }
        }
        s.trim_end().to_string() + "\n"
    };
    out.push_str(&line(&mut headers.iter().copied()));
    for c in &cells {
        out.push_str(&line(&mut c.iter().map(String::as_str)));
    }
    out
}

/// Writes the rows to standard output in `format`.
pub fn print(rows: &[Row], format: Format) -> std::io::Result<()> {
    let text = match format {
        Format::Table => to_table(rows),
        Format::Csv => to_csv(rows),
        Format::Json => to_json(rows),
    };
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()
}
