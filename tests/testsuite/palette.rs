//! The status colours stay apart for readers with the common colour-vision
//! deficiencies, and text and chart marks have enough contrast, in the light
//! and the dark scheme. Colours are read from the theme's CSS and the chart module.

use mieruka::render::chart;

type Rgb = [f64; 3];

fn hex(s: &str) -> Rgb {
    let s = s.trim().trim_start_matches('#');
    let v = u32::from_str_radix(s, 16).unwrap_or_else(|_| panic!("not a colour: {s}"));
    [(v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff].map(|c| f64::from(c) / 255.0)
}

fn rgb(c: plotters::style::RGBColor) -> Rgb {
    [c.0, c.1, c.2].map(|c| f64::from(c) / 255.0)
}

/// `--name: #xxxxxx;` from the `:root` block at `scheme_start` of the stylesheet.
fn css_vars(css: &str, block_start: &str) -> std::collections::BTreeMap<String, Rgb> {
    let start = css.find(block_start).unwrap();
    let block = &css[start..start + css[start..].find('}').unwrap()];
    block
        .lines()
        .filter_map(|l| {
            let (name, value) = l.trim().strip_prefix("--")?.split_once(':')?;
            let value = value.trim().trim_end_matches(';');
            value
                .starts_with('#')
                .then(|| (name.to_string(), hex(value)))
        })
        .collect()
}

fn linear(c: f64) -> f64 {
    if c <= 0.04045 {
        c / 12.92
    } else {
        ((c + 0.055) / 1.055).powf(2.4)
    }
}

fn luminance(c: Rgb) -> f64 {
    let [r, g, b] = c.map(linear);
    0.2126 * r + 0.7152 * g + 0.0722 * b
}

fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// Machado, Oliveira & Fernandes (2009) simulation matrices, full severity, on linear RGB.
const PROTAN: [[f64; 3]; 3] = [
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998],
];
const DEUTAN: [[f64; 3]; 3] = [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.011820, 0.042940, 0.968881],
];
const TRITAN: [[f64; 3]; 3] = [
    [1.255528, -0.076749, -0.178779],
    [-0.078411, 0.930809, 0.147602],
    [0.004733, 0.691367, 0.303900],
];

/// CIELAB of a linear-RGB colour (D65).
fn lab(lin: Rgb) -> Rgb {
    let [r, g, b] = lin.map(|c| c.clamp(0.0, 1.0));
    let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
    let y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
    let f = |t: f64| {
        if t > 0.008856 {
            t.cbrt()
        } else {
            7.787 * t + 16.0 / 116.0
        }
    };
    [
        116.0 * f(y) - 16.0,
        500.0 * (f(x) - f(y)),
        200.0 * (f(y) - f(z)),
    ]
}

fn simulate(m: &[[f64; 3]; 3], c: Rgb) -> Rgb {
    let l = c.map(linear);
    [0, 1, 2].map(|i| m[i][0] * l[0] + m[i][1] * l[1] + m[i][2] * l[2])
}

fn delta_e(a: Rgb, b: Rgb) -> f64 {
    ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2) + (a[2] - b[2]).powi(2)).sqrt()
}

/// Colours that must be told apart: distinct under normal vision and every simulation.
fn assert_apart(what: &str, a: Rgb, b: Rgb) {
    let identity = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]];
    for (name, m) in [
        ("normal", identity),
        ("protan", PROTAN),
        ("deutan", DEUTAN),
        ("tritan", TRITAN),
    ] {
        let d = delta_e(lab(simulate(&m, a)), lab(simulate(&m, b)));
        assert!(
            d >= 20.0,
            "{what}: ΔE {d:.1} under {name} vision is too small to tell apart"
        );
    }
}

