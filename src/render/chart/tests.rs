//! The chart's tests: its parts, its scale and labels, and one chart in full.

use super::layout::{Scale, tick_label};
use super::look::{DASHED_MARKER, HEIGHT};
use super::*;

fn year(label: &str, target: Option<f64>, actual: Option<f64>, met: Option<bool>) -> ChartYear {
    ChartYear {
        label: label.to_owned(),
        target,
        actual,
        met,
        note: None,
        earlier_target: None,
        plan_earlier_target: None,
        running_target: None,
        running_actual: None,
    }
}

fn japanese_years() -> Vec<ChartYear> {
    vec![
        year("R6", Some(30.0), Some(32.0), Some(true)),
        year("R7", Some(34.0), Some(31.0), Some(false)),
        year("R8", Some(38.0), Some(40.0), Some(true)),
        year("R9", Some(42.0), None, None),
        year("R10", Some(46.0), None, None),
    ]
}

fn japanese(years: &[ChartYear]) -> ChartInput<'_> {
    ChartInput {
        unit: "件",
        years,
        baseline: Some((26.0, "基準値 26件")),
        references: &[],
        actual_label: "実績",
        target_label: "目標",
        earlier_label: "",
        plan_earlier_label: "",
        running_labels: None,
    }
}

/// Texts of all `<text>` elements, in document order.
fn texts(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .map(|t| {
            let body = &t[t.find('>').unwrap() + 1..t.find("</text>").unwrap()];
            body.trim().to_owned()
        })
        .collect()
}

