//! The error grammar, checked on the source (issue 19 §4): library errors carry typed kinds,
//! never prose reasons. Scans `src/` (not `src/bin/` nor `src/cli/`: the command line writes
//! text for people)
//! and fails on
//!
//! - a field named `reason` in `src/error.rs` (a kind says *why* with a typed enum:
//!   `Constraint`, `ValueProblem`, `RowProblem`, `FormatProblem`, `PlotProblem`);
//! - an `Error::invalid(` call whose constraint is not written `Constraint::…` at the call
//!   (a string literal, a `format!`, a variable holding text);
//! - a typed error turned into text inside a `map_err` (`|e| e.to_string()`, `format!("{e}")`):
//!   keep it as the error's source instead.
//!
//! The scanner's own tests below feed it each kind of violation, so the check can fail.

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

/// Every prose reason in one file's text, as `line: what`.
fn violations(text: &str, is_error_rs: bool) -> Vec<String> {
    let code = code_only(text);
    let line_of = |at: usize| code[..at].matches('\n').count() + 1;
    let mut found = Vec::new();
    if is_error_rs {
        for (i, l) in code.lines().enumerate() {
            let t = l.trim_start();
            if t.starts_with("reason:") || t.starts_with("pub reason:") {
                found.push(format!("{}: a `reason` field in an error", i + 1));
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
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let is_error_rs = f.ends_with("src/error.rs");
        for v in violations(&text, is_error_rs) {
            all.push(format!("{}:{v}", f.strip_prefix(&src).unwrap().display()));
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
    assert!(violations(reason_field, false).is_empty());
    let literal = "fn f() { Error::invalid(\"paths\", 0, \"must be at least 1\") }";
    assert_eq!(violations(literal, false).len(), 1);
    let formatted =
        "Err(Error::invalid(\n    \"horizon\",\n    h,\n    format!(\"must be 1 to {MAX}\"),\n))";
    assert_eq!(violations(formatted, false).len(), 1);
    let typed = "Err(Error::invalid(\"paths\", 0, Constraint::AtLeast { min: 1.0 }))";
    assert!(violations(typed, false).is_empty());
    let flattened =
        "x.map_err(|e| Error::from(ErrorKind::Format { source_name: n, problem: e.to_string() }))";
    assert_eq!(violations(flattened, false).len(), 1);
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
}

#[test]
fn an_error_is_one_pointer() {
    assert!(size_of::<overcrowding::Error>() <= 8);
    assert!(size_of::<overcrowding::Result<u64>>() <= 16);
}
