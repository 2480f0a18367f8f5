//! The house stays one-way: every module of `src/` imports only modules on a lower floor, in the
//! order docs/ARCHITECTURE.md gives, and no two files import each other (directly or through a
//! longer circle). The imports are read from the code's own `use` lines and `crate::`/`super::`
//! paths; a failure names the file, the line and the rule it breaks.
//!
//! Two conventions, both stated in ARCHITECTURE.md: unit-test modules (`#[cfg(test)] mod tests`
//! at the end of a file, or a `tests.rs` file) are left out, as tests may reach anywhere; and a
//! file may use what its own parent module (the folder's face, `foo.rs` for `foo/`) defines or
//! re-exports, which is not counted as an edge.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type ModPath = Vec<String>;

/// One import: the module that imports, the module imported (the longest prefix of the path
/// that is a module), and where.
#[derive(Debug, Clone)]
struct Edge {
    from: ModPath,
    to: ModPath,
    file: PathBuf,
    line: usize,
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("src/ is readable")
        .map(|e| e.expect("a directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `src/a/b.rs` → `[a, b]`; `src/lib.rs` → `[]`; `src/main.rs` is the binary, not a module.
fn module_of(src: &Path, file: &Path) -> Option<ModPath> {
    let rel = file.strip_prefix(src).ok()?.with_extension("");
    let parts: ModPath = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    match parts.as_slice() {
        [only] if only == "main" => None,
        [only] if only == "lib" => Some(Vec::new()),
        _ => Some(parts),
    }
}

/// The code of a file without its unit-test module and without comment lines.
fn code_lines(text: &str) -> Vec<(usize, String)> {
    let end = text.find("#[cfg(test)]\nmod tests").unwrap_or(text.len());
    text[..end]
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim_start().starts_with("//"))
        .map(|(idx, l)| (idx + 1, l.to_owned()))
        .collect()
}

/// `a::{b, c::{d, e}}` → `a::b`, `a::c::d`, `a::c::e`.
fn expand(tree: &str) -> Vec<String> {
    let tree = tree.trim();
    let Some(open) = tree.find('{') else {
        return vec![tree.split(" as ").next().unwrap_or(tree).trim().to_owned()];
    };
    let prefix = &tree[..open];
    let body = tree[open + 1..].trim_end().trim_end_matches('}');
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (idx, c) in body.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&body[start..idx]);
                start = idx + 1;
            }
            _ => {}
        }
    }
    parts.push(&body[start..]);
    parts
        .into_iter()
        .filter(|p| !p.trim().is_empty())
        .flat_map(|p| expand(p).into_iter().map(move |e| format!("{prefix}{e}")))
        .collect()
}

/// The module a path names, relative to the module `from`: `crate::a::b::Item` → the longest
/// prefix that is a module.
fn resolve(path: &str, from: &ModPath, modules: &BTreeSet<ModPath>) -> Option<ModPath> {
    let mut segs = path.split("::").map(str::trim).filter(|s| !s.is_empty());
    let mut base: ModPath = match segs.next()? {
        "crate" => Vec::new(),
        "self" => from.clone(),
        "super" => from[..from.len().saturating_sub(1)].to_vec(),
        _ => return None,
    };
    let mut rest: Vec<&str> = Vec::new();
    for seg in segs {
        if seg == "super" && rest.is_empty() {
            base.pop();
        } else {
            rest.push(seg);
        }
    }
    let full: ModPath = base
        .into_iter()
        .chain(rest.iter().map(|s| (*s).to_owned()))
        .collect();
    (1..=full.len())
        .rev()
        .map(|n| full[..n].to_vec())
        .find(|prefix| modules.contains(prefix))
}

