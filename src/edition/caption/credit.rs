//! What one photo credit looks like as a whole string, in Chinese (`本报记者 王岩/摄`,
//! `程  兆摄（人民视觉）`, `新华社发（记者 林晓 摄）`, `青禾县委宣传部供图`, `版式设计：蒋文`,
//! `（本报记者 冯涛摄）`) and in English (`Photo: Jane Doe`, `(AP Photo/Jane Doe)`,
//! `Photograph by …`, `Jane Doe/Reuters`, `Courtesy of …`). A small grammar of roles, names,
//! agencies and labels rather than a list of endings, so that a phrase which merely ends in 摄 or
//! 图 (`他爱拍摄`, `无人机航拍图`) is not a credit. Where a credit may start inside a caption is
//! the caller's business ([`super::split`]).

use crate::edition::recognize::is_han;

/// How much context a credit needs in front of it inside a caption.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Strength {
    /// Recognisable after any boundary, a plain space included: `本报记者 王岩摄`, `Photo: X`.
    Strong,
    /// Only at a paragraph's start, after a sentence end or after a dash: `Jane Doe/Reuters`,
    /// `Reuters`. After a plain space such words are as likely the caption's own.
    Weak,
}

/// A credit is never longer than this (`Copyright, 1916, by Underwood & Underwood.` is 42).
pub(super) const MAX_CREDIT_CHARS: usize = 64;

/// [`MAX_CREDIT_CHARS`] in bytes, at most: no credit starts further than this from the end.
pub(super) const MAX_CREDIT_BYTES: usize = MAX_CREDIT_CHARS * 4;

/// `Some` when all of `text` (trimmed, one line) is one credit.
pub(super) fn credit(text: &str) -> Option<Strength> {
    let text = text.trim();
    if text.is_empty()
        || text.len() > MAX_CREDIT_BYTES
        || text.chars().count() > MAX_CREDIT_CHARS
        || text.contains('\n')
    {
        return None;
    }
    if chinese(text) {
        return Some(Strength::Strong);
    }
    english(text)
}

/// Sentence punctuation: a credit is a label, never a sentence or a clause.
const SENTENCE_MARKS: [char; 10] = ['。', '，', '；', '！', '？', ',', ';', '!', '?', '…'];

const OPEN: [char; 2] = ['（', '('];
const CLOSE: [char; 2] = ['）', ')'];
const SLASH: [char; 2] = ['/', '／'];
const COLON: [char; 2] = ['：', ':'];

/// Agencies and sources printed alone as a credit, or in brackets after one.
const AGENCIES: [&str; 22] = [
    "新华社",
    "新华社发",
    "新华网",
    "中新社",
    "中新社发",
    "中新网",
    "人民网",
    "人民网发",
    "人民视觉",
    "人民图片",
    "视觉中国",
    "东方IC",
    "CFP",
    "IC photo",
    "图虫创意",
    "资料图片",
    "资料图",
    "资料照片",
    "本报资料图片",
    "网络图片",
    "新华社资料图片",
    "央视新闻",
];

/// Endings of the roles that stand before a photographer's name: `本报记者`, `南方日报记者`,
/// `本报通讯员`, `实习生`, `摄影师`.
const ROLE_ENDS: [&str; 6] = ["记者", "通讯员", "实习生", "摄影师", "特约摄影", "摄影员"];

/// Labels followed by a colon or a slash and free text: `版式设计：蒋文`, `本版制图：人民网 许多`.
/// Longer labels come before their prefixes.
const OPEN_LABELS: [&str; 11] = [
    "版式设计",
    "美术设计",
    "本版制图",
    "本版摄影",
    "图片来源",
    "图片提供",
    "制图",
    "美编",
    "插图",
    "漫画",
    "绘图",
];

/// Labels followed by a colon or a slash and names only: `文/王岩`, `图：李明`, `摄影：韩冰`
/// (`图：游客在参观` is a caption).
const NAME_LABELS: [&str; 7] = ["本版图片", "图片", "摄影", "图文", "文图", "图", "文"];

/// What stands after a name and a slash: `杜佳冰/摄`, `沈岚/图`, `吕航/文`.
const LABELS_AFTER: [&str; 8] = ["摄影", "制图", "供图", "图文", "文图", "摄", "图", "文"];

// ---------------------------------------------------------------------------------------------
// Chinese

