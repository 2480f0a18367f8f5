//! Fetch probe: serves a generated 20-page e-paper day (150 articles, 60 photos, 20 page
//! images) on loopback and fetches it with no delay, reporting the time taken and the peak
//! resident memory (VmHWM, which includes the in-process server's fixtures).
//!
//! `cargo run --release --example fetch-probe`

#[path = "../tests/support/fetch_server.rs"]
mod support;

use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use kanbao::fetch::{FetchOptions, Selectors, Source, SourceKind, TemplateChoice, fetch_source};
use support::{DayPage, Reply, Server, Story, TEMPLATE_PATH, serve_day};

const PAGES: usize = 20;
const ARTICLES: usize = 150;
const PHOTOS: usize = 60;
const PHOTO_BYTES: usize = 80 * 1024;

fn main() {
    let server = Server::start();
    let mut pages: Vec<DayPage> = (0..PAGES)
        .map(|p| DayPage {
            name: format!("第{}版专题", p + 1),
            stories: Vec::new(),
        })
        .collect();
    for n in 0..ARTICLES {
        let mut story = Story::new(&format!("第{n}篇报道：城乡融合发展取得新进展"));
        story.kicker = (n % 3 == 0).then(|| "聚焦高质量发展".to_owned());
        story.subtitle = (n % 4 == 0).then(|| "——来自基层一线的调查".to_owned());
        story.paragraphs = (0..12)
            .map(|k| {
                format!(
                    "第{k}段：今年以来，当地围绕产业升级、公共服务和生态保护持续发力，\
                     新建项目{n}个，带动就业岗位数千个，群众获得感、幸福感、安全感不断增强。"
                )
            })
            .collect();
        if n % 5 < 2 && n / 5 * 2 + n % 5 < PHOTOS {
            story.photo = Some((
                format!("/rmrb/pic/202608/21/photo-{n}.jpg"),
                format!("图为第{n}篇报道中的建设现场。"),
                "本报记者 李青 摄".to_owned(),
            ));
        }
        pages[n % PAGES].stories.push(story);
    }
    serve_day(&server, &pages);
    for n in 0..ARTICLES {
        let path = format!("/rmrb/pic/202608/21/photo-{n}.jpg");
        server.route(&path, Reply::bytes("image/jpeg", vec![0xAB; PHOTO_BYTES]));
    }
    let dir = tempfile::tempdir().expect("a temp dir");
    let source = Source {
        name: "rmrb".into(),
        paper: Some("人民日报".into()),
        deadline: None,
        kind: SourceKind::Epaper {
            url_template: server.url(TEMPLATE_PATH),
            select: Selectors::default(),
            template: TemplateChoice::Auto,
        },
    };
    let opts = FetchOptions {
        into: dir.path().to_owned(),
        delay: Duration::ZERO,
        ..FetchOptions::default()
    };
    let started = Instant::now();
    let report = fetch_source(
        &source,
        &[jiff::civil::date(2026, 8, 21)],
        &opts,
        &mut |p| {
            if std::env::var_os("PROBE_TRACE").is_some() {
                eprintln!("{:>8.1} ms {p:?}", started.elapsed().as_secs_f64() * 1000.0);
            }
        },
        &AtomicBool::new(false),
    );
    let elapsed = started.elapsed();
    let written = report.written.first();
    println!(
        "fetch-probe: {} pages, {} articles, {} photos, {} requests, {} KB received, {} KB written, {} failures",
        written.map_or(0, |w| w.pages),
        written.map_or(0, |w| w.articles),
        written.map_or(0, |w| w.photos),
        report.requests,
        report.bytes_received / 1024,
        written.map_or(0, |w| w.bytes) / 1024,
        report.failures.len()
    );
    println!(
        "fetch-probe: {:.0} ms, peak memory (VmHWM) {}",
        elapsed.as_secs_f64() * 1000.0,
        peak_memory().unwrap_or_else(|| "unknown".to_owned())
    );
}

fn peak_memory() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .map(|v| v.trim().to_owned())
}
