//! `kanbao search QUERY`: every article that contains the query across the library, newest
//! first, as readable blocks (id, paper, date, page, headline, snippet with the match marked) or,
//! with `--json`, one object for scripts.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::time::Duration;

use serde::Serialize;

use crate::library::search::{Coverage, Hit, Outcome, Query};

/// How the match is marked in plain output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// `【match】`: text that goes to a file or a pipe.
    Brackets,
    /// Bold, for a terminal.
    Bold,
}

/// Writes one block per result:
///
/// ```text
/// xuchang-daily-2023-02-28/1/2  许昌日报  2023-02-28  第1版
///   探索建立多元救助模式 构建全方位社会救助体系
///   …构建全方位社会【救助】体系
/// ```
pub fn write_plain(hits: &[Hit], mark: Mark, out: &mut dyn Write) -> io::Result<()> {
    for (n, hit) in hits.iter().enumerate() {
        if n > 0 {
            writeln!(out)?;
        }
        let zh = hit.language.as_deref().is_some_and(|l| l.starts_with("zh"));
        let page = if zh {
            format!("第{}版", hit.page)
        } else {
            format!("page {}", hit.page)
        };
        let mut head = hit.id.clone();
        for part in [
            hit.paper.as_deref(),
            hit.date.as_deref(),
            Some(page.as_str()),
        ]
        .into_iter()
        .flatten()
        {
            head.push_str("  ");
            head.push_str(part);
        }
        writeln!(out, "{head}")?;
        writeln!(out, "  {}", hit.headline)?;
        let (open, close) = match mark {
            Mark::Brackets => ("【", "】"),
            Mark::Bold => ("\x1b[1m", "\x1b[22m"),
        };
        let snippet = &hit.snippet;
        writeln!(
            out,
            "  {}{open}{}{close}{}",
            &snippet[..hit.hit.start],
            &snippet[hit.hit.clone()],
            &snippet[hit.hit.end..]
        )?;
    }
    Ok(())
}

/// How many results each paper and each year holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// By the paper as the edition names it (`?` when it does not).
    pub papers: BTreeMap<String, usize>,
    /// By the edition's year (`?` without a date).
    pub years: BTreeMap<String, usize>,
}

impl Counts {
    pub fn of(hits: &[Hit]) -> Counts {
        // Keys are made once each, not once per result.
        fn count(map: &mut BTreeMap<String, usize>, key: &str) {
            match map.get_mut(key) {
                Some(n) => *n += 1,
                None => {
                    map.insert(key.to_owned(), 1);
                }
            }
        }
        let mut counts = Counts::default();
        for hit in hits {
            count(&mut counts.papers, hit.paper.as_deref().unwrap_or("?"));
            let year = hit.date.as_deref().and_then(|d| d.get(..4)).unwrap_or("?");
            count(&mut counts.years, year);
        }
        counts
    }
}

/// Writes `{"query", "terms", "results": [{"id", "paper", "date", "page", "headline", "snippet",
/// "hit"}], "count", "found", "counts": {"papers", "years"}, "index"}`; `terms` is the parsed
/// query, a list of clauses that must all hold, each a list of alternatives `{"text", "field",
/// "exclude"}`; `hit` is the match's `[start, end)` byte range in the UTF-8 snippet; `count` is
/// the results listed, `found` and `counts` cover every result (`--limit` aside); `index` says
/// whether the search index answered for every edition (`complete`), some (`partial`) or none.
pub fn write_json(
    query: &Query,
    outcome: &Outcome,
    counts: &Counts,
    out: &mut dyn Write,
) -> io::Result<()> {
    #[derive(Serialize)]
    struct Doc<'a> {
        query: &'a str,
        terms: Vec<Vec<Term<'a>>>,
        results: Vec<Result<'a>>,
        count: usize,
        found: usize,
        counts: &'a Counts,
        index: &'static str,
    }
    #[derive(Serialize)]
    struct Term<'a> {
        text: &'a str,
        field: Option<&'static str>,
        exclude: bool,
    }
    #[derive(Serialize)]
    struct Result<'a> {
        id: &'a str,
        paper: Option<&'a str>,
        date: Option<&'a str>,
        page: &'a str,
        headline: &'a str,
        snippet: &'a str,
        hit: [usize; 2],
    }
    let hits = &outcome.hits;
    let doc = Doc {
        query: query.text(),
        terms: query
            .clauses()
            .iter()
            .map(|clause| {
                clause
                    .alternatives
                    .iter()
                    .map(|t| Term {
                        text: t.needle.query(),
                        field: t.scope.map(crate::library::search::Scope::name),
                        exclude: t.negated,
                    })
                    .collect()
            })
            .collect(),
        results: hits
            .iter()
            .map(|h| Result {
                id: &h.id,
                paper: h.paper.as_deref(),
                date: h.date.as_deref(),
                page: &h.page,
                headline: &h.headline,
                snippet: &h.snippet,
                hit: [h.hit.start, h.hit.end],
            })
            .collect(),
        count: hits.len(),
        found: counts.papers.values().sum(),
        counts,
        index: outcome.coverage.name(),
    };
    // Through a buffer of a known type: the serialiser writes a few bytes at a time, and each
    // write through `dyn Write` was a call that could not be inlined (a tenth of listing every
    // result of a common word).
    let mut buffered = io::BufWriter::with_capacity(256 * 1024, &mut *out);
    serde_json::to_writer_pretty(&mut buffered, &doc)?;
    writeln!(buffered)?;
    buffered.flush()
}

