//! Bylines and photo credits: `本报记者 张辉`, a bare name, `By JANE DOE`; `本报记者 谭宜姝 摄`,
//! `…供图`, `Photo by X`, `X/Agency`; and a byline's normalised form.

use super::script::{CLOSE, OPEN, is_han};

/// Prefixes that open a Chinese byline line.
const BYLINE_PREFIXES: [&str; 10] = [
    "本报记者",
    "本报通讯员",
    "本报评论员",
    "本报特约记者",
    "新华社记者",
    "记者",
    "通讯员",
    "特约记者",
    "文/",
    "文／",
];

/// Endings of the titles that stand before a name: 主任, 书记, 市长, 委员, 主席, 教授, 记者…
const TITLE_ENDS: [char; 16] = [
    '任', '记', '长', '员', '席', '授', '者', '辑', '家', '表', '理', '督', '师', '官', '生', '士',
];

/// A byline on its own line: `本报记者 张辉`, `本报记者  徐  隽  魏哲哲`,
/// `禹州市委常委、市纪委书记、市监委主任 曹晓光`, `北京大学教授 原 新`, `南方日报记者 杜玮淦`,
/// a bare name (`崔 妍`, `马哈茂德·阿卜杜拉赫曼`), `By JANE DOE.`, `By The Associated Press`.
/// Callers ask only where a byline can stand (between the headline block and the body): a bare
/// two-character name elsewhere is just text.
pub fn is_byline(line: &str) -> bool {
    let line = line.trim();
    // 60 characters take at most 240 bytes: longer text is a paragraph, not a byline.
    if line.is_empty() || line.len() > 240 || is_credit(line) {
        return false;
    }
    if let Some(rest) = line
        .strip_prefix("By ")
        .or_else(|| line.strip_prefix("BY "))
        .or_else(|| line.strip_prefix("by "))
    {
        return is_latin_name_list(rest);
    }
    let chars = line.chars().count();
    if chars > 60
        || line.contains([
            '。', '，', ',', '！', '？', '!', '?', '；', ';', '“', '”', '：', ':',
        ])
    {
        return false;
    }
    if let Some(rest) = after_prefix(line) {
        return chars <= 40 && names_follow(rest);
    }
    // `《环球人物》记者 高 塬`: a publication's title before a byline that names itself.
    if let Some(rest) = after_title(line).and_then(after_prefix) {
        return chars <= 40 && names_follow(rest);
    }
    // `李心草（音乐会《人民至上》指挥）`, `本报记者 张三（实习）`: a byline with the person's title
    // or role in brackets closing the line.
    if let Some(before) = before_closing_bracket(line) {
        return (is_bare_name(before) && is_lone_name(before)) || is_byline(before);
    }
    // `□ 本报记者 张三`: a box before a byline; `■ 一线视角` is a list line or a column label.
    if let Some(rest) = line.strip_prefix(['□', '■']) {
        let rest = rest.trim_start();
        return !rest.starts_with(['□', '■'])
            && !is_bare_name(&normalize_byline(rest))
            && is_byline(rest);
    }
    let normalized = normalize_byline(line);
    if is_bare_name(&normalized) {
        return is_lone_name(&normalized);
    }
    // Several bare names set apart by wide gaps (`崔妍  李明`, `崔妍　李明`); single spaces
    // between short words are a slogan (`新时代 新征程 新伟业`).
    let names: Vec<&str> = normalized.split(' ').collect();
    let wide_gaps = line.contains("  ") || line.contains(['\u{3000}', '\u{a0}']);
    if wide_gaps
        && (2..=4).contains(&names.len())
        && names.iter().all(|n| is_bare_name(n) && is_lone_name(n))
    {
        return true;
    }
    // "titles + space + name": the last word is a name, the rest ends like a title.
    let Some((titles, name)) = normalized.rsplit_once(' ') else {
        return false;
    };
    let titles = titles.trim();
    (is_bare_name(name) || name.chars().count() == 4 && name.chars().all(is_han))
        && titles.chars().count() >= 2
        && titles.ends_with(TITLE_ENDS)
        && titles
            .chars()
            .all(|c| is_han(c) || matches!(c, '、' | ' ' | '·'))
}

