//! Stories an edition prints twice: the same article on two pages (a front-page story run
//! again on its section's page, a feed that lists it under both). The later printing is marked
//! with where the story first ran, and the first with where else it runs; nothing is removed,
//! so every item keeps its id and every bookmark its place.

use std::collections::HashMap;

use super::model::{Block, ItemKind, Page, Printing};

/// Two texts are the same story when their shared character pairs make up at least this many
/// tenths of both (Sørensen–Dice over the sets of adjacent letter pairs): a corrected typo or a
/// dropped sentence in a long story still matches; a different story under the same headline
/// (a series, a standing column) does not.
const SAME_STORY_TENTHS: usize = 9;

/// The most distinct stories kept per headline: a standing headline printed on every page
/// (`图片新闻`) is compared against this many, so the work stays linear in the edition.
const MAX_STORIES_PER_HEADLINE: usize = 8;

/// An item's place: page index, item index.
type Place = (usize, usize);

/// A first printing, kept for comparing later items with.
struct Story {
    at: (usize, usize),
    text: String,
    /// `text`'s length in characters.
    chars: usize,
    pairs: Option<Vec<u64>>,
}

/// Marks every article that repeats one printed on an earlier page of the edition: the later
/// copy gets `repeat_of`, the first copy `also_on`. Articles are compared by headline and text
/// (letters and digits only, so spacing and punctuation differences do not count). Ids must be
/// set before.
///
/// Headlines are grouped first, and only a headline printed on more than one page has its
/// stories' text compared: in most editions no headline repeats, and reading every story's
/// text for nothing was half the cost of loading one.
pub fn mark_repeats(pages: &mut [Page]) {
    let mut by_headline: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
    for (page_idx, page) in pages.iter().enumerate() {
        for (item_idx, item) in page.items.iter().enumerate() {
            if item.kind != ItemKind::Article {
                continue;
            }
            if let Some(headline) = item.headline.as_deref() {
                by_headline
                    .entry(letters([headline]))
                    .or_default()
                    .push((page_idx, item_idx));
            }
        }
    }
    let mut found: Vec<(Place, Place)> = Vec::new();
    for places in by_headline.into_values() {
        let first_page = places[0].0;
        if places.iter().any(|&(page, _)| page != first_page) {
            repeats_under_one_headline(pages, &places, &mut found);
        }
    }
    // In the edition's order, so a story printed three times lists its printings in order.
    found.sort_unstable_by_key(|&(_, later)| later);
    for ((first_page, first_item), (page_idx, item_idx)) in found {
        let printing = |pages: &[Page], page: usize, item: usize| Printing {
            id: pages[page].items[item].id.clone(),
            page: pages[page].label.clone(),
        };
        let first = printing(pages, first_page, first_item);
        let later = printing(pages, page_idx, item_idx);
        pages[first_page].items[first_item].also_on.push(later);
        pages[page_idx].items[item_idx].repeat_of = Some(first);
    }
}

/// Among the articles at `places` (one headline, in edition order), each that repeats an
/// earlier one on another page: `(first printing, later printing)` into `found`.
fn repeats_under_one_headline(
    pages: &[Page],
    places: &[(usize, usize)],
    found: &mut Vec<(Place, Place)>,
) {
    let mut group: Vec<Story> = Vec::new();
    for &(page_idx, item_idx) in places {
        let item = &pages[page_idx].items[item_idx];
        let text = letters(item.body.iter().filter_map(|b| match b {
            Block::Paragraph(t) | Block::Subhead(t) => Some(t.as_str()),
            Block::Photo(_) => None,
        }));
        if text.is_empty() {
            continue;
        }
        let chars = text.chars().count();
        let mut pairs = None;
        let mut first = None;
        for story in &mut group {
            if story.at.0 != page_idx
                && (story.text == text
                    || (close_in_length(story.chars, chars)
                        && same_story(story, pairs.get_or_insert_with(|| pairs_of(&text)))))
            {
                first = Some(story.at);
                break;
            }
        }
        match first {
            Some(at) => found.push((at, (page_idx, item_idx))),
            None if group.len() < MAX_STORIES_PER_HEADLINE => group.push(Story {
                at: (page_idx, item_idx),
                text,
                chars,
                pairs,
            }),
            None => {}
        }
    }
}

/// Lengths (in characters) within a tenth of each other: the cheap test before the pairs.
fn close_in_length(a: usize, b: usize) -> bool {
    a.min(b) * 10 >= a.max(b) * 9
}

/// Whether a text of the pairs `pairs` is nearly `story`'s text: the pair sets' Dice
/// coefficient at least [`SAME_STORY_TENTHS`] tenths.
fn same_story(story: &mut Story, pairs: &[u64]) -> bool {
    let theirs = story.pairs.get_or_insert_with(|| pairs_of(&story.text));
    let shared = shared_count(pairs, theirs);
    let total = pairs.len() + theirs.len();
    total > 0 && 2 * shared * 10 >= SAME_STORY_TENTHS * total
}

