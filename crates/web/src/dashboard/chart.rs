//! Bar charts drawn on the server as a plain SVG string: no script, no chart CDN. Each day (or
//! hour) is one `<g class="bar">` holding up to three stacked rectangles (sent, received, failed)
//! and a `<title>` with its figures, which browsers show on hover and screen readers read.

/// One bar: its label (a date or an hour), the text of its `<title>`, and its stacked parts.
pub struct Bar {
    pub label: String,
    pub title: String,
    /// Sent, received, failed.
    pub parts: [i64; 3],
}

/// The part colours, in the order of [`Bar::parts`]; `.swatch-0` to `-2` in app.css match them
/// (the page's Content-Security-Policy allows no inline style).
pub const COLOURS: [&str; 3] = ["#1f7a4d", "#2f6fb5", "#c0392b"];

const WIDTH: f64 = 600.0;
const HEIGHT: f64 = 200.0;

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The chart as SVG markup, scaled to the tallest bar; it fills its container's width and is
/// stretched to the height the page's CSS gives it, so it holds no text (the page writes the
/// dates under it, at a readable size on a phone). Each bar's label goes in its `data-{key}`
/// attribute (`data-date`, `data-hour`).
pub fn bars(bars: &[Bar], key: &str, aria_label: &str) -> String {
    let max = bars
        .iter()
        .map(|b| b.parts.iter().sum::<i64>())
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let plot = HEIGHT;
    let slot = WIDTH / bars.len().max(1) as f64;
    let gap = (slot * 0.2).min(4.0);
    let mut out = format!(
        "<svg class=\"chart\" role=\"img\" aria-label=\"{}\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" \
         width=\"100%\" preserveAspectRatio=\"none\" xmlns=\"http://www.w3.org/2000/svg\">",
        escape(aria_label)
    );
    out.push_str(&format!(
        "<line x1=\"0\" y1=\"{plot}\" x2=\"{WIDTH}\" y2=\"{plot}\" stroke=\"#999\" stroke-width=\"1\"/>"
    ));
    for (i, b) in bars.iter().enumerate() {
        let total: i64 = b.parts.iter().sum();
        let x = i as f64 * slot + gap / 2.0;
        let w = (slot - gap).max(0.5);
        out.push_str(&format!(
            "<g class=\"bar\" data-{key}=\"{}\" data-total=\"{total}\"><title>{}</title>",
            escape(&b.label),
            escape(&b.title)
        ));
        // A transparent full-height box so the title shows on hover even for an empty day.
        out.push_str(&format!(
            "<rect x=\"{x:.2}\" y=\"0\" width=\"{w:.2}\" height=\"{plot}\" fill=\"transparent\"/>"
        ));
        let mut top = plot;
        for (n, colour) in b.parts.iter().zip(COLOURS) {
            if *n <= 0 {
                continue;
            }
            let h = *n as f64 / max * (plot - 4.0);
            top -= h;
            out.push_str(&format!(
                "<rect x=\"{x:.2}\" y=\"{top:.2}\" width=\"{w:.2}\" height=\"{h:.2}\" fill=\"{colour}\"/>"
            ));
        }
        out.push_str("</g>");
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bar(label: &str, parts: [i64; 3]) -> Bar {
        Bar {
            label: label.into(),
            title: format!("{label}: {parts:?}"),
            parts,
        }
    }

    #[test]
    fn one_group_per_bar_scaled_to_the_tallest_and_escaped() {
        let svg = bars(
            &[
                bar("2026-11-01", [0, 0, 0]),
                bar("2026-11-02", [3, 1, 0]),
                bar("2026-11-03", [1, 0, 1]),
            ],
            "date",
            "Messages <per day>",
        );
        assert_eq!(svg.matches("<g class=\"bar\"").count(), 3);
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains("aria-label=\"Messages &lt;per day&gt;\""));
        assert!(svg.contains("viewBox=\"0 0 600 200\""));
        assert!(svg.contains("data-date=\"2026-11-02\" data-total=\"4\""));
        assert!(svg.contains("<title>2026-11-02: [3, 1, 0]</title>"));
        // The tallest day fills the plot (200 minus the top margin of 4): 3 of 4 parts sent.
        assert!(svg.contains("height=\"147.00\" fill=\"#1f7a4d\""), "{svg}");
        assert!(svg.contains("height=\"49.00\" fill=\"#2f6fb5\""), "{svg}");
        // An empty day has only its transparent hover box.
        let empty = svg.split("data-date=\"2026-11-01\"").nth(1).unwrap();
        let empty = &empty[..empty.find("</g>").unwrap()];
        assert_eq!(empty.matches("<rect").count(), 1);
    }

    #[test]
    fn no_bars_still_draws_an_empty_chart() {
        let svg = bars(&[bar("07", [1, 2, 0])], "hour", "x");
        assert!(svg.contains("data-hour=\"07\" data-total=\"3\""), "{svg}");
        let svg = bars(&[], "date", "x");
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert_eq!(svg.matches("class=\"bar\"").count(), 0);
    }
}
