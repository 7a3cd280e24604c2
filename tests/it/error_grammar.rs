//! The error grammar, checked on the source (issue 19 §4): library errors carry typed kinds,
//! never prose reasons. Scans `src/` (not `src/bin/` nor `src/cli/`: the command line writes
//! text for people) and fails on
//!
//! - a field named `reason`, `why` or `message` of type `String` in any library type (a
//!   kind says *why* with a typed enum: `Constraint`, `ValueProblem`, `RowProblem`,
//!   `FormatProblem`, `PlotProblem`, the screen's `Cause`);
//! - an `Error::invalid(` call whose constraint is not written `Constraint::…` at the call
//!   (a string literal, a `format!`, a variable holding text);
//! - prose smuggled into a constraint's text field: inside a `Constraint::… { … }` literal, a
//!   string literal with a space turned into a `String` (`"the origin".to_string()`) or a
//!   `format!` with words around its placeholders (a bound is a value — a date, a period, a
//!   number — and what it is, when named, is a `&'static str` field like `parameter`);
//! - a typed error turned into text inside a `map_err` (`|e| e.to_string()`, `format!("{e}")`)
//!   or into a field (`message: e.to_string()`): keep it as the error's source instead;
//! - the `result_large_err` allowance (an `Error` is one pointer, so it is never needed);
//! - text where a value belongs: a text field of an error kind whose name is not one of
//!   [`TEXT_FIELDS`] (values as written, names, paths — `first_range: String` holding
//!   `"2020-01-01 to open-ended"` is prose: type it), a line written into a value's text
//!   (`format!("{v} (line {l})")`: keep the line as data, `error::Given`), a description
//!   where a path belongs (`Error::io("facility table writer", …)`), or a worded `format!`
//!   as a field of an `ErrorKind::…` literal or a spreadsheet `Cell::…` value.
//!
//! It cannot pass vacuously: it must find more than 50 files and at least
//! [`TYPED_SITES`] `Error::invalid(` calls, each with a typed `Constraint` (133 when this
//! was written), and the scanner's own tests below feed it each kind of violation.

use std::path::{Path, PathBuf};

