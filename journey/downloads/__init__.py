"""Downloads for papers and other tools: each plan's actions as CSV and XLSX, the register, the timeline
and each metric as CSV (tables.py, xlsx.py), the whole checked model as JSON with its JSON Schema
(opendata.py), and each plan's board report as an A4 PDF (report.py).

The names readers of downloads use:
"""

from journey.downloads.opendata import open_data, open_data_schema
from journey.downloads.tables import actions_csv, metric_csv, register_csv, timeline_csv
from journey.downloads.xlsx import actions_xlsx

__all__ = ["actions_csv", "actions_xlsx", "metric_csv", "open_data", "open_data_schema", "register_csv", "timeline_csv"]
