"""Every kind of file under plans/, registered once: where it lives, what its name says, the model
that reads it, its example and its JSON Schema, and how the editors' guide presents it. The reader
(which files and folders belong where), the schemas, the "How to edit" page, the scaffolder and the
live preview all read this list, so a new kind of file is one entry here and its model.

Light on purpose (no pydantic): the model is named, and looked up in model.py when it is needed.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from pathlib import Path

EXAMPLES = Path(__file__).parent / "examples"


@dataclass(frozen=True)
class FileKind:
    """One kind of file: its name, its place under plans/ (a shell pattern for each part of the path),
    the class of model.py that reads it ("" for a file the model does not read, like a logo), what its
    name gives (the id, the action number, the year), and the guide's words for it."""

    name: str
    pattern: tuple[str, ...]
    reads: str = ""  # the class of model.py that reads it
    named: str = ""  # what the "*" parts of its path give, in the guide's words
    heading: str = ""  # the guide's heading for it
    holds: str = ""  # Markdown: what it holds, as plans/README.md gives it
    about: str = ""  # Markdown: anything an editor must know beyond its fields
    example_path: str = ""  # where the guide's example would live under plans/
    example_key: str = ""  # the example's file stem in examples/ and the guide's anchor ("" = the name)

    @property
    def where(self) -> str:
        """The path under plans/ as the guide gives it: inspections/<id>.yaml."""
        names = iter(self.named.split(",")) if self.named else iter(())
        return "/".join(p.replace("*", f"<{next(names).strip()}>") if "*" in p else p for p in self.pattern)

    @property
    def glob(self) -> str:
        """The path under plans/ as a pattern: inspections/*.yaml."""
        return "/".join(self.pattern)

    @property
    def key(self) -> str:
        return self.example_key or self.name

    @property
    def example(self) -> Path:
        return EXAMPLES / f"{self.key}.yaml"

    @property
    def schema_file(self) -> str:
        return f"{self.name}.schema.json"

    @property
    def model(self):
        """The pydantic model that reads this kind of file (imported when first asked for)."""
        from journey.inputs import model as m

        return getattr(m, self.reads)

    def path(self, plans: Path, *names: str) -> Path:
        """The file of this kind with these names in its "*" parts: path(plans, "cip-2019-20", "3.1")."""
        given = iter(names)
        return plans.joinpath(*(p.replace("*", next(given), 1) if "*" in p else p for p in self.pattern))

    def names(self, parts: tuple[str, ...]) -> tuple[str, ...] | None:
        """The "*" parts of a path under plans/ of this kind (the .yaml taken off), or None if not one."""
        if len(parts) != len(self.pattern) or not all(fnmatch.fnmatchcase(p, q) for p, q in zip(parts, self.pattern)):
            return None
        return tuple(p.removesuffix(".yaml").removesuffix(".png") for p, q in zip(parts, self.pattern) if "*" in q)


FILE_KINDS: tuple[FileKind, ...] = (
    FileKind(
        "settings", ("site.yaml",), "Settings", "", "Site settings",
        "site title, authority, the RAG scale, grade scales, themes and source documents",
        "There is one `site.yaml`. Besides the site's title it holds the lists every other file "
        "draws on: the RAG keys that status updates use, the grade scales of inspection "
        "judgements, the themes, and the source documents every fact cites. Other files name "
        "these by their key or id.",
        "site.yaml", "site"),
    FileKind(
        "inspection", ("inspections", "*.yaml"), "Inspection", "id", "Inspections and visits",
        "one inspection or visit: dates, judgements, findings (the file name is its id and web address)",
        "One file for each inspection or visit. The file name is its id and its web address: "
        "lower-case letters, digits and hyphens, like `2019-02-focused-visit.yaml`. Plans name a "
        "finding by this id and the finding's own id: `2019-02-focused-visit/pre-proceedings`.",
        "inspections/2024-11-inspection.yaml"),
    FileKind(
        "plan", ("improvement-plans", "*", "plan.yaml"), "Plan", "id", "Improvement plans",
        "one plan: its sections and objectives, and which findings each objective answers",
        "Each plan has its own folder under `improvement-plans/`; the folder name is the plan's "
        "id and web address. The folder holds `plan.yaml` and an `actions/` folder with one file "
        "for each action.",
        "improvement-plans/wv-plan-2025/plan.yaml"),
    FileKind(
        "action", ("improvement-plans", "*", "actions", "*.yaml"), "Action", "id, number", "Actions",
        "one action each; the file name is the action number, e.g. `3.1.yaml` (action 3.1 belongs to objective 3)",
        "One file for each action, in the plan's `actions/` folder. The file name is the action "
        "number, like `3.1.yaml`: action 3.1 belongs to objective 3 of the plan. A quarterly "
        "status update is a new item at the end of `updates`.",
        "improvement-plans/wv-plan-2025/actions/1.1.yaml"),
    FileKind(
        "timeline", ("timeline", "*.yaml"), "TimelineFile", "year", "Timeline",
        "dated events of the journey",
        "One file for each year, like `2019.yaml`, holding that year's events.",
        "timeline/2025.yaml"),
    FileKind(
        "metric", ("metrics", "*.yaml"), "Metric", "id", "Metrics",
        "one measured series each (values by date)",
        "One file for each measure; the file name is its id, like `caseloads.yaml`.",
        "metrics/caseloads.yaml"),
    FileKind("asset", ("assets", "*.png"), named="name"),  # the council's logo, named by logo: in site.yaml
)
BY_NAME = {kind.name: kind for kind in FILE_KINDS}
RECORDS = tuple(kind for kind in FILE_KINDS if kind.reads)  # the kinds the model reads (and the guide shows)
# Every folder a kind of file lives in (each part a shell pattern): anything else under plans/ is reported.
FOLDERS: frozenset[tuple[str, ...]] = frozenset(k.pattern[:i] for k in FILE_KINDS for i in range(1, len(k.pattern)))
DOCUMENTATION = {"README.md", ".gitkeep"}  # read by people, not by the generator


def kind_of(parts: tuple[str, ...]) -> FileKind | None:
    """The kind of the file at this path under plans/, if it is one the generator reads."""
    return next((kind for kind in FILE_KINDS if kind.names(parts) is not None), None)
