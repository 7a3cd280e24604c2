//! The command line run as a user would run it, shared by the command-line tests.

use std::path::PathBuf;
use std::process::{Command, Output};

/// Runs the binary with `args` from the crate's folder.
pub fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_overcrowding"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the binary runs")
}

/// Runs the binary and checks its exit code: (standard output, standard error).
pub fn exits(code: i32, args: &[&str]) -> (String, String) {
    let out = run(args);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(code), "{args:?}: {err}");
    (String::from_utf8(out.stdout).unwrap(), err)
}

/// A path named `name` in this test process's own temporary folder for `tag`.
pub fn tmp(tag: &str, name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("overcrowding-cli-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d.join(name)
}

/// Writes `text` to [`tmp`] and returns its path as text.
pub fn file(tag: &str, name: &str, text: &str) -> String {
    let p = tmp(tag, name);
    std::fs::write(&p, text).unwrap();
    p.to_str().unwrap().to_string()
}