/// What follows the byline prefix (`本报记者`, `记者`, `文/`) opening the line.
fn after_prefix(line: &str) -> Option<&str> {
    BYLINE_PREFIXES.iter().find_map(|p| line.strip_prefix(p))
}

/// Whether what follows a byline prefix can be the names: nothing (`本报评论员`), names set apart
/// by a space (`记者 王利辉`), or a name written on (`记者王利辉`, opening with a surname), not
/// the rest of a sentence (`记者了解到`).
fn names_follow(rest: &str) -> bool {
    rest.is_empty() || rest.starts_with(char::is_whitespace) || has_surname(rest)
}

/// What follows a publication's title opening the line (`《环球人物》记者 高塬` → `记者 高塬`).
fn after_title(line: &str) -> Option<&str> {
    let rest = line.strip_prefix('《')?;
    let end = rest.find('》')?;
    let title = &rest[..end];
    (!title.is_empty() && title.chars().count() <= 20)
        .then(|| rest[end + '》'.len_utf8()..].trim_start())
}

/// The text before a bracket that closes the line (`李心草（音乐会《人民至上》指挥）` →
/// `李心草`), when the bracket holds a short note and something stands before it.
fn before_closing_bracket(line: &str) -> Option<&str> {
    let inner = line.strip_suffix(CLOSE)?;
    let start = inner.rfind(OPEN)?;
    let note = &inner[start..];
    let before = inner[..start].trim_end();
    (!before.is_empty() && note.chars().count() <= 31).then_some(before)
}

/// A line of a contents box (导读, 目录): a headline with its page or kind tagged in brackets at
/// the end (`让更多孩子在家门口上好学（第5版）`, `坚持人民至上（评论员文章）`). A short line before
/// such lines is the box's label, never a byline.
pub fn is_contents_entry(line: &str) -> bool {
    let line = line.trim();
    if line.len() > 240 || line.chars().count() > 60 {
        return false;
    }
    let Some(inner) = line.strip_suffix(CLOSE) else {
        return false;
    };
    let Some(start) = inner.rfind(OPEN) else {
        return false;
    };
    let headline = inner[..start].trim_end();
    let tag = &inner[start..];
    (4..=40).contains(&headline.chars().count())
        && (2..=16).contains(&tag.chars().count())
        && !headline.contains(['。', '！', '？', '；'])
        && !headline.ends_with(['电', '讯'])
        && !headline.starts_with(OPEN)
}

/// `JANE DOE`, `Jane Doe and John Roe`, `The Associated Press`, with an optional final period.
fn is_latin_name_list(rest: &str) -> bool {
    let rest = rest.trim().strip_suffix('.').unwrap_or(rest.trim());
    if rest.ends_with('.') && !rest.ends_with(|c: char| c.is_uppercase()) {
        return false;
    }
    let words: Vec<&str> = rest.split_whitespace().collect();
    (1..=8).contains(&words.len())
        && words.iter().any(|w| w.chars().any(char::is_alphabetic))
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                || matches!(*w, "and" | "of" | "&" | "the" | "de" | "van" | "von")
        })
}

/// A personal name standing alone: 2–4 Han characters, or a transliterated name of Han parts
/// joined by `·` (`马哈茂德·阿卜杜拉赫曼`).
fn is_bare_name(text: &str) -> bool {
    let chars = text.chars().count();
    if text.contains('·') {
        let parts: Vec<&str> = text.split('·').collect();
        return chars <= 20
            && parts.len() <= 4
            && parts.iter().all(|p| !p.is_empty() && p.chars().all(is_han));
    }
    // Four characters alone are more often a phrase (`一线视角`) than a name.
    (2..=3).contains(&chars) && text.chars().all(is_han)
}

/// A bare name that may stand alone as a byline, where a section label (`理论·访谈录`, `要闻`) or
/// a one-word opening subhead (`引子`, `序曲`) is as short: a Chinese name opens with a surname,
/// a transliterated one is written in the characters transliteration uses.
fn is_lone_name(name: &str) -> bool {
    if is_section_word(name) {
        return false;
    }
    if name.contains('·') {
        let letters: Vec<char> = name.chars().filter(|&c| c != '·').collect();
        let sounds = letters
            .iter()
            .filter(|c| TRANSLITERATION.contains(**c))
            .count();
        // Most characters of a transliterated name come from the table; a label's words
        // (`理论`, `访谈录`) almost never do.
        return sounds * 10 >= letters.len() * 7;
    }
    has_surname(name)
}

