//! Continuation links: `(下转第三版)` on one page ↔ `(上接第一版)` on another. Parts are matched
//! on the jump back first, then on shared headline words; a part is never linked to itself, to
//! its own page, or to an article that shares nothing with it.
//!
//! Linking takes time proportional to the number of parts, however many jump: the pages are
//! found by label in a map, each page's candidates are listed once, linked candidates are
//! skipped without being looked at again, and a part is matched among the first
//! [`MAX_CANDIDATES`] free candidates of its target page.

use std::collections::HashMap;
use std::path::Path;

use super::model::{Block, Diagnostic, Item, ItemKind, Page, Severity};
use super::recognize::{self, Jump, is_han};

/// Minimum shared headline features (Han bigrams or Latin words) for a link without a jump back.
const MIN_SHARED: usize = 2;

/// How many free candidates on the target page a part is compared with. A real page holds a few
/// dozen parts; a file of 20,000 jumps to one page would otherwise compare every part with
/// every other (quadratic: 8.7 s for `list`).
pub const MAX_CANDIDATES: usize = 256;

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

    /// The page a candidate jumps back to, seen from this direction.
    fn back(self, candidate: &Item) -> Option<&str> {
        match self {
            Direction::Onward => candidate.continued_from.as_deref(),
            Direction::Back => candidate.continued_to.as_deref(),
        }
    }

    fn linked(self, item: &Item) -> bool {
        match self {
            Direction::Onward => item.continued_to_id.is_some(),
            Direction::Back => item.continued_from_id.is_some(),
        }
    }

    /// Whether `candidate` is still free on the side this direction links.
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

/// Item indices of one page in page order, from which linked ones drop out: finding the next
/// free one skips each linked item once (path compression), so a page of 20,000 parts that are
/// linked one by one is walked in linear time.
struct Candidates {
    items: Vec<usize>,
    /// `next[k]` leads towards the first position at or after `k` not known to be linked;
    /// `next[items.len()]` is the end.
    next: Vec<usize>,
}

impl Candidates {
    fn new(items: Vec<usize>) -> Candidates {
        let next = (0..=items.len()).collect();
        Candidates { items, next }
    }

    /// The first position at or after `from` whose item `free` accepts, or `items.len()`.
    fn first_free(&mut self, from: usize, free: impl Fn(usize) -> bool) -> usize {
        let mut at = from;
        loop {
            // Find the representative of `at`, then point everything on the way at it.
            let mut root = at;
            while self.next[root] != root {
                root = self.next[root];
            }
            while self.next[at] != root {
                let step = self.next[at];
                self.next[at] = root;
                at = step;
            }
            if root == self.items.len() || free(self.items[root]) {
                return root;
            }
            // Linked for good: skip it from now on.
            self.next[root] = root + 1;
            at = root + 1;
        }
    }

    /// Up to [`MAX_CANDIDATES`] free item indices, in page order.
    fn window(&mut self, free: impl Fn(usize) -> bool) -> Vec<usize> {
        let mut out = Vec::new();
        let mut at = self.first_free(0, &free);
        while at < self.items.len() && out.len() < MAX_CANDIDATES {
            out.push(self.items[at]);
            at = self.first_free(at + 1, &free);
        }
        out
    }
}

/// What one linking pass knows of the edition: pages by label, headline features, and the
/// candidates of every page.
struct Index {
    /// The first page with each label.
    page_of: HashMap<String, usize>,
    /// Headline features of every item (page index, item index), computed once.
    features: Vec<Vec<Vec<u64>>>,
}

/// Candidates of one direction: per (target page, page they jump back to), and the articles of
/// each page for a link without a jump back.
struct Pool {
    jumping_back: HashMap<(usize, String), Candidates>,
    articles: Vec<Candidates>,
}

impl Pool {
    fn new(pages: &[Page], direction: Direction) -> Pool {
        let mut lists: HashMap<(usize, String), Vec<usize>> = HashMap::new();
        let mut articles = Vec::with_capacity(pages.len());
        for (page_idx, page) in pages.iter().enumerate() {
            let mut own = Vec::new();
            for (item_idx, item) in page.items.iter().enumerate() {
                if let Some(back) = direction.back(item) {
                    lists
                        .entry((page_idx, back.to_owned()))
                        .or_default()
                        .push(item_idx);
                }
                if item.kind == ItemKind::Article {
                    own.push(item_idx);
                }
            }
            articles.push(Candidates::new(own));
        }
        Pool {
            jumping_back: lists
                .into_iter()
                .map(|(key, items)| (key, Candidates::new(items)))
                .collect(),
            articles,
        }
    }
}

