//! Charts: one SVG per numeric indicator, drawn with plotters onto a backend
//! of its own that writes lean SVG in one pass (`LeanSvg`); the overview's
//! small trend charts use plotters' SVG backend.
//!
//! The chart knows nothing about content files: it gets a prepared
//! [`ChartInput`] (labels already in the page's language) and returns SVG text.

use std::convert::Infallible;
use std::fmt;

use plotters::element::{Drawable, PointCollection};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::base::text;

use lean_svg::LeanSvg;

/// Everything one chart needs, already translated and formatted.
pub struct ChartInput<'a> {
    /// Axis caption naming the unit, e.g. "件" / "procedures", "百万円" / "million yen", "%".
    pub unit: &'a str,
    /// One entry per fiscal year of the plan, in order.
    pub years: &'a [ChartYear],
    /// Reference line: value and its label, e.g. (26.0, "基準値 26件") / "Baseline 26".
    pub baseline: Option<(f64, &'a str)>,
    /// Benchmark lines, dotted, each with its label: (93.1, "全国平均 93.1%").
    pub references: &'a [(f64, &'a str)],
    /// Legend words: "実績" / "Actual", "目標" / "Target".
    pub actual_label: &'a str,
    pub target_label: &'a str,
    /// Legend word for the faint marks of [`ChartYear::earlier_target`]:
    /// "令和6年度版の目標" / "Target in the FY2024 edition" (drawn only when a
    /// year has one).
    pub earlier_label: &'a str,
    /// Legend word for the faint marks of [`ChartYear::plan_earlier_target`]:
    /// "改定前の目標" / "Target before the plan revision" (drawn only when a
    /// year has one).
    pub plan_earlier_label: &'a str,
    /// Legend words of a second series, the running total (累計): actual and
    /// target, drawn as hollow squares and a dashed line with square marks
    /// ([`ChartYear::running_actual`], [`ChartYear::running_target`]).
    pub running_labels: Option<(&'a str, &'a str)>,
}

pub struct ChartYear {
    /// Short x-axis label: "R6" (Japanese pages) or "FY2024".
    pub label: String,
    pub target: Option<f64>,
    pub actual: Option<f64>,
    /// Some(true) = target met, Some(false) = not met, None = not assessed / pending.
    pub met: Option<bool>,
    /// The target as an earlier edition issued it, where it differs from
    /// `target`: drawn as a faint ring.
    pub earlier_target: Option<f64>,
    /// The target in the plan's version before a revision of the plan
    /// changed it: drawn as a faint diamond (a ring is an edition's).
    pub plan_earlier_target: Option<f64>,
    /// The running-total series (累計), beside the year's own figures.
    pub running_target: Option<f64>,
    pub running_actual: Option<f64>,
}

#[derive(Debug)]
pub struct ChartError(pub String); // implements Display + std::error::Error

impl fmt::Display for ChartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "chart: {}", self.0)
    }
}

impl std::error::Error for ChartError {}

// ---------------------------------------------------------------------------
// Look
// ---------------------------------------------------------------------------

/// Size of the SVG canvas (and its viewBox), in SVG units.
const WIDTH: i32 = 640;
const HEIGHT: i32 = 360;

/// Font sizes in SVG units, as written into `font-size`.
const TEXT_SIZE: f64 = 20.0;
const TICK_SIZE: f64 = 18.0;
const BASELINE_SIZE: f64 = 18.0;
const MARK_SIZE: f64 = 24.0;
/// plotters' SVG backend writes `font-size = size / 1.24`; we hand it
/// `wanted * 1.24` so the document says exactly 16, 18, 22.
const PLOTTERS_FONT_SCALE: f64 = 1.24;

/// Bars of years whose target was met (and of years not yet assessed).
pub const MET_COLOR: RGBColor = RGBColor(0x1f, 0x5f, 0xa8);
/// Bars of years whose target was missed.
pub const MISSED_COLOR: RGBColor = RGBColor(0xc2, 0x56, 0x0b);
pub const TARGET_COLOR: RGBColor = RGBColor(0x33, 0x33, 0x33);
pub const BASELINE_COLOR: RGBColor = RGBColor(0x6b, 0x6b, 0x6b);
/// The faint ring of a target as an earlier edition issued it (a graphic,
/// 3:1 against the background).
pub const EARLIER_COLOR: RGBColor = RGBColor(0x85, 0x85, 0x85);
/// Benchmark lines (全国平均 …) and their labels.
pub const BENCHMARK_COLOR: RGBColor = RGBColor(0x5e, 0x3c, 0x99);
/// Drawn only by the benchmarks; replaced by [`BENCHMARK_COLOR`] with a dotted pattern.
const DOTTED_MARKER: RGBColor = RGBColor(0x5e, 0x3c, 0x9a);
/// Drawn only by the running-total target line; replaced by [`TARGET_COLOR`]
/// with a long dash pattern.
const RUNNING_MARKER: RGBColor = RGBColor(0x33, 0x33, 0x34);
/// Drawn only by the baseline; replaced by [`BASELINE_COLOR`] with a dash pattern.
const DASHED_MARKER: RGBColor = RGBColor(0x6b, 0x6b, 0x6c);
const TEXT_COLOR: RGBColor = RGBColor(0x22, 0x22, 0x22);
const AXIS_COLOR: RGBColor = RGBColor(0x75, 0x75, 0x75);
const GRID_COLOR: RGBColor = RGBColor(0xe2, 0xe2, 0xe2);
pub const BACKGROUND: RGBColor = RGBColor(0xff, 0xff, 0xff);

/// Outer padding of the canvas.
const PAD: i32 = 10;
/// Top of the text in the header row (unit caption, legend).
const HEADER_Y: i32 = 10;
/// Room between the header row and the plot; status marks may rise into it.
const PLOT_TOP: i32 = 54;
/// Largest allowed number of intervals on the y axis (so at most 6 ticks).
const MAX_INTERVALS: i64 = 5;
const MARKER_RADIUS: i32 = 5;

type Area<'b> = DrawingArea<LeanSvg<'b>, plotters::coord::Shift>;
type Box2 = (f64, f64, f64, f64); // x0, y0, x1, y1

/// Room reserved for a chart's SVG text; the charts of a plan are 3–4 KB.
const SVG_CAPACITY: usize = 4096;

/// Renders the chart as a standalone SVG document (deterministic: same input, same bytes).
pub fn render_svg(input: &ChartInput) -> Result<String, ChartError> {
    validate(input)?;
    let layout = Layout::new(input)?;
    let mut svg = String::with_capacity(SVG_CAPACITY);
    {
        let root = LeanSvg::new(&mut svg, (WIDTH as u32, HEIGHT as u32)).into_drawing_area();
        draw(&root, input, &layout).map_err(|e| ChartError(format!("drawing failed: {e}")))?;
        root.present()
            .map_err(|e| ChartError(format!("drawing failed: {e}")))?;
    }
    Ok(svg)
}

