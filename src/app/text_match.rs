//! Substring matching as readers expect it: CJK as is, Latin case-insensitive. Returns byte
//! ranges in the haystack, so callers can highlight without re-searching. The rule itself is
//! library search's `Needle`; snippets come from `library::search::snippet`.

use std::ops::Range;

use crate::library::search::Needle;

/// True when `needle` occurs in `haystack` (an empty needle matches everything).
pub fn contains(haystack: &str, needle: &str) -> bool {
    needle.is_empty() || find_all(haystack, needle).next().is_some()
}

/// Every non-overlapping match of `needle` in `haystack`, as byte ranges of `haystack`. The
/// matching rule is library search's [`Needle`], so the reader and `kanbao search` agree.
pub fn find_all<'a>(haystack: &'a str, needle: &str) -> impl Iterator<Item = Range<usize>> + 'a {
    let needle = Needle::new(needle).ok();
    let mut from = 0;
    std::iter::from_fn(move || next_match(haystack, needle.as_ref()?, &mut from))
}

/// [`find_all`] with a needle built once, for callers that search many texts.
pub fn find_all_with<'a>(
    haystack: &'a str,
    needle: &'a Needle,
) -> impl Iterator<Item = Range<usize>> + 'a {
    let mut from = 0;
    std::iter::from_fn(move || next_match(haystack, needle, &mut from))
}

/// What a find in the reader highlights for `query`, written in the query language of
/// `kanbao search`: every word and phrase it asks for (`清廉 干部` both, `"river park"` as a
/// phrase, either side of `OR`), not its exclusions (`-word`) nor its edition fields
/// (`paper:`, `page:`), which say nothing about where in a text to look. A query that does not
/// parse (an unclosed quote, a lone `-`) is looked for as written.
pub fn find_needles(query: &str) -> Vec<Needle> {
    use crate::library::search::Query;
    match Query::parse(query) {
        Ok(parsed) => parsed
            .clauses()
            .iter()
            .flat_map(|clause| &clause.alternatives)
            .filter(|term| {
                !term.negated
                    && !term
                        .scope
                        .is_some_and(crate::library::search::Scope::is_metadata)
            })
            .map(|term| term.needle.clone())
            .collect(),
        Err(_) => Needle::new(query).ok().into_iter().collect(),
    }
}

/// Every match of any of `needles` in `haystack`, in order; where two overlap (`清廉` and
/// `廉政` in `清廉政治`) they are one match covering both.
pub fn find_all_of(haystack: &str, needles: &[Needle]) -> Vec<Range<usize>> {
    let mut hits: Vec<Range<usize>> = needles
        .iter()
        .flat_map(|needle| find_all_with(haystack, needle))
        .collect();
    hits.sort_by_key(|hit| (hit.start, std::cmp::Reverse(hit.end)));
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(hits.len());
    for hit in hits {
        match merged.last_mut() {
            Some(last) if hit.start < last.end => last.end = last.end.max(hit.end),
            _ => merged.push(hit),
        }
    }
    merged
}

/// The next match at or after byte `from`, moving `from` past it.
fn next_match(haystack: &str, needle: &Needle, from: &mut usize) -> Option<Range<usize>> {
    let start = *from;
    let found = needle.find(haystack.get(start..)?)?;
    let hit = start + found.start..start + found.end;
    *from = hit.end;
    Some(hit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_cjk_as_is_and_latin_without_case() {
        type Case = (&'static str, &'static str, &'static [(usize, usize)]);
        let cases: [Case; 6] = [
            ("社会救助体系", "救助", &[(6, 12)]),
            ("Council Backs River Park Plan", "park", &[(20, 24)]),
            ("PARK park Park", "Park", &[(0, 4), (5, 9), (10, 14)]),
            ("aaa", "aa", &[(0, 2)]),
            ("救助", "", &[]),
            ("短", "很长的查询", &[]),
        ];
        for (haystack, needle, want) in cases {
            let got: Vec<(usize, usize)> = find_all(haystack, needle)
                .map(|r| (r.start, r.end))
                .collect();
            assert_eq!(got, want, "{haystack:?} / {needle:?}");
        }
        assert!(contains("Ünïcode TEXT", "text"));
        assert!(contains("anything", ""));
    }

    fn found<'a>(haystack: &'a str, query: &str) -> Vec<&'a str> {
        find_all_of(haystack, &find_needles(query))
            .into_iter()
            .map(|r| &haystack[r])
            .collect()
    }

    #[test]
    fn a_find_takes_the_query_language() {
        let text = "清廉干部在River Park会见群众，干部们说清廉政治是根本。";
        // Two words: both highlighted, in text order.
        assert_eq!(found(text, "清廉 干部"), ["清廉", "干部", "干部", "清廉"]);
        // A phrase keeps its space; without quotes the words are found apart.
        assert_eq!(found(text, "\"river park\""), ["River Park"]);
        assert_eq!(found(text, "river park"), ["River", "Park"]);
        // OR: either; an exclusion and an edition field are not looked for in the text.
        assert_eq!(found(text, "群众 OR 会见"), ["会见", "群众"]);
        assert_eq!(found(text, "根本 -干部 paper:人民日报"), ["根本"]);
        // Overlapping terms are one match (touching ones stay two).
        assert_eq!(found(text, "清廉 廉政"), ["清廉", "清廉政"]);
        // Not a query (an unclosed quote): looked for as written.
        assert_eq!(found("他说\"清廉", "\"清廉"), ["\"清廉"]);
    }
}
