//! Fuzzing with a fixed budget inside `cargo test`: the query parser and the article HTML
//! extractor take anything a user can type or a server can send. Each case checks what a user
//! would notice: no panic, a refusal with a message rather than unbounded work, and nothing
//! that could reach a terminal unsanitised.

use kanbao::edition::sanitize::is_clean;
use kanbao::formats::html::{article_from_html, text_from_html};
use kanbao::library::search::query::{MAX_QUERY_CHARS, MAX_QUERY_TERMS};
use kanbao::library::search::{Filters, Query};
use kanbao::library::sources::Sources;
use proptest::prelude::*;

/// Pieces of the query language and of what terminals and pastes carry.
fn query_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("\"".to_owned()),
        Just("OR".to_owned()),
        Just("-".to_owned()),
        Just(" ".to_owned()),
        Just("headline:".to_owned()),
        Just("byline:".to_owned()),
        Just("paper:".to_owned()),
        Just("page:".to_owned()),
        Just("\u{1b}[31m".to_owned()),
        Just("\u{9b}".to_owned()),
        Just("\u{202e}".to_owned()),
        Just("\u{0}".to_owned()),
        "[救助群众清廉许昌市民]{1,4}",
        "[a-zA-Z0-9]{1,12}",
        "[，。、；：“”（）()!?.,]{1,3}",
        any::<String>(),
    ]
}

fn query() -> impl Strategy<Value = String> {
    prop::collection::vec(query_piece(), 0..24).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Any query: parsed or refused with a message; a parsed one is bounded and clean, and
    /// searching the sample edition with it never panics.
    #[test]
    fn any_query_is_parsed_or_refused(text in query()) {
        match Query::parse(&text) {
            Ok(query) => {
                prop_assert!(query.text().chars().count() <= MAX_QUERY_CHARS);
                let terms: usize = query.clauses().iter().map(|c| c.alternatives.len()).sum();
                prop_assert!(terms <= MAX_QUERY_TERMS);
                prop_assert!(is_clean(query.text()), "{:?}", query.text());
                let sources = Sources::discover(&[]);
                let _ = kanbao::library::search::search(&sources.editions, &query, &Filters::default());
            }
            Err(err) => {
                let message = err.to_string();
                prop_assert!(!message.is_empty());
                prop_assert!(message.len() < 2000, "{} bytes", message.len());
                prop_assert!(is_clean(&message), "{message:?}");
            }
        }
    }
}

/// Tags, attributes and entities real article pages use, hostile ones among them.
fn html_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("<div>".to_owned()),
        Just("</div>".to_owned()),
        Just("<p>".to_owned()),
        Just("</p>".to_owned()),
        Just("<br>".to_owned()),
        Just("<h1>".to_owned()),
        Just("</h1>".to_owned()),
        Just("<table><tr><td>".to_owned()),
        Just("<script>alert(1)</script>".to_owned()),
        Just("<img src=\"a.jpg\" data-original-title=\"<p>图为……。</p><p>某某摄</p>\">".to_owned()),
        Just("<img src=\"/etc/passwd\" alt=\"x\">".to_owned()),
        Just("<founder-content>".to_owned()),
        Just("<!--enpcontent-->".to_owned()),
        Just("<!--".to_owned()),
        Just("&nbsp;".to_owned()),
        Just("&#x1b;[2J".to_owned()),
        Just("&#155;".to_owned()),
        Just("\u{1b}]52;c;aGk=\u{7}".to_owned()),
        "[救助群众清廉许昌市民，。]{1,8}",
        "[a-zA-Z ]{1,16}",
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Any page: the extractor never panics and everything it keeps is clean text.
    #[test]
    fn any_page_gives_clean_text(pieces in prop::collection::vec(html_piece(), 0..80)) {
        let html = pieces.concat();
        let article = article_from_html(&html);
        // A photo's caption keeps its paragraphs on lines of their own.
        for block in &article.body {
            for line in block.text().split('\n') {
                prop_assert!(is_clean(line), "{:?}", block.text());
            }
        }
        for part in [&article.kicker, &article.headline, &article.subtitle, &article.byline]
            .into_iter()
            .flatten()
        {
            prop_assert!(is_clean(part), "{part:?}");
        }
        prop_assert!(is_clean(&text_from_html(&html)));
    }
}

/// Ten thousand nested elements and ten thousand links: handled, not refused, and nothing of
/// them is lost or doubled in the text.
#[test]
fn deep_and_wide_pages_are_read() {
    let deep = format!(
        "{}<p>深处的一段话。</p>{}",
        "<div>".repeat(10_000),
        "</div>".repeat(10_000)
    );
    let article = article_from_html(&deep);
    let text: Vec<&str> = article
        .body
        .iter()
        .map(kanbao::edition::Block::text)
        .collect();
    assert_eq!(text, ["深处的一段话。"]);
    let mut wide = String::new();
    for n in 0..10_000 {
        use std::fmt::Write as _;
        let _ = write!(wide, "<a href=\"/a/{n}.html\">链接{n}</a> ");
    }
    let text = text_from_html(&format!("<p>{wide}</p>"));
    assert!(text.contains("链接0") && text.contains("链接9999"));
}