// ---------------------------------------------------------------------------
// SVG writer
// ---------------------------------------------------------------------------

/// The SVG writer, in a module of its own: the style traits of plotters'
/// backends it uses have methods of the same names as plotters' `Color`.
mod lean_svg {
    use std::convert::Infallible;

    use plotters::backend::DrawingBackend;
    use plotters::style::text_anchor::{HPos, VPos};
    use plotters::style::{FontStyle, FontTransform};
    use plotters_backend::{
        BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind,
    };

    use super::{
        BASELINE_COLOR, BENCHMARK_COLOR, DASHED_MARKER, DOTTED_MARKER, PLOTTERS_FONT_SCALE,
        RUNNING_MARKER, TARGET_COLOR, TEXT_COLOR,
    };

    /// The font family every text of a chart uses, set once on the root element.
    const INHERITED_FAMILY: &str = "sans-serif";
    /// The fill every text repeats ([`TEXT_COLOR`]), set once on the root element.
    const INHERITED_FILL: (u8, u8, u8) = (TEXT_COLOR.0, TEXT_COLOR.1, TEXT_COLOR.2);
    /// The dash pattern of the baseline, written where [`DASHED_MARKER`] is drawn.
    const DASH_PATTERN: &str = "9 6";
    /// The dot pattern of a benchmark, written where [`DOTTED_MARKER`] is drawn.
    const DOT_PATTERN: &str = "2 4";
    /// The pattern of the running-total target, where [`RUNNING_MARKER`] is drawn.
    const RUNNING_PATTERN: &str = "12 5";

