//! Deterministic synthetic editions built from the sample's paragraphs, for benchmarks and
//! tests that need volume: headlines, kickers, bylines, page blocks, jumps, column-break damage.

use std::fmt::Write as _;

use super::SAMPLE_TEXT;

/// A small deterministic generator (64-bit LCG): the same seed gives the same text everywhere.
#[derive(Debug, Clone)]
pub struct Lcg(pub u64);

impl Lcg {
    /// A number in `0..below` (0 when `below` is 0).
    pub fn below(&mut self, below: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % below.max(1)
    }
}

/// The sample's body paragraphs (no headings, front matter, bylines or photo credits).
pub fn sample_paragraphs() -> Vec<&'static str> {
    use crate::edition::recognize::{is_byline, is_credit};
    let body = SAMPLE_TEXT.split("+++\n").nth(2).unwrap_or(SAMPLE_TEXT);
    body.lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#') && !is_byline(l) && !is_credit(l))
        .collect()
}

/// The sample's headlines.
pub fn sample_headlines() -> Vec<&'static str> {
    SAMPLE_TEXT
        .lines()
        .filter_map(|l| l.strip_prefix("# "))
        .collect()
}

/// An edition of about `target_bytes` with four pages, articles of 3–8 paragraphs, and now and
/// then a kicker, a column-break split or a jump to page 2.
pub fn edition_text(rng: &mut Lcg, target_bytes: usize, date: &str) -> String {
    let paragraphs = sample_paragraphs();
    let heads = sample_headlines();
    let mut out = String::with_capacity(target_bytes + 4096);
    let _ = write!(out, "+++\npaper = \"许昌日报\"\ndate = {date}\n+++\n\n");
    let mut page = 1;
    while out.len() < target_bytes {
        if out.len() > page * target_bytes / 4 {
            page += 1;
            let _ = writeln!(out, "+++\npage = {page}\n+++\n");
        }
        if rng.below(4) == 0 {
            let _ = writeln!(out, "### {}\n", heads[rng.below(heads.len())]);
        }
        let _ = writeln!(
            out,
            "# {}\n\n本报记者 张辉\n",
            heads[rng.below(heads.len())]
        );
        for _ in 0..3 + rng.below(6) {
            push_paragraph(&mut out, paragraphs[rng.below(paragraphs.len())], rng);
        }
        if rng.below(6) == 0 {
            out.push_str("(下转第二版)\n\n");
        }
    }
    out
}

/// One article of about `target_bytes`: a headline and paragraphs of the sample.
pub fn long_article(rng: &mut Lcg, target_bytes: usize) -> String {
    let paragraphs = sample_paragraphs();
    let mut out = String::from("# 长篇报道：全年工作回顾\n\n本报记者 张辉\n\n");
    while out.len() < target_bytes {
        push_paragraph(&mut out, paragraphs[rng.below(paragraphs.len())], rng);
    }
    out
}

fn push_paragraph(out: &mut String, paragraph: &str, rng: &mut Lcg) {
    // Now and then a column break in the middle of a paragraph.
    if rng.below(5) == 0 && paragraph.len() > 60 {
        let cut = (paragraph.len() / 2..paragraph.len())
            .find(|&i| paragraph.is_char_boundary(i))
            .unwrap_or(paragraph.len());
        out.push_str(&paragraph[..cut]);
        out.push_str("\n\n");
        out.push_str(&paragraph[cut..]);
    } else {
        out.push_str(paragraph);
    }
    out.push_str("\n\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_loadable() {
        let a = edition_text(&mut Lcg(7), 50_000, "2023-02-28");
        let b = edition_text(&mut Lcg(7), 50_000, "2023-02-28");
        assert_eq!(a, b);
        assert!(a.len() >= 50_000);
        let edition =
            crate::edition::load_bytes(a.as_bytes(), std::path::Path::new("synthetic.md"));
        assert_eq!(edition.pages.len(), 4);
        assert!(edition.pages.iter().all(|p| !p.items.is_empty()));
        let article = long_article(&mut Lcg(1), 100_000);
        let edition =
            crate::edition::load_bytes(article.as_bytes(), std::path::Path::new("long.md"));
        assert_eq!(edition.pages[0].items.len(), 1);
    }
}
