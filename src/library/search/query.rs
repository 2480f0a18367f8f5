//! The query language of `kanbao search`: words separated by spaces must all occur, `"a phrase"`
//! keeps its spaces, `-word` excludes, `a OR b` takes either (OR binds tighter than the spaces),
//! and `headline:`, `byline:`, `caption:`, `credit:`, `paper:`, `page:` narrow a term to a part of the article or its
//! edition. Each term matches through a [`Needle`], so case folding and the conservative raw-file
//! test are the same as for a single phrase; Chinese is never split inside a run of characters.
//!
//! The query vocabulary, below the scan and the index: it must never import the scan
//! ([`super::scan`]), the threads, the index ([`index`](crate::library::search::index)) or the choice between
//! them ([`crate::library::search`]'s own items).

use std::ops::Range;

use super::needle::{Needle, NeedleError, fold};
use super::searchable::{Field, Searchable, first_match_in};

/// Where a term looks, when it names a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The kicker, headline and subtitle.
    Headline,
    /// The byline.
    Byline,
    /// Photo captions: a photo item's and those of the photos in the body.
    Caption,
    /// Photo credits (`本报记者 王岩摄`, `新华社发`): a photo item's and those in the body.
    Credit,
    /// The edition's paper, as its front matter or its file names give it.
    Paper,
    /// The page: its label (`1`, `B2`, whole and without case) or its name (`要闻`, contained).
    Page,
}

impl Scope {
    /// The field a `name:` prefix names (ASCII case aside), if any.
    fn parse(name: &str) -> Option<Scope> {
        [
            Scope::Headline,
            Scope::Byline,
            Scope::Caption,
            Scope::Credit,
            Scope::Paper,
            Scope::Page,
        ]
        .into_iter()
        .find(|scope| scope.name().eq_ignore_ascii_case(name))
    }

    /// The prefix without its colon: `headline`.
    pub fn name(self) -> &'static str {
        match self {
            Scope::Headline => "headline",
            Scope::Byline => "byline",
            Scope::Caption => "caption",
            Scope::Credit => "credit",
            Scope::Paper => "paper",
            Scope::Page => "page",
        }
    }

    /// Decided by the edition and page an article is in, not by its text: such a term only
    /// narrows, and the raw-file test cannot judge it.
    pub fn is_metadata(self) -> bool {
        matches!(self, Scope::Paper | Scope::Page)
    }

    /// Whether a match in `field` of an article counts for a term in this scope.
    fn holds(scope: Option<Scope>, field: Field) -> bool {
        match scope {
            None => true,
            Some(Scope::Headline) => {
                matches!(field, Field::Kicker | Field::Headline | Field::Subtitle)
            }
            Some(Scope::Byline) => field == Field::Byline,
            Some(Scope::Caption) => field.is_caption(),
            Some(Scope::Credit) => field.is_credit(),
            Some(Scope::Paper | Scope::Page) => false,
        }
    }
}

/// One word or phrase of a query.
#[derive(Debug, Clone)]
pub struct Term {
    /// The field it is limited to; `None` for every searchable part of an article.
    pub scope: Option<Scope>,
    pub needle: Needle,
    /// `-word`: an article that contains it is left out.
    pub negated: bool,
}

impl Term {
    /// A term in article text (no field, `headline:` or `byline:`), not excluded.
    fn is_positive_text(&self) -> bool {
        !self.negated && !self.scope.is_some_and(Scope::is_metadata)
    }
}

/// Terms of which at least one must hold (`a OR b`); most clauses hold one term.
#[derive(Debug, Clone)]
pub struct Clause {
    pub alternatives: Vec<Term>,
}

impl Clause {
    /// No alternative is an exclusion, so the clause needs something to be present.
    pub fn is_positive(&self) -> bool {
        self.alternatives.iter().all(|t| !t.negated)
    }

    /// `false` only when a file with these bytes holds no article that satisfies the clause.
    fn may_match_file(&self, raw: &[u8]) -> bool {
        !self.is_positive()
            || self.alternatives.iter().any(|term| {
                term.scope.is_some_and(Scope::is_metadata) || term.needle.may_match_file(raw)
            })
    }
}