    /// plotters' drawing backend of the charts. It writes the elements of
    /// plotters' own SVG backend, in the same order and with the same attributes,
    /// but lean: the font and the colour every text repeats are set once on the
    /// root element (and inherited), default opacities are left out, a text's
    /// content is written on the line of its element, a polyline's points end
    /// without a space, and a stroke in [`DASHED_MARKER`] becomes a dashed stroke
    /// in [`BASELINE_COLOR`] (plotters' styles know no dash pattern).
    ///
    /// The document is complete once `present` has closed it.
    pub(super) struct LeanSvg<'a> {
        out: &'a mut String,
        size: (u32, u32),
        closed: bool,
    }

    impl<'a> LeanSvg<'a> {
        pub(super) fn new(out: &'a mut String, size: (u32, u32)) -> LeanSvg<'a> {
            out.push_str("<svg font-family=\"");
            out.push_str(INHERITED_FAMILY);
            out.push('"');
            push_color_attr(out, "fill", INHERITED_FILL);
            push_int_attr(out, "width", size.0.into());
            push_int_attr(out, "height", size.1.into());
            out.push_str(" viewBox=\"0 0 ");
            push_int(out, size.0.into());
            out.push(' ');
            push_int(out, size.1.into());
            out.push_str("\" xmlns=\"http://www.w3.org/2000/svg\">\n");
            LeanSvg {
                out,
                size,
                closed: false,
            }
        }
    }

    type BackendResult = Result<(), DrawingErrorKind<Infallible>>;

    impl DrawingBackend for LeanSvg<'_> {
        type ErrorType = Infallible;

        fn get_size(&self) -> (u32, u32) {
            self.size
        }

        fn ensure_prepared(&mut self) -> BackendResult {
            Ok(())
        }

        fn present(&mut self) -> BackendResult {
            if !self.closed {
                self.out.push_str("</svg>\n");
                self.closed = true;
            }
            Ok(())
        }

        fn draw_pixel(&mut self, (x, y): BackendCoord, color: BackendColor) -> BackendResult {
            if color.alpha == 0.0 {
                return Ok(());
            }
            let out = &mut *self.out;
            out.push_str("<rect");
            push_int_attr(out, "x", x.into());
            push_int_attr(out, "y", y.into());
            out.push_str(" width=\"1\" height=\"1\" stroke=\"none\"");
            push_opacity(out, color);
            push_fill(out, Some(color));
            out.push_str("/>\n");
            Ok(())
        }

        fn draw_line<S: BackendStyle>(
            &mut self,
            from: BackendCoord,
            to: BackendCoord,
            style: &S,
        ) -> BackendResult {
            let color = style.color();
            if color.alpha == 0.0 {
                return Ok(());
            }
            let out = &mut *self.out;
            out.push_str("<line");
            push_opacity(out, color);
            push_stroke(out, Some(color));
            push_int_attr(out, "stroke-width", style.stroke_width().into());
            push_int_attr(out, "x1", from.0.into());
            push_int_attr(out, "y1", from.1.into());
            push_int_attr(out, "x2", to.0.into());
            push_int_attr(out, "y2", to.1.into());
            out.push_str("/>\n");
            Ok(())
        }

        fn draw_rect<S: BackendStyle>(
            &mut self,
            upper_left: BackendCoord,
            bottom_right: BackendCoord,
            style: &S,
            fill: bool,
        ) -> BackendResult {
            let color = style.color();
            if color.alpha == 0.0 {
                return Ok(());
            }
            let out = &mut *self.out;
            out.push_str("<rect");
            push_int_attr(out, "x", upper_left.0.into());
            push_int_attr(out, "y", upper_left.1.into());
            push_int_attr(
                out,
                "width",
                i64::from(bottom_right.0) - i64::from(upper_left.0),
            );
            push_int_attr(
                out,
                "height",
                i64::from(bottom_right.1) - i64::from(upper_left.1),
            );
            push_opacity(out, color);
            push_fill(out, fill.then_some(color));
            push_stroke(out, (!fill).then_some(color));
            out.push_str("/>\n");
            Ok(())
        }

        fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
            &mut self,
            path: I,
            style: &S,
        ) -> BackendResult {
            let color = style.color();
            if color.alpha == 0.0 {
                return Ok(());
            }
            let out = &mut *self.out;
            out.push_str("<polyline fill=\"none\"");
            push_opacity(out, color);
            push_stroke(out, Some(color));
            push_int_attr(out, "stroke-width", style.stroke_width().into());
            push_points(out, path);
            out.push_str("/>\n");
            Ok(())
        }

        fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
            &mut self,
            path: I,
            style: &S,
        ) -> BackendResult {
            let color = style.color();
            if color.alpha == 0.0 {
                return Ok(());
            }
            let out = &mut *self.out;
            out.push_str("<polygon");
            push_opacity(out, color);
            push_fill(out, Some(color));
            push_points(out, path);
            out.push_str("/>\n");
            Ok(())
        }

        fn draw_circle<S: BackendStyle>(
            &mut self,
            center: BackendCoord,
            radius: u32,
            style: &S,
            fill: bool,
        ) -> BackendResult {
            let color = style.color();
            if color.alpha == 0.0 {
                return Ok(());
            }
            let out = &mut *self.out;
            out.push_str("<circle");
            push_int_attr(out, "cx", center.0.into());
            push_int_attr(out, "cy", center.1.into());
            push_int_attr(out, "r", radius.into());
            push_opacity(out, color);
            push_fill(out, fill.then_some(color));
            push_stroke(out, (!fill).then_some(color));
            push_int_attr(out, "stroke-width", style.stroke_width().into());
            out.push_str("/>\n");
            Ok(())
        }

        fn draw_text<S: BackendTextStyle>(
            &mut self,
            text: &str,
            style: &S,
            (x, y): BackendCoord,
        ) -> BackendResult {
            let color = style.color();
            if color.alpha == 0.0 {
                return Ok(());
            }
            let out = &mut *self.out;
            out.push_str("<text");
            push_int_attr(out, "x", x.into());
            push_int_attr(out, "y", y.into());
            out.push_str(match style.anchor().v_pos {
                VPos::Top => " dy=\"0.76em\"",
                VPos::Center => " dy=\"0.5ex\"",
                VPos::Bottom => " dy=\"-0.5ex\"",
            });
            out.push_str(match style.anchor().h_pos {
                HPos::Left => " text-anchor=\"start\"",
                HPos::Right => " text-anchor=\"end\"",
                HPos::Center => " text-anchor=\"middle\"",
            });
            let family = style.family();
            if family.as_str() != INHERITED_FAMILY {
                out.push_str(" font-family=\"");
                push_escaped(out, family.as_str(), false);
                out.push('"');
            }
            // As plotters' SVG backend writes it (see `PLOTTERS_FONT_SCALE`).
            out.push_str(" font-size=\"");
            push_float(out, style.size() / PLOTTERS_FONT_SCALE);
            out.push('"');
            push_opacity(out, color);
            push_fill(out, Some(color));
            match style.style() {
                FontStyle::Normal => {}
                FontStyle::Bold => out.push_str(" font-weight=\"bold\""),
                other => {
                    out.push_str(" font-style=\"");
                    out.push_str(other.as_str());
                    out.push('"');
                }
            }
            let degrees = match style.transform() {
                FontTransform::None => None,
                FontTransform::Rotate90 => Some(90),
                FontTransform::Rotate180 => Some(180),
                FontTransform::Rotate270 => Some(270),
            };
            if let Some(d) = degrees {
                out.push_str(" transform=\"rotate(");
                push_int(out, d);
                out.push_str(", ");
                push_int(out, x.into());
                out.push_str(", ");
                push_int(out, y.into());
                out.push_str(")\"");
            }
            out.push('>');
            push_escaped(out, text, true);
            out.push_str("</text>\n");
            Ok(())
        }
    }

    /// Writes an integer in decimal, as `Display` does.
    fn push_int(out: &mut String, value: i64) {
        let digit = |d: u64| char::from(b'0' + (d % 10) as u8);
        // Coordinates and sizes: one to three digits, pushed one by one.
        if let Ok(n @ 0..1000) = u64::try_from(value) {
            if n >= 100 {
                out.push(digit(n / 100));
            }
            if n >= 10 {
                out.push(digit(n / 10));
            }
            out.push(digit(n));
            return;
        }
        let mut digits = [0u8; 20];
        let mut at = digits.len();
        let mut n = value.unsigned_abs();
        loop {
            at -= 1;
            digits[at] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        if value < 0 {
            out.push('-');
        }
        out.push_str(std::str::from_utf8(&digits[at..]).unwrap_or_default());
    }

    /// Writes a number as `Display` does (shortest form that reads back the same;
    /// whole numbers without a decimal point).
    fn push_float(out: &mut String, value: f64) {
        if value.fract() == 0.0 && (1.0..1e15).contains(&value.abs()) {
            push_int(out, value as i64);
        } else {
            use std::fmt::Write as _;
            let _ = write!(out, "{value}");
        }
    }

    fn push_int_attr(out: &mut String, name: &str, value: i64) {
        out.push(' ');
        out.push_str(name);
        out.push_str("=\"");
        push_int(out, value);
        out.push('"');
    }

    fn push_color_attr(out: &mut String, name: &str, (r, g, b): (u8, u8, u8)) {
        const HEX: &[u8; 16] = b"0123456789ABCDEF";
        out.push(' ');
        out.push_str(name);
        out.push_str("=\"#");
        for c in [r, g, b] {
            out.push(char::from(HEX[usize::from(c >> 4)]));
            out.push(char::from(HEX[usize::from(c & 0xf)]));
        }
        out.push('"');
    }

    /// `opacity`, left out when it is 1 (the default).
    fn push_opacity(out: &mut String, color: BackendColor) {
        if color.alpha != 1.0 {
            out.push_str(" opacity=\"");
            push_float(out, color.alpha);
            out.push('"');
        }
    }

    /// `fill`: a colour (left out when the root element sets it), or none.
    fn push_fill(out: &mut String, color: Option<BackendColor>) {
        match color {
            Some(c) if c.rgb == INHERITED_FILL => {}
            Some(c) => push_color_attr(out, "fill", c.rgb),
            None => out.push_str(" fill=\"none\""),
        }
    }

    /// `stroke`: a colour, dashed when it is [`DASHED_MARKER`], or none.
    fn push_stroke(out: &mut String, color: Option<BackendColor>) {
        match color {
            Some(c) if c.rgb == (DASHED_MARKER.0, DASHED_MARKER.1, DASHED_MARKER.2) => {
                let dashed = BASELINE_COLOR;
                push_color_attr(out, "stroke", (dashed.0, dashed.1, dashed.2));
                out.push_str(" stroke-dasharray=\"");
                out.push_str(DASH_PATTERN);
                out.push('"');
            }
            Some(c) if c.rgb == (DOTTED_MARKER.0, DOTTED_MARKER.1, DOTTED_MARKER.2) => {
                let dotted = BENCHMARK_COLOR;
                push_color_attr(out, "stroke", (dotted.0, dotted.1, dotted.2));
                out.push_str(" stroke-dasharray=\"");
                out.push_str(DOT_PATTERN);
                out.push('"');
            }
            Some(c) if c.rgb == (RUNNING_MARKER.0, RUNNING_MARKER.1, RUNNING_MARKER.2) => {
                let dashed = TARGET_COLOR;
                push_color_attr(out, "stroke", (dashed.0, dashed.1, dashed.2));
                out.push_str(" stroke-dasharray=\"");
                out.push_str(RUNNING_PATTERN);
                out.push('"');
            }
            Some(c) => push_color_attr(out, "stroke", c.rgb),
            None => out.push_str(" stroke=\"none\""),
        }
    }

    /// `points="x,y x,y …"`.
    fn push_points(out: &mut String, path: impl IntoIterator<Item = BackendCoord>) {
        out.push_str(" points=\"");
        for (i, (x, y)) in path.into_iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            push_int(out, x.into());
            out.push(',');
            push_int(out, y.into());
        }
        out.push('"');
    }

    /// Writes `text` with `< > & " '` escaped. In a text's content
    /// (`content`), line breaks are left out, so that a text stays on one line.
    fn push_escaped(out: &mut String, text: &str, content: bool) {
        let bytes = text.as_bytes();
        let mut copied = 0;
        for (i, &b) in bytes.iter().enumerate() {
            let replacement = match b {
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'&' => "&amp;",
                b'"' => "&quot;",
                b'\'' => "&apos;",
                b'\n' if content => "",
                // A carriage return that ends a line goes with the line break.
                b'\r' if content && matches!(bytes.get(i + 1), None | Some(b'\n')) => "",
                _ => continue,
            };
            out.push_str(&text[copied..i]);
            out.push_str(replacement);
            copied = i + 1;
        }
        out.push_str(&text[copied..]);
    }
}