/// The distinct pairs of adjacent characters of `text`, each as one number, sorted.
fn pairs_of(text: &str) -> Vec<u64> {
    let mut pairs: Vec<u64> = text
        .chars()
        .zip(text.chars().skip(1))
        .map(|(a, b)| (u64::from(a) << 32) | u64::from(b))
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

/// How many values two sorted, deduplicated lists share.
fn shared_count(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut shared) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    shared
}

/// The letters and digits of `parts`, lower-cased, everything else left out.
fn letters<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for c in parts.into_iter().flat_map(str::chars) {
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                out.push(c.to_ascii_lowercase());
            }
        } else if ('\u{4e00}'..='\u{9fff}').contains(&c) {
            // CJK ideographs: letters with no case (the common case, without the table lookups).
            out.push(c);
        } else if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edition::model::Item;

    fn article(id: &str, headline: &str, paragraphs: &[&str]) -> Item {
        Item {
            id: id.to_owned(),
            headline: Some(headline.to_owned()),
            body: paragraphs
                .iter()
                .map(|p| Block::Paragraph((*p).to_owned()))
                .collect(),
            ..Item::blank(ItemKind::Article, 1)
        }
    }

    fn page(label: &str, items: Vec<Item>) -> Page {
        Page {
            label: label.to_owned(),
            name: None,
            items,
        }
    }

    const STORY: [&str; 2] = [
        "本报讯 八月的青川，十座智能温室拔地而起，番茄、黄瓜长势正旺，农户收入比去年多了三成。",
        "县农业农村局介绍，温室由村集体经营，农户以土地入股，年底按股分红。",
    ];

    #[test]
    fn a_story_printed_again_on_a_later_page_is_marked_both_ways() {
        let mut pages = vec![
            page(
                "1",
                vec![
                    article("e/1/1", "青川新建十座智能温室", &STORY),
                    article("e/1/2", "另一篇", &["别的内容。"]),
                ],
            ),
            page(
                "4",
                vec![
                    article("e/4/1", "其他新闻", &["无关。"]),
                    // Spacing and punctuation differ; the words are the same.
                    article(
                        "e/4/2",
                        "青川新建十座 智能温室",
                        &[&STORY[0].replace('，', ","), STORY[1]],
                    ),
                ],
            ),
        ];
        mark_repeats(&mut pages);
        let repeat = &pages[1].items[1];
        assert_eq!(
            repeat.repeat_of,
            Some(Printing {
                id: "e/1/1".into(),
                page: "1".into()
            })
        );
        assert_eq!(
            pages[0].items[0].also_on,
            [Printing {
                id: "e/4/2".into(),
                page: "4".into()
            }]
        );
        let untouched = [&pages[0].items[1], &pages[1].items[0]];
        assert!(
            untouched
                .iter()
                .all(|i| i.repeat_of.is_none() && i.also_on.is_empty())
        );
    }

    #[test]
    fn nearly_the_same_text_is_a_repeat_and_another_story_is_not() {
        let longer = format!("{}明年再建。", STORY[1]);
        let other =
            "同名专栏的另一期：山区小学的操场换上了新跑道，孩子们在课间追逐嬉戏，笑声一片。";
        let mut pages = vec![
            page("1", vec![article("e/1/1", "青川新建十座智能温室", &STORY)]),
            page(
                "2",
                vec![article(
                    "e/2/1",
                    "青川新建十座智能温室",
                    &[STORY[0], &longer],
                )],
            ),
            page(
                "3",
                vec![article("e/3/1", "青川新建十座智能温室", &[other])],
            ),
            // The same story twice on one page is the page's own business.
            page(
                "5",
                vec![
                    article("e/5/1", "专栏", &STORY),
                    article("e/5/2", "专栏", &STORY),
                ],
            ),
        ];
        mark_repeats(&mut pages);
        assert_eq!(
            pages[1].items[0].repeat_of.as_ref().map(|p| p.id.as_str()),
            Some("e/1/1")
        );
        assert_eq!(pages[2].items[0].repeat_of, None);
        assert!(pages[3].items.iter().all(|i| i.repeat_of.is_none()));
    }

    #[test]
    fn photos_and_empty_articles_are_never_repeats() {
        let mut photo = Item::blank(ItemKind::Photo, 1);
        photo.headline = Some("图片新闻".into());
        let mut pages = vec![
            page("1", vec![photo.clone(), article("e/1/2", "导读", &[])]),
            page("2", vec![photo, article("e/2/2", "导读", &[])]),
        ];
        mark_repeats(&mut pages);
        assert!(
            pages
                .iter()
                .flat_map(|p| &p.items)
                .all(|i| i.repeat_of.is_none() && i.also_on.is_empty())
        );
    }
}