fn edges() -> (BTreeSet<ModPath>, Vec<Edge>) {
    let src = repo().join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let files: Vec<(ModPath, PathBuf)> = files
        .into_iter()
        .filter(|f| f.file_name().is_some_and(|n| n != "tests.rs"))
        .filter(|f| !f.components().any(|c| c.as_os_str() == "tests"))
        .filter_map(|f| module_of(&src, &f).map(|m| (m, f)))
        .collect();
    let modules: BTreeSet<ModPath> = files.iter().map(|(m, _)| m.clone()).collect();
    let path_re = |line: &str| -> Vec<String> {
        // Inline paths: `crate::a::b(..)`, `super::x::y`.
        let mut found = Vec::new();
        let bytes = line.as_bytes();
        for start in ["crate::", "super::"] {
            let mut at = 0;
            while let Some(idx) = line[at..].find(start) {
                let idx = at + idx;
                let before_ok = idx == 0
                    || !(bytes[idx - 1].is_ascii_alphanumeric()
                        || bytes[idx - 1] == b'_'
                        || bytes[idx - 1] == b':');
                let end = line[idx..]
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
                    .map_or(line.len(), |e| idx + e);
                if before_ok {
                    found.push(line[idx..end].trim_end_matches(':').to_owned());
                }
                at = end.max(idx + 1);
            }
        }
        found
    };
    let mut out = Vec::new();
    for (module, file) in &files {
        let text = std::fs::read_to_string(file).expect("a source file is UTF-8");
        let lines = code_lines(&text);
        let mut idx = 0;
        while idx < lines.len() {
            let (line_no, line) = &lines[idx];
            let trimmed = line.trim_start();
            let is_use = trimmed.starts_with("use ")
                || trimmed.starts_with("pub use ")
                || trimmed.starts_with("pub(crate) use ");
            let mut paths = Vec::new();
            if is_use {
                let mut stmt = String::new();
                while idx < lines.len() {
                    stmt.push_str(&lines[idx].1);
                    stmt.push(' ');
                    if lines[idx].1.contains(';') {
                        break;
                    }
                    idx += 1;
                }
                let body = stmt.split_once("use ").map_or("", |(_, b)| b);
                let body = body.split(';').next().unwrap_or("");
                paths.extend(expand(&body.replace(char::is_whitespace, " ")));
            } else {
                paths.extend(path_re(line));
            }
            for path in paths {
                let Some(to) = resolve(&path, module, &modules) else {
                    continue;
                };
                // Itself, or a module it contains, or its own parent chain (the folder's face).
                let is_ancestor = to.len() <= module.len() && module[..to.len()] == to[..];
                let is_descendant = to.len() > module.len() && to[..module.len()] == module[..];
                if is_ancestor || is_descendant {
                    continue;
                }
                out.push(Edge {
                    from: module.clone(),
                    to,
                    file: file.strip_prefix(repo()).unwrap_or(file).to_owned(),
                    line: *line_no,
                });
            }
            idx += 1;
        }
    }
    out.sort_by(|a, b| (&a.file, a.line, &a.from, &a.to).cmp(&(&b.file, b.line, &b.from, &b.to)));
    out.dedup_by(|a, b| a.file == b.file && a.line == b.line && a.from == b.from && a.to == b.to);
    (modules, out)
}

/// The floors of one folder (`crate` for the top level), from the fenced `layers` blocks of
/// ARCHITECTURE.md: each block opens with ```` ```layers FOLDER ````, lists floors from the top
/// down, one line a floor, peers on one line separated by spaces.
fn floors() -> BTreeMap<String, Vec<Vec<String>>> {
    let doc = std::fs::read_to_string(repo().join("docs/ARCHITECTURE.md"))
        .expect("docs/ARCHITECTURE.md exists");
    let mut out = BTreeMap::new();
    let mut current: Option<(String, Vec<Vec<String>>)> = None;
    for line in doc.lines() {
        if let Some(folder) = line.strip_prefix("```layers ") {
            current = Some((folder.trim().to_owned(), Vec::new()));
        } else if line.starts_with("```") {
            if let Some((folder, floors)) = current.take() {
                out.insert(folder, floors);
            }
        } else if let Some((_, floors)) = current.as_mut() {
            let names: Vec<String> = line.split_whitespace().map(str::to_owned).collect();
            if !names.is_empty() {
                floors.push(names);
            }
        }
    }
    out
}