fn chinese(text: &str) -> bool {
    if text.contains(SENTENCE_MARKS) {
        return false;
    }
    match peel_bracket(text) {
        Some(("", inner)) => {
            let inner = inner.trim();
            core(inner) || is_agency(inner)
        }
        Some((head, inner)) => (core(head) || is_agency(head)) && is_bracket_note(inner),
        None => core(text) || is_agency(text),
    }
}

/// `head（inner）`: the bracket that closes `text` and what stands before it (trimmed, possibly
/// empty). `None` when `text` does not end in a balanced bracket.
fn peel_bracket(text: &str) -> Option<(&str, &str)> {
    let body = text.strip_suffix(CLOSE)?;
    let mut depth = 0usize;
    for (idx, c) in body.char_indices().rev() {
        if CLOSE.contains(&c) {
            depth += 1;
        } else if OPEN.contains(&c) {
            if depth == 0 {
                let inner = &body[idx + c.len_utf8()..];
                return (!inner.trim().is_empty()).then(|| (body[..idx].trim_end(), inner));
            }
            depth -= 1;
        }
    }
    None
}

/// A short note in brackets after a credit: `（人民视觉）`, `（记者 林晓 摄）`, `（无人机照片）`.
fn is_bracket_note(inner: &str) -> bool {
    let inner = inner.trim();
    !inner.is_empty()
        && inner.chars().count() <= 20
        && !inner.contains(OPEN)
        && !inner.contains(CLOSE)
}

fn is_agency(text: &str) -> bool {
    AGENCIES.contains(&text)
}

/// A credit without brackets: a labelled one or an attribution.
fn core(text: &str) -> bool {
    let text = text.trim();
    !text.is_empty() && (label_first(text) || label_after(text) || attribution(text))
}

/// `版式设计：蒋文`, `制图：潘晓`, `文/王岩`, `图片来源：视觉中国`.
fn label_first(text: &str) -> bool {
    let content = |label: &str| {
        text.strip_prefix(label)
            .map(str::trim_start)
            .and_then(|rest| {
                rest.strip_prefix(COLON)
                    .or_else(|| rest.strip_prefix(SLASH))
            })
            .map(str::trim)
            .filter(|content| !content.is_empty())
    };
    if let Some(label) = OPEN_LABELS.iter().find(|l| text.starts_with(*l)) {
        return content(label).is_some_and(|c| !c.contains(COLON));
    }
    NAME_LABELS
        .iter()
        .find(|l| text.starts_with(*l))
        .and_then(|label| content(label))
        .is_some_and(|c| people(c, true) || is_agency(c))
}

/// `杜佳冰/摄`, `沈岚/图`, `本报记者 王岩/摄`.
fn label_after(text: &str) -> bool {
    let Some(slash) = text.rfind(SLASH) else {
        return false;
    };
    let (who, label) = text.split_at(slash);
    let label = label[label.chars().next().map_or(1, char::len_utf8)..].trim();
    LABELS_AFTER.contains(&label) && people(who.trim_end(), false)
}

/// Who then what they did: `本报记者 王岩摄`, `程  兆摄`, `韩冰 摄影报道`, `青禾县委宣传部供图`,
/// `孙悦制图`.
fn attribution(text: &str) -> bool {
    const PHOTO: [&str; 3] = ["摄影报道", "摄影", "摄"];
    const SUPPLIED: [&str; 2] = ["供图", "制图"];
    let (who, supplied, suffix) = if let Some((suffix, who)) = PHOTO
        .iter()
        .find_map(|s| text.strip_suffix(s).map(|who| (*s, who)))
    {
        (who, false, suffix)
    } else if let Some(who) = SUPPLIED.iter().find_map(|s| text.strip_suffix(s)) {
        (who, true, "")
    } else {
        return false;
    };
    let who = who.trim_end();
    let (who, slash) = match who.strip_suffix(SLASH) {
        Some(who) => (who.trim_end(), true),
        None => (who, false),
    };
    if who.is_empty() {
        return false;
    }
    if supplied {
        return people(who, false) || is_org(who);
    }
    // `王岩摄` without a role: the name must start with a surname, so `他爱拍摄` and `航拍摄`
    // stay text. A slash or `摄影报道` says credit by itself.
    people(who, !slash && suffix != "摄影报道")
}

