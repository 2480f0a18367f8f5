//! A loopback HTTP server for fetch tests and the fetch probe (std `TcpListener`, one thread
//! and one connection per request), and People's-Daily-shaped fixture pages with invented
//! text. Shared with `examples/fetch-probe.rs` through `#[path]`.

// Each includer uses part of it.
#![allow(dead_code)]
// Fixture markup reads best as format! pieces; speed is not the point here.
#![allow(clippy::format_push_string, clippy::format_collect)]

use std::collections::{HashMap, VecDeque};
use std::io::Read;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What the server sends for one request.
#[derive(Clone)]
pub enum Payload {
    Bytes(Vec<u8>),
    /// Waits, then sends the bytes.
    Stall(Duration, Vec<u8>),
    /// Bytes forever.
    Endless,
    /// A few bytes, then nothing for 20 s.
    Hang,
    /// The bytes one at a time, a pause between two (a server trickling its answer).
    Trickle(Duration, Vec<u8>),
}

#[derive(Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Payload,
}

impl Reply {
    pub fn html(text: &str) -> Reply {
        Reply::bytes("text/html; charset=utf-8", text.as_bytes().to_vec())
    }

    pub fn bytes(content_type: &str, bytes: Vec<u8>) -> Reply {
        Reply {
            status: 200,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: Payload::Bytes(bytes),
        }
    }

    pub fn status(status: u16) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            body: Payload::Bytes(format!("status {status}").into_bytes()),
        }
    }

    pub fn redirect(to: &str) -> Reply {
        Reply {
            status: 302,
            headers: vec![("Location".into(), to.into())],
            body: Payload::Bytes(Vec::new()),
        }
    }

    pub fn header(mut self, name: &str, value: &str) -> Reply {
        self.headers.push((name.into(), value.into()));
        self
    }
}

struct Route {
    /// Replies to send first, one per request; the last one repeats.
    queue: VecDeque<Reply>,
    last: Reply,
}

#[derive(Default)]
struct Shared {
    routes: HashMap<String, Route>,
    hits: Vec<(String, Vec<(String, String)>)>,
}

pub struct Server {
    pub base: String,
    shared: Arc<Mutex<Shared>>,
}