/// Size of the small trend chart shown beside each initiative on the overview.
pub const SPARK_WIDTH: u32 = 120;
pub const SPARK_HEIGHT: u32 = 40;

/// A small trend chart without text: actuals as bars (coloured by status and
/// the target as a line. Its meaning is given in words next to it on the page.
pub fn render_sparkline(years: &[ChartYear]) -> Result<String, ChartError> {
    let input = ChartInput {
        unit: "",
        years,
        baseline: None,
        references: &[],
        actual_label: "",
        target_label: "",
        earlier_label: "",
        plan_earlier_label: "",
        running_labels: None,
    };
    validate(&input)?;
    let values = years
        .iter()
        .flat_map(|y| [y.target, y.actual])
        .flatten()
        .fold(0.0_f64, f64::max);
    let top = if values > 0.0 { values * 1.1 } else { 1.0 };
    let n = years.len().max(1) as f64;
    let (w, h) = (f64::from(SPARK_WIDTH), f64::from(SPARK_HEIGHT));
    let x = |i: usize| (i as f64 + 0.5) * w / n;
    let y = |v: f64| (h - 2.0 - v.max(0.0) / top * (h - 4.0)).round() as i32;
    let mut svg = String::new();
    {
        let root =
            SVGBackend::with_string(&mut svg, (SPARK_WIDTH, SPARK_HEIGHT)).into_drawing_area();
        let bar = (w / n * 0.55 / 2.0).max(1.0);
        let err = |e: DrawingAreaErrorKind<_>| ChartError(format!("drawing failed: {e}"));
        for (i, yr) in years.iter().enumerate() {
            if let Some(a) = yr.actual {
                let color = if yr.met == Some(false) {
                    MISSED_COLOR
                } else {
                    MET_COLOR
                };
                root.draw(&Rectangle::new(
                    [
                        ((x(i) - bar).round() as i32, y(a)),
                        ((x(i) + bar).round() as i32, y(0.0)),
                    ],
                    color.filled(),
                ))
                .map_err(err)?;
            }
        }
        let mut run: Vec<(i32, i32)> = Vec::new();
        let mut runs = Vec::new();
        for (i, yr) in years.iter().enumerate() {
            match yr.target {
                Some(t) => run.push((x(i).round() as i32, y(t))),
                None => runs.push(std::mem::take(&mut run)),
            }
        }
        runs.push(run);
        for r in runs.into_iter().filter(|r| !r.is_empty()) {
            for p in &r {
                root.draw(&Circle::new(*p, 2, TARGET_COLOR.filled()))
                    .map_err(err)?;
            }
            root.draw(&PathElement::new(r, TARGET_COLOR.stroke_width(2)))
                .map_err(err)?;
        }
        root.draw(&PathElement::new(
            vec![(0, y(0.0)), (SPARK_WIDTH as i32, y(0.0))],
            AXIS_COLOR,
        ))
        .map_err(err)?;
        root.present().map_err(err)?;
    }
    Ok(svg)
}

fn validate(input: &ChartInput) -> Result<(), ChartError> {
    for y in input.years {
        for (what, v) in [
            ("target", y.target),
            ("actual", y.actual),
            ("earlier target", y.earlier_target),
            ("running target", y.running_target),
            ("running actual", y.running_actual),
        ] {
            if let Some(v) = v
                && !v.is_finite()
            {
                return Err(ChartError(format!(
                    "{what} of year {:?} is not a finite number ({v})",
                    y.label
                )));
            }
        }
    }
    if let Some((v, label)) = input.baseline
        && !v.is_finite()
    {
        return Err(ChartError(format!(
            "baseline {label:?} is not a finite number ({v})"
        )));
    }
    if let Some((v, label)) = input.references.iter().find(|(v, _)| !v.is_finite()) {
        return Err(ChartError(format!(
            "benchmark {label:?} is not a finite number ({v})"
        )));
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Y scale and number formatting
// ---------------------------------------------------------------------------

/// The y axis: ticks at `k * step` for `k` in `lo_k..=hi_k`.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Scale {
    step: f64,
    lo_k: i64,
    hi_k: i64,
    /// Decimals needed to print any tick.
    decimals: u8,
}

impl Scale {
    /// Axis from 0 (or below, when values are negative) to a round value
    /// at least 1.1 × the largest value, with at most six ticks.
    fn new(min: f64, max: f64) -> Result<Scale, ChartError> {
        let hi = if max > 0.0 { max * 1.1 } else { 0.0 };
        let lo = if min < 0.0 { min * 1.1 } else { 0.0 };
        // Nothing but zeros (or no values at all): an arbitrary small integer range.
        let (lo, hi) = if hi - lo > 0.0 { (lo, hi) } else { (0.0, 5.0) };
        let span = hi - lo;
        if !span.is_finite() {
            return Err(ChartError(format!(
                "values too large to chart ({min} .. {max})"
            )));
        }
        let magnitude = 10f64.powi((span / MAX_INTERVALS as f64).log10().floor() as i32);
        let mut chosen = None;
        for m in [1.0, 2.0, 2.5, 5.0, 10.0, 20.0, 25.0, 50.0, 100.0] {
            let step = m * magnitude;
            if step <= 0.0 || !step.is_finite() {
                continue;
            }
            // Small tolerance so that e.g. 1.1 * 50 = 55.000000000000007 stays 55.
            let hi_k = (hi / step - 1e-9).ceil() as i64;
            let lo_k = (lo / step + 1e-9).floor() as i64;
            if hi_k - lo_k <= MAX_INTERVALS {
                chosen = Some((step, lo_k, hi_k));
                break;
            }
        }
        let (step, lo_k, hi_k) =
            chosen.ok_or_else(|| ChartError(format!("no y scale for {min} .. {max}")))?;
        let decimals = (0..=9u8)
            .find(|&d| {
                let scaled = step * 10f64.powi(i32::from(d));
                (scaled - scaled.round()).abs() <= 1e-6 * scaled.abs().max(1.0)
            })
            .unwrap_or(9);
        Ok(Scale {
            step,
            lo_k,
            hi_k,
            decimals,
        })
    }

    fn lo(&self) -> f64 {
        self.lo_k as f64 * self.step
    }

    fn hi(&self) -> f64 {
        self.hi_k as f64 * self.step
    }

    fn ticks(&self) -> impl Iterator<Item = f64> + '_ {
        (self.lo_k..=self.hi_k).map(|k| k as f64 * self.step)
    }
}