/// Roles and names: `本报记者 王岩 通讯员 李明`, `记者王岩`, `赵  晨`, `王岩、李明`,
/// `马哈茂德·阿卜杜拉`. `strict`: a name that no role introduces must start with a surname.
fn people(who: &str, strict: bool) -> bool {
    let tokens: Vec<&str> = who
        .split(|c: char| c.is_whitespace() || c == '、')
        .filter(|t| !t.is_empty())
        .collect();
    if tokens.is_empty() || tokens.len() > 12 {
        return false;
    }
    let mut names = 0;
    let mut has_role = false;
    // A role waits for its name.
    let mut role_open = false;
    let mut idx = 0;
    while idx < tokens.len() {
        let token = tokens[idx];
        let glued = glued_role(token);
        if is_role(token) || glued.is_some() {
            // Names before the first role (`王岩 本报记者 李明`), or two roles in a row: not a
            // credit's order.
            if role_open || (names > 0 && !has_role) {
                return false;
            }
            has_role = true;
            role_open = glued.is_none();
            names += usize::from(glued.is_some());
            idx += 1;
            continue;
        }
        let need_surname = strict && !has_role;
        if single_han(token) {
            // `赵  晨`, `徐 隽`: a name set out in single characters.
            let run = tokens[idx..].iter().take_while(|t| single_han(t)).count();
            if !(2..=4).contains(&run) || (need_surname && !starts_with_surname(token)) {
                return false;
            }
            idx += run;
        } else if is_name(token, need_surname) {
            idx += 1;
        } else {
            return false;
        }
        names += 1;
        role_open = false;
    }
    names > 0 && !role_open && names <= 6 && (has_role || names <= 4)
}

/// `本报记者`, `新华社记者`, `南方日报记者`, `通讯员`, `实习生`.
fn is_role(token: &str) -> bool {
    let chars = token.chars().count();
    chars <= 12
        && token.chars().all(is_han)
        && !token.starts_with('图')
        && ROLE_ENDS.iter().any(|end| token.ends_with(end))
}

/// `记者王岩`, `本报记者王岩`: a role with its name glued on; returns the name.
fn glued_role(token: &str) -> Option<&str> {
    ROLE_ENDS.iter().find_map(|end| {
        let at = token.rfind(end)? + end.len();
        let (role, name) = token.split_at(at);
        (!name.is_empty() && is_role(role) && is_name(name, false)).then_some(name)
    })
}

/// A name as one word: 2–4 Han characters (2–3 and a surname first when `need_surname`, 4
/// with a two-character surname), or a transliteration in Han parts joined by `·`.
fn is_name(token: &str, need_surname: bool) -> bool {
    if token.contains(['·', '•']) {
        let parts: Vec<&str> = token.split(['·', '•']).collect();
        return token.chars().count() <= 20
            && (2..=4).contains(&parts.len())
            && parts.iter().all(|p| !p.is_empty() && p.chars().all(is_han));
    }
    let chars = token.chars().count();
    if !token.chars().all(is_han) || is_role(token) || is_agency(token) {
        return false;
    }
    if !need_surname {
        return (2..=4).contains(&chars);
    }
    let compound = COMPOUND_SURNAMES.iter().any(|s| token.starts_with(s));
    match chars {
        2 | 3 => compound || starts_with_surname(token),
        4 => compound,
        _ => false,
    }
}

fn single_han(token: &str) -> bool {
    let mut chars = token.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if is_han(c))
}

fn starts_with_surname(token: &str) -> bool {
    token.chars().next().is_some_and(|c| SURNAMES.contains(c))
}

/// An organisation or a source as one word: `青禾县委宣传部`, `受访者`, `视觉中国`, `由受访者`.
fn is_org(text: &str) -> bool {
    let text = text.strip_prefix('由').unwrap_or(text);
    let chars = text.chars().count();
    (2..=16).contains(&chars)
        && !text.starts_with('图')
        && text
            .chars()
            .all(|c| is_han(c) || c.is_ascii_alphanumeric() || c == '·')
}

/// Common single-character surnames (function words such as 和, 但, 由, 从, 在 left out: the
/// list only has to tell `王岩摄` from `他爱拍摄`).
const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘\
于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾\
毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘\
祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳穆\
农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师仇栾隋商刁沙荣\
巫寇桑郎甄丛仲虞敖巩佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼满闻厉伊\
仝区郜阚权帅屠豆朴盖练廉禹井祖漆巴丰支卿狄计索宣晋相初门云容敬扈晁芮普阙浦戈伏鹿薄邸雍辜羊乌母\
裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危亢嵇哈湛宾戎勾茅利揭尉冶束檀衣信展阴昝智幸奉植衡富尧闭";

