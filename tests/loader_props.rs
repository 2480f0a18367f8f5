//! Properties of the loader over arbitrary input: it never panics, emits only clean text, gives
//! unique ids, links continuations symmetrically, and loses no line of text.

use std::collections::HashSet;
use std::path::Path;

use kanbao::edition::sanitize::is_clean;
use kanbao::edition::{Block, Edition, Item};
use kanbao::formats::load_bytes;
use proptest::prelude::*;

fn items(edition: &Edition) -> Vec<&Item> {
    edition.pages.iter().flat_map(|p| &p.items).collect()
}

fn check_invariants(edition: &Edition) {
    let mut ids = HashSet::new();
    for item in items(edition) {
        assert!(ids.insert(item.id.clone()), "duplicate id {}", item.id);
        let strings = [
            &item.kicker,
            &item.headline,
            &item.subtitle,
            &item.column,
            &item.byline,
            &item.dateline,
        ];
        // A caption or a credit may hold several paragraphs, one a line.
        let photo_lines = [&item.caption, &item.credit]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .chain(item.body.iter().flat_map(block_strings))
            .flat_map(|s| s.split('\n'));
        for s in strings
            .into_iter()
            .flatten()
            .map(String::as_str)
            .chain(photo_lines)
        {
            assert!(is_clean(&s.replace('\t', " ")), "unclean text {s:?}");
            assert!(!s.is_empty(), "empty string in {}", item.id);
        }
    }
    for item in items(edition) {
        if let Some(to) = &item.continued_to_id {
            assert_ne!(to, &item.id, "linked to itself");
            let other = items(edition)
                .into_iter()
                .find(|i| &i.id == to)
                .expect("link target exists");
            assert_eq!(
                other.continued_from_id.as_ref(),
                Some(&item.id),
                "links are symmetric"
            );
        }
        if let Some(from) = &item.continued_from_id {
            let other = items(edition)
                .into_iter()
                .find(|i| &i.id == from)
                .expect("link target exists");
            assert_eq!(
                other.continued_to_id.as_ref(),
                Some(&item.id),
                "links are symmetric"
            );
        }
    }
}

/// The strings a body block holds (a photo's caption and credit).
fn block_strings(block: &Block) -> Vec<&str> {
    match block {
        Block::Photo(photo) => [&photo.caption, &photo.credit, &photo.image]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect(),
        other => vec![other.text()],
    }
}

/// Lines that look like a newspaper dump, damaged ones included.
fn soup_line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just(String::new()),
        "[#]{1,4} [\\PC]{0,12}",
        Just("+++".to_owned()),
        Just("page = 2".to_owned()),
        Just("page = \"B2\"".to_owned()),
        Just("本报记者 张辉".to_owned()),
        Just("本报记者 谭宜姝 摄".to_owned()),
        Just("(上接第一版)".to_owned()),
        Just("文字。(下转第二版)".to_owned()),
        Just("Continued on Page 2".to_owned()),
        Just("By JANE DOE".to_owned()),
        Just("本报讯(记者王利辉)2月27日,".to_owned()),
        "[\\PC]{1,40}",
        "[一-龥，。“”]{1,30}",
        "[a-z ,.]{1,30}",
        any::<String>(),
    ]
}

fn soup() -> impl Strategy<Value = String> {
    prop::collection::vec(soup_line(), 0..40).prop_map(|lines| lines.join("\n"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let edition = load_bytes(&bytes, Path::new("fuzz.md"));
        check_invariants(&edition);
    }

    #[test]
    fn heading_soup_never_panics(text in soup()) {
        let edition = load_bytes(text.as_bytes(), Path::new("soup.md"));
        check_invariants(&edition);
    }

    /// Without `+++` blocks every character of every non-blank line is kept once (headings lose
    /// their `#` marks; repaired paragraphs are joined without loss), except the jump markers
    /// that open or close a story, which become its links; and the stories' text reads in the
    /// order of the source. (A story's heads are set kicker, headline, subtitle, byline whatever
    /// order a damaged page gave them in, so only the text after them is held to the order.)
    #[test]
    fn no_text_is_lost(lines in prop::collection::vec(soup_line().prop_filter("no fences", |l| !l.contains("+++") && !l.starts_with("page")), 0..30)) {
        let text = lines.join("\n");
        let edition = load_bytes(text.as_bytes(), Path::new("soup.md"));
        let heads = |i: &Item| {
            [&i.kicker, &i.headline, &i.subtitle, &i.byline, &i.column]
                .into_iter()
                .flatten()
                .cloned()
                .collect::<String>()
        };
        let bodies = |i: &Item| {
            i.body
                .iter()
                .flat_map(block_strings)
                .map(str::to_owned)
                .chain([&i.caption, &i.credit].into_iter().flatten().cloned())
                .collect::<String>()
        };
        let kept: String = items(&edition).iter().map(|i| heads(i) + &bodies(i)).collect();
        let read: String = items(&edition).iter().map(|i| bodies(i)).collect();
        let markers = ["上接第一版", "下转第二版", "ContinuedonPage2"];
        let letters = |s: &str| {
            let mut letters: String = s.chars().filter(|c| c.is_alphanumeric()).collect();
            for marker in markers {
                letters = letters.replace(marker, "");
            }
            letters
        };
        let sorted = |s: &str| {
            let mut chars: Vec<char> = letters(s).chars().collect();
            chars.sort_unstable();
            chars
        };
        let original: String = text.split('\n').map(|l| kanbao::edition::sanitize::sanitize(l).into_owned()).collect();
        prop_assert_eq!(sorted(&kept), sorted(&original), "every letter once");
        let mut source = letters(&original).chars().collect::<Vec<_>>().into_iter();
        let in_order = letters(&read).chars().all(|c| source.any(|s| s == c));
        prop_assert!(in_order, "the stories' text in the source's order:\n{}\n{}", letters(&read), letters(&original));
    }
}