/// A tick's label: [`text::format_number`] with the scale's decimals, less
/// the trailing zeros ("20", "2.5", "45,000", "-1,500"), and never "-0".
fn tick_label(value: f64, decimals: u8) -> String {
    let mut s = text::format_number(value, Some(decimals));
    if s.contains('.') {
        s.truncate(s.trim_end_matches('0').trim_end_matches('.').len());
    }
    if s == "-0" {
        s.remove(0);
    }
    s
}

// ---------------------------------------------------------------------------
// Text width estimate
// ---------------------------------------------------------------------------

/// Generous width estimate of `text` at `size`, in SVG units. Only used for
/// placing things next to text; every text is anchored at a known point so a
/// wrong guess shifts gaps, it does not move the text itself.
fn text_width(text: &str, size: f64) -> f64 {
    let ems: f64 = text
        .chars()
        .map(|c| match c {
            ' ' => 0.32,
            ',' | '.' | ':' | ';' | '\'' | '|' | '!' | 'i' | 'j' | 'l' => 0.34,
            '(' | ')' | '[' | ']' | '-' | 'f' | 't' | 'r' | 'I' => 0.42,
            'm' | 'w' | 'M' | 'W' | '%' => 0.95,
            'A'..='Z' => 0.72,
            '0'..='9' | 'a'..='z' | '$' | '#' | '+' | '=' | '?' => 0.62,
            c if c.is_ascii() => 0.62,
            c if crate::base::text::is_wide(c) => 1.0,
            _ => 0.7,
        })
        .sum();
    ems * size
}

// ---------------------------------------------------------------------------
// Layout
// ---------------------------------------------------------------------------

struct Layout {
    scale: Scale,
    /// The label of each tick of `scale`, in order.
    tick_labels: Vec<String>,
    plot_left: i32,
    plot_right: i32,
    plot_top: i32,
    plot_bottom: i32,
    /// Width of one year's slot on the x axis.
    slot: f64,
    /// Alternate x labels between two rows (labels wider than their slot).
    stagger: bool,
    /// Legend in the header row (top right) or in its own row at the bottom.
    legend_on_top: bool,
    legend_width: f64,
    bar_width: f64,
}

impl Layout {
    fn new(input: &ChartInput) -> Result<Layout, ChartError> {
        let values = input
            .years
            .iter()
            .flat_map(|y| {
                [
                    y.target,
                    y.actual,
                    y.earlier_target,
                    y.plan_earlier_target,
                    y.running_target,
                    y.running_actual,
                ]
            })
            .flatten()
            .chain(input.baseline.map(|(v, _)| v))
            .chain(input.references.iter().map(|(v, _)| *v));
        let (min, max) = values.fold((0.0f64, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
        let scale = Scale::new(min, max)?;

        let tick_labels: Vec<String> = scale
            .ticks()
            .map(|t| tick_label(t, scale.decimals))
            .collect();
        let label_width = tick_labels
            .iter()
            .map(|t| text_width(t, TICK_SIZE))
            .fold(0.0, f64::max);
        let plot_left = (PAD as f64 + label_width + 8.0).ceil() as i32;
        let plot_right = WIDTH - PAD - 4;

        let n = input.years.len().max(1);
        let slot = f64::from(plot_right - plot_left) / n as f64;
        let widest_label = input
            .years
            .iter()
            .map(|y| text_width(&y.label, TEXT_SIZE))
            .fold(0.0, f64::max);
        let stagger = input.years.len() > 1 && widest_label > slot - 8.0;

        let legend_width = legend_width(input);
        let unit_width = text_width(input.unit, TEXT_SIZE);
        // Two series: the legend has two rows of its own at the bottom.
        let legend_on_top = input.running_labels.is_none()
            && PAD as f64 + unit_width + 24.0 + legend_width <= f64::from(plot_right);

        let mut plot_bottom = HEIGHT - 36;
        if stagger {
            plot_bottom -= 22;
        }
        if !legend_on_top {
            plot_bottom -= 30;
        }
        if input.running_labels.is_some() {
            plot_bottom -= LEGEND_ROW;
        }
        let bar_width = (slot * 0.55).clamp(4.0, 64.0);
        Ok(Layout {
            scale,
            tick_labels,
            plot_left,
            plot_right,
            plot_top: PLOT_TOP,
            plot_bottom,
            slot,
            stagger,
            legend_on_top,
            legend_width,
            bar_width,
        })
    }

    /// Pixel row of a value.
    fn y(&self, v: f64) -> i32 {
        let (lo, hi) = (self.scale.lo(), self.scale.hi());
        let t = (v - lo) / (hi - lo);
        let top = f64::from(self.plot_top);
        let bottom = f64::from(self.plot_bottom);
        (bottom - t * (bottom - top)).round() as i32
    }

    /// Centre of year `i`'s slot.
    fn x(&self, i: usize) -> i32 {
        (f64::from(self.plot_left) + self.slot * (i as f64 + 0.5)).round() as i32
    }
}

const LEGEND_BAR: i32 = 14;
const LEGEND_LINE: i32 = 26;
const LEGEND_GAP: f64 = 6.0;
const LEGEND_SEP: f64 = 22.0;
/// Height of a second legend row (the running-total series).
const LEGEND_ROW: i32 = 28;

fn legend_width(input: &ChartInput) -> f64 {
    let entry = |label: &str| {
        LEGEND_SEP + f64::from(2 * MARKER_RADIUS + 2) + LEGEND_GAP + text_width(label, TEXT_SIZE)
    };
    let mut earlier = if has_earlier(input) {
        entry(input.earlier_label)
    } else {
        0.0
    };
    if has_plan_earlier(input) {
        earlier += entry(input.plan_earlier_label);
    }
    f64::from(LEGEND_BAR)
        + LEGEND_GAP
        + text_width(input.actual_label, TEXT_SIZE)
        + LEGEND_SEP
        + f64::from(LEGEND_LINE)
        + LEGEND_GAP
        + text_width(input.target_label, TEXT_SIZE)
        + earlier
}

/// Whether the chart draws (and its legend names) an earlier target.
fn has_earlier(input: &ChartInput) -> bool {
    !input.earlier_label.is_empty() && input.years.iter().any(|y| y.earlier_target.is_some())
}

/// Whether the chart draws (and its legend names) a target before a plan revision.
fn has_plan_earlier(input: &ChartInput) -> bool {
    !input.plan_earlier_label.is_empty()
        && input.years.iter().any(|y| y.plan_earlier_target.is_some())
}

/// The corners of a diamond around `(x, y)`, closed.
fn diamond((x, y): (i32, i32), r: i32) -> Vec<(i32, i32)> {
    vec![(x, y - r), (x + r, y), (x, y + r), (x - r, y), (x, y - r)]
}

// ---------------------------------------------------------------------------
// Drawing
// ---------------------------------------------------------------------------

type DrawResult = Result<(), DrawingAreaErrorKind<Infallible>>;

fn font(size: f64, color: &'static RGBColor, h: HPos, bold: bool) -> TextStyle<'static> {
    let style = if bold {
        FontStyle::Bold
    } else {
        FontStyle::Normal
    };
    TextStyle::from(FontDesc::new(
        FontFamily::SansSerif,
        size * PLOTTERS_FONT_SCALE,
        style,
    ))
    .color(color)
    .pos(Pos::new(h, VPos::Top))
}

/// Draws `text` so that its cap height starts at `top` (plotters' "top"
/// anchor puts the baseline 0.76 em below `top`).
fn text(area: &Area, s: &str, (x, top): (i32, i32), style: &TextStyle<'static>) -> DrawResult {
    area.draw(&Label {
        text: s,
        at: [(x, top)],
        style,
    })
}

/// A text, like plotters' `Text`, but with a borrowed style: a style's font
/// description allocates, and a chart draws a few dozen texts in a few styles.
struct Label<'s> {
    text: &'s str,
    at: [(i32, i32); 1],
    style: &'s TextStyle<'static>,
}

impl<'a> PointCollection<'a, (i32, i32)> for &'a Label<'_> {
    type Point = &'a (i32, i32);
    type IntoIter = &'a [(i32, i32)];
    fn point_iter(self) -> &'a [(i32, i32)] {
        &self.at
    }
}

impl<DB: DrawingBackend> Drawable<DB> for Label<'_> {
    fn draw<I: Iterator<Item = (i32, i32)>>(
        &self,
        mut points: I,
        backend: &mut DB,
        _: (u32, u32),
    ) -> Result<(), plotters_backend::DrawingErrorKind<DB::ErrorType>> {
        match points.next() {
            Some(at) => backend.draw_text(self.text, self.style, at),
            None => Ok(()),
        }
    }
}