/// Whether `name` opens with a Chinese surname (single or compound).
fn has_surname(name: &str) -> bool {
    COMPOUND_SURNAMES.iter().any(|s| name.starts_with(s))
        || name.chars().next().is_some_and(|c| SURNAMES.contains(c))
}

/// Section labels and the one-word subheads that open or close a piece, which have the shape
/// of a two-character name.
fn is_section_word(text: &str) -> bool {
    is_part_heading(text) || SECTION_LABELS.contains(&text)
}

/// A one-word subhead that names a part of a piece (`引子`, `序曲`, `尾声`, `后记`): a subhead
/// wherever it stands, never a byline.
pub fn is_part_heading(text: &str) -> bool {
    PART_HEADINGS.contains(&text.trim())
}

const PART_HEADINGS: [&str; 15] = [
    "引子", "序曲", "序言", "序章", "前言", "引言", "楔子", "开篇", "题记", "尾声", "结语", "后记",
    "附记", "编后", "跋",
];

const SECTION_LABELS: [&str; 25] = [
    "导读",
    "目录",
    "要目",
    "本版导读",
    "要闻",
    "评论",
    "社论",
    "短评",
    "时评",
    "言论",
    "理论",
    "观察",
    "视点",
    "专题",
    "特稿",
    "综合",
    "国际",
    "国内",
    "经济",
    "文化",
    "社会",
    "体育",
    "副刊",
    "科技",
    "教育",
];

/// The commonest Chinese surnames (with the first syllables of Tibetan and Uyghur names,
/// which bylines write without a surname): enough to tell `崔妍` from `引子`.
const SURNAMES: &str = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜戚谢邹喻柏\
    水窦章云苏潘葛奚范彭郎鲁韦昌马苗凤花方俞任袁柳酆鲍史唐费廉岑薛雷贺倪汤滕殷罗毕郝邬安常乐于\
    时傅皮卞齐康伍余元卜顾孟平黄和穆萧肖尹姚邵湛汪祁毛禹狄米贝明臧计伏成戴谈宋茅庞熊纪舒屈项祝\
    董梁杜阮蓝闵席季麻强贾路娄危江童颜郭梅盛林刁钟徐邱骆高夏蔡田樊胡凌霍虞万支柯昝管卢莫经房裘\
    缪干解应宗丁宣贲邓郁单杭洪包诸左石崔吉钮龚程嵇邢滑裴陆荣翁荀羊於惠甄曲家封芮羿储靳汲邴糜松\
    井段富巫乌焦巴弓牧隗山谷车侯宓蓬全郗班仰秋仲伊宫宁仇栾暴甘钭厉戎祖武符刘景詹束龙叶幸司韶郜\
    黎蓟薄印宿白怀蒲邰从鄂索咸籍赖卓蔺屠蒙池乔阴郁胥能苍双闻莘党翟谭贡劳逄姬申扶堵冉宰郦雍却璩\
    桑桂濮牛寿通边扈燕冀郏浦尚农温别庄晏柴瞿阎闫充慕连茹习宦艾鱼容向古易慎戈廖庾终暨居衡步都耿\
    满弘匡国文寇广禄阙东欧殳沃利蔚越夔隆师巩厍聂晁勾敖融冷訾辛阚那简饶空曾沙乜养鞠须丰巢关蒯相\
    查荆红游竺权逯盖益桓公原付岳佟覃银帅阳来揭楚兰练过代冼麦邝植敬仝买苟晋续战门展卿占栗亢矫修\
    顿粟库力香檀但宝铁海线兆佘补蹇郇扎阿次达格旦央洛拉普尼多才德琼热吾帕努古迪";

const COMPOUND_SURNAMES: [&str; 16] = [
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
    "夏侯", "令狐", "端木", "南宫",
];