impl Server {
    pub fn start() -> Server {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a loopback port");
        let base = format!("http://{}", listener.local_addr().expect("an address"));
        let shared = Arc::new(Mutex::new(Shared::default()));
        let state = Arc::clone(&shared);
        std::thread::spawn(move || {
            for stream in listener.incoming().filter_map(Result::ok) {
                let state = Arc::clone(&state);
                std::thread::spawn(move || serve(stream, &state));
            }
        });
        Server { base, shared }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Serves `reply` at `path` from now on.
    pub fn route(&self, path: &str, reply: Reply) {
        self.sequence(path, vec![reply]);
    }

    /// Serves `replies` at `path` one per request, then the last one forever.
    pub fn sequence(&self, path: &str, mut replies: Vec<Reply>) {
        let last = replies.pop().expect("at least one reply");
        self.shared.lock().expect("server state").routes.insert(
            path.to_owned(),
            Route {
                queue: replies.into(),
                last,
            },
        );
    }

    /// Requests for `path` so far.
    pub fn hits(&self, path: &str) -> usize {
        self.requests(path).len()
    }

    /// The headers of each request for `path` so far.
    pub fn requests(&self, path: &str) -> Vec<Vec<(String, String)>> {
        self.shared
            .lock()
            .expect("server state")
            .hits
            .iter()
            .filter(|(p, _)| p == path)
            .map(|(_, h)| h.clone())
            .collect()
    }

    pub fn total_hits(&self) -> usize {
        self.shared.lock().expect("server state").hits.len()
    }

    /// Waits (at most `limit`) until `path` was requested.
    pub fn wait_for(&self, path: &str, limit: Duration) -> bool {
        let end = Instant::now() + limit;
        while Instant::now() < end {
            if self.hits(path) > 0 {
                return true;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        false
    }
}

/// Reads one request head; `None` when the client hung up or sent nonsense.
fn read_head(stream: &mut std::net::TcpStream) -> Option<(String, Vec<(String, String)>)> {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if stream.read(&mut byte).ok()? == 0 || head.len() > 64 * 1024 {
            return None;
        }
        head.push(byte[0]);
    }
    let text = String::from_utf8_lossy(&head);
    let mut lines = text.split("\r\n");
    let path = lines.next()?.split(' ').nth(1)?.to_owned();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect();
    Some((path, headers))
}

/// Answers one request per connection (`Connection: close`), head and body in one write with
/// TCP_NODELAY, so no Nagle/delayed-ACK stall slows the probe.
fn serve(mut stream: std::net::TcpStream, state: &Mutex<Shared>) {
    use std::io::Write as _;
    let _ = stream.set_nodelay(true);
    let Some((path, headers)) = read_head(&mut stream) else {
        return;
    };
    let reply = {
        let mut shared = state.lock().expect("server state");
        shared.hits.push((path.clone(), headers.clone()));
        match shared.routes.get_mut(&path) {
            Some(route) => route
                .queue
                .pop_front()
                .unwrap_or_else(|| route.last.clone()),
            None => Reply::status(404),
        }
    };
    // A route that carries an ETag or Last-Modified answers a matching conditional request
    // with 304.
    let validator = |name: &str| {
        reply
            .headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    };
    let asked = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    };
    let not_modified = (validator("ETag").is_some() && validator("ETag") == asked("If-None-Match"))
        || (validator("Last-Modified").is_some()
            && validator("Last-Modified") == asked("If-Modified-Since"));
    let status = if not_modified { 304 } else { reply.status };
    let mut head = format!("HTTP/1.1 {status} X\r\nConnection: close\r\n");
    for (k, v) in &reply.headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    let body = match reply.body {
        _ if not_modified => Vec::new(),
        Payload::Bytes(bytes) => bytes,
        Payload::Stall(wait, bytes) => {
            std::thread::sleep(wait);
            bytes
        }
        Payload::Endless => {
            head.push_str("\r\n");
            if stream.write_all(head.as_bytes()).is_err() {
                return;
            }
            let chunk = vec![b'x'; 64 * 1024];
            // Until the client hangs up.
            while stream.write_all(&chunk).is_ok() {}
            return;
        }
        Payload::Trickle(pause, bytes) => {
            head.push_str(&format!("Content-Length: {}\r\n\r\n", bytes.len()));
            if stream.write_all(head.as_bytes()).is_err() {
                return;
            }
            for byte in bytes {
                std::thread::sleep(pause);
                // Until the client hangs up.
                if stream.write_all(&[byte]).is_err() {
                    return;
                }
            }
            return;
        }
        Payload::Hang => {
            head.push_str("Content-Length: 1000000\r\n\r\n<html>");
            let _ = stream.write_all(head.as_bytes());
            std::thread::sleep(Duration::from_secs(20));
            return;
        }
    };
    head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    let mut out = head.into_bytes();
    out.extend_from_slice(&body);
    // The client may hang up (a capped or timed-out response): not the server's problem.
    let _ = stream.write_all(&out);
    let _ = stream.shutdown(std::net::Shutdown::Write);
}

/// One invented article.
#[derive(Clone)]
pub struct Story {
    pub kicker: Option<String>,
    pub headline: String,
    pub subtitle: Option<String>,
    pub byline: String,
    pub paragraphs: Vec<String>,
    /// (picture path on the server, caption, credit): the lead photo.
    pub photo: Option<(String, String, String)>,
    pub subhead: Option<String>,
}

impl Story {
    pub fn new(headline: &str) -> Story {
        Story {
            kicker: None,
            headline: headline.to_owned(),
            subtitle: None,
            byline: "本报记者 张明远".to_owned(),
            paragraphs: vec![
                format!(
                    "本报北京8月20日电  （记者张明远）{headline}，有关部门近日发布消息，各地陆续推进相关工作。"
                ),
                "据介绍，今年以来，试点地区共新建社区服务站一百二十个，覆盖居民四十余万人。"
                    .to_owned(),
            ],
            photo: None,
            subhead: None,
        }
    }