#[test]
fn every_module_imports_only_downward() {
    let (modules, edges) = edges();
    let floors = floors();
    assert!(
        floors.contains_key("crate"),
        "ARCHITECTURE.md has a ```layers crate block"
    );
    let mut problems = Vec::new();
    for (folder, floors) in &floors {
        let prefix: ModPath = if folder == "crate" {
            Vec::new()
        } else {
            folder.split('/').map(str::to_owned).collect()
        };
        let floor_of = |name: &str| floors.iter().position(|f| f.iter().any(|n| n == name));
        // Every module of the folder has a floor, and every floor names a module.
        let children: BTreeSet<&str> = modules
            .iter()
            .filter(|m| m.len() == prefix.len() + 1 && m[..prefix.len()] == prefix[..])
            .map(|m| m[prefix.len()].as_str())
            .collect();
        for child in &children {
            if floor_of(child).is_none() {
                problems.push(format!(
                    "{folder}: module '{child}' has no floor in docs/ARCHITECTURE.md's ```layers {folder} block; add it"
                ));
            }
        }
        for name in floors.iter().flatten() {
            if !children.contains(name.as_str()) {
                problems.push(format!(
                    "docs/ARCHITECTURE.md: ```layers {folder} names '{name}', which is not a module of {folder}"
                ));
            }
        }
        for edge in &edges {
            let in_folder = |m: &ModPath| m.len() > prefix.len() && m[..prefix.len()] == prefix[..];
            if !in_folder(&edge.from) || !in_folder(&edge.to) {
                continue;
            }
            let (from, to) = (&edge.from[prefix.len()], &edge.to[prefix.len()]);
            if from == to {
                continue;
            }
            let (Some(f), Some(t)) = (floor_of(from), floor_of(to)) else {
                continue;
            };
            if t < f {
                problems.push(format!(
                    "{}:{}: '{}' imports '{}', which is above it ({folder}: floors from the top: {})",
                    edge.file.display(),
                    edge.line,
                    edge.from.join("::"),
                    edge.to.join("::"),
                    floors.iter().map(|f| f.join(" ")).collect::<Vec<_>>().join(" > ")
                ));
            } else if t == f {
                problems.push(format!(
                    "{}:{}: '{}' imports '{}', a peer on the same floor ({folder}); move what they share below both",
                    edge.file.display(),
                    edge.line,
                    edge.from.join("::"),
                    edge.to.join("::"),
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "the house is not one-way:\n{}",
        problems.join("\n")
    );
}

/// The circles (strongly connected components of more than one node) of a graph whose nodes
/// are `0..n` and whose edges are `succ`, by Tarjan's algorithm, iteratively.
fn circles(succ: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let n = succ.len();
    let (mut index, mut low, mut on_stack) = (vec![usize::MAX; n], vec![0; n], vec![false; n]);
    let (mut stack, mut next, mut found) = (Vec::new(), 0, Vec::new());
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work = vec![(root, 0usize)];
        while let Some((v, child)) = work.pop() {
            if child == 0 {
                index[v] = next;
                low[v] = next;
                next += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = succ[v].get(child) {
                work.push((v, child + 1));
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            if low[v] == index[v] {
                let mut circle = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    circle.push(w);
                    if w == v {
                        break;
                    }
                }
                if circle.len() > 1 {
                    found.push(circle);
                }
            }
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
        }
    }
    found
}

/// The circles among `edges` once every module is cut to `depth` segments (a folder and all it
/// holds become one node), as messages naming the imports that close each circle.
fn circles_at(edges: &[Edge], depth: Option<usize>) -> Vec<String> {
    let cut = |m: &ModPath| depth.map_or_else(|| m.clone(), |d| m[..d.min(m.len())].to_vec());
    let cut_edges: Vec<(ModPath, ModPath, &Edge)> = edges
        .iter()
        .map(|e| (cut(&e.from), cut(&e.to), e))
        .filter(|(from, to, _)| from != to)
        .collect();
    let nodes: BTreeSet<&ModPath> = cut_edges.iter().flat_map(|(f, t, _)| [f, t]).collect();
    let nodes: Vec<&ModPath> = nodes.into_iter().collect();
    let index_of: BTreeMap<&ModPath, usize> =
        nodes.iter().enumerate().map(|(i, m)| (*m, i)).collect();
    let mut succ: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); nodes.len()];
    for (from, to, _) in &cut_edges {
        succ[index_of[from]].insert(index_of[to]);
    }
    let succ: Vec<Vec<usize>> = succ.into_iter().map(|s| s.into_iter().collect()).collect();
    circles(&succ)
        .into_iter()
        .map(|circle| {
            let members: BTreeSet<&ModPath> = circle.iter().map(|&i| nodes[i]).collect();
            let lines: Vec<String> = cut_edges
                .iter()
                .filter(|(f, t, _)| members.contains(f) && members.contains(t))
                .map(|(_, _, e)| {
                    format!(
                        "  {}:{}: {} → {}",
                        e.file.display(),
                        e.line,
                        e.from.join("::"),
                        e.to.join("::")
                    )
                })
                .collect();
            format!(
                "a circle between {}:\n{}",
                members
                    .iter()
                    .map(|m| m.join("::"))
                    .collect::<Vec<_>>()
                    .join(", "),
                lines.join("\n")
            )
        })
        .collect()
}

#[test]
fn no_two_files_import_each_other() {
    let (_, edges) = edges();
    let problems = circles_at(&edges, None);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn no_two_folders_import_each_other() {
    // `library/search/` and `library/foo/` as wholes: an import from anything in one to
    // anything in the other counts, at every depth.
    let (modules, edges) = edges();
    let deepest = modules.iter().map(Vec::len).max().unwrap_or(0);
    let problems: Vec<String> = (1..deepest)
        .flat_map(|d| circles_at(&edges, Some(d)))
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_checker_sees_imports() {
    // The checker itself: a circle and an upward import in the real code would be missed if
    // it read no edges at all.
    let (modules, edges) = edges();
    assert!(modules.len() > 60, "{} modules", modules.len());
    let has = |from: &str, to: &str| {
        edges
            .iter()
            .any(|e| e.from.join("::") == from && e.to.join("::") == to)
    };
    assert!(
        has("formats::open", "formats::dialect"),
        "a `use super::{{dialect, ocr}}` group"
    );
    assert!(has("app::spread", "config"), "a use line");
    assert_eq!(circles(&[vec![1], vec![2], vec![0], vec![0]]).len(), 1);
    assert!(circles(&[vec![1], vec![2], vec![]]).is_empty());
    assert_eq!(
        expand("crate::{a::{b, c as d}, e}"),
        ["crate::a::b", "crate::a::c", "crate::e"]
    );
}
