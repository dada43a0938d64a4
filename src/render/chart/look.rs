//! How the charts look: their size, fonts, colours and spacing.

use plotters::style::RGBColor;

/// Size of the SVG canvas (and its viewBox), in SVG units.
pub(super) const WIDTH: i32 = 640;
pub(super) const HEIGHT: i32 = 360;

/// Font sizes in SVG units, as written into `font-size`.
pub(super) const TEXT_SIZE: f64 = 20.0;
pub(super) const TICK_SIZE: f64 = 18.0;
pub(super) const BASELINE_SIZE: f64 = 18.0;
pub(super) const MARK_SIZE: f64 = 24.0;
/// plotters' SVG backend writes `font-size = size / 1.24`; we hand it
/// `wanted * 1.24` so the document says exactly 16, 18, 22.
pub(super) const PLOTTERS_FONT_SCALE: f64 = 1.24;

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
pub(super) const DOTTED_MARKER: RGBColor = RGBColor(0x5e, 0x3c, 0x9a);
/// Drawn only by the running-total target line; replaced by [`TARGET_COLOR`]
/// with a long dash pattern.
pub(super) const RUNNING_MARKER: RGBColor = RGBColor(0x33, 0x33, 0x34);
/// Drawn only by the baseline; replaced by [`BASELINE_COLOR`] with a dash pattern.
pub(super) const DASHED_MARKER: RGBColor = RGBColor(0x6b, 0x6b, 0x6c);
pub(super) const TEXT_COLOR: RGBColor = RGBColor(0x22, 0x22, 0x22);
pub(super) const AXIS_COLOR: RGBColor = RGBColor(0x75, 0x75, 0x75);
pub(super) const GRID_COLOR: RGBColor = RGBColor(0xe2, 0xe2, 0xe2);
pub const BACKGROUND: RGBColor = RGBColor(0xff, 0xff, 0xff);

/// Outer padding of the canvas.
pub(super) const PAD: i32 = 10;
/// Top of the text in the header row (unit caption, legend).
pub(super) const HEADER_Y: i32 = 10;
/// Room between the header row and the plot; status marks may rise into it.
pub(super) const PLOT_TOP: i32 = 54;
/// Largest allowed number of intervals on the y axis (so at most 6 ticks).
pub(super) const MAX_INTERVALS: i64 = 5;
pub(super) const MARKER_RADIUS: i32 = 5;

/// The legend: a swatch, a line with its marker, the gaps around their words.
pub(super) const LEGEND_BAR: i32 = 14;
pub(super) const LEGEND_LINE: i32 = 26;
pub(super) const LEGEND_GAP: f64 = 6.0;
pub(super) const LEGEND_SEP: f64 = 22.0;
/// Height of a second legend row (the running-total series).
pub(super) const LEGEND_ROW: i32 = 28;
