//! Image-map areas (`<area shape coords href>`) → where each article is on the page picture:
//! every area of an article (`rect`, `poly`/`polygon`, `circle`) joined into one box, in the
//! space the `<img>` is shown at, then scaled to the picture's own pixels.

use std::collections::BTreeMap;

/// The box around every area of each link: link → `[left, top, right, bottom]` in display
/// coordinates. Areas whose shape or numbers do not make a box are left out.
pub(crate) fn union_by_link<'a>(
    areas: impl IntoIterator<Item = (&'a str, &'a str, &'a str)>,
) -> BTreeMap<String, [u32; 4]> {
    let mut out: BTreeMap<String, [u32; 4]> = BTreeMap::new();
    for (link, shape, coords) in areas {
        let Some(rect) = shape_box(shape, coords) else {
            continue;
        };
        out.entry(link.to_owned())
            .and_modify(|[l, t, r, b]| {
                *l = (*l).min(rect[0]);
                *t = (*t).min(rect[1]);
                *r = (*r).max(rect[2]);
                *b = (*b).max(rect[3]);
            })
            .or_insert(rect);
    }
    out
}

/// The box around one area: `rect` (`x1,y1,x2,y2`, either corner order), `poly`/`polygon`
/// (`x1,y1,x2,y2,…`), `circle` (`x,y,r`). `None` for anything else, negative or huge
/// numbers, or an empty box.
#[allow(clippy::cast_sign_loss)] // every number is checked to be in 0..1e6 first
pub(crate) fn shape_box(shape: &str, coords: &str) -> Option<[u32; 4]> {
    let numbers: Vec<f64> = coords
        .split(',')
        .map(|n| {
            n.trim()
                .parse::<f64>()
                .ok()
                .filter(|n| (0.0..1e6).contains(n))
        })
        .collect::<Option<_>>()?;
    let shape = shape.trim().to_ascii_lowercase();
    let rect = match shape.as_str() {
        "circle" | "circ" => {
            let [x, y, r] = numbers[..] else { return None };
            [(x - r).max(0.0), (y - r).max(0.0), x + r, y + r]
        }
        "rect" | "rectangle" | "" | "default" if numbers.len() == 4 => {
            let [a, b, c, d] = numbers[..] else {
                return None;
            };
            [a.min(c), b.min(d), a.max(c), b.max(d)]
        }
        "poly" | "polygon" | "rect" | "rectangle" | ""
            if numbers.len() >= 4 && numbers.len().is_multiple_of(2) =>
        {
            let xs = numbers.iter().step_by(2);
            let ys = numbers.iter().skip(1).step_by(2);
            [
                xs.clone().copied().fold(f64::INFINITY, f64::min),
                ys.clone().copied().fold(f64::INFINITY, f64::min),
                xs.copied().fold(0.0, f64::max),
                ys.copied().fold(0.0, f64::max),
            ]
        }
        _ => return None,
    };
    let rect = rect.map(|n| n.round() as u32);
    (rect[0] < rect[2] && rect[1] < rect[3]).then_some(rect)
}

/// The size an `<img>` is shown at: its `width`/`height` attributes, else `width:…px` /
/// `height:…px` in its `style`. `None` unless both are known and positive.
pub(crate) fn display_size(img: &scraper::node::Element) -> Option<(u32, u32)> {
    let px = |text: &str| -> Option<u32> {
        let text = text.trim().trim_end_matches("px").trim();
        let n = text.parse::<f64>().ok()?;
        #[allow(clippy::cast_sign_loss)] // checked positive and small
        ((1.0..1e5).contains(&n)).then(|| n.round() as u32)
    };
    let style = |name: &str| -> Option<u32> {
        img.attr("style")?.split(';').find_map(|decl| {
            let (key, value) = decl.split_once(':')?;
            (key.trim().eq_ignore_ascii_case(name)).then(|| px(value))?
        })
    };
    let width = img.attr("width").and_then(px).or_else(|| style("width"))?;
    let height = img
        .attr("height")
        .and_then(px)
        .or_else(|| style("height"))?;
    Some((width, height))
}

/// `rect` in the display space `display` → the same place in a picture of `picture` pixels,
/// clamped to the picture. Without both sizes the box is kept as it is.
pub(crate) fn scale(
    rect: [u32; 4],
    display: Option<(u32, u32)>,
    picture: Option<(u32, u32)>,
) -> [u32; 4] {
    let (Some((dw, dh)), Some((pw, ph))) = (display, picture) else {
        return rect;
    };
    if dw == 0 || dh == 0 {
        return rect;
    }
    let sx = |v: u32| scale_one(v, pw, dw).min(pw);
    let sy = |v: u32| scale_one(v, ph, dh).min(ph);
    [sx(rect[0]), sy(rect[1]), sx(rect[2]), sy(rect[3])]
}

