//! The stored articles as a segment file of their own (`<segment>.articles`), written, merged
//! and read through tantivy's segment plugins: each document's packed article
//! ([`super::stored::pack`]) one after the other, then where each starts. A search reads an
//! article as a slice of the mapped file, with no skip index to walk and no block copied out, as
//! tantivy's document store needs for each result.
//!
//! The file: the articles' bytes; `n + 1` offsets (u64, little-endian) into them, the last the
//! end; `n` (u64); [`MAGIC`]. tantivy adds its footer and checksum, verified with every other
//! file of the index (damage is never a wrong article).
//!
//! Below the index's build and lookup ([`super`], [`super::lookup`]); it knows only tantivy.

use std::any::Any;
use std::io::Write as _;

use tantivy::directory::{OwnedBytes, TerminatingWrite as _, WritePtr};
use tantivy::index::SegmentComponent;
use tantivy::indexer::doc_id_mapping::{DocIdMapping, MappingType};
use tantivy::plugin::{PluginMergeContext, PluginWriter, PluginWriterContext, SegmentPlugin};
use tantivy::schema::document::ErasedDocument;
use tantivy::schema::{Field, FieldType, Schema, Value as _};
use tantivy::{DocId, Segment, SegmentReader, TantivyDocument, TantivyError};

/// The file's extension, and the custom field type whose values it keeps.
pub const EXTENSION: &str = "articles";
pub const FIELD_TYPE: &str = "kanbao-article";

/// The last eight bytes of the file (before tantivy's footer).
const MAGIC: &[u8; 8] = b"kbartic1";

fn component() -> SegmentComponent {
    SegmentComponent::Custom(EXTENSION.to_owned())
}

/// The plugin: registered with every index kanbao creates or writes to.
pub struct ArticlesPlugin;

impl SegmentPlugin for ArticlesPlugin {
    fn extensions(&self) -> &[&str] {
        &[EXTENSION]
    }

    fn create_writer(&self, ctx: &PluginWriterContext) -> tantivy::Result<Box<dyn PluginWriter>> {
        Ok(Box::new(ArticlesWriter {
            field: article_field(&ctx.segment.schema()),
            file: FileBuilder::create(ctx.segment)?,
        }))
    }

    /// The merged segment's articles: the source segments' live documents, in order. kanbao's
    /// index is never sorted, so the documents are always stacked; another order is an error
    /// (the merge fails, and the index is built again), never a wrong article.
    fn merge(&self, ctx: PluginMergeContext) -> tantivy::Result<()> {
        if ctx.doc_id_mapping.mapping_type() == MappingType::Shuffled {
            return Err(TantivyError::InvalidArgument(
                "stored articles cannot follow a sorted merge".to_owned(),
            ));
        }
        let mut file = FileBuilder::create(ctx.target_segment)?;
        for reader in ctx.readers {
            let articles = ArticleFile::open(reader)?;
            for doc in 0..reader.max_doc() {
                if reader
                    .alive_bitset()
                    .is_none_or(|alive| alive.is_alive(doc))
                {
                    file.push(articles.get(doc).ok_or_else(damaged)?)?;
                }
            }
        }
        file.finish()
    }
}

/// The schema's article field (the one custom field of [`FIELD_TYPE`]).
fn article_field(schema: &Schema) -> Option<Field> {
    schema
        .fields()
        .find_map(|(field, entry)| match entry.field_type() {
            FieldType::Custom(options) if options.type_name() == FIELD_TYPE => Some(field),
            _ => None,
        })
}

fn damaged() -> TantivyError {
    TantivyError::InvalidArgument("the stored articles are damaged".to_owned())
}

/// A segment's articles as they are written: each straight to the file, only where each
/// starts kept in memory (the reader's background build is held to a few tens of megabytes).
struct FileBuilder {
    out: WritePtr,
    len: u64,
    starts: Vec<u64>,
}