/// A parsed query: every clause must hold. There is always a clause of positive text terms, so
/// every result has a match to show.
#[derive(Debug, Clone)]
pub struct Query {
    text: String,
    clauses: Vec<Clause>,
}

/// The edition and page an article is in, for `paper:` and `page:`.
#[derive(Debug, Clone, Copy)]
pub struct Place<'a> {
    /// The paper as the edition names it, and as its file or folder name does.
    pub paper: Option<&'a str>,
    pub name_paper: Option<&'a str>,
    /// The page's label (`1`, `B2`) and name (`要闻`).
    pub page_label: &'a str,
    pub page_name: Option<&'a str>,
}

/// Why a query cannot be searched for. Columns count characters from 1.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    #[error("the query is empty; give the words to search for, e.g. kanbao search 救助")]
    Empty,
    #[error(
        "the query '{query}' has nothing to look for: exclusions (-word) and paper:/page: only \
         narrow; add a word to find, e.g. 救助 -广告"
    )]
    NothingToFind { query: String },
    #[error("the quote at character {col} of the query is not closed; close it with \" or drop it")]
    Unclosed { col: usize },
    #[error("the quotes at character {col} of the query are empty; put a phrase between them")]
    EmptyQuotes { col: usize },
    #[error(
        "'OR' at character {col} of the query needs a term on each side, e.g. 救助 OR 帮扶; to \
         find the word itself, quote it: \"OR\""
    )]
    LoneOr { col: usize },
    #[error(
        "'{prefix}' at character {col} of the query needs a word right after it, e.g. \
         {prefix}救助"
    )]
    Dangling { prefix: String, col: usize },
    #[error(
        "'{term}' in the query is only punctuation, which search does not look for alone; search \
         for a word, or a quoted phrase that holds the punctuation, e.g. \"救助，\""
    )]
    OnlyPunctuation { term: String },
    #[error(
        "the query is {chars} characters long; search takes at most {MAX_QUERY_CHARS}: search for \
         its most telling words or a phrase of them"
    )]
    TooLong { chars: usize },
    #[error(
        "the query has {terms} terms; search takes at most {MAX_QUERY_TERMS}: keep the most \
         telling ones"
    )]
    TooManyTerms { terms: usize },
}

/// The longest query searched, in characters: a paste of a whole article is refused with a
/// message before anything runs, so no query can take unbounded time or memory.
pub const MAX_QUERY_CHARS: usize = 1000;

/// The most terms (words, phrases, exclusions and OR alternatives) one query holds.
pub const MAX_QUERY_TERMS: usize = 32;

impl From<NeedleError> for QueryError {
    fn from(err: NeedleError) -> Self {
        match err {
            NeedleError::Empty => QueryError::Empty,
        }
    }
}

/// What the lexer makes of the query, before ORs are grouped.
enum Token {
    Or {
        col: usize,
    },
    /// Boxed: a compiled needle is several hundred bytes.
    Term(Box<Term>),
}

impl Query {
    /// Parses `text`. Never panics; every malformed query is a [`QueryError`] saying what to
    /// write instead. A query is bounded before anything is compiled: at most
    /// [`MAX_QUERY_CHARS`] characters and [`MAX_QUERY_TERMS`] terms. What cannot be shown in a
    /// terminal (escape sequences, C0/C1 controls, bidi controls) is taken out first, as from
    /// every text kanbao reads, so no echo of the query can carry it.
    pub fn parse(text: &str) -> Result<Query, QueryError> {
        let chars = text.chars().count();
        if chars > MAX_QUERY_CHARS {
            return Err(QueryError::TooLong { chars });
        }
        let text = &*crate::edition::sanitize::sanitize(text);
        let mut clauses: Vec<Clause> = Vec::new();
        // The column of an OR still waiting for the term on its right.
        let mut pending_or: Option<usize> = None;
        let tokens = lex(text)?;
        let terms = tokens
            .iter()
            .filter(|t| matches!(t, Token::Term(_)))
            .count();
        if terms > MAX_QUERY_TERMS {
            return Err(QueryError::TooManyTerms { terms });
        }
        for token in tokens {
            match token {
                Token::Or { col } => {
                    if clauses.is_empty() || pending_or.is_some() {
                        return Err(QueryError::LoneOr { col });
                    }
                    pending_or = Some(col);
                }
                Token::Term(term) => match (pending_or.take(), clauses.last_mut()) {
                    (Some(_), Some(last)) => last.alternatives.push(*term),
                    _ => clauses.push(Clause {
                        alternatives: vec![*term],
                    }),
                },
            }
        }
        if let Some(col) = pending_or {
            return Err(QueryError::LoneOr { col });
        }
        if clauses.is_empty() {
            return Err(QueryError::Empty);
        }
        let findable = |c: &Clause| c.alternatives.iter().all(Term::is_positive_text);
        if !clauses.iter().any(findable) {
            return Err(QueryError::NothingToFind {
                query: text.trim().to_owned(),
            });
        }
        Ok(Query {
            text: text.to_owned(),
            clauses,
        })
    }

