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
}