/// Characters Chinese writes foreign names with (Xinhua's transliteration tables, most used).
const TRANSLITERATION: &str = "阿艾安奥巴拜班邦贝本比彼毕波伯博布卜查达戴丹道德邓迪蒂丁杜多厄恩尔法\
    凡范菲费芬丰冯弗福夫盖戈格根古哈海汉豪赫亨胡华霍基吉加贾杰捷金卡凯坎康考科克肯库奎拉莱赖兰朗\
    劳勒雷里理利莉丽连林琳卢鲁路伦罗洛马迈麦曼梅门蒙米密明莫默姆穆纳娜奈南内尼妮涅宁努诺欧帕潘佩\
    彭皮普奇齐契乔切钦琼丘萨塞赛桑瑟森沙莎舍什史斯松苏索塔泰坦汤唐特提廷图托瓦万旺威韦维温沃乌西\
    希锡夏谢辛休许雅亚扬耶叶伊依易因英尤于约泽扎詹朱卓兹佐茨策曾津热木买江汗孜古力吾甫则再茂杜曼\
    萝蕾薇娃黛娅丝妮尼科夫斯基诺奥维奇克拉";

/// A byline as shown and searched: spaces that pad a name out to the column width are removed
/// (`本报记者  徐  隽  魏哲哲` → `本报记者 徐隽 魏哲哲`, `崔 妍` → `崔妍`), other runs of spaces become
/// one. Single Han characters standing between spaces are the parts of one name.
pub fn normalize_byline(line: &str) -> String {
    // Every kind of space pads a name: ideographic, no-break (`&nbsp;`), narrow, tabs.
    let words: Vec<&str> = line
        .split(char::is_whitespace)
        .filter(|w| !w.is_empty())
        .collect();
    let single_han = |w: &str| {
        let mut chars = w.chars();
        matches!((chars.next(), chars.next()), (Some(c), None) if is_han(c))
    };
    let mut out = String::with_capacity(line.len());
    let mut prev_single = false;
    for (idx, word) in words.iter().enumerate() {
        let single = single_han(word);
        // Glue a lone character to its neighbour lone characters (`徐 隽`), and a lone surname
        // to a following two-character given name (`欧阳 修` stays apart: two characters first).
        let next_single = words.get(idx + 1).is_some_and(|w| single_han(w));
        let glue = idx > 0 && single && prev_single;
        if idx > 0 && !glue {
            out.push(' ');
        }
        out.push_str(word);
        prev_single = single && (glue || next_single);
    }
    out
}

/// A subhead as shown and searched, its spaces treated as a byline's are: every kind of space
/// (no-break `&nbsp;`, narrow, ideographic, tabs) in a run becomes one space, none at the ends,
/// and a heading spaced out letter by letter to fill a column (`结　束　语`, `前\u{a0}\u{a0}言`)
/// is closed up. Words stay apart (`一、 优化学校布局`, `Workers return`).
pub fn normalize_subhead(text: &str) -> String {
    let words: Vec<&str> = text
        .split(char::is_whitespace)
        .filter(|w| !w.is_empty())
        .collect();
    let single_han = |w: &&str| {
        let mut chars = w.chars();
        matches!((chars.next(), chars.next()), (Some(c), None) if is_han(c))
    };
    if words.len() > 1 && words.iter().all(single_han) {
        return words.concat();
    }
    words.join(" ")
}