const COMPOUND_SURNAMES: [&str; 16] = [
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "长孙", "宇文",
    "司徒", "夏侯", "端木", "申屠",
];

// ---------------------------------------------------------------------------------------------
// English

/// Phrases that open an English credit, lower-cased; longer ones before their prefixes.
const PREFIXES: [&str; 23] = [
    "staff photograph by ",
    "staff photo by ",
    "staff photos by ",
    "photo illustration by ",
    "photograph by ",
    "photographs by ",
    "photograph: ",
    "photo courtesy of ",
    "photo courtesy ",
    "photo credit: ",
    "photo by ",
    "photos by ",
    "photo: ",
    "photos: ",
    "courtesy of ",
    "courtesy ",
    "credit: ",
    "picture: ",
    "illustration by ",
    "drawing by ",
    "copyright by ",
    "copyright",
    "© ",
];

/// Picture agencies of 1916 and now, printed alone under a photo.
const LATIN_AGENCIES: [&str; 19] = [
    "Reuters",
    "Getty Images",
    "AFP",
    "AFP/Getty Images",
    "Associated Press",
    "The Associated Press",
    "AP",
    "EPA",
    "Bloomberg",
    "Shutterstock",
    "Alamy",
    "Underwood & Underwood",
    "Harris & Ewing",
    "Bain News Service",
    "International Film Service",
    "Brown Brothers",
    "Paul Thompson",
    "Press Illustrating Service",
    "American Press Association",
];

/// Lower-case words a name or an agency may hold: `Jane Doe for The New York Times`.
const CONNECTORS: [&str; 14] = [
    "of", "the", "and", "for", "de", "da", "du", "van", "von", "la", "le", "y", "&", "und",
];

fn english(text: &str) -> Option<Strength> {
    if super::has_sentence_mark(text) {
        return None;
    }
    if let Some(inner) = text.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
        return (!inner.contains(['(', ')']) && english(inner.trim()).is_some())
            .then_some(Strength::Strong);
    }
    if prefixed(text) || agency_photo(text).is_some_and(|named| named) {
        return Some(Strength::Strong);
    }
    let bare = text.strip_suffix('.').unwrap_or(text);
    (agency_photo(text).is_some() || name_slash_agency(text) || LATIN_AGENCIES.contains(&bare))
        .then_some(Strength::Weak)
}

/// `Photo: Jane Doe`, `Photograph by …`, `Staff photo by …`, `Courtesy of …`,
/// `Copyright, 1916, by Underwood & Underwood.`, `© Harris & Ewing`. The phrase is capitalised:
/// `photo by` inside a sentence is the sentence's.
fn prefixed(text: &str) -> bool {
    if !text
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c == '©')
    {
        return false;
    }
    let lower = text.to_ascii_lowercase();
    let Some(prefix) = PREFIXES.iter().find(|p| lower.starts_with(*p)) else {
        return false;
    };
    let mut rest = text[prefix.len()..].trim_start();
    if matches!(*prefix, "copyright" | "© ") {
        // `Copyright, 1916, by …`, `Copyright 1916 …`, `© 1916 …`.
        if *prefix == "copyright" && !text[prefix.len()..].starts_with([',', ' ']) {
            return false;
        }
        rest = rest.trim_start_matches([',', ' ']);
        let year = rest.bytes().take_while(u8::is_ascii_digit).count();
        if year == 4 {
            rest = rest[4..].trim_start_matches([',', ' ']);
        }
        rest = rest.strip_prefix("by ").unwrap_or(rest);
    }
    name_list(rest)
}

/// `Jane Doe`, `J. Scott Hale`, `Underwood & Underwood.`, `Jane Doe for The New York Times`,
/// `Jane Doe/Reuters`: capitalised words and connectors, an optional final period.
fn name_list(rest: &str) -> bool {
    let rest = rest.trim();
    let core = rest.strip_suffix('.').unwrap_or(rest);
    let words: Vec<&str> = core.split_whitespace().collect();
    (1..=12).contains(&words.len())
        && words
            .iter()
            .any(|w| w.chars().next().is_some_and(char::is_uppercase))
        && words.iter().all(|w| {
            w.chars().all(|c| {
                c.is_alphanumeric() || matches!(c, '.' | '\'' | '’' | '-' | '&' | '/' | ',')
            }) && (w
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
                || CONNECTORS.contains(&w.trim_end_matches(',')))
        })
}

