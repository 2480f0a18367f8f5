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
            format!("第{}版", hit.page())
        } else {
            format!("page {}", hit.page())
        };
        let mut head = hit.id().to_owned();
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
        writeln!(out, "  {}", hit.headline())?;
        let (open, close) = match mark {
            Mark::Brackets => ("【", "】"),
            Mark::Bold => ("\x1b[1m", "\x1b[22m"),
        };
        let snippet = hit.snippet();
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
    /// Counts a batch of results. An edition's results come together and share its labels, so
    /// each run of them is counted at once (the maps were asked once per result).
    pub fn add_all(&mut self, hits: &[Hit]) {
        let same = |a: &Option<std::sync::Arc<str>>, b: &Option<std::sync::Arc<str>>| match (a, b) {
            (Some(a), Some(b)) => std::sync::Arc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        };
        for run in hits.chunk_by(|a, b| same(&a.paper, &b.paper) && same(&a.date, &b.date)) {
            self.add_n(&run[0], run.len());
        }
    }

    /// Counts `n` results of `hit`'s paper and year.
    fn add_n(&mut self, hit: &Hit, n: usize) {
        // Keys are made once each, not once per result.
        fn count(map: &mut BTreeMap<String, usize>, key: &str, n: usize) {
            match map.get_mut(key) {
                Some(count) => *count += n,
                None => {
                    map.insert(key.to_owned(), n);
                }
            }
        }
        count(&mut self.papers, hit.paper.as_deref().unwrap_or("?"), n);
        let year = hit.date.as_deref().and_then(|d| d.get(..4)).unwrap_or("?");
        count(&mut self.years, year, n);
    }

    /// Every result counted.
    pub fn total(&self) -> usize {
        self.papers.values().sum()
    }
}

/// The results of a search written as they come, a batch at a time: blocks of
/// [`write_plain`], or with `--json` one object, `{"query", "terms", "results": [{"id", "paper",
/// "date", "page", "headline", "snippet", "hit"}], "count", "found", "counts": {"papers",
/// "years"}, "index"}`; `terms` is the parsed query, a list of clauses that must all hold, each
/// a list of alternatives `{"text", "field", "exclude"}`; `hit` is the match's `[start, end)`
/// byte range in the UTF-8 snippet; `count` is the results listed, `found` and `counts` cover
/// every result (`--limit` aside); `index` says whether the search index answered for every
/// edition (`complete`), some (`partial`) or none. The JSON is what `serde_json` prints
/// pretty, byte for byte; only the results are written before the search ends.
pub struct Results<'a> {
    out: &'a mut dyn Write,
    /// Bold or brackets for plain blocks; `None` for JSON.
    mark: Option<Mark>,
    /// Results listed at most (`--limit`); all are counted (for the JSON).
    limit: Option<usize>,
    shown: usize,
    /// Every result by paper and year (JSON only).
    counts: Counts,
    /// A batch's output, written at once (JSON is serialised a few bytes at a time).
    buf: Vec<u8>,
    /// The first write that failed (a closed pipe): nothing more is written.
    failed: Option<io::Error>,
}

/// One alternative of a clause of the parsed query, as the JSON lists it.
#[derive(Serialize)]
struct JsonTerm<'a> {
    text: &'a str,
    field: Option<&'static str>,
    exclude: bool,
}

/// One result as `serde_json` prints it pretty in the results list (`JsonResult` in the
/// tests), written field by field (serde_json escapes the strings): printing each through a
/// value and indenting it cost a tenth of the time of printing every result of a common word.
fn json_result(h: &Hit, out: &mut Vec<u8>) -> io::Result<()> {
    // Each field's name and what stands between it and the one before are one piece: a few
    // copies a field rather than one for every quote and separator.
    let value = |out: &mut Vec<u8>, value: Option<&str>| {
        if let Some(value) = value {
            json_string(value, out)
        } else {
            out.extend_from_slice(b"null");
            Ok(())
        }
    };
    out.reserve(h.texts.len() + 200);
    out.extend_from_slice(b"    {\n      \"id\": ");
    json_string(h.id(), out)?;
    out.extend_from_slice(b",\n      \"paper\": ");
    value(out, h.paper.as_deref())?;
    out.extend_from_slice(b",\n      \"date\": ");
    value(out, h.date.as_deref())?;
    out.extend_from_slice(b",\n      \"page\": ");
    json_string(h.page(), out)?;
    out.extend_from_slice(b",\n      \"headline\": ");
    json_string(h.headline(), out)?;
    out.extend_from_slice(b",\n      \"snippet\": ");
    json_string(h.snippet(), out)?;
    let mut number = itoa::Buffer::new();
    out.extend_from_slice(b",\n      \"hit\": [\n        ");
    out.extend_from_slice(number.format(h.hit.start).as_bytes());
    out.extend_from_slice(b",\n        ");
    out.extend_from_slice(number.format(h.hit.end).as_bytes());
    out.extend_from_slice(b"\n      ]\n    }");
    Ok(())
}