/// Fills `continued_from_id` / `continued_to_id` across the pages and reports jumps that lead
/// nowhere. Item ids must already be assigned.
pub fn link(pages: &mut [Page], path: &Path, warnings: &mut Vec<Diagnostic>) {
    let mut page_of = HashMap::with_capacity(pages.len());
    for (page_idx, page) in pages.iter().enumerate() {
        page_of.entry(page.label.clone()).or_insert(page_idx);
    }
    let index = Index {
        page_of,
        features: pages
            .iter()
            .map(|p| {
                p.items
                    .iter()
                    .map(|i| headline_features(i.headline.as_deref().unwrap_or("")))
                    .collect()
            })
            .collect(),
    };
    for direction in [Direction::Onward, Direction::Back] {
        // Built per pass: the first pass fills in jumps (`get_or_insert`) that the second reads.
        let mut pool = Pool::new(pages, direction);
        for page_idx in 0..pages.len() {
            for item_idx in 0..pages[page_idx].items.len() {
                let item = &pages[page_idx].items[item_idx];
                if direction.linked(item) {
                    continue;
                }
                let Some(target) = direction.target(item) else {
                    continue;
                };
                match partner(pages, &index, &mut pool, (page_idx, item_idx), direction) {
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

/// Finds the other part of the jump of the item at `(page_idx, item_idx)`: (page index, item
/// index). Among the parts of the target page that jump back, the one sharing most headline
/// features (the first of equals); without any, the article sharing most, if it shares
/// [`MIN_SHARED`].
fn partner(
    pages: &[Page],
    index: &Index,
    pool: &mut Pool,
    (page_idx, item_idx): (usize, usize),
    direction: Direction,
) -> Result<(usize, usize), &'static str> {
    let target = direction
        .target(&pages[page_idx].items[item_idx])
        .unwrap_or_default();
    let Some(&target_idx) = index.page_of.get(target) else {
        return Err("which this edition does not have; kept unlinked");
    };
    if target_idx == page_idx {
        return Err(
            "but the article is on that page itself; not linked (do the pages need '+++ page = N +++' blocks?)",
        );
    }
    let words = &index.features[page_idx][item_idx];
    let theirs = &index.features[target_idx];
    let candidates = &pages[target_idx].items;
    let free = |i: usize| direction.free(&candidates[i]);
    let score = |i: usize| shared(words, &theirs[i]);
    let best_of = |indices: Vec<usize>| {
        indices
            .into_iter()
            .max_by_key(|&i| (score(i), std::cmp::Reverse(i)))
    };
    let here = pages[page_idx].label.clone();
    let with_jump = pool
        .jumping_back
        .get_mut(&(target_idx, here))
        .map(|list| list.window(free))
        .unwrap_or_default();
    let chosen = if with_jump.is_empty() {
        let related: Vec<usize> = pool.articles[target_idx]
            .window(free)
            .into_iter()
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

/// How many features two sorted feature lists share.
fn shared(ours: &[u64], theirs: &[u64]) -> usize {
    let (mut ours, mut theirs) = (ours.iter().peekable(), theirs.iter().peekable());
    let mut count = 0;
    while let (Some(&&x), Some(&&y)) = (ours.peek(), theirs.peek()) {
        if x <= y {
            ours.next();
        }
        if y <= x {
            theirs.next();
        }
        count += usize::from(x == y);
    }
    count
}

/// Han bigrams and lower-cased Latin words (3+ letters) of a headline, each as a 64-bit number
/// (a bigram's two characters, a word's hash), sorted and without repeats (comparing two
/// headlines is a merge, with no allocation).
fn headline_features(headline: &str) -> Vec<u64> {
    let mut out = Vec::new();
    let mut prev: Option<char> = None;
    for c in headline.chars() {
        if let Some(p) = prev
            && is_han(p)
            && is_han(c)
        {
            // The two characters themselves, below 2^53: a bigram is its own feature.
            out.push((u64::from(p) << 32) | u64::from(c));
        }
        prev = Some(c);
    }
    for word in headline.split(|c: char| !c.is_ascii_alphanumeric()) {
        if word.len() >= 3
            && !["the", "and", "for", "with", "from"]
                .iter()
                .any(|stop| word.eq_ignore_ascii_case(stop))
        {
            // FNV-1a of the lower-cased word, top bit set so no word is taken for a bigram.
            let hash = word.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
                (h ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(0x0100_0000_01b3)
            });
            out.push(hash | 1 << 63);
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Records the jumps that open the first paragraph and close the last one, and takes the
/// forward markers (`（下转第二版）`) out of the text: a reader shows them once, as the link or
/// as a note that the page is missing. A marker back (`(上接第一版)`) stays until the part is
/// linked ([`strip_linked_markers`]), as nothing else would show it. Then the dateline.
pub fn find_jumps_and_dateline(item: &mut Item) {
    strip_markers(item, true, false);
    if item.continued_from.is_none() {
        let dateline = item.paragraphs().next().and_then(recognize::dateline);
        item.dateline = dateline;
    }
}

/// Takes the marker back out of every part that is linked to the part it continues (the
/// reader's divider `(上接第1版)` shows it). Run after linking.
pub fn strip_linked_markers(pages: &mut [Page]) {
    for item in pages.iter_mut().flat_map(|p| p.items.iter_mut()) {
        if item.continued_from_id.is_some() {
            strip_markers(item, false, true);
        }
    }
}

/// Records the jumps of the first and last paragraph and removes the markers of the kinds
/// asked for; a paragraph that was only a marker goes.
fn strip_markers(item: &mut Item, strip_to: bool, strip_from: bool) {
    let is_paragraph = |b: &Block| matches!(b, Block::Paragraph(_));
    let (Some(first), Some(last)) = (
        item.body.iter().position(is_paragraph),
        item.body.iter().rposition(is_paragraph),
    ) else {
        return;
    };
    let mut emptied = Vec::new();
    for idx in if first == last {
        vec![first]
    } else {
        vec![first, last]
    } {
        let Block::Paragraph(text) = &mut item.body[idx] else {
            continue;
        };
        let spans = recognize::jump_spans(text);
        if spans.is_empty() {
            continue;
        }
        let mut kept = String::with_capacity(text.len());
        let mut at = 0;
        for (jump, label, range) in spans {
            let strip = match jump {
                Jump::From => strip_from,
                Jump::To => strip_to,
            };
            match jump {
                Jump::From if item.continued_from.is_none() => {
                    item.continued_from = Some(label);
                }
                Jump::To if item.continued_to.is_none() => item.continued_to = Some(label),
                _ => {}
            }
            if strip {
                kept.push_str(&text[at..range.start]);
                at = range.end;
            }
        }
        kept.push_str(&text[at..]);
        let kept = kept.trim();
        if kept.is_empty() {
            emptied.push(idx);
        } else {
            *text = kept.to_owned();
        }
    }
    for idx in emptied.into_iter().rev() {
        item.body.remove(idx);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn features_count_shared_bigrams_and_words_once() {
        let a = headline_features("许昌市召开会议 Council meets council");
        let b = headline_features("会议召开 COUNCIL report");
        // 召开, 开会, 会议 against 会议, 议召, 召开; council once on each side.
        assert_eq!(shared(&a, &b), 3);
        assert_eq!(shared(&a, &headline_features("天气")), 0);
    }

    #[test]
    fn linked_candidates_are_skipped_and_the_window_is_bounded() {
        let linked = std::cell::RefCell::new(vec![false; 1000]);
        let mut list = Candidates::new((0..1000).collect());
        for i in [0, 1, 2, 5] {
            linked.borrow_mut()[i] = true;
        }
        let window = list.window(|i| !linked.borrow()[i]);
        assert_eq!(window.len(), MAX_CANDIDATES);
        assert_eq!(&window[..3], &[3, 4, 6]);
        for flag in linked.borrow_mut().iter_mut().take(998) {
            *flag = true;
        }
        assert_eq!(list.window(|i| !linked.borrow()[i]), [998, 999]);
    }
}
