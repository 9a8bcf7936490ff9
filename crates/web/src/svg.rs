//! Server-drawn SVG: the world map of members (Natural Earth outlines from the `world-atlas`
//! package, projected at build time by `tools/refdata`) and bar charts. Works with no tile
//! server and no JavaScript; every text inside is escaped here because templates insert the
//! SVG as trusted markup.

use pumasi_domain::geo;
use std::collections::HashMap;
use std::fmt::Write;
use std::sync::LazyLock;

static OUTLINES: LazyLock<Vec<(&'static str, &'static str)>> = LazyLock::new(|| {
    include_str!("../assets/map/countries.tsv")
        .lines()
        .filter_map(|l| l.split_once('\t'))
        .filter(|(code, _)| code.len() == 2)
        .collect()
});

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
    /// Members the dot stands for (1, or a whole country's when the map groups them).
    pub count: u64,
    pub lat: f64,
    pub lon: f64,
}

/// The world map: countries shaded by number of members, a linked dot per member with
/// coordinates. `title` and `desc` make it an accessible image; the page also lists the data.
#[must_use]
pub fn world_map(
    counts: &HashMap<String, u64>,
    points: &[MapPoint<'_>],
    title: &str,
    desc: &str,
    locale: &str,
) -> String {
    let max = counts.values().copied().max().unwrap_or(1).max(1);
    let mut s = String::with_capacity(80_000);
    let _ = write!(
        s,
        r#"<svg class="map" viewBox="0 0 {w} {h:.0}" role="img" aria-labelledby="map-t map-d" xmlns="http://www.w3.org/2000/svg"><title id="map-t">{t}</title><desc id="map-d">{d}</desc><g class="land">"#,
        w = geo::MAP_WIDTH,
        h = geo::MAP_HEIGHT,
        t = esc(title),
        d = esc(desc)
    );
    for (code, d) in OUTLINES.iter() {
        let n = counts.get(*code).copied().unwrap_or(0);
        if n == 0 {
            let _ = write!(s, r#"<path d="{d}"/>"#);
        } else {
            // Five shades, so a country with one member is still clearly marked.
            let shade = 1 + (n * 4).div_ceil(max).min(4);
            // Named in the reader's language, not by its code.
            let name = pumasi_domain::countries::country(code).map_or(*code, |c| c.name(locale));
            let _ = write!(
                s,
                r#"<path class="m{shade}" d="{d}"><title>{}: {n}</title></path>"#,
                esc(name)
            );
        }
    }
    s.push_str(r#"</g><g class="pts">"#);
    for p in points {
        let (x, y) = geo::project(p.lat, p.lon);
        #[allow(clippy::cast_precision_loss)]
        let r = if p.count <= 1 {
            3.0
        } else {
            (3.0 + (p.count as f64).sqrt()).min(14.0)
        };
        // No links inside an image (axe: nested-interactive): the table below the map links
        // every country, and the directory every member.
        let _ = write!(
            s,
            r#"<circle cx="{x:.1}" cy="{y:.1}" r="{r:.1}"><title>{}</title></circle>"#,
            esc(p.label)
        );
    }
    s.push_str("</g></svg>");
    s
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
        }];
        let svg = world_map(&counts, &pts, "Members", "3 in KR", "fr");
        // Countries are named in the reader's language, not by their code.
        assert!(svg.contains("<title>Corée du Sud: 3</title>"), "{svg:.300}");
        assert!(!svg.contains("KR: 3"));
        let ko = world_map(&counts, &pts, "Members", "3 in KR", "ko");
        assert!(ko.contains("<title>대한민국: 3</title>"));
        assert!(svg.contains("&lt;script&gt;"));
        assert!(!svg.contains("<script>"));
        assert!(OUTLINES.len() > 150);
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
}