/// `value` as a JSON string, as `serde_json` writes it: a string with nothing to escape (no
/// quote, backslash or control character, which is nearly every headline and snippet), found
/// by one branch-free pass over its bytes, is written between quotes as it is; any other goes
/// through `serde_json`. Escaping every string byte by byte was a tenth of listing every
/// result of a common word.
fn json_string(value: &str, out: &mut Vec<u8>) -> io::Result<()> {
    if needs_escape(value.as_bytes()) {
        serde_json::to_writer(&mut *out, value)?;
    } else {
        out.reserve(value.len() + 2);
        out.push(b'"');
        out.extend_from_slice(value.as_bytes());
        out.push(b'"');
    }
    Ok(())
}

/// Whether `bytes` hold a quote, a backslash or a control character (below U+0020), which JSON
/// escapes: eight bytes at a time, each word tested for all three at once (the tests of
/// "Bit Twiddling Hacks" for a byte below a bound and for a byte equal to one, exact as to
/// whether any byte is), then the last few bytes one by one.
fn needs_escape(bytes: &[u8]) -> bool {
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    const HIGH: u64 = ONES << 7;
    // A byte of `x` is zero.
    let zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    let (words, rest) = bytes.as_chunks::<8>();
    let mut found = 0;
    for word in words {
        let x = u64::from_le_bytes(*word);
        let control = x.wrapping_sub(ONES * 0x20) & !x & HIGH;
        found |= control | zero(x ^ (ONES * u64::from(b'"'))) | zero(x ^ (ONES * u64::from(b'\\')));
    }
    found != 0 || rest.iter().any(|&b| b < 0x20 || b == b'"' || b == b'\\')
}

/// The parsed query as the JSON lists it: clauses, each a list of alternatives.
fn json_terms(query: &Query) -> Vec<Vec<JsonTerm<'_>>> {
    query
        .clauses()
        .iter()
        .map(|clause| {
            clause
                .alternatives
                .iter()
                .map(|t| JsonTerm {
                    text: t.needle.query(),
                    field: t.scope.map(crate::library::search::Scope::name),
                    exclude: t.negated,
                })
                .collect()
        })
        .collect()
}

/// `value` as `serde_json` prints it pretty, nested `depth` levels down (two spaces a level).
fn pretty_at(value: &impl Serialize, depth: usize, out: &mut Vec<u8>) -> io::Result<()> {
    let mut text = Vec::new();
    serde_json::to_writer_pretty(&mut text, value)?;
    let indent = "  ".repeat(depth);
    for (n, line) in text.split(|&b| b == b'\n').enumerate() {
        if n > 0 {
            out.push(b'\n');
            out.extend_from_slice(indent.as_bytes());
        }
        out.extend_from_slice(line);
    }
    Ok(())
}