#[test]
fn chart_colours_stay_apart_and_contrast_with_the_background() {
    let (met, missed) = (rgb(chart::MET_COLOR), rgb(chart::MISSED_COLOR));
    assert_apart("chart met vs missed bars", met, missed);
    let white = rgb(chart::BACKGROUND);
    for (name, c) in [
        ("met", met),
        ("missed", missed),
        ("target", rgb(chart::TARGET_COLOR)),
        ("baseline", rgb(chart::BASELINE_COLOR)),
        ("benchmark", rgb(chart::BENCHMARK_COLOR)),
        ("earlier target", rgb(chart::EARLIER_COLOR)),
    ] {
        let ratio = contrast(c, white);
        assert!(ratio >= 3.0, "chart {name} mark contrast {ratio:.2} < 3:1");
    }
    // The baseline's and the benchmarks' labels are text: 4.5:1.
    for (name, c) in [
        ("baseline", chart::BASELINE_COLOR),
        ("benchmark", chart::BENCHMARK_COLOR),
    ] {
        let ratio = contrast(rgb(c), white);
        assert!(
            ratio >= 4.5,
            "chart {name} label contrast {ratio:.2} < 4.5:1"
        );
    }
}

#[test]
fn status_badges_are_readable_and_distinct_in_light_and_dark() {
    let css = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/theme/static/style.css"
    ))
    .unwrap();
    let light = css_vars(&css, ":root {");
    let dark = css_vars(&css, "@media (prefers-color-scheme: dark) {\n  :root {");
    for (scheme, v) in [("light", &light), ("dark", &dark)] {
        let v = |k: &str| {
            *v.get(k)
                .unwrap_or_else(|| light.get(k).unwrap_or_else(|| panic!("--{k} missing")))
        };
        for (fg, bg) in [
            ("met", "met-bg"),
            ("missed", "missed-bg"),
            ("pending", "pending-bg"),
            ("ink", "paper"),
            ("muted", "paper"),
            ("link", "paper"),
            ("muted", "band"),
            ("brand-ink", "brand"),
        ] {
            let ratio = contrast(v(fg), v(bg));
            assert!(
                ratio >= 4.5,
                "{scheme}: --{fg} on --{bg} has contrast {ratio:.2} < 4.5:1"
            );
        }
        assert_apart(
            &format!("{scheme} met vs missed badge"),
            v("met"),
            v("missed"),
        );
    }
}

/// The variables a rule of the stylesheet uses for `color` and `background`.
fn rule_vars<'a>(css: &'a str, selector: &str) -> (&'a str, &'a str) {
    let start = css
        .find(&format!("{selector} {{"))
        .unwrap_or_else(|| panic!("{selector} has no rule"));
    let rule = &css[start..start + css[start..].find('}').unwrap()];
    let var = |prop: &str| {
        let at = rule
            .find(&format!("{prop}: var(--"))
            .unwrap_or_else(|| panic!("{selector} sets no {prop} from a variable"))
            + prop.len()
            + 8;
        &rule[at..at + rule[at..].find(')').unwrap()]
    };
    (var("color"), var("background"))
}

#[test]
fn scale_levels_are_readable_and_on_track_stands_apart_from_behind() {
    let css = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/theme/static/style.css"
    ))
    .unwrap();
    let light = css_vars(&css, ":root {");
    let dark = css_vars(&css, "@media (prefers-color-scheme: dark) {\n  :root {");
    let tones: Vec<(&str, (&str, &str))> = ["on", "off", "apart"]
        .into_iter()
        .map(|t| (t, rule_vars(&css, &format!(".level-{t}"))))
        .collect();
    for (scheme, v) in [("light", &light), ("dark", &dark)] {
        let v = |k: &str| {
            *v.get(k)
                .unwrap_or_else(|| light.get(k).unwrap_or_else(|| panic!("--{k} missing")))
        };
        for (tone, (fg, bg)) in &tones {
            let ratio = contrast(v(fg), v(bg));
            assert!(
                ratio >= 4.5,
                "{scheme}: level-{tone} (--{fg} on --{bg}) has contrast {ratio:.2} < 4.5:1"
            );
            // The badge sits on the page and on the overview's band.
            for under in ["paper", "band"] {
                let ratio = contrast(v(fg), v(under));
                assert!(
                    ratio >= 3.0,
                    "{scheme}: level-{tone}'s border (--{fg}) on --{under} has contrast {ratio:.2} < 3:1"
                );
            }
        }
        let (on, off) = (tones[0].1.0, tones[1].1.0);
        assert_apart(&format!("{scheme} on-track vs behind level"), v(on), v(off));
    }
}
