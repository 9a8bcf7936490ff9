//! Server-drawn SVG: the world map of members (Natural Earth outlines from the `world-atlas`
//! package, projected at build time by `tools/refdata`) and bar charts. Works with no tile
//! server and no JavaScript; every text inside is escaped here because templates insert the
//! SVG as trusted markup.

use pumasi_domain::geo;
use std::collections::HashMap;
use std::fmt::Write;
use std::sync::LazyLock;

static OUTLINES: LazyLock<Vec<(&'static str, String)>> = LazyLock::new(|| {
    let mut out: Vec<(&'static str, String)> = Vec::new();
    for (code, d) in include_str!("../assets/map/countries.tsv")
        .lines()
        .filter_map(|l| l.split_once('\t'))
        .filter(|(code, _)| code.len() == 2)
    {
        if code == "FR" {
            // Natural Earth draws French Guiana as part of France; it is its own place on a
            // map of members (its own ISO code), so its outline is split off.
            let (europe, america) = split_subpaths(d, |x, _| x < geo::project(0.0, -30.0).0);
            out.push(("FR", europe));
            if !america.is_empty() {
                out.push(("GF", america));
            }
        } else {
            out.push((code, d.to_owned()));
        }
    }
    out
});

/// The numbers of a compact SVG path fragment ("1.2.8-3" is 1.2, .8, -3).
fn numbers(s: &str) -> Vec<f64> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in s.chars() {
        let starts_new = c == '-' || (c == '.' && cur.contains('.')) || c == ' ' || c == ',';
        if starts_new && !cur.is_empty() && cur != "-" {
            out.push(cur.parse().unwrap_or(0.0));
            cur.clear();
        }
        if c != ' ' && c != ',' {
            cur.push(c);
        }
    }
    if !cur.is_empty() && cur != "-" {
        out.push(cur.parse().unwrap_or(0.0));
    }
    out
}

/// Splits a path of relative subpaths (`m…z m…z`, each `m` relative to the previous
/// subpath's start) into two paths by where each subpath starts; each is rewritten with an
/// absolute start, so it stands on its own.
fn split_subpaths(d: &str, second: impl Fn(f64, f64) -> bool) -> (String, String) {
    let (mut a, mut b) = (String::new(), String::new());
    let (mut x, mut y) = (0.0_f64, 0.0_f64);
    for (k, sub) in d.split(['z', 'Z']).enumerate() {
        let sub = sub.trim();
        let Some(rest) = sub.strip_prefix(['m', 'M']) else {
            continue;
        };
        // The start point: the first two numbers, up to the next command letter or the third.
        let cmd_at = rest
            .find(|c: char| c.is_ascii_alphabetic())
            .unwrap_or(rest.len());
        let nums = numbers(&rest[..cmd_at]);
        let (dx, dy) = (
            nums.first().copied().unwrap_or(0.0),
            nums.get(1).copied().unwrap_or(0.0),
        );
        if k == 0 || sub.starts_with('M') {
            (x, y) = (dx, dy);
        } else {
            (x, y) = (x + dx, y + dy);
        }
        // The implicit line-tos after the start point, as relative `l` commands.
        let tail: Vec<String> = nums.iter().skip(2).map(|n| format!("{n}")).collect();
        let mut piece = format!("M{x:.1} {y:.1}");
        if !tail.is_empty() {
            piece.push('l');
            piece.push_str(&tail.join(" "));
        }
        piece.push_str(&rest[cmd_at..]);
        piece.push('z');
        if second(x, y) {
            b.push_str(&piece);
        } else {
            a.push_str(&piece);
        }
    }
    (a, b)
}

/// The grey world every map is drawn on, as an image of its own: one cacheable file instead
/// of the same outlines inlined in every page with a map.
#[must_use]
pub fn outline_svg() -> String {
    let mut s = String::with_capacity(70_000);
    let _ = write!(
        s,
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h:.0}"><g fill="#e3e3e3" stroke="#fff" stroke-width=".4">"##,
        w = geo::MAP_WIDTH,
        h = geo::MAP_HEIGHT,
    );
    for (_, d) in OUTLINES.iter() {
        let _ = write!(s, r#"<path d="{d}"/>"#);
    }
    s.push_str("</g></svg>");
    s
}

/// Escapes text for SVG/HTML content and attributes.
#[must_use]
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            _ => o.push(c),
        }
    }
    o
}