impl FileBuilder {
    fn create(segment: &Segment) -> tantivy::Result<FileBuilder> {
        Ok(FileBuilder {
            out: segment.open_write(component())?,
            len: 0,
            starts: Vec::new(),
        })
    }

    fn push(&mut self, article: &[u8]) -> std::io::Result<()> {
        self.starts.push(self.len);
        self.out.write_all(article)?;
        self.len += article.len() as u64;
        Ok(())
    }

    fn finish(mut self) -> tantivy::Result<()> {
        for start in self.starts.iter().chain([&self.len]) {
            self.out.write_all(&start.to_le_bytes())?;
        }
        self.out
            .write_all(&(self.starts.len() as u64).to_le_bytes())?;
        self.out.write_all(MAGIC)?;
        self.out.terminate()?;
        Ok(())
    }
}

struct ArticlesWriter {
    field: Option<Field>,
    file: FileBuilder,
}

impl PluginWriter for ArticlesWriter {
    fn add_document(
        &mut self,
        doc_id: DocId,
        doc: &dyn ErasedDocument,
        _schema: &Schema,
    ) -> tantivy::Result<()> {
        if doc_id as usize != self.file.starts.len() {
            return Err(TantivyError::InvalidArgument(format!(
                "document {doc_id} came out of order"
            )));
        }
        let article = self
            .field
            .zip(doc.as_any().downcast_ref::<TantivyDocument>())
            .and_then(|(field, doc)| doc.get_first(field).and_then(|v| v.as_custom()));
        self.file.push(article.unwrap_or_default())?;
        Ok(())
    }

    fn serialize(
        self: Box<Self>,
        _segment: &Segment,
        doc_id_map: Option<&DocIdMapping>,
    ) -> tantivy::Result<()> {
        if doc_id_map.is_some() {
            return Err(TantivyError::InvalidArgument(
                "stored articles cannot follow a sorted segment".to_owned(),
            ));
        }
        self.file.finish()
    }

    fn mem_usage(&self) -> usize {
        self.file.out.capacity() + 8 * self.file.starts.capacity()
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }
}

/// A segment's articles, read: the mapped file and where its offsets start.
pub struct ArticleFile {
    bytes: OwnedBytes,
    /// Where the offsets start, and how many articles there are.
    table: usize,
    count: usize,
}

impl ArticleFile {
    /// The articles of the segment `reader` reads; an error when the file is missing or not
    /// what [`ArticlesPlugin`] writes.
    pub fn open(reader: &SegmentReader) -> tantivy::Result<ArticleFile> {
        let bytes = reader
            .open_read(component())
            .map_err(|err| TantivyError::InvalidArgument(err.to_string()))?
            .read_bytes()?;
        ArticleFile::parse(bytes).ok_or_else(damaged)
    }

    fn parse(bytes: OwnedBytes) -> Option<ArticleFile> {
        let body = bytes.as_slice().strip_suffix(MAGIC)?;
        let (rest, count) = body.split_last_chunk::<8>()?;
        let count = usize::try_from(u64::from_le_bytes(*count)).ok()?;
        let table = rest
            .len()
            .checked_sub(count.checked_add(1)?.checked_mul(8)?)?;
        Some(ArticleFile {
            bytes,
            table,
            count,
        })
    }

    fn start(&self, n: usize) -> Option<usize> {
        let at = self.table + 8 * n;
        let raw = self.bytes.as_slice().get(at..at + 8)?;
        usize::try_from(u64::from_le_bytes(raw.try_into().ok()?)).ok()
    }

    /// The packed article of document `doc`; `None` when there is none (damage).
    pub fn get(&self, doc: DocId) -> Option<&[u8]> {
        let n = doc as usize;
        if n >= self.count {
            return None;
        }
        let (start, end) = (self.start(n)?, self.start(n + 1)?);
        self.bytes
            .as_slice()
            .get(start..end.min(self.table))
            .filter(|b| b.len() == end - start)
    }
}

#[cfg(test)]
mod tests;
