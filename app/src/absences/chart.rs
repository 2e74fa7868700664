//! The absence charts' common parts, drawn by the server as SVG: the
//! accessible frame (role img, a title, a description) and the axes of a
//! rate plot with their labels. The sentinel series, the trend and the
//! alert lab draw their lines inside them.

use leptos::prelude::*;

/// Where a plot sits inside its SVG (user units).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Plot {
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
}

impl Plot {
    /// The x of a fraction (0..=1) of the horizontal axis.
    pub fn x(&self, fraction: f64) -> f64 {
        self.left + (self.right - self.left) * fraction.clamp(0.0, 1.0)
    }

    /// The y of a fraction (0..=1) of the vertical axis, 0 at the bottom.
    pub fn y(&self, fraction: f64) -> f64 {
        self.bottom - (self.bottom - self.top) * fraction.clamp(0.0, 1.0)
    }
}

/// "12,5 %": a rate as the axes and tables show it.
pub fn percent_label(rate: f64) -> String {
    format!("{:.1} %", rate * 100.0).replace('.', ",")
}

/// The SVG of a chart: `{id}-title` names it, `{id}-desc` describes it.
#[component]
pub fn ChartSvg(
    id: &'static str,
    width: f64,
    height: f64,
    #[prop(into)] title: String,
    #[prop(into)] desc: String,
    children: Children,
) -> impl IntoView {
    let title_id = format!("{id}-title");
    let desc_id = format!("{id}-desc");
    view! {
        <svg
            viewBox=format!("0 0 {width} {height}")
            role="img"
            aria-labelledby=title_id.clone()
            aria-describedby=desc_id.clone()
            width="100%"
        >
            <title id=title_id.clone()>{title}</title>
            <desc id=desc_id.clone()>{desc}</desc>
            {children()}
        </svg>
    }
}

/// The two axes of `plot`, the first and last labels of the horizontal
/// one (and its caption, if any) below it, 0 % and `y_top` on the vertical.
#[component]
pub fn Axes(
    plot: Plot,
    #[prop(into)] x_start: String,
    #[prop(into)] x_end: String,
    #[prop(optional, into)] x_caption: Option<String>,
    #[prop(into)] y_top: String,
) -> impl IntoView {
    let Plot {
        left,
        right,
        top,
        bottom,
    } = plot;
    view! {
        <line x1=left y1=bottom x2=right y2=bottom class="axis"></line>
        <line x1=left y1=top x2=left y2=bottom class="axis"></line>
        <text x=left y=bottom + 28.0 class="axis-label">
            {x_start}
        </text>
        <text x=right y=bottom + 28.0 text-anchor="end" class="axis-label">
            {x_end}
        </text>
        {x_caption
            .map(|caption| {
                view! {
                    <text
                        x=(left + right) / 2.0
                        y=bottom + 38.0
                        text-anchor="middle"
                        class="axis-label"
                    >
                        {caption}
                    </text>
                }
            })}
        <text x=left - 4.0 y=top text-anchor="end" class="axis-label">
            {y_top}
        </text>
        <text x=left - 4.0 y=bottom text-anchor="end" class="axis-label">
            "0 %"
        </text>
    }
}