impl<'a> Results<'a> {
    fn new(out: &'a mut dyn Write, mark: Option<Mark>, limit: Option<usize>) -> Results<'a> {
        Results {
            out,
            mark,
            limit,
            shown: 0,
            counts: Counts::default(),
            buf: Vec::new(),
            failed: None,
        }
    }

    /// Plain blocks, the match marked with `mark`.
    pub fn plain(out: &'a mut dyn Write, mark: Mark, limit: Option<usize>) -> Results<'a> {
        Results::new(out, Some(mark), limit)
    }

    /// The JSON object, its head (the query and its terms) written at once.
    pub fn json(
        out: &'a mut dyn Write,
        query: &Query,
        limit: Option<usize>,
    ) -> io::Result<Results<'a>> {
        let terms = json_terms(query);
        let mut head = b"{\n  \"query\": ".to_vec();
        pretty_at(&query.text(), 1, &mut head)?;
        head.extend_from_slice(b",\n  \"terms\": ");
        pretty_at(&terms, 1, &mut head)?;
        head.extend_from_slice(b",\n  \"results\": [");
        out.write_all(&head)?;
        Ok(Results::new(out, None, limit))
    }

    /// Writes (up to the limit) and counts a batch of results, and lets them out to the
    /// terminal or pipe at once.
    pub fn add(&mut self, hits: &[Hit]) {
        // Only the JSON says how the results fall by paper and year.
        if self.mark.is_none() {
            self.counts.add_all(hits);
        }
        let room = self
            .limit
            .map_or(hits.len(), |l| l.saturating_sub(self.shown));
        let listed = &hits[..room.min(hits.len())];
        if listed.is_empty() || self.failed.is_some() {
            self.shown += listed.len();
            return;
        }
        self.buf.clear();
        let written = match self.mark {
            Some(mark) => {
                if self.shown > 0 {
                    self.buf.push(b'\n');
                }
                write_plain(listed, mark, &mut self.buf)
            }
            None => listed.iter().enumerate().try_for_each(|(n, h)| {
                let first = self.shown + n == 0;
                self.buf
                    .extend_from_slice(if first { b"\n" } else { b",\n" });
                json_result(h, &mut self.buf)
            }),
        };
        self.shown += listed.len();
        if let Err(err) = written
            .and_then(|()| self.out.write_all(&self.buf))
            .and_then(|()| self.out.flush())
        {
            self.failed = Some(err);
        }
    }

    /// Whether a write failed (the pipe closed): nothing more will be written.
    pub fn failed(&self) -> bool {
        self.failed.is_some()
    }

    /// Results listed so far.
    pub fn shown(&self) -> usize {
        self.shown
    }

    /// Ends the output (the JSON object's count, found, counts and index) and flushes it; the
    /// first write that failed, if one did.
    pub fn finish(mut self, coverage: Coverage) -> io::Result<()> {
        if let Some(err) = self.failed.take() {
            return Err(err);
        }
        if self.mark.is_none() {
            let mut tail = Vec::new();
            tail.extend_from_slice(if self.shown == 0 { b"]" } else { b"\n  ]" });
            tail.extend_from_slice(
                format!(
                    ",\n  \"count\": {},\n  \"found\": {},\n  \"counts\": ",
                    self.shown,
                    self.counts.total()
                )
                .as_bytes(),
            );
            pretty_at(&self.counts, 1, &mut tail)?;
            tail.extend_from_slice(b",\n  \"index\": ");
            pretty_at(&coverage.name(), 1, &mut tail)?;
            tail.extend_from_slice(b"\n}\n");
            self.out.write_all(&tail)?;
        }
        self.out.flush()
    }
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

    #[test]
    fn strings_are_written_as_serde_json_writes_them() {
        let mut out = Vec::new();
        let samples = [
            "",
            "群众",
            "say \"hi\"",
            "a\\b",
            "tab\there",
            "\u{7f}\u{2028}é😀",
        ];
        let every_char = (0..=0x2_ffffu32)
            .filter_map(char::from_u32)
            .map(String::from);
        // Each character JSON escapes, and one it does not, at every place in a string long
        // enough to be tested a word at a time.
        let placed = ['"', '\\', '\u{0}', '\n', '\u{1f}', ' ', '\u{7f}', '群']
            .into_iter()
            .flat_map(|c| {
                (0..=20).map(move |at| {
                    let mut text = "a".repeat(20);
                    text.insert(at, c);
                    text
                })
            });
        for text in samples
            .into_iter()
            .map(String::from)
            .chain(every_char)
            .chain(placed)
        {
            out.clear();
            json_string(&text, &mut out).expect("written");
            let theirs = serde_json::to_string(&text).expect("written");
            assert_eq!(String::from_utf8_lossy(&out), theirs, "{text:?}");
        }
    }
    use crate::library::search::{Field, HitTexts};

    fn hit() -> Hit {
        Hit {
            texts: HitTexts::new(
                "xuchang-daily-2023-02-28/1/2",
                "1",
                "探索建立多元救助模式",
                "…多元救助模式",
            ),
            edition_idx: 0,
            page_idx: 0,
            item_idx: 1,
            paper: Some("许昌日报".into()),
            date: Some("2023-02-28".into()),
            language: Some("zh".into()),
            field: Field::Headline,
            field_hit: 18..24,
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

    /// The JSON of `hits` handed over in `batches`, at most `limit` listed.
    fn json_of(query: &Query, batches: &[Vec<Hit>], limit: Option<usize>) -> String {
        let mut out = Vec::new();
        let mut results = Results::json(&mut out, query, limit).expect("writes");
        for batch in batches {
            results.add(batch);
        }
        results.finish(Coverage::None).expect("writes");
        String::from_utf8(out).expect("UTF-8")
    }

    #[test]
    fn json_has_the_documented_keys() {
        let query = Query::parse("救助 -headline:\"a b\" OR x").expect("a query");
        let out = json_of(&query, &[vec![hit()]], None);
        let json: serde_json::Value = serde_json::from_str(&out).expect("JSON");
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

    /// One result as the JSON lists it.
    #[derive(Serialize)]
    struct JsonResult<'a> {
        id: &'a str,
        paper: Option<&'a str>,
        date: Option<&'a str>,
        page: &'a str,
        headline: &'a str,
        snippet: &'a str,
        hit: [usize; 2],
    }

    /// Written a batch at a time, the JSON is what serde_json prints pretty for the whole
    /// document at once, byte for byte, with and without results and a limit.
    #[test]
    fn streamed_json_is_serde_json_pretty() {
        #[derive(Serialize)]
        struct Doc<'a> {
            query: &'a str,
            terms: Vec<Vec<JsonTerm<'a>>>,
            results: Vec<JsonResult<'a>>,
            count: usize,
            found: usize,
            counts: &'a Counts,
            index: &'static str,
        }
        let query = Query::parse("救助 \"a \\\"b\" -paper:许昌 OR x").expect("a query");
        let mut other = hit();
        other.paper = None;
        other.date = Some("1916-04-15".into());
        other.texts = HitTexts::new(
            other.id(),
            other.page(),
            other.headline(),
            "tab\there, “quoted”",
        );
        other.hit = 0..3;
        let all = vec![hit(), other.clone(), hit(), other];
        for (batches, limit) in [
            (vec![], None),
            (vec![all.clone()], None),
            (
                vec![all[..1].to_vec(), all[1..3].to_vec(), all[3..].to_vec()],
                None,
            ),
            (vec![all[..3].to_vec(), all[3..].to_vec()], Some(2)),
            (vec![all.clone()], Some(0)),
            // An edition's results share its labels, and are counted a run at a time.
            (
                vec![vec![
                    all[0].clone(),
                    all[0].clone(),
                    all[1].clone(),
                    all[1].clone(),
                ]],
                None,
            ),
        ] {
            let streamed = json_of(&query, &batches, limit);
            let hits: Vec<Hit> = batches.concat();
            let listed = &hits[..limit.unwrap_or(hits.len()).min(hits.len())];
            let mut counts = Counts::default();
            for hit in &hits {
                counts.add_all(std::slice::from_ref(hit));
            }
            let doc = Doc {
                query: query.text(),
                terms: json_terms(&query),
                results: listed
                    .iter()
                    .map(|h| JsonResult {
                        id: h.id(),
                        paper: h.paper.as_deref(),
                        date: h.date.as_deref(),
                        page: h.page(),
                        headline: h.headline(),
                        snippet: h.snippet(),
                        hit: [h.hit.start, h.hit.end],
                    })
                    .collect(),
                count: listed.len(),
                found: hits.len(),
                counts: &counts,
                index: "none",
            };
            let whole = serde_json::to_string_pretty(&doc).expect("JSON") + "\n";
            assert_eq!(
                streamed,
                whole,
                "{} batches, limit {limit:?}",
                batches.len()
            );
        }
    }

    /// Plain blocks written a batch at a time are the blocks of all of them at once, up to
    /// the limit.
    #[test]
    fn streamed_plain_blocks_are_the_blocks_of_all() {
        let all = [hit(), hit(), hit()];
        let mut whole = Vec::new();
        write_plain(&all[..2], Mark::Brackets, &mut whole).expect("writes");
        let mut out = Vec::new();
        let mut results = Results::plain(&mut out, Mark::Brackets, Some(2));
        results.add(&all[..1]);
        results.add(&all[1..]);
        assert_eq!(results.shown(), 2);
        results.finish(Coverage::None).expect("writes");
        assert_eq!(out, whole);
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
