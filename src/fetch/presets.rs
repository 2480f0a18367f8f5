//! Known dailies: `preset = "…"` in a `[[sources]]` entry gives the paper's name, its
//! e-paper address and how its pages are read. Every address pattern here is the one public
//! crawler code for the paper uses; the systems are recognised from the pages themselves, so a
//! preset is mostly an address and a name.

use super::{Selectors, TemplateChoice};

/// One known daily.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Preset {
    /// What `preset = "…"` takes.
    pub name: &'static str,
    /// The paper's name; names the edition folder.
    pub paper: &'static str,
    /// The day's first page, with `{yyyy}`, `{mm}`, `{dd}`.
    pub epaper: &'static str,
    /// The e-paper system, for people (`kanbao sources --presets`).
    pub system: &'static str,
    pub template: TemplateChoice,
}

/// The presets, in the order `kanbao sources --presets` lists them.
pub const PRESETS: [Preset; 12] = [
    founder("rmrb", "人民日报", super::RMRB_EPAPER_URL),
    founder(
        "rmrbhwb",
        "人民日报海外版",
        "https://paper.people.com.cn/rmrbhwb/pc/layout/{yyyy}{mm}/{dd}/node_01.html",
    ),
    founder(
        "zgqnb",
        "中国青年报",
        "https://zqb.cyol.com/pc/layout/{yyyy}{mm}/{dd}/node_01.html",
    ),
    founder(
        "gmrb",
        "光明日报",
        "https://epaper.gmw.cn/gmrb/html/layout/{yyyy}{mm}/{dd}/node_01.html",
    ),
    founder(
        "jjrb",
        "经济日报",
        "http://paper.ce.cn/pc/layout/{yyyy}{mm}/{dd}/node_01.html",
    ),
    founder(
        "xhrb",
        "新华日报",
        "https://xh.xhby.net/pc/layout/{yyyy}{mm}/{dd}/node_1.html",
    ),
    founder(
        "lnrb",
        "辽宁日报",
        "https://epaper.lnd.com.cn/lnrbepaper/pc/layout/{yyyy}{mm}/{dd}/node_01.html",
    ),
    founder(
        "sztqb",
        "深圳特区报",
        "https://sztqb.sznews.com/PC/layout/{yyyy}{mm}/{dd}/node_A01.html",
    ),
    founder(
        "nfrb",
        "南方日报",
        "https://epaper.southcn.com/nfdaily/html/{yyyy}{mm}/{dd}/node_A01.html",
    ),
    founder(
        "fjrb",
        "福建日报",
        "https://fjrb.fjdaily.com/pc/col/{yyyy}{mm}/{dd}/node_01.html",
    ),
    Preset {
        name: "amrb",
        paper: "澳门日报",
        epaper: "https://www.macaodaily.com/html/{yyyy}-{mm}/{dd}/node_2.htm",
        system: "founder classic",
        template: TemplateChoice::Auto,
    },
    Preset {
        name: "mrdx",
        paper: "新华每日电讯",
        epaper: "http://mrdx.cn/content/{yyyy}{mm}{dd}/Page01HO.htm",
        system: "selectors (PageNNXX.htm)",
        template: TemplateChoice::Selectors,
    },
];

const fn founder(name: &'static str, paper: &'static str, epaper: &'static str) -> Preset {
    Preset {
        name,
        paper,
        epaper,
        system: "founder pc/layout",
        template: TemplateChoice::Auto,
    }
}

/// The preset called `name`.
pub fn preset(name: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.name == name)
}

impl Selectors {
    /// Selectors of a known layout by preset name: `mrdx` (新华每日电讯's own system), the
    /// Founder defaults for every other preset and for `founder`. `None` for an unknown name.
    pub fn preset(name: &str) -> Option<Selectors> {
        match name {
            // mrdx.cn/content/YYYYMMDD/Page01HO.htm: page links and article links are both
            // `td a.atitle` (Page… and Articel…/Artice… files), the page's name in the first
            // cell of `table#table5`; an article's text is the `<font>` right inside
            // `span#contenttext`, its headline the 23-pixel `<strong>` above it, in the same
            // span (so the body selector must not take the whole span).
            "mrdx" => Some(Selectors {
                pages: "a.atitle[href*=Page], .listdaohang a[href*=Page]".to_owned(),
                articles: "a.atitle[href*=Artic], map area[href*=Artic]".to_owned(),
                kicker: "#contenttext .lai, #contenttitle h3".to_owned(),
                headline: "#contenttext strong[style*=\"23px\"], #contenttitle h1, td.font01"
                    .to_owned(),
                subtitle: "#contenttext .fu, #contenttitle h2".to_owned(),
                byline: "#contenttext .zuozhe, p.sec".to_owned(),
                body: "#contenttext > font, #contenttext > p".to_owned(),
                page_image: Some("img[usemap]".to_owned()),
            }),
            "founder" => Some(Selectors::default()),
            other => preset(other).map(|_| Selectors::default()),
        }
    }
}
