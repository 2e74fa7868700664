//! The top-level modules of `app` import each other without a circle:
//! pure domain → identity → ui → feature modules → shell. A module that
//! reaches up (a page helper importing the shell, identity naming a feature
//! module's function) makes every layer depend on every other; this test
//! reads each module's `crate::…` paths and fails on the first circle,
//! naming it and the files that close it.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "Tests state their expectations by unwrapping"
)]

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Top-level module of a source file: `src/identity/scope.rs` → `identity`,
/// `src/error.rs` → `error`.
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).ok()?;
    let first = rel.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (name != "lib").then(|| name.to_owned())
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The modules named after `crate::` in `text`, also inside
/// `use crate::{a::…, b}` groups. Comments are skipped.
fn referenced(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or_default();
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            if let Some(group) = rest.strip_prefix('{') {
                let end = group.find('}').unwrap_or(group.len());
                for item in group[..end].split(',') {
                    let name: String = item
                        .trim()
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    if !name.is_empty() {
                        found.insert(name);
                    }
                }
            } else {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    found.insert(name);
                }
            }
        }
    }
    found
}

/// module → (module it imports → the files that import it).
fn graph() -> BTreeMap<String, BTreeMap<String, BTreeSet<String>>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let modules: BTreeSet<String> = files.iter().filter_map(|f| module_of(&src, f)).collect();
    let mut edges: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for file in &files {
        let Some(from) = module_of(&src, file) else {
            continue;
        };
        let text = fs::read_to_string(file).unwrap_or_default();
        let shown = file
            .strip_prefix(&src)
            .unwrap_or(file)
            .display()
            .to_string();
        let entry = edges.entry(from.clone()).or_default();
        for to in referenced(&text) {
            if to != from && modules.contains(&to) {
                entry.entry(to).or_default().insert(shown.clone());
            }
        }
    }
    edges
}

/// A circle through the graph, if any, as the modules along it.
fn find_circle(
    edges: &BTreeMap<String, BTreeMap<String, BTreeSet<String>>>,
) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        edges: &BTreeMap<String, BTreeMap<String, BTreeSet<String>>>,
        done: &mut BTreeSet<String>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            let mut circle = path[at..].to_vec();
            circle.push(node.to_owned());
            return Some(circle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_owned());
        for next in edges.get(node).into_iter().flat_map(|m| m.keys()) {
            if let Some(circle) = visit(next, edges, done, path) {
                return Some(circle);
            }
        }
        path.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    for start in edges.keys() {
        if let Some(circle) = visit(start, edges, &mut done, &mut Vec::new()) {
            return Some(circle);
        }
    }
    None
}

#[test]
fn top_level_modules_import_each_other_without_a_circle() {
    let edges = graph();
    assert!(edges.len() > 5, "sources not found: {edges:?}");
    if let Some(circle) = find_circle(&edges) {
        let detail: Vec<String> = circle
            .windows(2)
            .map(|w| {
                let files = &edges[&w[0]][&w[1]];
                format!(
                    "{} -> {} ({})",
                    w[0],
                    w[1],
                    files.iter().cloned().collect::<Vec<_>>().join(", ")
                )
            })
            .collect();
        panic!("import circle between modules:\n  {}", detail.join("\n  "));
    }
}

#[test]
fn the_reader_sees_groups_and_skips_comments() {
    let text = "use crate::{error::AppError, identity};\n// crate::shell\nlet x = crate::ui::f();";
    let found: Vec<String> = referenced(text).into_iter().collect();
    assert_eq!(found, ["error", "identity", "ui"]);
}

#[test]
fn a_circle_is_found() {
    let mut edges: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for (a, b) in [
        ("ui", "identity"),
        ("identity", "error"),
        ("identity", "ui"),
    ] {
        edges
            .entry(a.into())
            .or_default()
            .entry(b.into())
            .or_default()
            .insert("f.rs".into());
    }
    assert!(find_circle(&edges).is_some());
    edges.get_mut("identity").map(|m| m.remove("ui"));
    assert!(find_circle(&edges).is_none());
}