/// The `.rs` files under `dir`, recursively, `src/bin` and `src/cli` left out.
fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            // The command line (src/bin, src/cli) writes text for people, from typed errors.
            if p.file_name().is_some_and(|n| n == "bin" || n == "cli") {
                continue;
            }
            sources(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// The text with comments (line comments, doc comments) blanked out, so examples and prose in
/// docs do not count.
fn code_only(text: &str) -> String {
    text.lines()
        .map(|l| match l.trim_start().starts_with("//") {
            true => "",
            false => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The arguments of the call whose `(` is at `open`, split at top-level commas (strings and
/// nested brackets respected).
fn call_args(code: &str, open: usize) -> Vec<String> {
    let b = code.as_bytes();
    let (mut depth, mut i, mut in_str) = (0usize, open, false);
    let (mut args, mut cur) = (Vec::new(), String::new());
    while i < b.len() {
        let c = b[i] as char;
        if in_str {
            cur.push(c);
            if c == '\\' && i + 1 < b.len() {
                cur.push(b[i + 1] as char);
                i += 2;
                continue;
            }
            if c == '"' {
                in_str = false;
            }
        } else {
            match c {
                '"' => {
                    in_str = true;
                    cur.push(c);
                }
                '(' | '[' | '{' => {
                    depth += 1;
                    if depth > 1 {
                        cur.push(c);
                    }
                }
                ')' | ']' | '}' => {
                    depth -= 1;
                    if depth == 0 {
                        if !cur.trim().is_empty() {
                            args.push(cur.trim().to_string());
                        }
                        return args;
                    }
                    cur.push(c);
                }
                ',' if depth == 1 => {
                    args.push(cur.trim().to_string());
                    cur.clear();
                }
                _ => cur.push(c),
            }
        }
        i += 1;
    }
    args
}

/// Whether `needle` occurs in `text` not preceded by a letter, digit or `_` (so `e.to_string()`
/// is not found in `file.to_string()`).
fn has_word(text: &str, needle: &str) -> bool {
    text.match_indices(needle).any(|(at, _)| {
        !text[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
    })
}

/// Prose the scan still finds and that is owned elsewhere, each with its issue: the test
/// fails when one of them is no longer found (then remove it here), so the list cannot
/// outlive its reason.
const PENDING: &[(&str, &str)] = &[];

/// The fewest typed `Error::invalid(` sites the scan must find in `src/` (outside the
/// command line), so that a scanner that stops matching fails instead of passing.
const TYPED_SITES: usize = 130;

/// Files that write a line into text that is not an error: the published-table screens give
/// a row repeated on one date its own facility id, `"<code> (line N)"` (an id, data).
const LINE_IN_IDS: &[&str] = &["io/screen_rows.rs", "io/panel.rs"];

/// The names a text field of an `ErrorKind` variant may have: each holds a value as written
/// (`value`), a name or identifier (`name`, `id`, `facility`, `kind`, `column`, …) or a path —
/// never a sentence. A new text field is either one of these or typed.
const TEXT_FIELDS: &[&str] = &[
    "value",
    "facility",
    "kind",
    "available",
    "column",
    "source_name",
    "found",
    "closest",
    "expected",
    "name",
    "known",
    "path",
    "first_id",
    "second_id",
    "id",
    "id_columns",
];

/// The text fields of `error.rs`'s `ErrorKind` (`name: String`, `Option<String>`,
/// `Vec<String>`) not named in [`TEXT_FIELDS`], as `line: what`.
fn untyped_error_fields(code: &str) -> Vec<String> {
    let Some(start) = code.find("pub enum ErrorKind {") else {
        return Vec::new();
    };
    let first_line = code[..start].matches('\n').count();
    let mut found = Vec::new();
    for (i, l) in code[start..].lines().enumerate().skip(1) {
        if l.starts_with('}') {
            break;
        }
        let t = l.trim();
        let Some((name, ty)) = t.split_once(':') else {
            continue;
        };
        let name = name.trim();
        let is_field = !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '_');
        // (`reason`, `why` and `message` are refused as such above.)
        let prose = ["reason", "why", "message"].contains(&name);
        if is_field && !prose && ty.contains("String") && !TEXT_FIELDS.contains(&name) {
            found.push(format!(
                "{}: a text field `{name}` in an error kind (type it, or name it in TEXT_FIELDS if it holds a value as written)",
                first_line + i + 1
            ));
        }
    }
    found
}

/// The number of `Error::invalid(` calls in code (not in docs) of one file's text.
fn typed_sites(text: &str) -> usize {
    code_only(text).matches("Error::invalid(").count()
}

/// Whether a `format!` call's format string (its first argument) has words around its
/// placeholders: prose, not a value.
fn format_has_words(args: &[String]) -> bool {
    let Some(fmt) = args.first() else {
        return false;
    };
    let mut outside = String::new();
    let mut depth = 0;
    for c in fmt.trim_matches('"').chars() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            c if depth == 0 => outside.push(c),
            _ => {}
        }
    }
    outside.chars().filter(|c| c.is_alphabetic()).count() > 1
}

/// Every prose reason in one file's text, as `line: what`.
fn violations(text: &str, is_error_rs: bool) -> Vec<String> {
    let code = code_only(text);
    let line_of = |at: usize| code[..at].matches('\n').count() + 1;
    let mut found = Vec::new();
    for (i, l) in code.lines().enumerate() {
        let t = l
            .trim_start()
            .trim_start_matches("pub(crate) ")
            .trim_start_matches("pub ");
        for field in ["reason", "why", "message"] {
            if t.starts_with(&format!("{field}: String")) {
                found.push(format!("{}: a `{field}: String` field", i + 1));
            } else if is_error_rs && field != "why" && t.starts_with(&format!("{field}:")) {
                // In an error kind, a reason of any type (`&'static str` too) is prose.
                found.push(format!("{}: a `{field}` field in an error", i + 1));
            }
        }
        if t.contains("result_large_err") {
            found.push(format!("{}: the result_large_err allowance", i + 1));
        }
        for var in ["e", "err", "error", "source"] {
            if t.contains(&format!(": {var}.to_string()")) {
                found.push(format!("{}: a typed error turned into a text field", i + 1));
            }
        }
        if t.contains("format!(") && t.contains("(line {") {
            found.push(format!(
                "{}: a line written into a value's text (keep it as data: error::Given, Location)",
                i + 1
            ));
        }
        if t.contains("Error::io(\"") || t.contains("ErrorKind::Io { path: \"") {
            found.push(format!("{}: a description where a path belongs", i + 1));
        }
    }
    if is_error_rs {
        found.extend(untyped_error_fields(&code));
    }
    for pat in ["ErrorKind::", "Cell::"] {
        for (at, _) in code.match_indices(pat) {
            let rest = &code[at..];
            let name_end = rest
                .find(|c: char| !(c.is_alphanumeric() || c == ':' || c == '_'))
                .unwrap_or(rest.len());
            let after = rest[name_end..].trim_start();
            if !(after.starts_with('{') || after.starts_with('(')) {
                continue;
            }
            let open = at + name_end + (rest[name_end..].len() - after.len());
            for field in call_args(&code, open) {
                let value = field
                    .split_once(':')
                    .map_or(field.as_str(), |(_, v)| v)
                    .trim();
                if value.starts_with("format!(")
                    && format_has_words(&call_args(value, "format!".len()))
                {
                    found.push(format!("{}: worded text as a value: {field}", line_of(at)));
                }
            }
        }
    }
    for (at, _) in code.match_indices("Constraint::") {
        let rest = &code[at..];
        let name_end = rest
            .find(|c: char| !(c.is_alphanumeric() || c == ':' || c == '_'))
            .unwrap_or(rest.len());
        if !rest[name_end..].trim_start().starts_with('{') {
            continue;
        }
        let open = at + name_end + rest[name_end..].find('{').unwrap_or(0);
        // The literal's fields, each `name: value`.
        for field in call_args(&code, open) {
            let value = field.split_once(':').map_or("", |(_, v)| v).trim();
            let literal_with_space = value.starts_with('"')
                && value[1..]
                    .find('"')
                    .is_some_and(|end| value[1..1 + end].contains(' '));
            let owned = [".to_string()", ".into()", ".to_owned()"]
                .iter()
                .any(|s| value.ends_with(s));
            let from = value.starts_with("String::from(\"") && value.contains(' ');
            let formatted = value.starts_with("format!(")
                && format_has_words(&call_args(value, "format!".len()));
            if (literal_with_space && owned) || from || formatted {
                found.push(format!(
                    "{}: prose in a constraint's field: {field}",
                    line_of(at)
                ));
            }
        }
    }
    for (at, _) in code.match_indices("Error::invalid(") {
        let args = call_args(&code, at + "Error::invalid".len());
        // `Error::invalid` takes a `Constraint`, so the compiler already refuses text; the scan
        // also refuses a constraint built out of sight (only a variable named `constraint`).
        let typed =
            args.len() == 3 && (args[2].starts_with("Constraint::") || args[2] == "constraint");
        if !typed {
            found.push(format!(
                "{}: Error::invalid without a typed Constraint: {:?}",
                line_of(at),
                args.get(2)
            ));
        }
    }
    for (at, _) in code.match_indices("map_err(|") {
        let rest = &code[at + "map_err(|".len()..];
        let Some(bar) = rest.find('|') else { continue };
        let var = rest[..bar].split(':').next().unwrap_or("").trim();
        if var.is_empty() || var == "_" {
            continue;
        }
        let args = call_args(&code, at + "map_err".len());
        let body = args.first().map(String::as_str).unwrap_or("");
        if has_word(body, &format!("{var}.to_string()")) || body.contains(&format!("{{{var}}}")) {
            found.push(format!(
                "{}: a typed error turned into text: {body}",
                line_of(at)
            ));
        }
    }
    found
}

#[test]
fn library_errors_have_no_prose_reasons() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    assert!(
        files.len() > 50,
        "the scan found only {} files",
        files.len()
    );
    let mut all = Vec::new();
    let mut sites = 0;
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        sites += typed_sites(&text);
        let is_error_rs = f.ends_with("src/error.rs");
        let rel = f.strip_prefix(&src).unwrap().display().to_string();
        for v in violations(&text, is_error_rs) {
            if LINE_IN_IDS.contains(&rel.as_str()) && v.contains("a line written into") {
                continue;
            }
            all.push(format!("{rel}:{v}"));
        }
    }
    assert!(
        sites >= TYPED_SITES,
        "the scan found {sites} Error::invalid sites, fewer than {TYPED_SITES}: is it still reading the source?"
    );
    for (file, what) in PENDING {
        let at = all
            .iter()
            .position(|v| v.starts_with(&format!("{file}:")) && v.ends_with(what));
        match at {
            Some(i) => {
                all.remove(i);
            }
            None => panic!("{file}: {what} is no longer found: remove it from PENDING"),
        }
    }
    assert!(
        all.is_empty(),
        "{} prose reasons in library errors:\n{}",
        all.len(),
        all.join("\n")
    );
}

#[test]
fn the_scanner_finds_each_kind_of_prose() {
    let reason_field = "pub enum ErrorKind {\n    Bad {\n        reason: String,\n    },\n}";
    assert_eq!(violations(reason_field, true).len(), 1);
    assert_eq!(violations(reason_field, false).len(), 1);
    let static_reason = "    Bad {\n        reason: &'static str,\n    },";
    assert_eq!(violations(static_reason, true).len(), 1);
    assert!(violations(static_reason, false).is_empty());
    let literal = "fn f() { Error::invalid(\"paths\", 0, \"must be at least 1\") }";
    assert_eq!(violations(literal, false).len(), 1);
    let formatted =
        "Err(Error::invalid(\n    \"horizon\",\n    h,\n    format!(\"must be 1 to {MAX}\"),\n))";
    assert_eq!(violations(formatted, false).len(), 1);
    let typed = "Err(Error::invalid(\"paths\", 0, Constraint::AtLeast { min: 1.0 }))";
    assert!(violations(typed, false).is_empty());
    let flattened =
        "x.map_err(|e| Error::from(ErrorKind::Format { source_name: n, problem: e.to_string() }))";
    assert!(!violations(flattened, false).is_empty());
    let formatted_source = "x.map_err(|err| format(format!(\"CSV error: {err}\")))";
    assert_eq!(violations(formatted_source, false).len(), 1);
    let kept = "x.map_err(|e| format(FormatProblem::Csv).with_source(e))";
    assert!(violations(kept, false).is_empty());
    let other_text = "x.map_err(|e| Error::io(file.to_string(), e))";
    assert!(violations(other_text, false).is_empty());
    let trailing_comma = "Error::invalid(\n    \"p\",\n    1,\n    Constraint::Positive,\n)";
    assert!(violations(trailing_comma, false).is_empty());
    assert!(violations(kept, false).is_empty());
    let in_docs = "/// Error::invalid(\"paths\", 0, \"must be at least 1\")";
    assert!(violations(in_docs, false).is_empty());
    assert_eq!(typed_sites(typed), 1);
    assert_eq!(typed_sites(in_docs), 0);
    // A `why: String` field in any library type, not only in error.rs.
    let why = "pub struct Finding {\n    rule: Rule,\n    why: String,\n}";
    assert_eq!(violations(why, false).len(), 1);
    let message = "enum P {\n    Unreadable {\n        message: String,\n    },\n}";
    assert_eq!(violations(message, false).len(), 1);
    // Prose in a constraint's text field.
    let origin = "Constraint::StrictlyIncreasing {\n    previous: \"the origin\".to_string(),\n}";
    assert_eq!(violations(origin, false).len(), 1);
    let within = "Constraint::Within { first: \"the admission\".into(), last: x.to_string() }";
    assert_eq!(violations(within, false).len(), 1);
    let position =
        "Constraint::StrictlyIncreasing { previous: format!(\"the period at position {i}\") }";
    assert_eq!(violations(position, false).len(), 1);
    let from = "Constraint::DifferentFrom { other: String::from(\"the decimal mark\") }";
    assert_eq!(violations(from, false).len(), 1);
    // Values are not prose: a date, an identifier, a placeholder alone, a name of what.
    let values = "Constraint::NotAfter { bound: \"9999-12-30\".into() }\n\
        Constraint::OneOf { allowed: vec![\"half-to-even\".to_string()] }\n\
        Constraint::Within { first: format!(\"{a}\"), last: b.to_string() }\n\
        Constraint::DifferentFrom { other: \"decimal mark\", value: format!(\"{c:?}\") }";
    assert!(
        violations(values, false).is_empty(),
        "{:?}",
        violations(values, false)
    );
    // A typed error turned into a field's text, and the allowance.
    let field = "Bad { message: e.to_string() }";
    assert_eq!(violations(field, false).len(), 1);
    let allow = "#![allow(clippy::result_large_err)]";
    assert_eq!(violations(allow, false).len(), 1);
    // Text where a value belongs (issue 19 §4): a value with its line as text, a range as
    // prose, a description for a path, a worded cell or kind field.
    let with_line = "let with_line = |v: String, l: usize| format!(\"{v} (line {l})\");";
    assert_eq!(violations(with_line, false).len(), 1);
    let kinds = "pub enum ErrorKind {\n    Ambiguous {\n        name: String,\n        first_range: String,\n        first: Given,\n    },\n    Io {\n        path: String,\n    },\n}";
    assert_eq!(
        violations(kinds, true).len(),
        1,
        "{:?}",
        violations(kinds, true)
    );
    assert!(violations(kinds, false).is_empty());
    let writer =
        "w.flush().map_err(|source| Error::io(\"facility table writer\".to_string(), source))";
    assert_eq!(violations(writer, false).len(), 1);
    let path = "Error::io(path.display(), source)";
    assert!(violations(path, false).is_empty());
    let cell = "return Ok(Cell::Error(format!(\"={formula} (no value)\")));";
    assert_eq!(violations(cell, false).len(), 1);
    let formula = "return Ok(Cell::Error(format!(\"={formula}\")));";
    assert!(violations(formula, false).is_empty());
    let kind_field = "Error::from(ErrorKind::Conflict { what: \"name\", first: format!(\"{a} on {d}\"), second: b })";
    assert_eq!(violations(kind_field, false).len(), 1);
    let kind_value = "Error::from(ErrorKind::ZeroCapacity { kind: k, value: format!(\"{v}\") })";
    assert!(violations(kind_value, false).is_empty());
}

/// The command line's usage errors as text: a `Usage(String)` variant, or a usage error built
/// from a string (`CliError::Usage(format!(…))`, `CliError::Usage("…".into())`) — a usage
/// mistake is a typed `cli::usage::Usage` (the flag, the value, what is accepted), its text
/// its `Display`.
fn cli_usage_violations(text: &str) -> Vec<String> {
    let code = code_only(text);
    let mut found = Vec::new();
    for (i, l) in code.lines().enumerate() {
        let t = l.trim();
        if t.starts_with("Usage(String)") {
            found.push(format!("{}: a usage error of text", i + 1));
        }
        for built in [
            "CliError::Usage(format!(",
            "CliError::Usage(\"",
            "CliError::Usage(String",
        ] {
            if t.contains(built) {
                found.push(format!("{}: a usage error built from text: {t}", i + 1));
            }
        }
    }
    found
}

#[test]
fn command_line_usage_errors_are_typed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = vec![root.join("cli.rs")];
    let mut stack = vec![root.join("cli")];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                files.push(p);
            }
        }
    }
    assert!(
        files.len() > 10,
        "the scan found only {} files",
        files.len()
    );
    let mut all = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        for v in cli_usage_violations(&text) {
            all.push(format!("{}:{v}", f.strip_prefix(&root).unwrap().display()));
        }
    }
    assert!(all.is_empty(), "usage errors of text:\n{}", all.join("\n"));
    // The scanner itself.
    assert_eq!(
        cli_usage_violations("enum CliError {\n    Usage(String),\n}").len(),
        1
    );
    let built = "return Err(CliError::Usage(format!(\"--kind {k:?} is not a kind\")));";
    assert_eq!(cli_usage_violations(built).len(), 1);
    let literal = "None => Err(CliError::Usage(\"give a FILE\".into())),";
    assert_eq!(cli_usage_violations(literal).len(), 1);
    let typed = "enum CliError {\n    Usage(Box<usage::Usage>),\n}\nErr(Usage::NoInput.into())";
    assert!(cli_usage_violations(typed).is_empty());
}

#[test]
fn an_error_is_one_pointer() {
    assert!(size_of::<overcrowding::Error>() <= 8);
    assert!(size_of::<overcrowding::Result<u64>>() <= 16);
}
