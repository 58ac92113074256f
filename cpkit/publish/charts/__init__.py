"""Charts of the published plan, as inline SVG with a text alternative.

Python only lays the charts out: it picks the figures from the gap tables, so a chart
never disagrees with the tables beside it, and computes every coordinate, rounded to
0.1, so that the same plan always gives byte-identical SVG. The markup lives in
templates/render/charts/*.svg.j2, rendered with autoescape: plan text (names of needs,
areas, indicators) may be hostile and must come out as text.

Accessibility (WCAG 2.1 AA): each SVG is `role="img"`, named by its own <title> and
<desc>; colour is never the only carrier of meaning (segments carry the legend's
number, cells a symbol, bars a status word); graphics have a contrast of at least 3:1
against white and their neighbours, and text at least 4.5:1 against what it sits on.
Text inside an SVG image is not read by screen readers, so `Chart.description` summarises
the figures, and the page must give the data table as well.

Labels are the catalogue's `chart.*` keys (cpkit/i18n/<language>.yaml); a label with
{placeholders} is filled with str.format, so a catalogue must keep the placeholders (it
may reorder them).

One module a chart (funds, needs, progress); layout holds what they share.
"""

from cpkit.publish.charts.funds import funds_chart
from cpkit.publish.charts.layout import Chart
from cpkit.publish.charts.needs import needs_chart
from cpkit.publish.charts.progress import progress_chart

__all__ = ["Chart", "funds_chart", "needs_chart", "progress_chart"]