fn attr_values<'s>(svg: &'s str, name: &str) -> Vec<&'s str> {
    let key = format!(" {name}=\"");
    svg.match_indices(&key)
        .map(|(i, _)| {
            let rest = &svg[i + key.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect()
}

fn is_tick_label(t: &str) -> bool {
    !t.is_empty()
        && t.chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.' || c == '-')
}

#[test]
fn japanese_chart_has_all_parts() {
    let years = japanese_years();
    let svg = render_svg(&japanese(&years)).unwrap();
    assert!(svg.starts_with("<svg"));
    assert!(svg.trim_end().ends_with("</svg>"));
    assert!(svg.contains("viewBox=\"0 0 640 360\""));
    assert_eq!(svg.matches("<svg").count(), 1);
    assert_eq!(svg.matches("<text").count(), svg.matches("</text>").count());
    let texts = texts(&svg);
    for want in [
        "件",
        "実績",
        "目標",
        "基準値 26件",
        "R6",
        "R7",
        "R8",
        "R9",
        "R10",
    ] {
        assert!(
            texts.iter().any(|t| t == want),
            "missing {want:?} in {texts:?}"
        );
    }
    assert_eq!(texts.iter().filter(|t| *t == "✓").count(), 2);
    assert_eq!(texts.iter().filter(|t| *t == "✗").count(), 1);
    // Three bars in the two status colours, targets in dark grey, baseline grey.
    let rects = |fill: &str| {
        svg.lines()
            .filter(|l| l.starts_with("<rect") && l.contains(&format!("fill=\"{fill}\"")))
            .count()
    };
    assert_eq!(rects("#1F5FA8"), 2 + 1); // 2 met bars + legend swatch
    assert_eq!(rects("#C2560B"), 1);
    assert!(svg.contains("stroke=\"#333333\""));
    assert!(svg.contains("stroke=\"#6B6B6B\""));
    assert!(svg.contains("font-family=\"sans-serif\""));
}

/// The whole document of one chart, element by element: what every
/// chart of a plan looks like, and how lean it is written.
#[test]
fn japanese_chart_in_full() {
    let years = japanese_years();
    let svg = render_svg(&japanese(&years)).unwrap();
    let want = r##"<svg font-family="sans-serif" fill="#222222" width="640" height="360" viewBox="0 0 640 360" xmlns="http://www.w3.org/2000/svg">
<rect x="0" y="0" width="640" height="360" fill="#FFFFFF" stroke="none"/>
<text x="10" y="10" dy="0.76em" text-anchor="start" font-size="20">件</text>
<text x="33" y="317" dy="0.76em" text-anchor="end" font-size="18">0</text>
<polyline fill="none" stroke="#E2E2E2" stroke-width="1" points="41,234 626,234"/>
<text x="33" y="227" dy="0.76em" text-anchor="end" font-size="18">20</text>
<polyline fill="none" stroke="#E2E2E2" stroke-width="1" points="41,144 626,144"/>
<text x="33" y="137" dy="0.76em" text-anchor="end" font-size="18">40</text>
<polyline fill="none" stroke="#E2E2E2" stroke-width="1" points="41,54 626,54"/>
<text x="33" y="47" dy="0.76em" text-anchor="end" font-size="18">60</text>
<rect x="68" y="180" width="64" height="144" fill="#1F5FA8" stroke="none"/>
<rect x="185" y="185" width="64" height="139" fill="#C2560B" stroke="none"/>
<rect x="302" y="144" width="64" height="180" fill="#1F5FA8" stroke="none"/>
<polyline fill="none" stroke="#757575" stroke-width="1" points="41,324 626,324"/>
<text x="100" y="333" dy="0.76em" text-anchor="middle" font-size="20">R6</text>
<text x="217" y="333" dy="0.76em" text-anchor="middle" font-size="20">R7</text>
<text x="334" y="333" dy="0.76em" text-anchor="middle" font-size="20">R8</text>
<text x="451" y="333" dy="0.76em" text-anchor="middle" font-size="20">R9</text>
<text x="568" y="333" dy="0.76em" text-anchor="middle" font-size="20">R10</text>
<polyline fill="none" stroke="#6B6B6B" stroke-dasharray="9 6" stroke-width="2" points="41,207 626,207"/>
<text x="620" y="187" dy="0.76em" text-anchor="end" font-size="18" fill="#6B6B6B">基準値 26件</text>
<polyline fill="none" stroke="#FFFFFF" stroke-width="5" points="100,189 217,171 334,153 451,135 568,117"/>
<polyline fill="none" stroke="#333333" stroke-width="2" points="100,189 217,171 334,153 451,135 568,117"/>
<circle cx="100" cy="189" r="7" fill="#FFFFFF" stroke="none" stroke-width="1"/>
<circle cx="100" cy="189" r="5" fill="#333333" stroke="none" stroke-width="1"/>
<circle cx="217" cy="171" r="7" fill="#FFFFFF" stroke="none" stroke-width="1"/>
<circle cx="217" cy="171" r="5" fill="#333333" stroke="none" stroke-width="1"/>
<circle cx="334" cy="153" r="7" fill="#FFFFFF" stroke="none" stroke-width="1"/>
<circle cx="334" cy="153" r="5" fill="#333333" stroke="none" stroke-width="1"/>
<circle cx="451" cy="135" r="7" fill="#FFFFFF" stroke="none" stroke-width="1"/>
<circle cx="451" cy="135" r="5" fill="#333333" stroke="none" stroke-width="1"/>
<circle cx="568" cy="117" r="7" fill="#FFFFFF" stroke="none" stroke-width="1"/>
<circle cx="568" cy="117" r="5" fill="#333333" stroke="none" stroke-width="1"/>
<text x="100" y="157" dy="0.76em" text-anchor="middle" font-size="24" fill="#1F5FA8" font-weight="bold">✓</text>
<text x="217" y="141" dy="0.76em" text-anchor="middle" font-size="24" fill="#C2560B" font-weight="bold">✗</text>
<text x="334" y="121" dy="0.76em" text-anchor="middle" font-size="24" fill="#1F5FA8" font-weight="bold">✓</text>
<rect x="472" y="10" width="14" height="14" fill="#1F5FA8" stroke="none"/>
<text x="492" y="10" dy="0.76em" text-anchor="start" font-size="20">実績</text>
<polyline fill="none" stroke="#333333" stroke-width="2" points="554,17 580,17"/>
<circle cx="567" cy="17" r="5" fill="#333333" stroke="none" stroke-width="1"/>
<text x="586" y="10" dy="0.76em" text-anchor="start" font-size="20">目標</text>
</svg>
"##;
    for (i, (got, want)) in svg.lines().zip(want.lines()).enumerate() {
        assert_eq!(got, want, "line {}", i + 1);
    }
    assert_eq!(svg, want);
}

#[test]
fn marks_only_where_assessed() {
    let years = vec![
        year("FY2024", Some(10.0), Some(12.0), None),
        year("FY2025", Some(10.0), Some(8.0), None),
    ];
    let input = ChartInput {
        unit: "procedures",
        years: &years,
        baseline: None,
        references: &[],
        actual_label: "Actual",
        target_label: "Target",
        earlier_label: "",
        plan_earlier_label: "",
        running_labels: None,
    };
    let svg = render_svg(&input).unwrap();
    assert!(!svg.contains('✓') && !svg.contains('✗'));
    let texts = texts(&svg);
    for want in ["procedures", "Actual", "Target", "FY2024", "FY2025"] {
        assert!(texts.iter().any(|t| t == want), "missing {want:?}");
    }
}

#[test]
fn y_labels_use_separators_and_no_trailing_zero() {
    let years = vec![
        year("R6", Some(40_000.0), Some(45_872.0), Some(true)),
        year("R7", Some(42_000.0), None, None),
    ];
    let input = ChartInput {
        unit: "人",
        years: &years,
        baseline: Some((38_000.0, "基準値")),
        references: &[],
        actual_label: "実績",
        target_label: "目標",
        earlier_label: "",
        plan_earlier_label: "",
        running_labels: None,
    };
    let svg = render_svg(&input).unwrap();
    let ticks: Vec<String> = texts(&svg)
        .into_iter()
        .filter(|t| is_tick_label(t))
        .collect();
    assert!(ticks.len() >= 3 && ticks.len() <= 6, "{ticks:?}");
    assert_eq!(ticks[0], "0");
    assert!(ticks.iter().any(|t| t.contains(',')), "{ticks:?}");
    for t in &ticks {
        assert!(!t.ends_with(".0"), "{t}");
        assert!(t == "0" || t.contains(','), "{t}");
    }
    let top: f64 = ticks.last().unwrap().replace(',', "").parse().unwrap();
    assert!(top >= 45_872.0 * 1.1, "{top}");
}

#[test]
fn tick_labels() {
    assert_eq!(tick_label(45_000.0, 0), "45,000");
    assert_eq!(tick_label(20.0, 1), "20");
    assert_eq!(tick_label(2.5, 1), "2.5");
    assert_eq!(tick_label(0.30000000000000004, 1), "0.3");
    assert_eq!(tick_label(1_234_567.0, 0), "1,234,567");
    assert_eq!(tick_label(-1_500.0, 0), "-1,500");
    assert_eq!(tick_label(-0.0, 0), "0");
    assert_eq!(tick_label(-0.001, 1), "0");
    assert_eq!(tick_label(-0.25, 2), "-0.25");
    assert_eq!(tick_label(100.0, 0), "100");
    assert_eq!(tick_label(1_000.0, 2), "1,000");
    assert_eq!(tick_label(-2_500.5, 3), "-2,500.5");
}

#[test]
fn scale_is_round_and_has_room() {
    for max in [
        0.3, 1.0, 5.0, 9.9, 26.0, 46.0, 55.0, 99.0, 100.0, 1234.0, 45_872.0, 1e7,
    ] {
        let s = Scale::new(0.0, max).unwrap();
        let n = s.ticks().count();
        assert_eq!(s.lo(), 0.0);
        assert!(s.hi() >= max * 1.1 - 1e-9, "{max}: {s:?}");
        assert!((2..=6).contains(&n), "{max}: {s:?}");
    }
    let s = Scale::new(0.0, 50.0).unwrap();
    assert_eq!(s.hi(), 60.0);
    let s = Scale::new(-20.0, 10.0).unwrap();
    assert!(s.lo() <= -22.0 && s.hi() >= 11.0 && s.ticks().count() <= 6);
}

#[test]
fn deterministic() {
    let years = japanese_years();
    let a = render_svg(&japanese(&years)).unwrap();
    let b = render_svg(&japanese(&years)).unwrap();
    assert_eq!(a, b);
}

#[test]
fn all_none_renders() {
    let years: Vec<ChartYear> = ["R6", "R7", "R8", "R9", "R10"]
        .iter()
        .map(|l| year(l, None, None, None))
        .collect();
    let input = ChartInput {
        unit: "%",
        years: &years,
        baseline: None,
        references: &[],
        actual_label: "実績",
        target_label: "目標",
        earlier_label: "",
        plan_earlier_label: "",
        running_labels: None,
    };
    let svg = render_svg(&input).unwrap();
    let texts = texts(&svg);
    for l in ["R6", "R7", "R8", "R9", "R10"] {
        assert!(texts.iter().any(|t| t == l));
    }
    assert!(!svg.contains('✓') && !svg.contains('✗'));
}

#[test]
fn svg_is_lean_and_the_baseline_dashed() {
    let years = vec![year("R6", Some(5.0), Some(6.0), Some(true))];
    let mut input = japanese(&years);
    input.baseline = Some((3.0, "基準値 3"));
    let svg = render_svg(&input).unwrap();
    assert_eq!(svg.matches("stroke-dasharray=\"9 6\"").count(), 1, "{svg}");
    assert!(
        !svg.contains("opacity=\"1\"") && !svg.contains("\n</text>"),
        "{svg}"
    );
    assert!(
        svg.starts_with("<svg font-family=\"sans-serif\" fill=\"#222222\" "),
        "{svg}"
    );
    assert!(svg.len() < 4096, "{} bytes", svg.len());
    let c = DASHED_MARKER;
    assert_eq!(format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2), "#6B6B6C");
}

#[test]
fn only_targets_and_empty_years_render() {
    let years = vec![
        year("R6", None, None, None),
        year("R7", Some(5.0), None, None),
        year("R8", Some(6.0), None, None),
        year("R9", None, None, None),
        year("R10", Some(8.0), None, None),
    ];
    let svg = render_svg(&japanese(&years)).unwrap();
    // One run R7–R8 (casing + line), R10 alone is only a marker.
    assert_eq!(
        svg.matches("<polyline fill=\"none\" stroke=\"#333333\"")
            .count(),
        2
    );
    assert_eq!(svg.matches("<circle").count(), 3 * 2 + 1);
    let empty: Vec<ChartYear> = Vec::new();
    assert!(render_svg(&japanese(&empty)).is_ok());
}

#[test]
fn zero_and_negative_values_render() {
    let zeros = vec![
        year("R6", Some(0.0), Some(0.0), Some(true)),
        year("R7", Some(0.0), Some(0.0), None),
    ];
    let input = ChartInput {
        unit: "件",
        years: &zeros,
        baseline: Some((0.0, "基準値 0件")),
        references: &[],
        actual_label: "実績",
        target_label: "目標",
        earlier_label: "",
        plan_earlier_label: "",
        running_labels: None,
    };
    assert!(render_svg(&input).unwrap().contains('✓'));

    let negative = vec![
        year("R6", Some(-5.0), Some(-12.5), Some(false)),
        year("R7", Some(3.0), Some(4.0), Some(true)),
        year("R8", None, Some(-0.5), None),
    ];
    let input = ChartInput {
        unit: "%",
        years: &negative,
        baseline: Some((-2.0, "Baseline -2%")),
        references: &[],
        actual_label: "Actual",
        target_label: "Target",
        earlier_label: "",
        plan_earlier_label: "",
        running_labels: None,
    };
    let svg = render_svg(&input).unwrap();
    assert!(svg.contains('✓') && svg.contains('✗'));
    let ticks: Vec<String> = texts(&svg)
        .into_iter()
        .filter(|t| is_tick_label(t))
        .collect();
    assert!(ticks.iter().any(|t| t.starts_with('-')), "{ticks:?}");
    assert!(ticks.len() <= 6);
}

#[test]
fn non_finite_is_an_error() {
    let years = vec![year("R6", Some(f64::NAN), Some(1.0), None)];
    assert!(render_svg(&japanese(&years)).is_err());
    let years = vec![year("R6", Some(1.0), Some(f64::INFINITY), None)];
    let err = render_svg(&japanese(&years)).unwrap_err();
    assert!(err.to_string().contains("R6"));
    let years = japanese_years();
    let mut input = japanese(&years);
    input.baseline = Some((f64::NEG_INFINITY, "基準値"));
    assert!(render_svg(&input).is_err());
    let huge = vec![year("R6", Some(f64::MAX), Some(-f64::MAX), None)];
    assert!(render_svg(&japanese(&huge)).is_err());
}

#[test]
fn lean_and_legible() {
    let years = japanese_years();
    let svg = render_svg(&japanese(&years)).unwrap();
    for size in attr_values(&svg, "font-size") {
        let size: f64 = size.parse().unwrap();
        assert!(size >= 16.0, "font-size {size}");
    }
    for op in attr_values(&svg, "opacity") {
        assert_eq!(op, "1");
    }
    // Integer coordinates everywhere; no long floats.
    for name in [
        "x",
        "y",
        "x1",
        "y1",
        "cx",
        "cy",
        "width",
        "height",
        "font-size",
    ] {
        for v in attr_values(&svg, name) {
            assert!(v.len() <= 6, "{name}={v}");
        }
    }
    assert!(!svg.contains("transform"));
    assert!(svg.len() < 12_000, "{} bytes", svg.len());
}

#[test]
fn crowded_chart_and_escaping() {
    let years: Vec<ChartYear> = (2024..2034)
        .map(|y| {
            year(
                &format!("FY{y}"),
                Some(1000.0),
                Some(1200.0),
                Some(y % 2 == 0),
            )
        })
        .collect();
    let input = ChartInput {
        unit: "million yen of municipal spending per year",
        years: &years,
        baseline: Some((-2.0, "Baseline <2> & more")),
        references: &[],
        actual_label: "Actual",
        target_label: "Target",
        earlier_label: "",
        plan_earlier_label: "",
        running_labels: None,
    };
    let svg = render_svg(&input).unwrap();
    assert!(svg.contains("Baseline &lt;2&gt; &amp; more"));
    let texts = texts(&svg);
    for y in 2024..2034 {
        assert!(texts.contains(&format!("FY{y}")));
    }
    assert_eq!(texts.iter().filter(|t| *t == "✓").count(), 5);
    assert_eq!(texts.iter().filter(|t| *t == "✗").count(), 5);
    // Long caption: legend moves to its own row at the bottom.
    let legend_y: i32 = svg
        .lines()
        .find(|l| l.starts_with("<rect") && l.contains("width=\"14\""))
        .and_then(|l| attr_values(l, "y").first().map(|v| v.parse().unwrap()))
        .unwrap();
    assert!(legend_y > HEIGHT / 2);
}

#[test]
fn extreme_magnitudes_do_not_panic() {
    for v in [1e-320, 1e-300, 1e-9, 1e15, 1e300, -1e300] {
        let years = vec![year("R6", Some(v), Some(v), Some(true))];
        let _ = render_svg(&japanese(&years));
    }
}

#[test]
fn error_displays() {
    let e = ChartError("boom".into());
    assert_eq!(e.to_string(), "chart: boom");
    let _: &dyn std::error::Error = &e;
}
