use std::sync::Arc;

use tantivy::indexer::NoMergePolicy;
use tantivy::schema::{FAST, INDEXED};
use tantivy::{Index, IndexWriter, Term};

use super::*;

/// An index of the plugin alone: an id field and the article field.
fn index() -> (Index, Field, Field) {
    let mut builder = Schema::builder();
    let id = builder.add_u64_field("id", INDEXED | FAST);
    let article = builder.add_custom_field("article", FIELD_TYPE, serde_json::json!({}));
    let index = Index::builder()
        .schema(builder.build())
        .register_plugin(Arc::new(ArticlesPlugin))
        .create_in_ram()
        .expect("an index in memory");
    (index, id, article)
}

/// Every live document's id and article, by segment and document.
fn read_all(index: &Index, id: Field) -> Vec<(u64, Vec<u8>)> {
    let searcher = index.reader().expect("a reader").searcher();
    let mut out = Vec::new();
    for reader in searcher.segment_readers() {
        let articles = ArticleFile::open(reader).expect("the articles");
        let ids = reader
            .fast_fields()
            .u64(searcher.schema().get_field_name(id))
            .expect("ids");
        for doc in reader.doc_ids_alive() {
            let article = articles.get(doc).expect("an article").to_vec();
            out.push((ids.first(doc).expect("an id"), article));
        }
    }
    out.sort();
    out
}

#[test]
fn articles_read_back_after_writing_merging_and_deleting() {
    let (index, id, article) = index();
    let mut writer: IndexWriter = index
        .writer_with_num_threads(1, 15_000_000)
        .expect("writer");
    writer.set_merge_policy(Box::new(NoMergePolicy));
    let text = |n: u64| format!("article {n} {}", "字".repeat(n as usize)).into_bytes();
    let add = |writer: &mut IndexWriter, n: u64| {
        let mut doc = TantivyDocument::new();
        doc.add_u64(id, n);
        doc.add_custom(article, &text(n));
        writer.add_document(doc).expect("added");
    };
    for n in 0..5 {
        add(&mut writer, n);
    }
    writer.commit().expect("commit");
    for n in 5..9 {
        add(&mut writer, n);
    }
    writer.commit().expect("commit");
    let expected = |ns: &[u64]| ns.iter().map(|&n| (n, text(n))).collect::<Vec<_>>();
    assert_eq!(read_all(&index, id), expected(&[0, 1, 2, 3, 4, 5, 6, 7, 8]));

    // Deleted documents are left out of the merged file; the rest keep their own articles.
    writer.delete_term(Term::from_field_u64(id, 1));
    writer.delete_term(Term::from_field_u64(id, 6));
    writer.commit().expect("commit");
    let segments = index.searchable_segment_ids().expect("segments");
    assert_eq!(segments.len(), 2);
    writer.merge(&segments).wait().expect("merged");
    let searcher = index.reader().expect("a reader").searcher();
    assert_eq!(searcher.segment_readers().len(), 1);
    assert_eq!(read_all(&index, id), expected(&[0, 2, 3, 4, 5, 7, 8]));
}

#[test]
fn a_damaged_table_is_never_an_article() {
    let mut bytes = b"onethree".to_vec();
    for start in [0u64, 3, 3, 8] {
        bytes.extend_from_slice(&start.to_le_bytes());
    }
    bytes.extend_from_slice(&3u64.to_le_bytes());
    bytes.extend_from_slice(MAGIC);
    let whole = ArticleFile::parse(OwnedBytes::new(bytes.clone())).expect("whole");
    assert_eq!(whole.get(0), Some(b"one".as_slice()));
    assert_eq!(whole.get(1), Some(b"".as_slice()));
    assert_eq!(whole.get(2), Some(b"three".as_slice()));
    assert_eq!(whole.get(3), None);
    // Cut anywhere, or with a count or an offset pointing past the file: no article, no panic.
    for cut in 0..bytes.len() {
        if let Some(file) = ArticleFile::parse(OwnedBytes::new(bytes[..cut].to_vec())) {
            for doc in 0..4 {
                let _ = file.get(doc);
            }
        }
    }
    let mut wild = bytes.clone();
    let table = wild.len() - 16 - 4 * 8;
    wild[table + 8..table + 16].copy_from_slice(&u64::MAX.to_le_bytes());
    let wild = ArticleFile::parse(OwnedBytes::new(wild)).expect("the table parses");
    assert_eq!(wild.get(0), None);
    assert_eq!(wild.get(1), None);
    assert_eq!(wild.get(2), Some(b"three".as_slice()));
}