/// `v * to / from`, rounded to the nearest pixel, in integers (no float drift).
fn scale_one(v: u32, to: u32, from: u32) -> u32 {
    let scaled = (u64::from(v) * u64::from(to) * 2 + u64::from(from)) / (u64::from(from) * 2);
    u32::try_from(scaled).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn shapes_make_boxes() {
        assert_eq!(shape_box("rect", "10,20,300,200"), Some([10, 20, 300, 200]));
        assert_eq!(shape_box("RECT", "300,200,10,20"), Some([10, 20, 300, 200]));
        assert_eq!(
            shape_box("polygon", "5,210, 290,215, 280,400, 8,390"),
            Some([5, 210, 290, 400])
        );
        assert_eq!(shape_box("circle", "50,50,20"), Some([30, 30, 70, 70]));
        assert_eq!(shape_box("circle", "5,5,20"), Some([0, 0, 25, 25]));
        for (shape, bad) in [
            ("rect", ""),
            ("rect", "1,2,3"),
            ("poly", "1,2,3,4,5"),
            ("rect", "-1,2,3,4"),
            ("rect", "1,2,1,4"),
            ("rect", "1e9,2,3,4"),
            ("rect", "a,b,c,d"),
            ("star", "1,2,3,4"),
        ] {
            assert_eq!(shape_box(shape, bad), None, "{shape} {bad:?}");
        }
    }

    #[test]
    fn display_sizes_come_from_attributes_or_style() {
        let img = |html: &str| {
            let doc = scraper::Html::parse_fragment(html);
            let sel = scraper::Selector::parse("img").expect("a selector");
            doc.select(&sel).next().map(|e| display_size(e.value()))
        };
        assert_eq!(
            img(r#"<img width="400" height="575">"#),
            Some(Some((400, 575)))
        );
        assert_eq!(
            img(r#"<img style="width: 400px; height:575px">"#),
            Some(Some((400, 575)))
        );
        assert_eq!(img(r#"<img width="400">"#), Some(None));
    }

    /// An area: a shape and its coordinates, as a page writes them.
    fn area() -> impl Strategy<Value = (String, Vec<u32>)> {
        prop_oneof![
            (0u32..400, 0u32..575, 1u32..200, 1u32..200)
                .prop_map(|(x, y, w, h)| ("rect".to_owned(), vec![x, y, x + w, y + h])),
            proptest::collection::vec((0u32..400, 0u32..575), 3..8).prop_map(|pts| (
                "polygon".to_owned(),
                pts.into_iter().flat_map(|(x, y)| [x, y]).collect()
            )),
            (20u32..380, 20u32..555, 1u32..20)
                .prop_map(|(x, y, r)| ("circle".to_owned(), vec![x, y, r])),
        ]
    }

    fn expected_box(shape: &str, c: &[u32]) -> Option<[u32; 4]> {
        let b = if shape == "circle" {
            [c[0] - c[2], c[1] - c[2], c[0] + c[2], c[1] + c[2]]
        } else {
            let xs = c.iter().step_by(2);
            let ys = c.iter().skip(1).step_by(2);
            [
                *xs.clone().min()?,
                *ys.clone().min()?,
                *xs.max()?,
                *ys.max()?,
            ]
        };
        (b[0] < b[2] && b[1] < b[3]).then_some(b)
    }

    proptest! {
        #[test]
        fn stored_regions_are_the_scaled_union_boxes(
            areas in proptest::collection::vec((0usize..3, area()), 1..12),
            display in (100u32..1200, 100u32..1800),
            picture in (100u32..6000, 100u32..9000),
        ) {
            let links = ["a", "b", "c"];
            let written: Vec<(&str, String, String)> = areas
                .iter()
                .map(|(link, (shape, c))| {
                    let coords = c.iter().map(ToString::to_string).collect::<Vec<_>>().join(",");
                    (links[*link], shape.clone(), coords)
                })
                .collect();
            let got = union_by_link(written.iter().map(|(l, s, c)| (*l, s.as_str(), c.as_str())));
            for link in links {
                let boxes: Vec<[u32; 4]> = areas
                    .iter()
                    .filter(|(l, _)| links[*l] == link)
                    .filter_map(|(_, (s, c))| expected_box(s, c))
                    .collect();
                let union = boxes.iter().copied().reduce(|a, b| {
                    [a[0].min(b[0]), a[1].min(b[1]), a[2].max(b[2]), a[3].max(b[3])]
                });
                prop_assert_eq!(got.get(link).copied(), union);
                if let Some(u) = union {
                    let s = scale(u, Some(display), Some(picture));
                    // Each edge is the display edge times picture/display, to the nearest pixel.
                    let exact = |v: u32, to: u32, from: u32| f64::from(v) * f64::from(to) / f64::from(from);
                    for (i, (to, from)) in [(picture.0, display.0), (picture.1, display.1)]
                        .into_iter()
                        .cycle()
                        .take(4)
                        .enumerate()
                    {
                        let want = exact(u[i], to, from).min(f64::from(to));
                        prop_assert!((f64::from(s[i]) - want).abs() <= 0.5 + 1e-9, "{s:?} {want}");
                    }
                    prop_assert!(s[2] <= picture.0 && s[3] <= picture.1);
                }
            }
        }
    }
}
