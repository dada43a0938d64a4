//! Drawing: the chart's parts drawn with plotters onto the SVG writer, back
//! to front, each where [`Layout`] puts it.

use std::convert::Infallible;

use plotters::element::{Drawable, PointCollection};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::ChartInput;
use super::layout::{Layout, has_earlier, has_plan_earlier, text_width};
use super::look::*;
use super::svg::LeanSvg;

pub(super) type Area<'b> = DrawingArea<LeanSvg<'b>, plotters::coord::Shift>;
type Box2 = (f64, f64, f64, f64); // x0, y0, x1, y1

pub(super) type DrawResult = Result<(), DrawingAreaErrorKind<Infallible>>;

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
/// The corners of a diamond around `(x, y)`, closed.
fn diamond((x, y): (i32, i32), r: i32) -> Vec<(i32, i32)> {
    vec![(x, y - r), (x + r, y), (x, y + r), (x - r, y), (x, y - r)]
}

fn bar_color(met: Option<bool>) -> &'static RGBColor {
    if met == Some(false) {
        &MISSED_COLOR
    } else {
        &MET_COLOR
    }
}

/// Draws the whole chart onto `root`, back to front: the grid, the bars, the
/// axis and its years, the reference lines and their labels (placed where
/// they cover least of what is already there), the earlier targets, the
/// target line, the running total, the status marks and the legend.
pub(super) fn draw(root: &Area, input: &ChartInput, l: &Layout) -> DrawResult {
    root.fill(&BACKGROUND)?;
    draw_grid(root, input, l)?;
    let zero_y = l.y(0.0);
    // Things the labels of the reference lines should not cover, the x axis first.
    let mut obstacles: Vec<Box2> = vec![(
        f64::from(l.plot_left),
        f64::from(zero_y) - 1.0,
        f64::from(l.plot_right),
        f64::from(zero_y) + 1.0,
    )];
    draw_bars(root, input, l, &mut obstacles)?;
    draw_x_axis(root, input, l)?;
    let marks = Marks::place(input, l, &mut obstacles);
    draw_reference_lines(root, input, l, &mut obstacles)?;
    draw_earlier_targets(root, &marks)?;
    draw_targets(root, &marks)?;
    if input.running_labels.is_some() {
        draw_running_total(root, input, l)?;
    }
    draw_status_marks(root, &marks.statuses)?;
    draw_legend(root, input, l)
}

/// The unit caption at top left, and the horizontal grid lines at the ticks
/// with their labels right-aligned left of the plot.
fn draw_grid(root: &Area, input: &ChartInput, l: &Layout) -> DrawResult {
    if !input.unit.is_empty() {
        text(
            root,
            input.unit,
            (PAD, HEADER_Y),
            &font(TEXT_SIZE, &TEXT_COLOR, HPos::Left, false),
        )?;
    }
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
    Ok(())
}

/// The actuals as bars, coloured by status; each bar is an obstacle.
fn draw_bars(root: &Area, input: &ChartInput, l: &Layout, obstacles: &mut Vec<Box2>) -> DrawResult {
    let zero_y = l.y(0.0);
    let half_bar = l.bar_width / 2.0;
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
    Ok(())
}

/// The zero line (the x axis) and a label under each year's slot.
fn draw_x_axis(root: &Area, input: &ChartInput, l: &Layout) -> DrawResult {
    let zero_y = l.y(0.0);
    root.draw(&PathElement::new(
        vec![(l.plot_left, zero_y), (l.plot_right, zero_y)],
        AXIS_COLOR.stroke_width(1),
    ))?;
    let style = font(TEXT_SIZE, &TEXT_COLOR, HPos::Center, false);
    for (i, year) in input.years.iter().enumerate() {
        let row = if l.stagger && i % 2 == 1 { 22 } else { 0 };
        text(root, &year.label, (l.x(i), l.plot_bottom + 9 + row), &style)?;
    }
    Ok(())
}