/// The line for stderr after the results: `3 articles in 3650 editions`, or when `--limit`
/// left some out, `the newest 10 articles in 3650 editions (more left out by --limit)` (`the best
/// 10` in relevance order).
pub fn summary(shown: usize, found: usize, editions: usize, by_relevance: bool) -> String {
    let articles = if shown == 1 { "article" } else { "articles" };
    let editions = format!(
        "{editions} {}",
        if editions == 1 { "edition" } else { "editions" }
    );
    if shown < found {
        let which = if by_relevance { "best" } else { "newest" };
        format!("the {which} {shown} {articles} in {editions} (more left out by --limit)")
    } else {
        format!("{shown} {articles} in {editions}")
    }
}

/// A line for stderr about the index, when there is something to say: editions not yet in it
/// were read directly, or a slow search had no index to use.
pub fn index_note(
    outcome: &Outcome,
    had_index: bool,
    scan: bool,
    took: Duration,
) -> Option<String> {
    match outcome.coverage {
        Coverage::Partial => Some(
            "kanbao: some editions are not in the search index yet and were read directly; \
             `kanbao index` adds them"
                .to_owned(),
        ),
        Coverage::None if !had_index && !scan && took > Duration::from_secs(1) => Some(format!(
            "kanbao: that took {:.1} s reading every edition; `kanbao index` makes searches \
             of this library answer in milliseconds",
            took.as_secs_f64()
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::search::Field;

    fn hit() -> Hit {
        Hit {
            id: "xuchang-daily-2023-02-28/1/2".to_owned(),
            edition_idx: 0,
            page_idx: 0,
            item_idx: 1,
            paper: Some("许昌日报".to_owned()),
            date: Some("2023-02-28".to_owned()),
            language: Some("zh".to_owned()),
            page: "1".to_owned(),
            headline: "探索建立多元救助模式".to_owned(),
            field: Field::Headline,
            field_hit: 18..24,
            snippet: "…多元救助模式".to_owned(),
            hit: 9..15,
        }
    }

    #[test]
    fn plain_blocks_mark_the_match() {
        let mut out = Vec::new();
        write_plain(&[hit(), hit()], Mark::Brackets, &mut out).expect("writes");
        let text = String::from_utf8(out).expect("UTF-8");
        let block = "xuchang-daily-2023-02-28/1/2  许昌日报  2023-02-28  第1版\n  探索建立多元救助模式\n  …多元【救助】模式\n";
        assert_eq!(text, format!("{block}\n{block}"));
        let mut out = Vec::new();
        write_plain(&[hit()], Mark::Bold, &mut out).expect("writes");
        assert!(String::from_utf8_lossy(&out).contains("…多元\x1b[1m救助\x1b[22m模式"));
    }

    #[test]
    fn json_has_the_documented_keys() {
        let mut out = Vec::new();
        let query = Query::parse("救助 -headline:\"a b\" OR x").expect("a query");
        let outcome = Outcome {
            hits: vec![hit()],
            ..Outcome::default()
        };
        write_json(&query, &outcome, &Counts::of(&outcome.hits), &mut out).expect("writes");
        let json: serde_json::Value = serde_json::from_slice(&out).expect("JSON");
        assert_eq!(json["query"], "救助 -headline:\"a b\" OR x");
        assert_eq!(
            json["terms"],
            serde_json::json!([
                [{"text": "救助", "field": null, "exclude": false}],
                [
                    {"text": "a b", "field": "headline", "exclude": true},
                    {"text": "x", "field": null, "exclude": false}
                ]
            ])
        );
        assert_eq!(json["count"], 1);
        assert_eq!(json["found"], 1);
        assert_eq!(json["index"], "none");
        assert_eq!(
            json["counts"],
            serde_json::json!({"papers": {"许昌日报": 1}, "years": {"2023": 1}})
        );
        let result = &json["results"][0];
        let mut keys: Vec<&str> = result
            .as_object()
            .expect("an object")
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            ["date", "headline", "hit", "id", "page", "paper", "snippet"]
        );
        assert_eq!(result["hit"], serde_json::json!([9, 15]));
    }

    #[test]
    fn summaries_count_articles() {
        assert_eq!(summary(0, 0, 1, false), "0 articles in 1 edition");
        assert_eq!(summary(1, 1, 3650, true), "1 article in 3650 editions");
        assert_eq!(
            summary(20, 523, 3650, true),
            "the best 20 articles in 3650 editions (more left out by --limit)"
        );
        assert_eq!(
            summary(10, 523, 3650, false),
            "the newest 10 articles in 3650 editions (more left out by --limit)"
        );
    }
}
