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
pub type Place = (usize, usize);

/// Bits in a story's sketch of its pairs (see [`Sketch`]).
const SKETCH_WORDS: usize = 64;

/// A story's character pairs hashed into 4,096 bits, made in the same pass that counts its
/// letters. Two stories whose sketches differ too much cannot share enough pairs (see
/// [`Sketch::rules_out`]), which settles nearly every comparison without sorting any pairs.
struct Sketch {
    bits: [u64; SKETCH_WORDS],
    /// Letters and digits in the text.
    chars: usize,
}

impl Sketch {
    fn of<'a>(parts: impl IntoIterator<Item = &'a str>) -> Sketch {
        let mut bits = [0; SKETCH_WORDS];
        let chars = for_each_pair(parts, |pair| {
            let bit = bit_of(pair);
            bits[bit / 64] |= 1 << (bit % 64);
        });
        Sketch { bits, chars }
    }

    /// Adjacent pairs in the text, repeats counted: at least as many as distinct ones.
    fn pairs(&self) -> usize {
        self.chars.saturating_sub(1)
    }

    fn ones(&self) -> usize {
        self.bits.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// Bits set here and not in `other`.
    fn only_here(&self, other: &Sketch) -> usize {
        self.bits
            .iter()
            .zip(&other.bits)
            .map(|(a, b)| (a & !b).count_ones() as usize)
            .sum()
    }

    /// True when the two texts cannot be the same story. Exact, never a guess: each bit set in
    /// one sketch and not the other stands for at least one pair of that text the other lacks,
    /// so the pairs they share are at most `pairs - only_here` on either side, while each text
    /// has at least as many distinct pairs as bits set; if even those bounds miss the
    /// [`SAME_STORY_TENTHS`] threshold, so does the Dice coefficient itself.
    fn rules_out(&self, other: &Sketch) -> bool {
        let shared_at_most = (self.pairs().saturating_sub(self.only_here(other)))
            .min(other.pairs().saturating_sub(other.only_here(self)));
        let total_at_least = self.ones() + other.ones();
        2 * shared_at_most * 10 < SAME_STORY_TENTHS * total_at_least
    }
}

/// One pair of adjacent letters as a number.
fn pair(a: char, b: char) -> u64 {
    (u64::from(a) << 32) | u64::from(b)
}

/// Where a pair falls in a [`Sketch`].
fn bit_of(pair: u64) -> usize {
    // Fibonacci hashing: the top 12 bits of the product.
    (pair.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - 12)) as usize
}

/// A first printing, kept for comparing later items with.
struct Story {
    at: Place,
    /// Letters and digits in its text ([`letter_count`]).
    chars: usize,
    /// Made only when a later story of a length close to this one's is weighed against it.
    sketch: Option<Sketch>,
    /// Its distinct pairs, sorted: made only when a sketch cannot settle a comparison.
    pairs: Option<Vec<u64>>,
}

/// Whether a loader marks the stories an edition prints twice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Repeats {
    /// Every later printing gets `repeat_of` and every first printing `also_on`
    /// ([`mark_repeats`]): what the reader, `list`, `read` and the index show and store.
    Mark,
    /// Left unmarked, for a caller that asks about a few items only ([`first_printing`]):
    /// search's scan, which asks about the items that match.
    Leave,
}

/// Where the article at `place` was printed first, when it repeats a story printed on an
/// earlier page: the `repeat_of` [`mark_repeats`] would give it, worked out for this one item.
/// Only the articles under its headline, up to it, are compared, as `mark_repeats` compares them.
pub fn first_printing(pages: &[Page], place: Place) -> Option<Place> {
    let item = pages.get(place.0)?.items.get(place.1)?;
    if item.kind != ItemKind::Article {
        return None;
    }
    let headline = letters([item.headline.as_deref()?]);
    let mut places = Vec::new();
    'pages: for (page_idx, page) in pages.iter().enumerate() {
        for (item_idx, other) in page.items.iter().enumerate() {
            if (page_idx, item_idx) > place {
                break 'pages;
            }
            if other.kind == ItemKind::Article
                && other
                    .headline
                    .as_deref()
                    .is_some_and(|h| same_letters(h, &headline))
            {
                places.push((page_idx, item_idx));
            }
        }
    }
    let mut found = Vec::new();
    repeats_under_one_headline(pages, &places, &mut found);
    found
        .into_iter()
        .find_map(|(first, later)| (later == place).then_some(first))
}

