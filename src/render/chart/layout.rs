//! Where everything of a chart goes: the y scale and its tick labels, the
//! plot's edges, the years' slots, the legend's place; worked out before
//! anything is drawn.

use crate::base::text;

use super::look::*;
use super::{ChartError, ChartInput};

/// The y axis: ticks at `k * step` for `k` in `lo_k..=hi_k`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Scale {
    pub(super) step: f64,
    pub(super) lo_k: i64,
    pub(super) hi_k: i64,
    /// Decimals needed to print any tick.
    pub(super) decimals: u8,
}

impl Scale {
    /// Axis from 0 (or below, when values are negative) to a round value
    /// at least 1.1 × the largest value, with at most six ticks.
    pub(super) fn new(min: f64, max: f64) -> Result<Scale, ChartError> {
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

    pub(super) fn lo(&self) -> f64 {
        self.lo_k as f64 * self.step
    }

    pub(super) fn hi(&self) -> f64 {
        self.hi_k as f64 * self.step
    }

    pub(super) fn ticks(&self) -> impl Iterator<Item = f64> + '_ {
        (self.lo_k..=self.hi_k).map(|k| k as f64 * self.step)
    }
}

/// A tick's label: [`text::format_number`] with the scale's decimals, less
/// the trailing zeros ("20", "2.5", "45,000", "-1,500"), and never "-0".
pub(super) fn tick_label(value: f64, decimals: u8) -> String {
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
pub(super) fn text_width(text: &str, size: f64) -> f64 {
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

pub(super) struct Layout {
    pub(super) scale: Scale,
    /// The label of each tick of `scale`, in order.
    pub(super) tick_labels: Vec<String>,
    pub(super) plot_left: i32,
    pub(super) plot_right: i32,
    pub(super) plot_top: i32,
    pub(super) plot_bottom: i32,
    /// Width of one year's slot on the x axis.
    pub(super) slot: f64,
    /// Alternate x labels between two rows (labels wider than their slot).
    pub(super) stagger: bool,
    /// Legend in the header row (top right) or in its own row at the bottom.
    pub(super) legend_on_top: bool,
    pub(super) legend_width: f64,
    pub(super) bar_width: f64,
}

impl Layout {
    pub(super) fn new(input: &ChartInput) -> Result<Layout, ChartError> {
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
    pub(super) fn y(&self, v: f64) -> i32 {
        let (lo, hi) = (self.scale.lo(), self.scale.hi());
        let t = (v - lo) / (hi - lo);
        let top = f64::from(self.plot_top);
        let bottom = f64::from(self.plot_bottom);
        (bottom - t * (bottom - top)).round() as i32
    }

    /// Centre of year `i`'s slot.
    pub(super) fn x(&self, i: usize) -> i32 {
        (f64::from(self.plot_left) + self.slot * (i as f64 + 0.5)).round() as i32
    }
}

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
pub(super) fn has_earlier(input: &ChartInput) -> bool {
    !input.earlier_label.is_empty() && input.years.iter().any(|y| y.earlier_target.is_some())
}

/// Whether the chart draws (and its legend names) a target before a plan revision.
pub(super) fn has_plan_earlier(input: &ChartInput) -> bool {
    !input.plan_earlier_label.is_empty()
        && input.years.iter().any(|y| y.plan_earlier_target.is_some())
}