fn to_i(v: f64) -> i32 {
    v.round() as i32
}

fn bar_color(met: Option<bool>) -> &'static RGBColor {
    if met == Some(false) {
        &MISSED_COLOR
    } else {
        &MET_COLOR
    }
}

fn draw(root: &Area, input: &ChartInput, l: &Layout) -> DrawResult {
    root.fill(&BACKGROUND)?;

    // Header: unit caption at top left, horizontal.
    if !input.unit.is_empty() {
        text(
            root,
            input.unit,
            (PAD, HEADER_Y),
            &font(TEXT_SIZE, &TEXT_COLOR, HPos::Left, false),
        )?;
    }

    // Horizontal grid lines at the ticks, labels right-aligned left of the plot.
    let style = font(TICK_SIZE, &TEXT_COLOR, HPos::Right, false);
    for (t, label) in l.scale.ticks().zip(&l.tick_labels) {
        let y = l.y(t);
        if t != 0.0 {
            root.draw(&PathElement::new(
                vec![(l.plot_left, y), (l.plot_right, y)],
                GRID_COLOR.stroke_width(1),
            ))?;
        }
        text(
            root,
            label,
            (l.plot_left - 8, y - to_i(0.38 * TICK_SIZE)),
            &style,
        )?;
    }

    let zero_y = l.y(0.0);
    let half_bar = l.bar_width / 2.0;
    // Things the baseline label should not cover, the x axis first.
    let mut obstacles: Vec<Box2> = vec![(
        f64::from(l.plot_left),
        f64::from(zero_y) - 1.0,
        f64::from(l.plot_right),
        f64::from(zero_y) + 1.0,
    )];

    // Bars.
    for (i, year) in input.years.iter().enumerate() {
        if let Some(v) = year.actual {
            let x = f64::from(l.x(i));
            let (x0, x1) = (to_i(x - half_bar), to_i(x + half_bar));
            let y = l.y(v);
            let (top, bottom) = (y.min(zero_y), y.max(zero_y));
            obstacles.push((x0.into(), top.into(), x1.into(), bottom.into()));
            if top == bottom {
                continue; // a zero value has no bar; the axis line shows it
            }
            root.draw(&Rectangle::new(
                [(x0, top), (x1, bottom)],
                bar_color(year.met).filled(),
            ))?;
        }
    }

    // Zero line / x axis.
    root.draw(&PathElement::new(
        vec![(l.plot_left, zero_y), (l.plot_right, zero_y)],
        AXIS_COLOR.stroke_width(1),
    ))?;

    // X labels under each slot, every year gets one.
    let style = font(TEXT_SIZE, &TEXT_COLOR, HPos::Center, false);
    for (i, year) in input.years.iter().enumerate() {
        let row = if l.stagger && i % 2 == 1 { 22 } else { 0 };
        text(root, &year.label, (l.x(i), l.plot_bottom + 9 + row), &style)?;
    }

    // Target runs: consecutive years that have a target.
    let targets: Vec<Option<(i32, i32)>> = input
        .years
        .iter()
        .enumerate()
        .map(|(i, y)| y.target.map(|t| (l.x(i), l.y(t))))
        .collect();
    let runs: Vec<Vec<(i32, i32)>> = targets
        .split(|p| p.is_none())
        .filter(|run| run.len() > 1)
        .map(|run| run.iter().flatten().copied().collect())
        .collect();
    for run in &runs {
        for w in run.windows(2) {
            sample_segment(w[0], w[1], &mut obstacles);
        }
    }
    for &(x, y) in targets.iter().flatten() {
        obstacles.push(around(x, y, MARKER_RADIUS + 2));
    }

    // Earlier targets (as an edition issued them): faint rings under the target line.
    let earlier: Vec<(i32, i32)> = input
        .years
        .iter()
        .enumerate()
        .filter_map(|(i, y)| y.earlier_target.map(|t| (l.x(i), l.y(t))))
        .collect();
    for &(x, y) in &earlier {
        obstacles.push(around(x, y, MARKER_RADIUS + 2));
    }
    // Targets before a plan revision changed them: faint diamonds.
    let plan_earlier: Vec<(i32, i32)> = input
        .years
        .iter()
        .enumerate()
        .filter_map(|(i, y)| y.plan_earlier_target.map(|t| (l.x(i), l.y(t))))
        .collect();
    for &(x, y) in &plan_earlier {
        obstacles.push(around(x, y, MARKER_RADIUS + 3));
    }

    // Status marks: above the bar, and above the target marker when that is higher.
    let mut marks = Vec::new();
    for (i, year) in input.years.iter().enumerate() {
        let Some(met) = year.met else { continue };
        let mut top = zero_y;
        if let Some(v) = year.actual {
            top = top.min(l.y(v));
        }
        if let Some((_, ty)) = targets[i] {
            top = top.min(ty - MARKER_RADIUS - 2);
        }
        // Glyph of ✓/✗ spans roughly top .. top + 0.8 em from the text anchor.
        let y = top - 4 - to_i(0.8 * MARK_SIZE);
        let x = l.x(i);
        let half = MARK_SIZE * 0.45;
        obstacles.push((
            f64::from(x) - half,
            f64::from(y),
            f64::from(x) + half,
            f64::from(y) + 0.8 * MARK_SIZE,
        ));
        marks.push((x, y, met));
    }

    // Baseline: dashed line across the plot, label near one end.
    if let Some((v, label)) = input.baseline {
        let y = l.y(v);
        // One line in a marker colour; `LeanSvg` writes it as a dashed stroke
        // (plotters' styles have no dash pattern).
        root.draw(&PathElement::new(
            vec![(l.plot_left, y), (l.plot_right, y)],
            DASHED_MARKER.stroke_width(2),
        ))?;
        if !label.is_empty() {
            let placed = draw_line_label(root, l, label, y, &obstacles, &BASELINE_COLOR, false)?;
            obstacles.extend(placed);
        }
    }

    // Benchmarks: dotted lines across the plot, each labelled where it covers least.
    for &(v, label) in input.references {
        let y = l.y(v);
        root.draw(&PathElement::new(
            vec![(l.plot_left, y), (l.plot_right, y)],
            DOTTED_MARKER.stroke_width(2),
        ))?;
        if !label.is_empty() {
            let placed = draw_line_label(root, l, label, y, &obstacles, &BENCHMARK_COLOR, true)?;
            obstacles.extend(placed);
        }
    }

    for &p in &plan_earlier {
        root.draw(&PathElement::new(
            diamond(p, MARKER_RADIUS + 2),
            EARLIER_COLOR.stroke_width(2),
        ))?;
    }
    for &(x, y) in &earlier {
        root.draw(&Circle::new((x, y), MARKER_RADIUS + 2, BACKGROUND.filled()))?;
        root.draw(&Circle::new(
            (x, y),
            MARKER_RADIUS + 1,
            EARLIER_COLOR.stroke_width(2),
        ))?;
    }

    // Target line (white casing keeps it visible where it crosses a bar) and markers.
    for run in &runs {
        root.draw(&PathElement::new(run.clone(), BACKGROUND.stroke_width(5)))?;
        root.draw(&PathElement::new(run.clone(), TARGET_COLOR.stroke_width(2)))?;
    }
    for &(x, y) in targets.iter().flatten() {
        root.draw(&Circle::new((x, y), MARKER_RADIUS + 2, BACKGROUND.filled()))?;
        root.draw(&Circle::new((x, y), MARKER_RADIUS, TARGET_COLOR.filled()))?;
    }

    // The running total: a dashed line with square marks (target) and hollow
    // squares (actual), told apart from the year's bars and dots by shape.
    if input.running_labels.is_some() {
        let points: Vec<Option<(i32, i32)>> = input
            .years
            .iter()
            .enumerate()
            .map(|(i, y)| y.running_target.map(|t| (l.x(i), l.y(t))))
            .collect();
        for run in points.split(|p| p.is_none()).filter(|r| r.len() > 1) {
            let run: Vec<(i32, i32)> = run.iter().flatten().copied().collect();
            root.draw(&PathElement::new(run.clone(), BACKGROUND.stroke_width(5)))?;
            root.draw(&PathElement::new(run, RUNNING_MARKER.stroke_width(2)))?;
        }
        let r = MARKER_RADIUS;
        for &(x, y) in points.iter().flatten() {
            root.draw(&Rectangle::new(
                [(x - r - 1, y - r - 1), (x + r + 1, y + r + 1)],
                BACKGROUND.filled(),
            ))?;
            root.draw(&Rectangle::new(
                [(x - r, y - r), (x + r, y + r)],
                TARGET_COLOR.filled(),
            ))?;
        }
        for (i, year) in input.years.iter().enumerate() {
            if let Some(v) = year.running_actual {
                let (x, y) = (l.x(i), l.y(v));
                let r = MARKER_RADIUS + 2;
                root.draw(&Rectangle::new(
                    [(x - r, y - r), (x + r, y + r)],
                    BACKGROUND.filled(),
                ))?;
                root.draw(&Rectangle::new(
                    [(x - r, y - r), (x + r, y + r)],
                    MET_COLOR.stroke_width(3),
                ))?;
            }
        }
    }

    if !marks.is_empty() {
        let met_style = font(MARK_SIZE, &MET_COLOR, HPos::Center, true);
        let missed_style = font(MARK_SIZE, &MISSED_COLOR, HPos::Center, true);
        for (x, y, met) in marks {
            let (mark, style) = if met {
                ("✓", &met_style)
            } else {
                ("✗", &missed_style)
            };
            text(root, mark, (x, y), style)?;
        }
    }

    draw_legend(root, input, l)
}