pub struct MapPoint<'a> {
    pub label: &'a str,
    /// Where the dot leads (a member's profile, an event), when it stands for one thing.
    pub href: Option<String>,
    /// Members the dot stands for (1, or a whole country's when the map groups them).
    pub count: u64,
    pub lat: f64,
    pub lon: f64,
}

/// The world map: the grey world (one cached image), countries with members shaded and, when
/// `country_href` is given, linked (`{country_href}KR`), a legend of the shades, and a dot per
/// place with coordinates — dots that would overlap are drawn as one, with their number.
/// `title` and `desc` name the map; the page also lists the data.
#[must_use]
pub fn world_map(
    counts: &HashMap<String, u64>,
    points: &[MapPoint<'_>],
    title: &str,
    desc: &str,
    locale: &str,
    country_href: Option<&str>,
) -> String {
    let max = counts.values().copied().max().unwrap_or(1).max(1);
    let shade = |n: u64| 1 + (n * 4).div_ceil(max).min(4);
    let mut s = String::with_capacity(20_000);
    let _ = write!(
        s,
        r#"<svg class="map" viewBox="0 0 {w} {h:.0}" role="group" aria-labelledby="map-t map-d" xmlns="http://www.w3.org/2000/svg"><title id="map-t">{t}</title><desc id="map-d">{d}</desc><image href="{img}" x="0" y="0" width="{w}" height="{h:.0}" aria-hidden="true"/><g class="land">"#,
        w = geo::MAP_WIDTH,
        h = geo::MAP_HEIGHT,
        t = esc(title),
        d = esc(desc),
        img = crate::assets::url("world.svg"),
    );
    for (code, d) in OUTLINES.iter() {
        let n = counts.get(*code).copied().unwrap_or(0);
        if n == 0 {
            continue;
        }
        // Named in the reader's language, not by its code.
        let name = pumasi_domain::countries::country(code).map_or(*code, |c| c.name(locale));
        let label = format!("{}: {n}", esc(name));
        match country_href {
            Some(href) => {
                let _ = write!(
                    s,
                    r#"<a href="{href}{code}"><title>{label}</title><path class="m{}" d="{d}"/></a>"#,
                    shade(n)
                );
            }
            None => {
                let _ = write!(
                    s,
                    r#"<path class="m{}" d="{d}"><title>{label}</title></path>"#,
                    shade(n)
                );
            }
        }
    }
    s.push_str(r#"</g><g class="pts">"#);
    let clusters = clusters(points);
    for c in &clusters {
        let label = if c.labels.len() > 12 {
            format!("{} …", c.labels[..12].join(" · "))
        } else {
            c.labels.join(" · ")
        };
        #[allow(clippy::cast_precision_loss)]
        let r = if c.count <= 1 {
            3.0
        } else {
            (3.5 + (c.count as f64).sqrt()).min(14.0)
        };
        match &c.href {
            Some(href) => {
                let _ = write!(s, r#"<a href="{}">"#, esc(href));
            }
            None => s.push_str("<g>"),
        }
        let _ = write!(
            s,
            r#"<title>{}</title><circle cx="{x:.1}" cy="{y:.1}" r="{r:.1}"/>"#,
            esc(&label),
            x = c.x,
            y = c.y
        );
        if c.count > 1 {
            let _ = write!(
                s,
                r#"<text x="{x:.1}" y="{y:.1}" dy=".35em" text-anchor="middle">{}</text>"#,
                c.count,
                x = c.x,
                y = c.y
            );
        }
        s.push_str(if c.href.is_some() { "</a>" } else { "</g>" });
    }
    s.push_str("</g>");
    // Names readable without hovering: one layer for wide screens, one with larger letters for
    // phones (the map shrinks with the screen), each naming the places that have room.
    for (class, size) in [("lbl lbl-wide", LABEL_WIDE), ("lbl lbl-phone", LABEL_PHONE)] {
        let placed = place_labels(&clusters, size);
        if placed.is_empty() {
            continue;
        }
        let _ = write!(
            s,
            r#"<g class="{class}" aria-hidden="true" font-size="{size}">"#
        );
        for (text, x, y) in placed {
            let _ = write!(s, r#"<text x="{x:.1}" y="{y:.1}">{}</text>"#, esc(&text));
        }
        s.push_str("</g>");
    }
    // The legend: what each shade stands for.
    if !counts.is_empty() {
        let mut ranges: Vec<(u64, u64, u64)> = Vec::new();
        for n in 1..=max.min(100_000) {
            let k = shade(n);
            match ranges.last_mut() {
                Some(r) if r.0 == k => r.2 = n,
                _ => ranges.push((k, n, n)),
            }
        }
        let top = geo::MAP_HEIGHT - 22.0 * ranges.len() as f64 - 6.0;
        s.push_str(r#"<g class="legend">"#);
        for (k, (sh, from, to)) in ranges.iter().enumerate() {
            #[allow(clippy::cast_precision_loss)]
            let y = top + 22.0 * k as f64;
            let text = if from == to {
                from.to_string()
            } else {
                format!("{from}–{to}")
            };
            let _ = write!(
                s,
                r#"<rect class="m{sh}" x="12" y="{y:.1}" width="16" height="16"/><text x="34" y="{ty:.1}">{text}</text>"#,
                ty = y + 13.0
            );
        }
        s.push_str("</g>");
    }
    s.push_str("</svg>");
    s
}

/// Letter sizes of the place names, in map units (the map is 1000 wide): on a wide screen
/// the map is shown ~800 px wide, on a phone ~350 px.
const LABEL_WIDE: f64 = 11.0;
const LABEL_PHONE: f64 = 26.0;

/// Where place names fit: biggest dots first, a name to the right of its dot (or to the
/// left when the right is taken or off the map), never over another name or dot. A dot of
/// several places is named by its first with "+N". Returns `(text, x, baseline y)`.
fn place_labels(clusters: &[Cluster<'_>], size: f64) -> Vec<(String, f64, f64)> {
    let width = |t: &str| -> f64 {
        t.chars()
            .map(|ch| if (ch as u32) >= 0x1100 { 1.0 } else { 0.58 })
            .sum::<f64>()
            * size
    };
    let radius = |c: &Cluster<'_>| -> f64 {
        #[allow(clippy::cast_precision_loss)]
        let n = c.count as f64;
        if c.count <= 1 {
            3.0
        } else {
            (3.5 + n.sqrt()).min(14.0)
        }
    };
    // Dots are obstacles too.
    let mut taken: Vec<(f64, f64, f64, f64)> = clusters
        .iter()
        .map(|c| {
            let r = radius(c);
            (c.x - r, c.y - r, c.x + r, c.y + r)
        })
        .collect();
    // The legend's corner.
    taken.push((0.0, geo::MAP_HEIGHT - 130.0, 110.0, geo::MAP_HEIGHT));
    let mut order: Vec<&Cluster<'_>> = clusters.iter().collect();
    order.sort_by_key(|c| std::cmp::Reverse(c.count));
    let mut out = Vec::new();
    for c in order {
        let Some(first) = c.labels.first() else {
            continue;
        };
        let short: String = first.chars().take(28).collect();
        let text = if c.labels.len() > 1 {
            format!("{short} +{}", c.labels.len() - 1)
        } else {
            short
        };
        let (w, h, r) = (width(&text), size, radius(c));
        let top = c.y - h * 0.5;
        for x0 in [c.x + r + 2.0, c.x - r - 2.0 - w] {
            let rect = (x0, top, x0 + w, top + h);
            let inside = rect.0 >= 0.0
                && rect.2 <= geo::MAP_WIDTH
                && rect.1 >= 0.0
                && rect.3 <= geo::MAP_HEIGHT;
            let free = !taken.iter().any(|t| {
                // The label's own dot is beside it, not under it.
                rect.0 < t.2 && t.0 < rect.2 && rect.1 < t.3 && t.1 < rect.3
            });
            if inside && free {
                taken.push(rect);
                out.push((text, x0, top + h * 0.8));
                break;
            }
        }
    }
    out
}

/// Dots that would overlap on the map, drawn as one.
struct Cluster<'a> {
    x: f64,
    y: f64,
    count: u64,
    labels: Vec<&'a str>,
    href: Option<String>,
}

fn clusters<'a>(points: &[MapPoint<'a>]) -> Vec<Cluster<'a>> {
    /// Closer than this (map units, the map being 1000 wide) and two dots touch.
    const NEAR: f64 = 7.0;
    let mut out: Vec<Cluster<'a>> = Vec::new();
    for p in points {
        let (x, y) = geo::project(p.lat, p.lon);
        if let Some(c) = out.iter_mut().find(|c| (c.x - x).hypot(c.y - y) < NEAR) {
            #[allow(clippy::cast_precision_loss)]
            let (n, m) = (c.count as f64, p.count as f64);
            c.x = (c.x * n + x * m) / (n + m);
            c.y = (c.y * n + y * m) / (n + m);
            c.count += p.count;
            c.labels.push(p.label);
            // Several things in one dot: no single place to go.
            c.href = None;
        } else {
            out.push(Cluster {
                x,
                y,
                count: p.count,
                labels: vec![p.label],
                href: p.href.clone(),
            });
        }
    }
    out
}

/// A horizontal bar chart. Each bar has its value as text, so it reads without colour.
#[must_use]
pub fn bar_chart(rows: &[(String, u64)], title: &str) -> String {
    let max = rows.iter().map(|r| r.1).max().unwrap_or(1).max(1);
    let row_h = 26u32;
    let label_w = 260u32;
    let bar_w = 300u64;
    let h = row_h * u32::try_from(rows.len()).unwrap_or(0) + 8;
    let mut s = String::new();
    let id = title
        .bytes()
        .fold(0u32, |a, b| a.wrapping_mul(31).wrapping_add(u32::from(b)));
    let _ = write!(
        s,
        r#"<svg class="chart" viewBox="0 0 {} {h}" role="img" aria-labelledby="c{id}" xmlns="http://www.w3.org/2000/svg"><title id="c{id}">{}</title>"#,
        u64::from(label_w) + bar_w + 60,
        esc(title)
    );
    for (k, (label, n)) in rows.iter().enumerate() {
        let y = u32::try_from(k).unwrap_or(0) * row_h + 4;
        let w = (n * bar_w).div_ceil(max).max(1);
        let _ = write!(
            s,
            r#"<text x="{lx}" y="{ty}" text-anchor="end">{l}</text><rect x="{bx}" y="{y}" width="{w}" height="18"/><text x="{vx}" y="{ty}">{n}</text>"#,
            lx = label_w - 8,
            ty = y + 14,
            l = esc(label),
            bx = label_w,
            vx = u64::from(label_w) + w + 6,
        );
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn map_escapes_and_marks_countries() {
        let mut counts = HashMap::new();
        counts.insert("KR".to_owned(), 3);
        let pts = [MapPoint {
            label: "<script>x</script>",
            count: 1,
            lat: 37.5,
            lon: 127.0,
            href: Some("/ko/members/seoul\"><script>".into()),
        }];
        let svg = world_map(&counts, &pts, "Members", "3 in KR", "fr", None);
        // Countries are named in the reader's language, not by their code.
        assert!(svg.contains("<title>Corée du Sud: 3</title>"), "{svg:.300}");
        assert!(!svg.contains("KR: 3"));
        let ko = world_map(
            &counts,
            &pts,
            "Members",
            "3 in KR",
            "ko",
            Some("/ko/members?country="),
        );
        assert!(ko.contains("<title>대한민국: 3</title>"));
        assert!(svg.contains("&lt;script&gt;"));
        assert!(!svg.contains("<script>"));
        assert!(svg.contains(r#"<a href="/ko/members/seoul&quot;&gt;&lt;script&gt;">"#));
        assert!(OUTLINES.len() > 150);
        // Linked to the filtered directory when asked; the world itself is not inlined.
        assert!(ko.contains(
            r#"<a href="/ko/members?country=KR"><title>대한민국: 3</title><path class="m5""#
        ));
        assert!(
            svg.contains("<title>Corée du Sud: 3</title></path>"),
            "no country links unless asked"
        );
        assert_eq!(ko.matches("<path").count(), 1, "only the member country");
        assert!(ko.contains("<image href=\"/assets/world.svg?v="));
        assert!(ko.len() < 6_000, "{}", ko.len());
    }

    #[test]
    fn french_guiana_is_not_france() {
        let fr = OUTLINES.iter().find(|(c, _)| *c == "FR").unwrap();
        let gf = OUTLINES
            .iter()
            .find(|(c, _)| *c == "GF")
            .expect("split off");
        let start = |d: &str| numbers(&d[1..d.find('l').unwrap_or(d.len()).min(20)]);
        // France starts in Europe (east of the Atlantic), French Guiana in South America.
        assert!(
            start(&fr.1)[0] > geo::project(0.0, -30.0).0,
            "{}",
            &fr.1[..40]
        );
        assert!(
            start(&gf.1)[0] < geo::project(0.0, -30.0).0,
            "{}",
            &gf.1[..40]
        );
        let mut counts = HashMap::new();
        counts.insert("FR".to_owned(), 2);
        let svg = world_map(&counts, &[], "t", "d", "en", None);
        assert_eq!(svg.matches("<path").count(), 1);
        assert!(svg.contains("<title>France: 2</title>"));
        // The whole world, French Guiana included, is in the shared outline.
        let world = outline_svg();
        assert_eq!(world.matches("<path").count(), OUTLINES.len());
    }

    #[test]
    fn compact_path_numbers() {
        assert_eq!(numbers("1.2.8-3 4"), [1.2, 0.8, -3.0, 4.0]);
        assert_eq!(numbers("-.5-1.25"), [-0.5, -1.25]);
    }

    #[test]
    fn overlapping_dots_are_one_with_their_number_and_the_legend_says_the_shades() {
        let pts = [
            MapPoint {
                label: "Bordeaux A",
                href: Some("/en/members/bordeaux-a".into()),
                count: 1,
                lat: 44.84,
                lon: -0.58,
            },
            MapPoint {
                label: "Bordeaux B",
                href: Some("/en/members/bordeaux-b".into()),
                count: 1,
                lat: 44.85,
                lon: -0.57,
            },
            MapPoint {
                label: "Dakar",
                href: Some("/en/members/dakar".into()),
                count: 1,
                lat: 14.7,
                lon: -17.4,
            },
        ];
        let mut counts = HashMap::new();
        counts.insert("FR".to_owned(), 8);
        counts.insert("SN".to_owned(), 1);
        let svg = world_map(&counts, &pts, "t", "d", "en", None);
        assert_eq!(svg.matches("<circle").count(), 2);
        assert!(svg.contains("<title>Bordeaux A · Bordeaux B</title>"));
        assert!(svg.contains(">2</text>"));
        // A dot of one member leads to it; a dot of several leads nowhere in particular.
        assert!(svg.contains(r#"<a href="/en/members/dakar"><title>Dakar</title>"#));
        assert!(!svg.contains("/en/members/bordeaux-a"));
        let legend = &svg[svg.find("class=\"legend\"").unwrap()..];
        assert!(
            legend.contains(">1–2</text>") && legend.contains(">7–8</text>"),
            "{legend}"
        );
    }

    #[test]
    fn chart_has_a_bar_per_row() {
        let svg = bar_chart(
            &[("Asia".into(), 24), ("Europe".into(), 16)],
            "By continent",
        );
        assert_eq!(svg.matches("<rect").count(), 2);
        assert!(svg.contains(">24<"));
    }

    #[test]
    fn places_are_named_without_hovering() {
        let pts = [
            MapPoint {
                label: "Séoul <2014>",
                href: None,
                count: 1,
                lat: 37.57,
                lon: 126.98,
            },
            MapPoint {
                label: "Montréal",
                href: None,
                count: 1,
                lat: 45.5,
                lon: -73.57,
            },
            MapPoint {
                label: "Bordeaux",
                href: None,
                count: 1,
                lat: 44.84,
                lon: -0.58,
            },
            MapPoint {
                label: "Bègles",
                href: None,
                count: 1,
                lat: 44.81,
                lon: -0.55,
            },
        ];
        let svg = world_map(&HashMap::new(), &pts, "t", "d", "fr", None);
        let wide = &svg[svg.find("lbl-wide").unwrap()..svg.find("lbl-phone").unwrap()];
        assert!(wide.contains(">Séoul &lt;2014&gt;</text>"), "{wide}");
        assert!(wide.contains(">Montréal</text>"));
        // Bordeaux and Bègles are one dot, named by the first with the number of others.
        assert!(wide.contains(">Bordeaux +1</text>"), "{wide}");
        let phone = &svg[svg.find("lbl-phone").unwrap()..];
        assert!(phone.contains("font-size=\"26\""));
        assert!(phone.contains(">Montréal</text>"), "{phone}");
        // Names never overlap one another.
        let boxes = place_labels(&clusters(&pts), LABEL_PHONE);
        for (i, a) in boxes.iter().enumerate() {
            for b in &boxes[i + 1..] {
                assert!(
                    (a.2 - b.2).abs() >= LABEL_PHONE || (a.1 - b.1).abs() > 40.0,
                    "{a:?} {b:?}"
                );
            }
        }
    }
}