    /// The article page, People's Daily e-paper markup with site furniture around it.
    pub fn page(&self, page_no: usize) -> String {
        let mut html = String::from("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>");
        html.push_str(&self.headline);
        html.push_str("--人民日报</title></head><body><div class=\"nav\"><a href=\"/\">首页</a> | 要闻 | 评论</div>\n<div class=\"article\">");
        if let Some(kicker) = &self.kicker {
            html.push_str(&format!("<h3>{kicker}</h3>"));
        }
        html.push_str(&format!("<h1>{}</h1>", self.headline));
        if let Some(subtitle) = &self.subtitle {
            html.push_str(&format!("<h2>{subtitle}</h2>"));
        }
        html.push_str(&format!(
            "<p class=\"sec\">{}<br/>《人民日报》（2026年08月21日 第 {page_no:02} 版）</p>\n",
            self.byline
        ));
        html.push_str("<div id=\"ozoom\">");
        if let Some((src, caption, credit)) = &self.photo {
            html.push_str(&format!(
                "<p style=\"text-align:center\"><img src=\"{src}\" data-original-title=\"{caption}\"></p><p>{caption}</p><p>{credit}</p>\n"
            ));
        }
        for (idx, para) in self.paragraphs.iter().enumerate() {
            if idx == 1
                && let Some(subhead) = &self.subhead
            {
                html.push_str(&format!("<p><strong>{subhead}</strong></p>\n"));
            }
            html.push_str(&format!("<p>　　{para}</p>\n"));
        }
        html.push_str("</div></div><div class=\"footer\">版权所有 人民日报社</div></body></html>");
        html
    }
}

/// The path of the day's first page: `/rmrb/{yyyy}{mm}/{dd}/node_01.html`.
pub const TEMPLATE_PATH: &str = "/rmrb/{yyyy}{mm}/{dd}/node_01.html";

/// The People's Daily source for the day [`serve_day`] serves on `server`.
pub fn day_source(server: &Server) -> kanbao::fetch::Source {
    let preset = kanbao::fetch::Selectors::preset("rmrb").expect("the rmrb preset");
    day_source_with(server, preset)
}

/// [`day_source`] read with the selectors `select`.
pub fn day_source_with(server: &Server, select: kanbao::fetch::Selectors) -> kanbao::fetch::Source {
    use kanbao::fetch::{Source, SourceKind, TemplateChoice};
    Source {
        name: "rmrb".into(),
        paper: Some("人民日报".into()),
        deadline: None,
        kind: SourceKind::Epaper {
            url_template: server.url(TEMPLATE_PATH),
            select,
            template: TemplateChoice::Auto,
        },
    }
}

/// A page of the day: its name and stories.
pub struct DayPage {
    pub name: String,
    pub stories: Vec<Story>,
}

/// Serves a day's e-paper for 2026-08-21: page `n` at `/rmrb/202608/21/node_0n.html` with a
/// page image, article `k` of page `n` at `/rmrb/content/202608/21/content_n0k.html`,
/// pictures as tiny JPEG-like bytes. Returns the article paths per page.
pub fn serve_day(server: &Server, pages: &[DayPage]) -> Vec<Vec<String>> {
    let page_list: String = pages
        .iter()
        .enumerate()
        .map(|(i, p)| {
            format!(
                "<div class=\"swiper-slide\"><a href=\"node_{:02}.html\" id=\"pageLink\">{:02}版：{}</a></div>",
                i + 1,
                i + 1,
                p.name
            )
        })
        .collect();
    let mut paths = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        let n = i + 1;
        let mut list = String::new();
        let mut areas = String::new();
        let mut page_paths = Vec::new();
        for (k, story) in page.stories.iter().enumerate() {
            let path = format!("/rmrb/content/202608/21/content_{n}{:02}.html", k + 1);
            list.push_str(&format!(
                "<li><a href=\"../../content/202608/21/content_{n}{:02}.html\">{}</a></li>",
                k + 1,
                story.headline
            ));
            // One area a story, a band across the page in display space (400 × 575).
            let top = 100 * k;
            areas.push_str(&format!(
                "<area shape=\"polygon\" coords=\"0,{top},400,{top},400,{},0,{}\" href=\"../../content/202608/21/content_{n}{:02}.html?div=-1\">",
                top + 90,
                top + 90,
                k + 1
            ));
            server.route(&path, Reply::html(&story.page(n)));
            if let Some((src, _, _)) = &story.photo {
                server.route(src, Reply::bytes("image/jpeg", jpeg_bytes(src)));
            }
            page_paths.push(path);
        }
        let html = format!(
            "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>人民日报</title></head><body>\
             <div class=\"nav\">首页 | 往期回顾</div>\
             <div id=\"pageList\"><div class=\"swiper-container\">{page_list}</div></div>\
             <div class=\"paper\"><map name=\"PagePicMap\">{areas}</map>\
             <img width=\"400\" height=\"575\" src=\"../../pic/202608/21/page{n:02}.jpg.2\" usemap=\"#PagePicMap\"></div>\
             <div class=\"paper-bot\"><a href=\"node_01.html\"><img src=\"../../template/left_ico.gif\">上一版</a></div>\
             <div class=\"news-list\"><ul>{list}</ul></div></body></html>"
        );
        server.route(
            &format!("/rmrb/202608/21/node_{n:02}.html"),
            Reply::html(&html).header("ETag", &format!("\"node-{n}\"")),
        );
        server.route(
            &format!("/rmrb/pic/202608/21/page{n:02}.jpg.2"),
            Reply::bytes("application/octet-stream", page_picture()),
        );
        paths.push(page_paths);
    }
    paths
}

/// A page facsimile: a real 800 × 1150 PNG (twice the 400 × 575 the pages show it at).
pub fn page_picture() -> Vec<u8> {
    static PICTURE: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    PICTURE
        .get_or_init(|| {
            let img = image::RgbImage::from_pixel(800, 1150, image::Rgb([250, 248, 240]));
            let mut out = std::io::Cursor::new(Vec::new());
            img.write_to(&mut out, image::ImageFormat::Png)
                .expect("a PNG encodes");
            out.into_inner()
        })
        .clone()
}

/// A few bytes that start like a JPEG and differ per picture.
pub fn jpeg_bytes(seed: &str) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE0];
    bytes.extend_from_slice(seed.as_bytes());
    bytes.extend_from_slice(&[0xFF, 0xD9]);
    bytes
}
