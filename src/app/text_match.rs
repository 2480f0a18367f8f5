//! Substring matching as readers expect it: CJK as is, Latin case-insensitive. Returns byte
//! ranges in the haystack, so callers can highlight without re-searching.

use std::ops::Range;

/// Folds a character for matching: Latin letters to lower case, everything else as is.
fn fold(c: char) -> char {
    if c.is_ascii() {
        c.to_ascii_lowercase()
    } else {
        c.to_lowercase().next().unwrap_or(c)
    }
}

/// True when `needle` occurs in `haystack` (an empty needle matches everything).
pub fn contains(haystack: &str, needle: &str) -> bool {
    needle.is_empty() || find_all(haystack, needle).next().is_some()
}

/// Every non-overlapping match of `needle` in `haystack`, as byte ranges of `haystack`.
pub fn find_all<'a>(haystack: &'a str, needle: &'a str) -> impl Iterator<Item = Range<usize>> + 'a {
    let needle: Vec<char> = needle.chars().map(fold).collect();
    let chars: Vec<(usize, char)> = haystack.char_indices().collect();
    let mut i = 0;
    std::iter::from_fn(move || {
        if needle.is_empty() {
            return None;
        }
        while i + needle.len() <= chars.len() {
            let hit = chars[i..i + needle.len()]
                .iter()
                .zip(&needle)
                .all(|(&(_, c), &n)| fold(c) == n);
            if hit {
                let start = chars[i].0;
                let end = chars
                    .get(i + needle.len())
                    .map_or(haystack.len(), |&(b, _)| b);
                i += needle.len();
                return Some(start..end);
            }
            i += 1;
        }
        None
    })
}

/// A snippet of about `context_chars` characters either side of `hit`, with `…` where cut.
pub fn snippet(text: &str, hit: Range<usize>, context_chars: usize) -> (String, Range<usize>) {
    let before: Vec<(usize, char)> = text[..hit.start].char_indices().collect();
    let start = before
        .len()
        .checked_sub(context_chars)
        .map_or(0, |i| before[i].0);
    let after_start = hit.end;
    let end = text[after_start..]
        .char_indices()
        .nth(context_chars)
        .map_or(text.len(), |(b, _)| after_start + b);
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    let offset = out.len();
    out.push_str(&text[start..end]);
    if end < text.len() {
        out.push('…');
    }
    let hit_in_snippet = offset + hit.start - start..offset + hit.end - start;
    (out.replace(['\n', '\t'], " "), hit_in_snippet)
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

    #[test]
    fn snippets_mark_the_hit() {
        let text = "一二三四五六七八九十";
        let (snip, hit) = snippet(text, 12..15, 2);
        assert_eq!(snip, "…三四五六七…");
        assert_eq!(&snip[hit], "五");
        let (snip, hit) = snippet("abc", 0..1, 5);
        assert_eq!((snip.as_str(), hit), ("abc", 0..1));
    }
}
