//! What several test files share: the fixture files. (`mod support;` in a
//! test file; a folder with a `mod.rs` is not a test of its own.)

// Each test file is a crate of its own and uses only some of this.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// Every file under tests/fixtures (recursively) that `keep` accepts, in
/// path order.
pub fn fixture_files(keep: impl Fn(&Path) -> bool) -> Vec<PathBuf> {
    let mut out = Vec::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures"),
        &keep,
        &mut out,
    );
    out.sort();
    out
}

fn walk(dir: &Path, keep: &dyn Fn(&Path) -> bool, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, keep, out);
        } else if keep(&p) {
            out.push(p);
        }
    }
}

/// A transcript, log or bounce: `.txt`, `.log`, `.eml` or `.csv`.
pub fn is_text(p: &Path) -> bool {
    p.extension().is_some_and(|x| {
        ["txt", "log", "eml", "csv"]
            .iter()
            .any(|e| x.eq_ignore_ascii_case(e))
    })
}