/// A credit-shaped line, which [`is_byline`] never takes: short, ending in 摄 or 摄影 with an
/// optional agency in brackets (`本报记者 谭宜姝 摄`, `曹红祖摄（人民视觉）`), `新华社发`, `…供图`,
/// `Photo: …`, `Photo by X`, `X/Agency`. Loose on purpose (`他爱拍摄` passes): here it only keeps
/// such lines out of bylines. Whether a line IS a photo credit is decided by
/// `edition::caption::is_credit_line`, the one caption parser every reader uses.
pub(crate) fn is_credit(line: &str) -> bool {
    let line = line.trim();
    // 40 characters take at most 160 bytes: longer text is a paragraph, not a credit.
    if line.len() > 160 {
        return false;
    }
    let chars = line.chars().count();
    if chars > 40 || line.contains(['。', '，', '；', '！', '？']) {
        return false;
    }
    let opens = |prefix: &str| {
        line.get(..prefix.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
    };
    if ["photo: ", "photo by ", "photograph by ", "photos by "]
        .iter()
        .any(|p| opens(p))
    {
        return true;
    }
    if line.contains(',') {
        return false;
    }
    let core = strip_trailing_bracket(line).trim_end();
    core.ends_with('摄')
        || core.ends_with("摄影")
        || core.ends_with("社发")
        || core.ends_with("供图")
        || core.ends_with("制图")
        || (core.ends_with('图') && core.contains([' ', '\u{3000}', '/', '／']) && chars <= 20)
        || is_agency_credit(line)
}

/// `（人民视觉）` or `(新华社发)` at the end of a credit.
fn strip_trailing_bracket(line: &str) -> &str {
    let Some(inner) = line.strip_suffix(CLOSE) else {
        return line;
    };
    match inner.rfind(OPEN) {
        Some(start) if inner.len() - start <= 40 => &line[..start],
        _ => line,
    }
}

/// `Jane Doe/Reuters`, `JOHN ROE/The Associated Press`: a capitalised name, a slash, an agency.
fn is_agency_credit(line: &str) -> bool {
    let Some((name, agency)) = line.split_once('/') else {
        return false;
    };
    let capitalised = |part: &str, most: usize| {
        let words: Vec<&str> = part.split_whitespace().collect();
        (1..=most).contains(&words.len())
            && words.iter().all(|w| {
                w.chars().next().is_some_and(char::is_uppercase) || matches!(*w, "of" | "the")
            })
            && words.iter().all(|w| {
                w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\''))
            })
    };
    !agency.contains('/') && capitalised(name, 4) && capitalised(agency, 4)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bylines_and_credits() {
        let bylines = [
            "本报记者 张辉",
            "本报记者 许廷合 通讯员 高照辉",
            "禹州市委常委、市纪委书记、市监委主任 曹晓光",
            "By JANE DOE",
            "By Jane Doe and John Roe",
            "记者 王利辉",
        ];
        for line in bylines {
            assert!(is_byline(line), "byline {line:?}");
        }
        let not_bylines = [
            "本报记者 谭宜姝 摄",
            "近年来,新能源汽车行业由导入期进入到发展期,产销量实现同比大幅提升。",
            "续营造基层风清气正的政治生态。",
            "By the end of the year, prices rose.",
            "新时代 新征程 新伟业",
            "全力以赴拼经济 优化环境促发展",
        ];
        for line in not_bylines {
            assert!(!is_byline(line), "not a byline {line:?}");
        }
        for line in [
            "本报记者 谭宜姝 摄",
            "新华社记者 李贺 摄",
            "Photo: Jane Doe",
        ] {
            assert!(is_credit(line), "credit {line:?}");
        }
        for line in ["本报记者 张辉", "他在现场拍摄了很多照片,并说:好。"] {
            assert!(!is_credit(line), "not a credit {line:?}");
        }
    }

    #[test]
    fn real_byline_forms() {
        let bylines = [
            "崔 妍",
            "崔妍",
            "本报记者  徐  隽  魏哲哲",
            "北京大学教授 原 新",
            "南方日报记者 杜玮淦",
            "马哈茂德·阿卜杜拉赫曼",
            "崔妍  李明",
            "By JANE DOE.",
            "By The Associated Press",
            "BY JOHN W. SMITH.",
            "本报特约记者 王明",
            "□ 本报记者 张三",
            "记者王利辉",
            "本报评论员",
            "文/李明",
        ];
        for line in bylines {
            assert!(is_byline(line), "byline {line:?}");
        }
        let not_bylines = [
            "新时代 新征程 新伟业",
            "坚持创新驱动",
            "——编  者",
            "■ 一线视角",
            "By the end of the year, prices rose.",
            "By noon the crowd had gone.",
            "他说：好",
            "床前明月光，",
            "记者了解到",
            "本报记者日前获悉",
        ];
        for line in not_bylines {
            assert!(!is_byline(line), "not a byline {line:?}");
        }
    }

    #[test]
    fn bylines_normalised() {
        let cases = [
            ("本报记者  徐  隽  魏哲哲", "本报记者 徐隽 魏哲哲"),
            ("崔 妍", "崔妍"),
            ("北京大学教授 原 新", "北京大学教授 原新"),
            (
                "本报记者 许廷合 通讯员 高照辉",
                "本报记者 许廷合 通讯员 高照辉",
            ),
            ("By JANE  DOE", "By JANE DOE"),
            ("本报记者　张辉", "本报记者 张辉"),
        ];
        for (raw, want) in cases {
            assert_eq!(normalize_byline(raw), want, "byline {raw:?}");
        }
    }

    #[test]
    fn bylines_keep_titles_in_brackets_and_book_marks() {
        let bylines = [
            "李心草（音乐会《人民至上》指挥）",
            "《环球人物》记者 高 塬",
            "《环球人物》特约记者 王明",
            "本报记者 张三（实习）",
            "周文（北京大学新闻学院教授）",
        ];
        for line in bylines {
            assert!(is_byline(line), "byline {line:?}");
        }
        assert_eq!(
            normalize_byline("李心草（音乐会《人民至上》指挥）"),
            "李心草（音乐会《人民至上》指挥）"
        );
        assert_eq!(
            normalize_byline("《环球人物》记者 高 塬"),
            "《环球人物》记者 高塬"
        );
        let not_bylines = [
            "《人民至上》",
            "（作者为北京大学教授）",
            "坚持人民至上（评论员文章）",
            "新时代 新征程（上）",
        ];
        for line in not_bylines {
            assert!(!is_byline(line), "not a byline {line:?}");
        }
    }

    #[test]
    fn labels_and_opening_subheads_are_not_names() {
        for line in [
            "理论·访谈录",
            "引子",
            "序曲",
            "尾声",
            "要闻",
            "文化·观察",
            "引子  序曲",
        ] {
            assert!(!is_byline(line), "not a byline {line:?}");
        }
        for line in [
            "崔妍",
            "欧阳修",
            "原新",
            "马哈茂德·阿卜杜拉赫曼",
            "迪丽热巴·迪力木拉提",
            "次仁",
        ] {
            assert!(is_byline(line), "byline {line:?}");
        }
    }

    #[test]
    fn contents_entries() {
        for line in [
            "让更多孩子在家门口上好学（第5版）",
            "坚持人民至上（评论员文章）",
            "乡村振兴的新路子(6版)",
        ] {
            assert!(is_contents_entry(line), "contents entry {line:?}");
        }
        for line in [
            "李心草（音乐会《人民至上》指挥）",
            "本报北京8月20日电（记者徐隽）",
            "（作者为北京大学教授）",
            "会议强调，要抓好落实。（完）",
            "理论·访谈录",
        ] {
            assert!(!is_contents_entry(line), "not a contents entry {line:?}");
        }
    }

    #[test]
    fn spaces_normalised_in_bylines_and_subheads_alike() {
        assert_eq!(
            normalize_byline("本报记者\u{a0}\u{a0}张\u{a0}辉"),
            "本报记者 张辉"
        );
        assert_eq!(normalize_byline("本报记者\u{202f}张辉"), "本报记者 张辉");
        let subheads = [
            ("一、\u{a0}\u{a0}优化学校布局", "一、 优化学校布局"),
            ("\u{a0}延时开放\u{a0}效果明显\u{a0}", "延时开放 效果明显"),
            ("结　束　语", "结束语"),
            ("前\u{a0}\u{a0}言", "前言"),
            ("Workers\u{a0}return", "Workers return"),
            ("多项政策共同发力", "多项政策共同发力"),
        ];
        for (raw, want) in subheads {
            assert_eq!(normalize_subhead(raw), want, "subhead {raw:?}");
        }
    }

    #[test]
    fn real_credit_forms() {
        let credits = [
            "曹红祖摄（人民视觉）",
            "本报记者 李 明摄（新华社发）",
            "新华社发",
            "新华社记者 王鹏摄",
            "张三供图",
            "受访者供图",
            "王五摄影",
            "本报记者 谭宜姝 摄",
            "Photo by Jane Doe",
            "Jane Doe/Reuters",
            "JOHN ROE/The Associated Press",
        ];
        for line in credits {
            assert!(is_credit(line), "credit {line:?}");
        }
        let not_credits = [
            "他在现场拍摄了很多照片，并说：好。",
            "本报记者 张辉",
            "input/output of the plant doubled",
            "图",
            "The council met on Monday/Tuesday to vote.",
        ];
        for line in not_credits {
            assert!(!is_credit(line), "not a credit {line:?}");
        }
    }
}
