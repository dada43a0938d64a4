//! The SVG writer: plotters' drawing backend of the charts.
//!
//! A module of its own: the style traits of plotters' backends it uses have
//! methods of the same names as plotters' `Color`.

use std::convert::Infallible;

use plotters::backend::DrawingBackend;
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::{FontStyle, FontTransform};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind,
};

use super::look::{
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
