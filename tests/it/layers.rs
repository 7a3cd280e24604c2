//! The module layers of `src/`, checked on the source: a module may import only from layers
//! below its own (no cycles, nothing sideways). The order is the crate doc's map.

use std::collections::BTreeMap;
use std::path::Path;

/// Bottom to top; modules on one line share a layer and may not import each other.
const LAYERS: &[&[&str]] = &[
    &["error"],
    &["exact"],
    &["model"],
    &["metrics"],
    &["system"],
    &["series"],
    &["screen"],
    &["scenario"],
    &["forecast"],
    &["flow"],
    &["projection"],
    &["io"],
    &["datasets"],
    &["frame"],
    &["plot"],
    &["cli"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// Root names (`crate::Standard`) → the module that defines them, from `src/lib.rs`.
fn root_names(lib: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut rest = lib;
    while let Some(i) = rest.find("pub use ") {
        rest = &rest[i + 8..];
        let end = rest.find(';').unwrap_or(rest.len());
        let stmt = &rest[..end];
        let (module, names) = match stmt.split_once("::") {
            Some((m, n)) => (m.trim(), n),
            None => continue,
        };
        for name in names
            .trim_matches(|c| c == '{' || c == '}' || char::is_whitespace(c))
            .split(',')
        {
            let name = name.trim();
            if !name.is_empty() {
                out.insert(name.to_string(), module.to_string());
            }
        }
    }
    out
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every `crate::x` the library code of a file names (doc comments and comments excluded:
/// links are not imports; items under `#[cfg(test)]` excluded, up to their closing brace:
/// tests may load bundled data from any layer, and code after a test module is still read).
fn imports(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if line.trim_start().starts_with("#[cfg(test)]") {
            // Skip the test item: to its closing brace, or its `;` (`mod tests;`).
            let (mut depth, mut opened) = (0i64, false);
            for l in lines.by_ref() {
                let code = l.split("//").next().unwrap_or("");
                depth += code.matches('{').count() as i64 - code.matches('}').count() as i64;
                opened |= code.contains('{');
                if (opened && depth <= 0) || (!opened && code.trim_end().ends_with(';')) {
                    break;
                }
            }
            continue;
        }
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(i) = rest.find("crate::") {
            rest = &rest[i + 7..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            out.push(name);
        }
        // `use crate::{a::x, b::y}` groups
        if let Some(i) = code.find("crate::{") {
            for part in code[i + 8..].split(',') {
                let name: String = part
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                out.push(name);
            }
        }
    }
    out
}

#[test]
fn modules_import_only_from_lower_layers() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let lib = std::fs::read_to_string(src.join("lib.rs")).unwrap();
    let roots = root_names(&lib);
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut violations = Vec::new();
    for file in files {
        let rel = file.strip_prefix(&src).unwrap();
        let first = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy();
        let module = first.trim_end_matches(".rs").to_string();
        if module == "lib" || module == "bin" || rel.ends_with("tests.rs") {
            continue;
        }
        let Some(own) = layer_of(&module) else {
            violations.push(format!("{}: module {module} is in no layer", rel.display()));
            continue;
        };
        let text = std::fs::read_to_string(&file).unwrap();
        for name in imports(&text) {
            let target = roots.get(&name).cloned().unwrap_or(name.clone());
            if target == module || target.is_empty() {
                continue;
            }
            match layer_of(&target) {
                Some(l) if l < own => {}
                Some(_) => violations.push(format!(
                    "{}: {module} imports crate::{name} ({target}, not a lower layer)",
                    rel.display()
                )),
                None => {}
            }
        }
    }
    assert!(violations.is_empty(), "{}", violations.join("\n"));
}

#[test]
fn test_modules_are_skipped_and_code_after_them_is_read() {
    let text = "use crate::series::X;\n#[cfg(test)]\nmod tests {\n    use crate::io::Y;\n    fn f() { let _ = format!(\"{}\", 1); }\n}\nuse crate::plot::Z; // after the tests\n#[cfg(test)]\nmod more;\nuse crate::frame::W;\n";
    assert_eq!(imports(text), ["series", "plot", "frame"]);
}