/// Records points along a target segment as small obstacles for label placement.
fn sample_segment(a: (i32, i32), b: (i32, i32), out: &mut Vec<Box2>) {
    let (dx, dy) = (f64::from(b.0 - a.0), f64::from(b.1 - a.1));
    let steps = (dx.hypot(dy) / 6.0).ceil().max(1.0) as i32;
    for s in 0..=steps {
        let t = f64::from(s) / f64::from(steps);
        let (x, y) = (f64::from(a.0) + dx * t, f64::from(a.1) + dy * t);
        out.push((x - 2.0, y - 2.0, x + 2.0, y + 2.0));
    }
}

fn overlap(a: Box2, b: Box2) -> f64 {
    let w = (a.2.min(b.2) - a.0.max(b.0)).max(0.0);
    let h = (a.3.min(b.3) - a.1.max(b.1)).max(0.0);
    w * h
}

/// Puts the label of a reference line (the baseline, a benchmark) just above
/// (or below) the line at its right or left end, wherever it covers the least
/// of bars, marks, the target line and the labels placed before; returns the
/// room it took.
fn draw_line_label(
    root: &Area,
    l: &Layout,
    label: &str,
    line_y: i32,
    obstacles: &[Box2],
    color: &'static RGBColor,
    farther: bool,
) -> Result<Option<Box2>, DrawingAreaErrorKind<Infallible>> {
    let s = BASELINE_SIZE;
    let w = text_width(label, s);
    let inset = 6.0;
    let left_x = f64::from(l.plot_left) + inset;
    let right_x = f64::from(l.plot_right) - inset;
    let ly = f64::from(line_y);
    // Text top for a label above / below the line (glyphs span -0.12 em .. 0.88 em).
    let above = ly - 4.0 - 0.88 * s;
    let below = ly + 4.0 + 0.12 * s;
    let near = [(true, above), (false, above), (true, below), (false, below)];
    // A benchmark's label may stand a row further off, where the lines of a
    // plan's figures and its averages crowd each other (経常収支比率 near 90%).
    let row = s + 6.0;
    let far = [
        (true, above - row),
        (false, above - row),
        (true, below + row),
        (false, below + row),
    ];
    let candidates = near.iter().chain(if farther { &far[..] } else { &[] });
    let mut best: Option<(f64, bool, f64, Box2)> = None;
    for &(right, top) in candidates {
        let bx = if right {
            (
                right_x - w - 2.0,
                top - 0.12 * s - 2.0,
                right_x + 2.0,
                top + 0.88 * s + 2.0,
            )
        } else {
            (
                left_x - 2.0,
                top - 0.12 * s - 2.0,
                left_x + w + 2.0,
                top + 0.88 * s + 2.0,
            )
        };
        if bx.1 < f64::from(l.plot_top) - 16.0 || bx.3 > f64::from(l.plot_bottom) {
            continue;
        }
        let score: f64 = obstacles.iter().map(|&o| overlap(bx, o)).sum();
        if best.is_none_or(|b| score < b.0) {
            best = Some((score, right, top, bx));
        }
    }
    let Some((score, right, top, bx)) = best else {
        return Ok(None);
    };
    // Mask grid lines / bars behind the text only when something is there.
    let crosses_grid = l.scale.ticks().any(|t| {
        let y = f64::from(l.y(t));
        y > bx.1 && y < bx.3
    });
    if score > 0.0 || crosses_grid {
        root.draw(&Rectangle::new(
            [(to_i(bx.0), to_i(bx.1)), (to_i(bx.2), to_i(bx.3))],
            BACKGROUND.filled(),
        ))?;
    }
    let (x, h) = if right {
        (to_i(right_x), HPos::Right)
    } else {
        (to_i(left_x), HPos::Left)
    };
    text(root, label, (x, to_i(top)), &font(s, color, h, false))?;
    Ok(Some(bx))
}

