//! Charts: one SVG per numeric indicator, drawn with plotters onto a backend
//! of its own that writes lean SVG in one pass (`LeanSvg`); the overview's
//! small trend charts use plotters' SVG backend.
//!
//! The chart knows nothing about content files: it gets a prepared
//! [`ChartInput`] (labels already in the page's language) and returns SVG text.
//!
//! `layout` works out where everything goes, `draw` draws it with plotters,
//! `svg` is the backend that writes the SVG text, and `look` holds the
//! sizes and colours.

use std::fmt;

use plotters::prelude::*;

mod draw;
mod layout;
mod look;
mod sparkline;
mod svg;

pub use look::{
    BACKGROUND, BASELINE_COLOR, BENCHMARK_COLOR, EARLIER_COLOR, MET_COLOR, MISSED_COLOR,
    TARGET_COLOR,
};
pub use sparkline::{SPARK_HEIGHT, SPARK_WIDTH, render_sparkline};

use layout::Layout;
use look::{HEIGHT, WIDTH};
use svg::LeanSvg;

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
    /// A short word the table shows beside the year's status, drawn above
    /// its mark: 暫定, 未確定, ―, 概数, 市の判断 (joined when several).
    pub note: Option<String>,
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

/// Room reserved for a chart's SVG text; the charts of a plan are 3–4 KB.
const SVG_CAPACITY: usize = 4096;

/// Renders the chart as a standalone SVG document (deterministic: same input, same bytes).
pub fn render_svg(input: &ChartInput) -> Result<String, ChartError> {
    validate(input)?;
    let layout = Layout::new(input)?;
    let mut svg = String::with_capacity(SVG_CAPACITY);
    {
        let root = LeanSvg::new(&mut svg, (WIDTH as u32, HEIGHT as u32)).into_drawing_area();
        draw::draw(&root, input, &layout)
            .map_err(|e| ChartError(format!("drawing failed: {e}")))?;
        root.present()
            .map_err(|e| ChartError(format!("drawing failed: {e}")))?;
    }
    Ok(svg)
}

/// Refuses a figure that is not a finite number, naming it.
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

#[cfg(test)]
mod tests;
