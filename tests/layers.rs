//! The layers only point down (ARCHITECTURE.md): a check over every `crate::` path in the
//! sources, comments and `#[cfg(test)]` modules left out. From the bottom:
//!
//! 1. `domain`, `i18n`, `fonts`, `tabular`, `order_json`, `print` — rules, words, file formats and
//!    PDF layout: no database, no apply layer, no window;
//! 2. `store` — the only owner of the database;
//! 3. `ops`, `documents`, `exports`, `anchor`, `stress`, `load` — the apply layer and what it composes;
//! 4. `app`, `ui`, `action`, `cli` — the window and the command line.
//!
//! A file may use its own layer and the ones below it, never one above.

use std::path::{Path, PathBuf};

const TOP: &[&str] = &["app", "ui", "action", "cli"];
const APPLY: &[&str] = &["ops", "documents", "exports", "anchor", "stress", "load"];
const STORE: &[&str] = &["store"];

fn sources(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            sources(&path, found);
        } else if path.extension().is_some_and(|extension| extension == "rs") {
            found.push(path);
        }
    }
}

/// The code of each line of a file (1-based numbers), comments and `#[cfg(test)]` modules left out.
fn code_lines(path: &Path) -> Vec<(usize, String)> {
    let text = std::fs::read_to_string(path).expect("read source");
    let mut found = vec![];
    for (index, line) in text.lines().enumerate() {
        let code = line.trim_start();
        if code.starts_with("#[cfg(test)]") {
            break;
        }
        if code.starts_with("//") {
            continue;
        }
        found.push((index + 1, code.split("//").next().unwrap_or("").to_string()));
    }
    found
}

/// The `crate::x` modules a file's code (not its comments or tests) names.
fn uses(path: &Path) -> Vec<(usize, String)> {
    let mut found = vec![];
    for (line, code) in code_lines(path) {
        for (at, _) in code.match_indices("crate::") {
            let module: String = code[at + 7..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
            found.push((line, module));
        }
    }
    found
}

/// The layers above the one `path` belongs to.
fn forbidden(path: &Path) -> Vec<&'static str> {
    let relative = path.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap_or(path).to_string_lossy().replace('\\', "/");
    let first = relative.trim_start_matches("src/").split(['/', '.']).next().unwrap_or("").to_string();
    let mut above = vec![];
    let layer = if ["domain", "i18n", "fonts", "local", "tabular", "order_json", "print"].contains(&first.as_str()) {
        1
    } else if STORE.contains(&first.as_str()) {
        2
    } else if APPLY.contains(&first.as_str()) {
        3
    } else {
        4
    };
    if layer < 2 {
        above.extend(STORE);
    }
    if layer < 3 {
        above.extend(APPLY);
    }
    if layer < 4 {
        above.extend(TOP);
    }
    above
}

#[test]
fn no_layer_calls_upward() {
    let mut files = vec![];
    sources(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut files);
    files.sort();
    assert!(files.len() > 30, "the sources were found: {}", files.len());
    let mut wrong = vec![];
    for file in &files {
        let above = forbidden(file);
        for (line, module) in uses(file) {
            if above.contains(&module.as_str()) {
                wrong.push(format!("{}:{line}: uses crate::{module}", file.display()));
            }
        }
    }
    assert!(wrong.is_empty(), "calls upward:\n{}", wrong.join("\n"));
}

#[test]
fn the_check_sees_an_upward_call() {
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("probe.rs");
    std::fs::write(
        &file,
        "// crate::ops in a comment is fine\nuse crate::ops::fill_demo; // but this is not\n#[cfg(test)]\nmod tests { use crate::app; }\n",
    )
    .expect("write");
    assert_eq!(uses(&file), vec![(2, "ops".to_string())]);
    assert!(forbidden(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src/store/demo.rs"))).contains(&"ops"));
    assert!(!forbidden(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src/ops.rs"))).contains(&"store"));
    assert!(forbidden(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src/i18n/labels.rs"))).contains(&"store"));
}

/// What only the store may say: the driver's name and its statement calls.
const DATABASE_WORDS: &[&str] = &["rusqlite", ".execute(", ".execute_batch(", ".query_row(", ".prepare(", ".prepare_cached(", "Connection"];

/// The code lines (comments and `#[cfg(test)]` modules left out) of `path` that name the
/// database driver or run a statement.
fn database_lines(path: &Path) -> Vec<(usize, String)> {
    code_lines(path)
        .into_iter()
        .filter(|(_, code)| DATABASE_WORDS.iter().any(|word| code.contains(word)))
        .map(|(line, code)| (line, code.trim().to_string()))
        .collect()
}

#[test]
fn only_the_store_runs_sql() {
    let mut files = vec![];
    sources(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut files);
    let mut wrong = vec![];
    for file in files.iter().filter(|file| !file.components().any(|part| part.as_os_str() == "store")) {
        for (line, code) in database_lines(file) {
            wrong.push(format!("{}:{line}: {code}", file.display()));
        }
    }
    assert!(wrong.is_empty(), "database work outside the store:\n{}", wrong.join("\n"));
}

#[test]
fn the_sql_check_sees_a_statement() {
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("probe.rs");
    std::fs::write(&file, "// tx.execute(\"…\") in a comment is fine\nfn f(tx: &T) { tx.execute(\"DELETE FROM orders\", []); }\n")
        .expect("write");
    assert_eq!(database_lines(&file).len(), 1);
}

/// "About 800 lines" with a little give: a source file longer than this says in its module doc
/// why it is (a line starting `//! Long because`), or is split.
const LONGEST_FILE: usize = 850;

#[test]
fn no_source_file_is_long_without_saying_why() {
    let mut files = vec![];
    sources(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut files);
    let mut long = vec![];
    for file in &files {
        let text = std::fs::read_to_string(file).expect("read source");
        let lines = text.lines().count();
        let says_why = text.lines().take_while(|line| line.starts_with("//!")).any(|line| line.starts_with("//! Long because"));
        if lines > LONGEST_FILE && !says_why {
            long.push(format!("{}: {lines} lines", file.display()));
        }
    }
    assert!(long.is_empty(), "split these files, or say in their module doc why they are long:\n{}", long.join("\n"));
}

#[test]
fn every_source_file_opens_with_what_it_owns() {
    let mut files = vec![];
    sources(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut files);
    let silent: Vec<String> = files
        .iter()
        .filter(|file| !std::fs::read_to_string(file).expect("read source").starts_with("//!"))
        .map(|file| file.display().to_string())
        .collect();
    assert!(silent.is_empty(), "these files do not open with a module doc (`//! what this file owns`):\n{}", silent.join("\n"));
}