/// Whether the letters of `text` ([`letters`]) are `letters`, compared as they come.
fn same_letters(text: &str, letters: &str) -> bool {
    let mut expected = letters.chars();
    let mut same = true;
    for_each_letter([text], |c| same &= expected.next() == Some(c));
    same && expected.next().is_none()
}

/// Marks every article that repeats one printed on an earlier page of the edition: the later
/// copy gets `repeat_of`, the first copy `also_on`. Articles are compared by headline and text
/// (letters and digits only, so spacing and punctuation differences do not count). Ids must be
/// set before.
pub fn mark_repeats(pages: &mut [Page]) {
    for ((first_page, first_item), (page_idx, item_idx)) in repeated(pages) {
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

/// Every story printed again on a later page, as `(first printing, later printing)`, in the
/// edition's order of the later printings: what [`mark_repeats`] marks, marking nothing.
///
/// Headlines are grouped first, and only a headline printed on more than one page has its
/// stories' text compared: in most editions no headline repeats, and reading every story's
/// text for nothing was half the cost of loading one.
pub fn repeated(pages: &[Page]) -> Vec<(Place, Place)> {
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
    found
}

/// The text parts of an article that are compared: its paragraphs and subheads.
fn body_parts(pages: &[Page], (page, item): Place) -> impl Iterator<Item = &str> {
    pages[page].items[item].body.iter().filter_map(|b| match b {
        Block::Paragraph(t) | Block::Subhead(t) => Some(t.as_str()),
        Block::Photo(_) => None,
    })
}

/// Among the articles at `places` (one headline, in edition order), each that repeats an
/// earlier one on another page: `(first printing, later printing)` into `found`.
fn repeats_under_one_headline(
    pages: &[Page],
    places: &[(usize, usize)],
    found: &mut Vec<(Place, Place)>,
) {
    let mut group: Vec<Story> = Vec::new();
    for &place in places {
        let chars = letter_count(body_parts(pages, place));
        if chars == 0 {
            continue;
        }
        let mut sketch = None;
        let mut pairs = None;
        let mut first = None;
        for story in &mut group {
            if story.at.0 == place.0 || !close_in_length(story.chars, chars) {
                continue;
            }
            let theirs = story
                .sketch
                .get_or_insert_with(|| Sketch::of(body_parts(pages, story.at)));
            let mine = sketch.get_or_insert_with(|| Sketch::of(body_parts(pages, place)));
            debug_assert_eq!(mine.chars, chars, "letter_count counts as the sketch does");
            if !theirs.rules_out(mine)
                && same_story(
                    pages,
                    story,
                    pairs.get_or_insert_with(|| pairs_of(body_parts(pages, place))),
                )
            {
                first = Some(story.at);
                break;
            }
        }
        match first {
            Some(at) => found.push((at, place)),
            None if group.len() < MAX_STORIES_PER_HEADLINE => group.push(Story {
                at: place,
                chars,
                sketch,
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
fn same_story(pages: &[Page], story: &mut Story, pairs: &[u64]) -> bool {
    let theirs = story
        .pairs
        .get_or_insert_with(|| pairs_of(body_parts(pages, story.at)));
    let shared = shared_count(pairs, theirs);
    let total = pairs.len() + theirs.len();
    total > 0 && 2 * shared * 10 >= SAME_STORY_TENTHS * total
}

/// Each pair of adjacent letters of `parts` (see [`for_each_letter`]) as one number; the
/// letters counted.
fn for_each_pair<'a>(parts: impl IntoIterator<Item = &'a str>, mut f: impl FnMut(u64)) -> usize {
    let (mut prev, mut letters) = (None, 0);
    for_each_letter(parts, |c| {
        if let Some(p) = prev {
            f(pair(p, c));
        }
        prev = Some(c);
        letters += 1;
    });
    letters
}

/// The distinct pairs of adjacent letters of `parts`, each as one number, sorted.
fn pairs_of<'a>(parts: impl IntoIterator<Item = &'a str>) -> Vec<u64> {
    let mut pairs = Vec::new();
    for_each_pair(parts, |pair| pairs.push(pair));
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

/// How many characters [`for_each_letter`] calls with, read from the UTF-8 bytes: a CJK
/// ideograph (U+4E00 to U+9FFF: lead byte `E5` to `E9`, or `E4` with a second byte from `B8`)
/// and an ASCII letter or digit count one each without decoding; any other character is decoded
/// and counted as [`for_each_letter`] counts it. Tells whether two stories are close enough in
/// length to be compared at all, before either is sketched.
fn letter_count<'a>(parts: impl IntoIterator<Item = &'a str>) -> usize {
    let mut count = 0;
    for part in parts {
        let bytes = part.as_bytes();
        let mut at = 0;
        while let Some(&lead) = bytes.get(at) {
            match lead {
                0x00..=0x7f => {
                    count += usize::from(lead.is_ascii_alphanumeric());
                    at += 1;
                }
                0xe5..=0xe9 => {
                    count += 1;
                    at += 3;
                }
                0xe4 if bytes.get(at + 1).is_some_and(|&b| b >= 0xb8) => {
                    count += 1;
                    at += 3;
                }
                _ => {
                    // `at` is always where a character starts, so there is one.
                    let Some(c) = part[at..].chars().next() else {
                        break;
                    };
                    letters_of(c, &mut |_| count += 1);
                    at += c.len_utf8();
                }
            }
        }
    }
    count
}

/// The letters and digits of `parts`, lower-cased, everything else left out.
fn letters<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for_each_letter(parts, |c| out.push(c));
    out
}

/// The punctuation of Chinese text (none of it letters or digits), known without the tables.
const CJK_PUNCTUATION: [char; 18] = [
    '，', '。', '、', '“', '”', '‘', '’', '：', '；', '（', '）', '《', '》', '！', '？', '—', '…',
    '·',
];

/// Calls `f` with each character of [`letters`], in order, building nothing.
fn for_each_letter<'a>(parts: impl IntoIterator<Item = &'a str>, mut f: impl FnMut(char)) {
    for part in parts {
        for c in part.chars() {
            letters_of(c, &mut f);
        }
    }
}

/// Calls `f` with what [`letters`] keeps of `c`: nothing, `c`, or its lower case.
#[inline]
fn letters_of(c: char, f: &mut impl FnMut(char)) {
    if c.is_ascii() {
        if c.is_ascii_alphanumeric() {
            f(c.to_ascii_lowercase());
        }
    } else if ('\u{4e00}'..='\u{9fff}').contains(&c) {
        // CJK ideographs: letters with no case (the common case, without the tables).
        f(c);
    } else if CJK_PUNCTUATION.contains(&c) {
        // Between nearly every clause of Chinese text; no letters.
    } else if c.is_alphanumeric() {
        c.to_lowercase().for_each(f);
    }
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

    /// A xorshift generator from `seed`: each call gives a number below its argument.
    fn xorshift(mut seed: u64) -> impl FnMut(usize) -> usize {
        move |below: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % below as u64) as usize
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
    fn chinese_punctuation_holds_no_letter() {
        assert!(CJK_PUNCTUATION.iter().all(|c| !c.is_alphanumeric()));
    }

    /// The sketch only ever rules out pairs the exact Dice test refuses: texts edited a
    /// little (the same story) and a lot (another story), in Chinese and English.
    #[test]
    fn the_sketch_never_rules_out_the_same_story() {
        let base = format!(
            "{}{}The quick brown fox jumps over the lazy dog, 1916 edition.",
            STORY[0], STORY[1]
        );
        let chars: Vec<char> = base.chars().collect();
        let mut next = xorshift(0x2545_f491_4f6c_dd1d);
        let (mut same, mut ruled_out) = (0, 0);
        for round in 0..2000 {
            let mut edited = chars.clone();
            for _ in 0..=round % 40 {
                let at = next(edited.len());
                match next(3) {
                    0 => {
                        edited.remove(at);
                    }
                    1 => edited.insert(at, chars[next(chars.len())]),
                    _ => edited[at] = chars[next(chars.len())],
                }
            }
            let edited: String = edited.into_iter().collect();
            let (a, b) = (Sketch::of([base.as_str()]), Sketch::of([edited.as_str()]));
            let (pa, pb) = (pairs_of([base.as_str()]), pairs_of([edited.as_str()]));
            let dice_same =
                2 * shared_count(&pa, &pb) * 10 >= SAME_STORY_TENTHS * (pa.len() + pb.len());
            if dice_same {
                same += 1;
                assert!(!a.rules_out(&b) && !b.rules_out(&a), "{edited}");
            } else if a.rules_out(&b) {
                ruled_out += 1;
            }
        }
        // Both kinds were met, and the sketch settles most of the other stories by itself.
        assert!(same > 100, "{same} edits kept the story");
        assert!(ruled_out > 100, "{ruled_out} other stories ruled out");
    }

    proptest::proptest! {
        /// Counting letters from the bytes gives the sketch's count, on any text and on text
        /// made of the characters at the edges of the fast path (`䷀` U+4DC0 shares the lead
        /// byte `E4` with `一` U+4E00; `ꀀ` U+A000 follows `鿿` U+9FFF; `İ` lower-cases to two).
        #[test]
        fn letters_are_counted_as_the_sketch_counts_them(
            text in proptest::prop_oneof![
                ".*",
                "[\u{4dbf}\u{4dc0}\u{4dff}\u{4e00}\u{9fff}\u{a000}İÅß１Ａ，。a-zA-Z0-9 ]{0,16}"
            ]
        ) {
            proptest::prop_assert_eq!(letter_count([text.as_str()]), letters([text.as_str()]).chars().count());
            proptest::prop_assert_eq!(letter_count([text.as_str()]), Sketch::of([text.as_str()]).chars);
        }
    }

    /// Asking about one item gives what marking the whole edition gives, on editions where
    /// headlines repeat across pages over three stories that share sentences: some the same
    /// story, some nearly (a sentence more), some another story under a standing headline.
    #[test]
    fn first_printing_of_one_item_is_what_marking_gives() {
        const HEADLINES: [&str; 4] = ["图片新闻", "青川新建十座智能温室", "导读", "Harvest Notes"];
        const SENTENCES: [&str; 6] = [
            STORY[0],
            STORY[1],
            "村里新修的水渠通到了每一块田，今年夏天再没有缺过水。",
            "The mill on the river ran all night to finish the order.",
            "合作社的账目每月张榜公布，社员随时可以查看。",
            "农户以土地入股。",
        ];
        let mut next = xorshift(0x9e37_79b9_7f4a_7c15);
        let mut repeats = 0;
        for edition in 0..200 {
            let mut pages: Vec<Page> = (0..=next(5))
                .map(|p| {
                    let items = (0..=next(6))
                        .map(|i| {
                            // One of three stories, now and then with a sentence more.
                            let story = next(3);
                            let mut body: Vec<&str> = SENTENCES[story..story + 3].to_vec();
                            if next(3) == 0 {
                                body.push(SENTENCES[next(SENTENCES.len())]);
                            }
                            if next(8) == 0 {
                                body.clear();
                            }
                            let id = format!("e{edition}/{p}/{i}");
                            let mut item = article(&id, HEADLINES[next(HEADLINES.len())], &body);
                            if next(10) == 0 {
                                item.kind = ItemKind::Photo;
                            }
                            item
                        })
                        .collect();
                    page(&p.to_string(), items)
                })
                .collect();
            let unmarked = pages.clone();
            mark_repeats(&mut pages);
            for (page_idx, page) in pages.iter().enumerate() {
                for (item_idx, item) in page.items.iter().enumerate() {
                    let marked = item.repeat_of.as_ref().map(|first| {
                        let at = pages
                            .iter()
                            .enumerate()
                            .find_map(|(p, page)| {
                                let i = page.items.iter().position(|i| i.id == first.id)?;
                                Some((p, i))
                            })
                            .expect("the first printing is in the edition");
                        repeats += 1;
                        at
                    });
                    assert_eq!(
                        first_printing(&unmarked, (page_idx, item_idx)),
                        marked,
                        "{}",
                        item.id
                    );
                }
            }
        }
        assert!(repeats > 20, "{repeats} repeats met");
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