/// Where the marks of the years go: the targets and the runs of years that
/// have one, the earlier targets, and the status marks.
struct Marks<'a> {
    /// Each year's target marker, if it has a target.
    targets: Vec<Option<(i32, i32)>>,
    /// Runs of consecutive years that have a target (two or more).
    runs: Vec<Vec<(i32, i32)>>,
    /// Targets as an earlier edition issued them: faint rings.
    earlier: Vec<(i32, i32)>,
    /// Targets before a plan revision changed them: faint diamonds.
    plan_earlier: Vec<(i32, i32)>,
    /// ✓ or ✗ above the bar (and above the target marker when that is higher).
    statuses: Vec<StatusMark<'a>>,
}

impl<'a> Marks<'a> {
    /// Places the marks, adding the room each takes to `obstacles`.
    fn place(input: &ChartInput<'a>, l: &Layout, obstacles: &mut Vec<Box2>) -> Marks<'a> {
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
                sample_segment(w[0], w[1], obstacles);
            }
        }
        for &(x, y) in targets.iter().flatten() {
            obstacles.push(around(x, y, MARKER_RADIUS + 2));
        }
        let earlier: Vec<(i32, i32)> = input
            .years
            .iter()
            .enumerate()
            .filter_map(|(i, y)| y.earlier_target.map(|t| (l.x(i), l.y(t))))
            .collect();
        for &(x, y) in &earlier {
            obstacles.push(around(x, y, MARKER_RADIUS + 2));
        }
        let plan_earlier: Vec<(i32, i32)> = input
            .years
            .iter()
            .enumerate()
            .filter_map(|(i, y)| y.plan_earlier_target.map(|t| (l.x(i), l.y(t))))
            .collect();
        for &(x, y) in &plan_earlier {
            obstacles.push(around(x, y, MARKER_RADIUS + 3));
        }
        let statuses = status_marks(input, l, &targets, obstacles);
        Marks {
            targets,
            runs,
            earlier,
            plan_earlier,
            statuses,
        }
    }
}

/// The status marks: above the bar, and above the target marker when that
/// is higher.
fn status_marks<'a>(
    input: &ChartInput<'a>,
    l: &Layout,
    targets: &[Option<(i32, i32)>],
    obstacles: &mut Vec<Box2>,
) -> Vec<StatusMark<'a>> {
    let zero_y = l.y(0.0);
    let mut marks = Vec::new();
    for (i, year) in input.years.iter().enumerate() {
        if year.met.is_none() && year.note.is_none() {
            continue;
        }
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
        let note = year.note.as_deref();
        if let Some(n) = note {
            let w = text_width(n, NOTE_SIZE) / 2.0;
            let top = f64::from(y) - NOTE_SIZE - 2.0;
            obstacles.push((f64::from(x) - w, top, f64::from(x) + w, f64::from(y)));
        }
        marks.push(StatusMark {
            x,
            y,
            met: year.met,
            note,
        });
    }
    marks
}

/// A year's status mark (✓ / ✗) and the word beside its status.
struct StatusMark<'a> {
    x: i32,
    y: i32,
    met: Option<bool>,
    note: Option<&'a str>,
}

/// The size of the word above a status mark.
const NOTE_SIZE: f64 = 12.0;

/// The baseline (dashed) and the benchmarks (dotted) across the plot, each
/// labelled where it covers least; each label placed is an obstacle.
fn draw_reference_lines(
    root: &Area,
    input: &ChartInput,
    l: &Layout,
    obstacles: &mut Vec<Box2>,
) -> DrawResult {
    if let Some((v, label)) = input.baseline {
        let y = l.y(v);
        // One line in a marker colour; `LeanSvg` writes it as a dashed stroke
        // (plotters' styles have no dash pattern).
        root.draw(&PathElement::new(
            vec![(l.plot_left, y), (l.plot_right, y)],
            DASHED_MARKER.stroke_width(2),
        ))?;
        if !label.is_empty() {
            let placed = draw_line_label(root, l, label, y, obstacles, &BASELINE_COLOR, false)?;
            obstacles.extend(placed);
        }
    }
    for &(v, label) in input.references {
        let y = l.y(v);
        root.draw(&PathElement::new(
            vec![(l.plot_left, y), (l.plot_right, y)],
            DOTTED_MARKER.stroke_width(2),
        ))?;
        if !label.is_empty() {
            let placed = draw_line_label(root, l, label, y, obstacles, &BENCHMARK_COLOR, true)?;
            obstacles.extend(placed);
        }
    }
    Ok(())
}