/// `AP Photo/Jane Doe` (`Some(true)`: named), `AP Photo` (`Some(false)`).
fn agency_photo(text: &str) -> Option<bool> {
    let (left, right) = match text.split_once('/') {
        Some((left, right)) => (left, Some(right)),
        None => (text, None),
    };
    let agency = ["Photo", "PHOTO", "Photos"]
        .iter()
        .find_map(|p| left.trim_end().strip_suffix(p))?;
    if !agency.ends_with(' ') {
        return None;
    }
    let words: Vec<&str> = agency.split_whitespace().collect();
    let agency_ok = (1..=3).contains(&words.len())
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '&' | '.'))
        });
    match right {
        _ if !agency_ok => None,
        None => Some(false),
        Some(name) => name_list(name).then_some(true),
    }
}

/// `Jane Doe/Reuters`, `JOHN ROE/The Associated Press`: a capitalised name, one slash, an
/// agency.
fn name_slash_agency(text: &str) -> bool {
    let Some((name, agency)) = text.split_once('/') else {
        return false;
    };
    let capitalised = |part: &str| {
        let words: Vec<&str> = part.split_whitespace().collect();
        (1..=4).contains(&words.len())
            && words.iter().all(|w| {
                (w.chars().next().is_some_and(char::is_uppercase)
                    || matches!(*w, "of" | "the" | "for"))
                    && w.chars()
                        .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\'' | '&'))
            })
    };
    !agency.contains('/') && capitalised(name) && capitalised(agency)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credits_and_not() {
        let strong = [
            "本报记者 王岩/摄",
            "杜佳冰/摄",
            "本报记者 赵  晨摄",
            "程  兆摄（人民视觉）",
            "新华社记者 郑明远摄",
            "新华社发",
            "新华社发（记者 林晓 摄）",
            "青禾县委宣传部供图",
            "受访者供图",
            "孙悦制图",
            "视觉中国",
            "本报记者 韩冰 摄影报道",
            "版式设计：蒋文",
            "本版制图：人民网 许多",
            "沈岚/图",
            "吕航/文",
            "（本报记者 冯涛摄）",
            "记者王岩摄",
            "本报记者王岩、李明摄",
            "本报记者 王岩 通讯员 李明摄",
            "马哈茂德·阿卜杜拉摄",
            "欧阳小明摄",
            "Photo: Jane Doe",
            "(AP Photo/Jane Doe)",
            "Photograph by Edith Ward",
            "Courtesy of the Historical Society",
            "Staff photo by John Roe",
            "Copyright, 1916, by Underwood & Underwood.",
            "© Harris & Ewing",
        ];
        for text in strong {
            assert_eq!(credit(text), Some(Strength::Strong), "credit {text:?}");
        }
        for text in ["Jane Doe/Reuters", "Getty Images", "AP Photo"] {
            assert_eq!(credit(text), Some(Strength::Weak), "weak credit {text:?}");
        }
        let not = [
            "他爱拍摄",
            "他最爱拍摄",
            "航拍摄",
            "无人机航拍图",
            "摄制组",
            "摄影展开幕。",
            "新华社记者在现场拍摄。",
            "图：游客在参观",
            "图为游客参观",
            "春天的田野 受访者供图",
            "王岩 本报记者 李明摄",
            "本报记者",
            "摄",
            "供图",
            "（左二）",
            "The photo by the river shows the mill.",
            "Photo by the river shows him.",
            "photo by Jane Doe",
            "Copyright law was debated",
            "input/output",
            "The council met on Monday/Tuesday.",
        ];
        for text in not {
            assert_eq!(credit(text), None, "not a credit {text:?}");
        }
    }

    #[test]
    fn brackets_peel_at_the_matching_open() {
        assert_eq!(
            peel_bracket("王岩摄（人民视觉）"),
            Some(("王岩摄", "人民视觉"))
        );
        assert_eq!(
            peel_bracket("（本报记者 冯涛摄）"),
            Some(("", "本报记者 冯涛摄"))
        );
        assert_eq!(peel_bracket("a（b（c））"), Some(("a", "b（c）")));
        assert_eq!(peel_bracket("王岩摄）"), None);
        assert_eq!(peel_bracket("（）"), None);
    }
}
