//! The small trend chart of the overview, drawn with plotters' own SVG
//! backend.

use plotters::prelude::*;

use super::look::{AXIS_COLOR, MET_COLOR, MISSED_COLOR, TARGET_COLOR};
use super::{ChartError, ChartInput, ChartYear, validate};

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