/// The faint diamonds of the targets before a plan revision and the faint
/// rings of an earlier edition's targets, under the target line.
fn draw_earlier_targets(root: &Area, marks: &Marks) -> DrawResult {
    for &p in &marks.plan_earlier {
        root.draw(&PathElement::new(
            diamond(p, MARKER_RADIUS + 2),
            EARLIER_COLOR.stroke_width(2),
        ))?;
    }
    for &(x, y) in &marks.earlier {
        root.draw(&Circle::new((x, y), MARKER_RADIUS + 2, BACKGROUND.filled()))?;
        root.draw(&Circle::new(
            (x, y),
            MARKER_RADIUS + 1,
            EARLIER_COLOR.stroke_width(2),
        ))?;
    }
    Ok(())
}

/// The target line (a white casing keeps it visible where it crosses a bar)
/// and its markers.
fn draw_targets(root: &Area, marks: &Marks) -> DrawResult {
    for run in &marks.runs {
        root.draw(&PathElement::new(run.clone(), BACKGROUND.stroke_width(5)))?;
        root.draw(&PathElement::new(run.clone(), TARGET_COLOR.stroke_width(2)))?;
    }
    for &(x, y) in marks.targets.iter().flatten() {
        root.draw(&Circle::new((x, y), MARKER_RADIUS + 2, BACKGROUND.filled()))?;
        root.draw(&Circle::new((x, y), MARKER_RADIUS, TARGET_COLOR.filled()))?;
    }
    Ok(())
}

/// The running total: a dashed line with square marks (target) and hollow
/// squares (actual), told apart from the year's bars and dots by shape.
fn draw_running_total(root: &Area, input: &ChartInput, l: &Layout) -> DrawResult {
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
    Ok(())
}

/// ✓ for a target met, ✗ for one missed, in the status colours; above
/// them the word the table shows beside the status (暫定, ―, 市の判断 …).
fn draw_status_marks(root: &Area, marks: &[StatusMark]) -> DrawResult {
    if marks.is_empty() {
        return Ok(());
    }
    let met_style = font(MARK_SIZE, &MET_COLOR, HPos::Center, true);
    let missed_style = font(MARK_SIZE, &MISSED_COLOR, HPos::Center, true);
    let note_style = font(NOTE_SIZE, &TEXT_COLOR, HPos::Center, false);
    for m in marks {
        match m.met {
            Some(true) => text(root, "✓", (m.x, m.y), &met_style)?,
            Some(false) => text(root, "✗", (m.x, m.y), &missed_style)?,
            None => {}
        }
        if let Some(n) = m.note {
            let y = m.y - to_i(NOTE_SIZE) - 2;
            text(root, n, (m.x, y), &note_style)?;
        }
    }
    Ok(())
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
    if let Some(labels) = input.running_labels {
        // On its own row under the first.
        draw_running_legend(root, l, labels, top + second_row, &style)?;
    }
    Ok(())
}

/// The legend's row of the running total: its actual and its target.
fn draw_running_legend(
    root: &Area,
    l: &Layout,
    (actual, target): (&str, &str),
    top: i32,
    style: &TextStyle<'static>,
) -> DrawResult {
    let mid = top + to_i(0.36 * TEXT_SIZE);
    let mut x = f64::from(l.plot_left);
    let (x0, h) = (to_i(x), LEGEND_BAR / 2);
    root.draw(&Rectangle::new(
        [(x0 + 1, mid - h + 1), (x0 + LEGEND_BAR - 1, mid + h - 1)],
        MET_COLOR.stroke_width(3),
    ))?;
    x += f64::from(LEGEND_BAR) + LEGEND_GAP;
    text(root, actual, (to_i(x), top), style)?;
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
    text(root, target, (to_i(x), top), style)?;
    Ok(())
}

/// The square of half-side `r` around a marker at (`x`, `y`): what a label
/// must not cover.
fn around(x: i32, y: i32, r: i32) -> (f64, f64, f64, f64) {
    let (x, y, r) = (f64::from(x), f64::from(y), f64::from(r));
    (x - r, y - r, x + r, y + r)
}
