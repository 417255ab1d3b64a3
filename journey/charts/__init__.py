"""Charts: each chart is data (specs.py: its title, text alternative, one-sentence summary and data
table, so nothing is only visible), drawn by matplotlib into SVG in two variants (draw.py, with the
look in style.py), laid out to its data (no text outside the figure, none overlapping, none under 11
CSS px: layout.py checks) and cached by a hash of its data, drawing code and variant (cache.py).

The names readers of charts use:
"""

from journey.charts.cache import ChartCache
from journey.charts.draw import draw, figure
from journey.charts.layout import layout_problems
from journey.charts.specs import (Chart, due_done_chart, judgements_chart, metric_chart, overview_chart, quarter_ends,
                                  site_charts, status_history_chart, status_mix_chart, when)
from journey.charts.style import MIN_CSS_PX, TEXT_PT, TITLE_PT, VARIANTS, Variant

__all__ = ["Chart", "ChartCache", "MIN_CSS_PX", "TEXT_PT", "TITLE_PT", "VARIANTS", "Variant", "draw", "due_done_chart", "figure",
           "judgements_chart", "layout_problems", "metric_chart", "overview_chart", "quarter_ends", "site_charts",
           "status_history_chart", "status_mix_chart", "when"]