    /// The query as given.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The clauses, all of which must hold.
    pub fn clauses(&self) -> &[Clause] {
        &self.clauses
    }

    /// Tunes each term's raw test on `sample` (see [`Needle::tune`]); only speed changes.
    pub fn tune(&mut self, sample: &[u8]) {
        for term in self.clauses.iter_mut().flat_map(|c| &mut c.alternatives) {
            term.needle.tune(sample);
        }
    }

    /// The raw-file test: `false` only when no article of a file with these bytes can match,
    /// because some clause that needs text present has no term that may be in the file. Terms
    /// on `paper:` and `page:` pass here (they are judged on the loaded edition) and exclusions
    /// never reject a file.
    pub fn may_match_file(&self, raw: &[u8]) -> bool {
        self.clauses.iter().all(|clause| clause.may_match_file(raw))
    }

    /// The raw test over several files read one by one (a folder edition's pages): sets in
    /// `met` (one flag per clause) the clauses this file may satisfy. The files may hold a match
    /// once every flag is set, whichever files set them.
    pub fn mark_possible(&self, raw: &[u8], met: &mut [bool]) {
        for (clause, met) in self.clauses.iter().zip(met) {
            *met = *met || clause.may_match_file(raw);
        }
    }

    /// Whether `item`, at `place`, satisfies the query; if so, the match to show: the first
    /// match of the first positive text term that holds, in query order.
    pub fn matches<'a>(
        &self,
        item: &'a impl Searchable,
        place: Place<'_>,
    ) -> Option<(Field, &'a str, Range<usize>)> {
        let mut shown = None;
        for clause in &self.clauses {
            let mut holds = false;
            for term in &clause.alternatives {
                let found = match term.scope {
                    Some(Scope::Paper) => paper_holds(&term.needle, place),
                    Some(Scope::Page) => page_holds(&term.needle, place),
                    scope if term.negated || shown.is_some() => {
                        first_match_in(item, &term.needle, |f| Scope::holds(scope, f)).is_some()
                    }
                    scope => {
                        let found = first_match_in(item, &term.needle, |f| Scope::holds(scope, f));
                        let any = found.is_some();
                        shown = found;
                        any
                    }
                };
                if found != term.negated {
                    holds = true;
                    break;
                }
            }
            if !holds {
                return None;
            }
        }
        shown
    }
}

/// A single needle as a query of one term, taken as written (spaces included): what search
/// did before the query language, and what the reader's own searches still pass.
impl From<&Needle> for Query {
    fn from(needle: &Needle) -> Self {
        Query {
            text: needle.query().to_owned(),
            clauses: vec![Clause {
                alternatives: vec![Term {
                    scope: None,
                    needle: needle.clone(),
                    negated: false,
                }],
            }],
        }
    }
}

impl From<&Query> for Query {
    fn from(query: &Query) -> Self {
        query.clone()
    }
}

fn paper_holds(needle: &Needle, place: Place<'_>) -> bool {
    place
        .paper
        .iter()
        .chain(place.name_paper.iter())
        .any(|paper| needle.find(paper).is_some())
}

