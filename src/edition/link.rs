//! Continuation links: `(下转第三版)` on one page ↔ `(上接第一版)` on another. Parts are matched
//! on the jump back first, then on shared headline words; a part is never linked to itself, to
//! its own page, or to an article that shares nothing with it.

use std::collections::HashSet;
use std::path::Path;

use super::model::{Diagnostic, Item, ItemKind, Page, Severity};
use super::recognize::is_han;

/// Minimum shared headline features (Han bigrams or Latin words) for a link without a jump back.
const MIN_SHARED: usize = 2;

/// Which end of a continuation is being resolved.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    /// From an item's `continued_to` to the part that continues it.
    Onward,
    /// From an item's `continued_from` to the part it continues.
    Back,
}

impl Direction {
    fn target(self, item: &Item) -> Option<&str> {
        match self {
            Direction::Onward => item.continued_to.as_deref(),
            Direction::Back => item.continued_from.as_deref(),
        }
    }

    fn linked(self, item: &Item) -> bool {
        match self {
            Direction::Onward => item.continued_to_id.is_some(),
            Direction::Back => item.continued_from_id.is_some(),
        }
    }

    /// Whether `candidate` jumps back to `page_label` and is still free on that side.
    fn jumps_back(self, candidate: &Item, page_label: &str) -> bool {
        match self {
            Direction::Onward => {
                candidate.continued_from.as_deref() == Some(page_label)
                    && candidate.continued_from_id.is_none()
            }
            Direction::Back => {
                candidate.continued_to.as_deref() == Some(page_label)
                    && candidate.continued_to_id.is_none()
            }
        }
    }

    fn free(self, candidate: &Item) -> bool {
        match self {
            Direction::Onward => candidate.continued_from_id.is_none(),
            Direction::Back => candidate.continued_to_id.is_none(),
        }
    }

    fn words(self) -> &'static str {
        match self {
            Direction::Onward => "continued on",
            Direction::Back => "continued from",
        }
    }
}

/// Fills `continued_from_id` / `continued_to_id` across the pages and reports jumps that lead
/// nowhere. Item ids must already be assigned.
pub fn link(pages: &mut [Page], path: &Path, warnings: &mut Vec<Diagnostic>) {
    // Headline features of every item, computed once: a page can hold hundreds of candidates.
    let features: Vec<Vec<HashSet<String>>> = pages
        .iter()
        .map(|p| {
            p.items
                .iter()
                .map(|i| headline_features(i.headline.as_deref().unwrap_or("")))
                .collect()
        })
        .collect();
    for direction in [Direction::Onward, Direction::Back] {
        for page_idx in 0..pages.len() {
            for item_idx in 0..pages[page_idx].items.len() {
                let item = &pages[page_idx].items[item_idx];
                if direction.linked(item) {
                    continue;
                }
                let Some(target) = direction.target(item) else {
                    continue;
                };
                let words = &features[page_idx][item_idx];
                match partner(pages, &features, page_idx, words, target, direction) {
                    Ok(found) => connect(pages, (page_idx, item_idx), found, direction),
                    Err(problem) => warnings.push(Diagnostic {
                        severity: Severity::Warning,
                        path: path.to_owned(),
                        line: Some(item.line),
                        message: format!("{} page {target}, {problem}", direction.words()),
                    }),
                }
            }
        }
    }
}

/// Finds the other part of `item`'s jump to page `target`: (page index, item index).
fn partner(
    pages: &[Page],
    features: &[Vec<HashSet<String>>],
    page_idx: usize,
    words: &HashSet<String>,
    target: &str,
    direction: Direction,
) -> Result<(usize, usize), &'static str> {
    let Some(target_idx) = pages.iter().position(|p| p.label == target) else {
        return Err("which this edition does not have; kept unlinked");
    };
    if target_idx == page_idx {
        return Err(
            "but the article is on that page itself; not linked (do the pages need '+++ page = N +++' blocks?)",
        );
    }
    let here = pages[page_idx].label.as_str();
    let theirs = &features[target_idx];
    let score = |i: usize| words.intersection(&theirs[i]).count();
    let candidates = &pages[target_idx].items;
    let best_of = |indices: Vec<usize>| {
        indices
            .into_iter()
            .max_by_key(|&i| (score(i), std::cmp::Reverse(i)))
    };
    let with_jump: Vec<usize> = (0..candidates.len())
        .filter(|&i| direction.jumps_back(&candidates[i], here))
        .collect();
    let chosen = if with_jump.is_empty() {
        let related: Vec<usize> = (0..candidates.len())
            .filter(|&i| candidates[i].kind == ItemKind::Article && direction.free(&candidates[i]))
            .filter(|&i| score(i) >= MIN_SHARED)
            .collect();
        best_of(related)
    } else {
        best_of(with_jump)
    };
    chosen
        .map(|i| (target_idx, i))
        .ok_or("but no article there matches; kept unlinked")
}

/// Links two parts to each other.
fn connect(
    pages: &mut [Page],
    (page_idx, item_idx): (usize, usize),
    (other_page, other_idx): (usize, usize),
    direction: Direction,
) {
    let this_id = pages[page_idx].items[item_idx].id.clone();
    let here = pages[page_idx].label.clone();
    let other = &mut pages[other_page].items[other_idx];
    let other_id = other.id.clone();
    match direction {
        Direction::Onward => {
            other.continued_from_id = Some(this_id);
            other.continued_from.get_or_insert(here);
        }
        Direction::Back => {
            other.continued_to_id = Some(this_id);
            other.continued_to.get_or_insert(here);
        }
    }
    let item = &mut pages[page_idx].items[item_idx];
    match direction {
        Direction::Onward => item.continued_to_id = Some(other_id),
        Direction::Back => item.continued_from_id = Some(other_id),
    }
}

/// Han bigrams and lower-cased Latin words (3+ letters) of a headline.
fn headline_features(headline: &str) -> HashSet<String> {
    let mut out = HashSet::new();
    let chars: Vec<char> = headline.chars().collect();
    for pair in chars.windows(2) {
        if is_han(pair[0]) && is_han(pair[1]) {
            out.insert(pair.iter().collect());
        }
    }
    for word in headline.split(|c: char| !c.is_ascii_alphanumeric()) {
        let word = word.to_ascii_lowercase();
        if word.len() >= 3 && !matches!(word.as_str(), "the" | "and" | "for" | "with" | "from") {
            out.insert(word);
        }
    }
    out
}