fn draw_legend(root: &Area, input: &ChartInput, l: &Layout) -> DrawResult {
    let second_row = if input.running_labels.is_some() {
        LEGEND_ROW
    } else {
        0
    };
    let (mut x, top) = if l.legend_on_top {
        (f64::from(l.plot_right) - l.legend_width, HEADER_Y)
    } else {
        (
            f64::from(l.plot_left),
            HEIGHT - PAD - to_i(0.88 * TEXT_SIZE) - second_row,
        )
    };
    // Vertical centre of the text line (cap height ~0.72 em below `top`).
    let mid = top + to_i(0.36 * TEXT_SIZE);
    let style = font(TEXT_SIZE, &TEXT_COLOR, HPos::Left, false);

    let x0 = to_i(x);
    root.draw(&Rectangle::new(
        [
            (x0, mid - LEGEND_BAR / 2),
            (x0 + LEGEND_BAR, mid + LEGEND_BAR / 2),
        ],
        MET_COLOR.filled(),
    ))?;
    x += f64::from(LEGEND_BAR) + LEGEND_GAP;
    text(root, input.actual_label, (to_i(x), top), &style)?;
    x += text_width(input.actual_label, TEXT_SIZE) + LEGEND_SEP;

    let x0 = to_i(x);
    root.draw(&PathElement::new(
        vec![(x0, mid), (x0 + LEGEND_LINE, mid)],
        TARGET_COLOR.stroke_width(2),
    ))?;
    root.draw(&Circle::new(
        (x0 + LEGEND_LINE / 2, mid),
        MARKER_RADIUS,
        TARGET_COLOR.filled(),
    ))?;
    x += f64::from(LEGEND_LINE) + LEGEND_GAP;
    text(root, input.target_label, (to_i(x), top), &style)?;
    if has_earlier(input) {
        x += text_width(input.target_label, TEXT_SIZE) + LEGEND_SEP;
        let r = MARKER_RADIUS + 1;
        root.draw(&Circle::new(
            (to_i(x) + r, mid),
            r,
            EARLIER_COLOR.stroke_width(2),
        ))?;
        x += f64::from(2 * MARKER_RADIUS + 2) + LEGEND_GAP;
        text(root, input.earlier_label, (to_i(x), top), &style)?;
        x += text_width(input.earlier_label, TEXT_SIZE) + LEGEND_SEP;
    } else {
        x += text_width(input.target_label, TEXT_SIZE) + LEGEND_SEP;
    }
    if has_plan_earlier(input) {
        let r = MARKER_RADIUS + 1;
        root.draw(&PathElement::new(
            diamond((to_i(x) + r, mid), r + 1),
            EARLIER_COLOR.stroke_width(2),
        ))?;
        x += f64::from(2 * MARKER_RADIUS + 2) + LEGEND_GAP;
        text(root, input.plan_earlier_label, (to_i(x), top), &style)?;
    }
    if let Some((actual, target)) = input.running_labels {
        // On its own row under the first.
        let top = top + second_row;
        let mid = top + to_i(0.36 * TEXT_SIZE);
        x = f64::from(l.plot_left);
        let (x0, h) = (to_i(x), LEGEND_BAR / 2);
        root.draw(&Rectangle::new(
            [(x0 + 1, mid - h + 1), (x0 + LEGEND_BAR - 1, mid + h - 1)],
            MET_COLOR.stroke_width(3),
        ))?;
        x += f64::from(LEGEND_BAR) + LEGEND_GAP;
        text(root, actual, (to_i(x), top), &style)?;
        x += text_width(actual, TEXT_SIZE) + LEGEND_SEP;
        let x0 = to_i(x);
        root.draw(&PathElement::new(
            vec![(x0, mid), (x0 + LEGEND_LINE, mid)],
            RUNNING_MARKER.stroke_width(2),
        ))?;
        let r = MARKER_RADIUS;
        let c = x0 + LEGEND_LINE / 2;
        root.draw(&Rectangle::new(
            [(c - r, mid - r), (c + r, mid + r)],
            TARGET_COLOR.filled(),
        ))?;
        x += f64::from(LEGEND_LINE) + LEGEND_GAP;
        text(root, target, (to_i(x), top), &style)?;
    }
    Ok(())
}

/// The square of half-side `r` around a marker at (`x`, `y`): what a label
/// must not cover.
fn around(x: i32, y: i32, r: i32) -> (f64, f64, f64, f64) {
    let (x, y, r) = (f64::from(x), f64::from(y), f64::from(r));
    (x - r, y - r, x + r, y + r)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn year(label: &str, target: Option<f64>, actual: Option<f64>, met: Option<bool>) -> ChartYear {
        ChartYear {
            label: label.to_owned(),
            target,
            actual,
            met,
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
}