fn page_holds(needle: &Needle, place: Place<'_>) -> bool {
    let label_is = place
        .page_label
        .chars()
        .map(fold)
        .eq(needle.query().chars().map(fold));
    label_is
        || place
            .page_name
            .is_some_and(|name| needle.find(name).is_some())
}

/// Splits the query into terms and ORs. Whitespace (the ideographic space included) separates
/// terms; a quoted phrase runs to the next `"`; a word runs to the next whitespace, so a `"` or
/// `:` inside a word is part of it.
fn lex(text: &str) -> Result<Vec<Token>, QueryError> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut at = 0;
    while at < chars.len() {
        if chars[at].is_whitespace() {
            at += 1;
            continue;
        }
        let start = at;
        let word_end = |from: usize| {
            chars[from..]
                .iter()
                .position(|c| c.is_whitespace())
                .map_or(chars.len(), |n| from + n)
        };
        if chars[start..word_end(start)] == ['O', 'R'] {
            tokens.push(Token::Or { col: start + 1 });
            at = start + 2;
            continue;
        }
        let negated = chars[at] == '-';
        if negated {
            at += 1;
        }
        let mut scope = None;
        if let Some(colon) = chars[at..word_end(at)].iter().position(|&c| c == ':') {
            let name: String = chars[at..at + colon].iter().collect();
            if let Some(found) = Scope::parse(&name) {
                scope = Some(found);
                at += colon + 1;
            }
        }
        let body: String = if chars.get(at) == Some(&'"') {
            let open = at;
            let len = chars[open + 1..]
                .iter()
                .position(|&c| c == '"')
                .ok_or(QueryError::Unclosed { col: open + 1 })?;
            at = open + len + 2;
            let phrase: String = chars[open + 1..open + 1 + len].iter().collect();
            if phrase.trim().is_empty() {
                return Err(QueryError::EmptyQuotes { col: open + 1 });
            }
            phrase
        } else {
            let end = word_end(at);
            let word: String = chars[at..end].iter().collect();
            if word.is_empty() {
                return Err(QueryError::Dangling {
                    prefix: chars[start..at].iter().collect(),
                    col: start + 1,
                });
            }
            at = end;
            word
        };
        if !body.chars().any(char::is_alphanumeric) {
            return Err(QueryError::OnlyPunctuation { term: body });
        }
        tokens.push(Token::Term(Box::new(Term {
            scope,
            needle: Needle::new(&body)?,
            negated,
        })));
    }
    Ok(tokens)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The query's clauses written back: `a|b` for alternatives, `-` and `field:` kept.
    fn shape(text: &str) -> Result<Vec<String>, QueryError> {
        let query = Query::parse(text)?;
        Ok(query
            .clauses()
            .iter()
            .map(|clause| {
                clause
                    .alternatives
                    .iter()
                    .map(|t| {
                        let sign = if t.negated { "-" } else { "" };
                        let field = t.scope.map_or(String::new(), |s| format!("{}:", s.name()));
                        format!("{sign}{field}{}", t.needle.query())
                    })
                    .collect::<Vec<_>>()
                    .join("|")
            })
            .collect())
    }

    #[test]
    fn queries_parse_into_clauses() {
        let cases: &[(&str, &[&str])] = &[
            ("群众路线", &["群众路线"]),
            ("救助 许昌", &["救助", "许昌"]),
            ("救助\u{3000}许昌", &["救助", "许昌"]),
            ("\"River Park\"", &["River Park"]),
            ("x a OR b", &["x", "a|b"]),
            ("a OR b OR c d", &["a|b|c", "d"]),
            ("救助 -广告 -\"新 闻\"", &["救助", "-广告", "-新 闻"]),
            (
                "headline:\"新时代 新征程\" byline:徐 paper:许昌 page:1",
                &[
                    "headline:新时代 新征程",
                    "byline:徐",
                    "paper:许昌",
                    "page:1",
                ],
            ),
            ("Headline:x", &["headline:x"]),
            ("credit:王岩 Caption:稻田", &["credit:王岩", "caption:稻田"]),
            (
                "10:30 http://a.b title:x",
                &["10:30", "http://a.b", "title:x"],
            ),
            ("well-known a\"b", &["well-known", "a\"b"]),
            ("\"a b\"c", &["a b", "c"]),
            ("or Or", &["or", "Or"]),
            ("\"OR\" --x", &["OR", "--x"]),
            ("x -paper:y", &["x", "-paper:y"]),
        ];
        for &(text, want) in cases {
            assert_eq!(shape(text).expect(text), want, "{text}");
        }
    }

    #[test]
    fn malformed_queries_say_what_to_write() {
        let cases: &[(&str, &str)] = &[
            ("", "the query is empty"),
            (" \u{3000}\t", "the query is empty"),
            (
                "\"unclosed",
                "the quote at character 1 of the query is not closed",
            ),
            (
                "a \"b c",
                "the quote at character 3 of the query is not closed",
            ),
            (
                "OR a",
                "'OR' at character 1 of the query needs a term on each side",
            ),
            ("a OR", "'OR' at character 3"),
            ("a OR OR b", "'OR' at character 6"),
            (
                "-",
                "'-' at character 1 of the query needs a word right after it",
            ),
            ("a headline:", "'headline:' at character 3"),
            ("-page: x", "'-page:' at character 1"),
            ("\"\"", "the quotes at character 1 of the query are empty"),
            ("-广告", "has nothing to look for"),
            ("paper:许昌", "has nothing to look for"),
            ("page:1 -x", "has nothing to look for"),
            ("a OR -b", "has nothing to look for"),
            ("paper:x OR y", "has nothing to look for"),
            ("，。", "'，。' in the query is only punctuation"),
            ("救助 \"- -\"", "'- -' in the query is only punctuation"),
        ];
        for &(text, want) in cases {
            let err = Query::parse(text).expect_err(text).to_string();
            assert!(err.contains(want), "{text}: {err}");
        }
    }

    #[test]
    fn long_and_repetitive_queries_are_bounded() {
        // Up to the limits, a query parses.
        let ors = vec!["a"; MAX_QUERY_TERMS].join(" OR ");
        assert_eq!(Query::parse(&ors).expect("parses").clauses().len(), 1);
        let words = "字 ".repeat(MAX_QUERY_TERMS);
        assert_eq!(
            Query::parse(&words).expect("parses").clauses().len(),
            MAX_QUERY_TERMS
        );
        let word = "x".repeat(MAX_QUERY_CHARS);
        assert_eq!(Query::parse(&word).expect("parses").clauses().len(), 1);
        // Past them, a message saying which limit and what to do.
        let ors = vec!["a"; 5_000].join(" OR ");
        assert!(matches!(
            Query::parse(&ors),
            Err(QueryError::TooLong { chars: 24_996 })
        ));
        let words = "字 ".repeat(MAX_QUERY_TERMS + 1);
        let err = Query::parse(&words).expect_err("too many terms");
        assert!(err.to_string().contains("at most 32"), "{err}");
        let word = "x".repeat(10_240);
        assert!(Query::parse(&word).is_err());
        let quotes = "\"".repeat(10_241);
        assert!(Query::parse(&quotes).is_err());
    }

    #[test]
    fn the_raw_test_needs_every_clause_that_needs_text() {
        let query = Query::parse("救助 许昌 OR 长葛 -广告 page:1").expect("parses");
        assert!(query.may_match_file("许昌 社会救助 体系".as_bytes()));
        assert!(query.may_match_file("长葛\n救\n助 广告".as_bytes()));
        assert!(!query.may_match_file("许昌".as_bytes()));
        assert!(!query.may_match_file("救助".as_bytes()));
        // A folder's pages together: each clause may be met by another file.
        let mut met = vec![false; query.clauses().len()];
        query.mark_possible("救助".as_bytes(), &mut met);
        assert!(!met.iter().all(|&m| m));
        query.mark_possible("长葛".as_bytes(), &mut met);
        assert!(met.iter().all(|&m| m));
    }

    proptest::proptest! {
        #[test]
        fn no_query_panics(text in "[ a-z\":OR\\-救\u{3000}]{0,40}|\\PC{0,40}") {
            let _ = Query::parse(&text);
        }
    }
}
