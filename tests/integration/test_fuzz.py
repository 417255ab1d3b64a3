"""A fuzzer for the checker and the build: Hypothesis mutates the fictional plans (values, whole
documents, raw characters, file and folder names, hand-written pages, dates, Markdown) and runs
`check` and the build in process, asserting for every example:

  - no traceback, and an exit code of 0, 1 or 2;
  - no planted personal-data value in any message, page, chart, download or search index (the
    values come from tests/personal_data.txt, kept by hand, apart from the detector);
  - site/ and content/ byte-for-byte untouched whenever the exit code is not 0.

`make test` runs a derandomized profile (the same examples every run, about a minute);
`make fuzz` runs a long random one (JOURNEY_FUZZ=long). A failure prints the smallest example.
"""

from __future__ import annotations

import contextlib
import html
import io
import json
import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURE, REPO, make_project, tree_bytes
from journey import cli

PROFILE = os.environ.get("JOURNEY_FUZZ", "ci")
EXAMPLES = {"ci": {"check": 250, "build": 25}, "long": {"check": 5000, "build": 400}}[PROFILE]
AS_AT = "2024-10-01"


def _settings(kind: str):
    return settings(max_examples=EXAMPLES[kind], derandomize=PROFILE == "ci", deadline=None, database=None,
                    print_blob=True, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                            HealthCheck.filter_too_much])


def _planted() -> list[str]:
    values = []
    for line in (REPO / "tests/personal_data.txt").read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            values.append(line.split(" | ", 1)[1])
    return values


PLANTED = _planted()
YAML_FILES = sorted(p.relative_to(FIXTURE).as_posix() for p in FIXTURE.rglob("*.yaml"))
FOLDERS = ["", "inspections", "improvement-plans", "improvement-plans/wv-plan-2024",
           "improvement-plans/wv-plan-2024/actions", "timeline", "metrics", "metric", "inspections/old"]

# --------------------------------------------------------------------------- strategies

TRICKY = ["no", "yes", "on", "~", "null", "1.10", "0755", "1e308", "-0", "NaN", ".inf", "2019-02-30", "2109-03-31",
          "0000-00-00", "2019-13-01", "9999-12-31", "2019-02", "2019", "31/12/2019", "2019-12-31T10:00:00",
          "$x^{2$", r"$\frac{1}{0}$", "[[[[", "{{", "}}", "<script>alert(1)</script>", "[x](javascript:alert(1))",
          "![x](https://example.org/x.png)", "&#106;avascript:", "=HYPERLINK(\"x\")", "+1", "@SUM(A1)", "\t=1",
          "# heading", "a #b", "index", "\u202eevil", "\u200b", "\u2028", "\ue000", "\u3164", "\u0378", "x" * 400,
          "\\u0000", "%", "|", "`", "*", "_", "\\", "'", '"', ":", ": ", "- ", "&", "*alias", "&anchor", "!!python/object"]

MARKDOWN_BITS = ["**bold**", "_em_", "`code`", "[link](https://example.org)", "<https://example.org>", "\n\n- item\n",
                 "\n1. one\n", "> quote", "| a | b |\n| - | - |\n| 1 | 2 |", "\\*", "&amp;", "&#48;", "***", "    code",
                 "<b>x</b>", "[ref][r]\n\n[r]: https://example.org", "\n#"]

planted = st.sampled_from(PLANTED)
words = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=30)
with_planted = st.builds(lambda a, v, b: f"{a} {v} {b}".strip(), st.sampled_from(["", "Ring", "Child", "Contact:"]),
                         planted, st.sampled_from(["", "today.", "for the audit", "."]))
dates = st.one_of(st.from_regex(r"\A\d{1,5}(-\d{1,2}(-\d{1,2})?)?\Z"),
                  st.dates().map(lambda d: d.isoformat()), st.sampled_from(TRICKY[11:22]))
markdown = st.lists(st.one_of(st.sampled_from(MARKDOWN_BITS), words), max_size=6).map(" ".join)
scalars = st.one_of(words, st.sampled_from(TRICKY), dates, markdown, with_planted)


def _to_yaml(value, depth: int = 0) -> str:
    """Plain data as YAML text, each string double-quoted (JSON escapes are YAML escapes)."""
    pad = "  " * depth
    if isinstance(value, dict):
        if not value:
            return "{}"
        return "\n" + "\n".join(f"{pad}{json.dumps(k, ensure_ascii=False)}: {_to_yaml(v, depth + 1)}" for k, v in value.items())
    if isinstance(value, list):
        if not value:
            return "[]"
        return "\n" + "\n".join(f"{pad}- {_to_yaml(v, depth + 1).lstrip()}" for v in value)
    return json.dumps(value, ensure_ascii=False)


keys = st.one_of(st.sampled_from(["title", "text", "leads", "due", "updates", "date", "progress", "events",
                                  "values", "value", "kind", "start", "findings", "id", "source", "document"]),
                 words, planted)
documents = st.one_of(
    st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                  st.dictionaries(keys, inner, max_size=5)), max_leaves=12)
    .map(lambda v: _to_yaml(v).lstrip("\n")),
    st.text(max_size=200),  # not YAML at all, or broken YAML
    st.sampled_from(["[" * 400 + "]" * 400, "{" * 3000, "a: &a [1]\nb: *a\n", "---\na: 1\n---\nb: 2\n", "\t- x\n",
                     "\ufeffa: 1\r\n", "a: 1\na: 2\n"]),
)
names = st.one_of(
    st.text(st.characters(codec="utf-8", exclude_characters="/\x00"), min_size=1, max_size=30),
    st.sampled_from(["index", "3.1", "1.10", "a.YAML", "b.yml", ".hidden", "README.md", "x y", "07700900123",
                     "943-476-5919", "AB123456C"]),
    planted,
).map(lambda n: n.replace("/", "\u2215")).filter(lambda n: n not in (".", "..") and len(n.encode("utf-8")) < 200)
suffixes = st.sampled_from([".yaml", ".yaml", ".yml", ".YAML", "", ".txt", ".md"])

mutation = st.one_of(
    st.tuples(st.just("value"), st.sampled_from(YAML_FILES), st.integers(0, 60), scalars),
    st.tuples(st.just("document"), st.sampled_from(YAML_FILES), documents),
    st.tuples(st.just("insert"), st.sampled_from(YAML_FILES), st.integers(0, 3000), st.text(max_size=20)),
    st.tuples(st.just("file"), st.sampled_from(FOLDERS), names, suffixes, documents),
    st.tuples(st.just("rename"), st.sampled_from(YAML_FILES), names, suffixes),
    st.tuples(st.just("delete"), st.sampled_from(YAML_FILES)),
    st.tuples(st.just("page"), names, markdown),
)

# Text that reaches pages as it is typed: the likeliest way for a planted value to be published.
text_change = st.tuples(st.just("text"), st.sampled_from(YAML_FILES), st.integers(0, 60),
                        st.one_of(with_planted, markdown, words, st.sampled_from(TRICKY)))
build_mutation = st.one_of(text_change, text_change, mutation)

_KEY_VALUE = re.compile(r"^(\s*(?:- )?[A-Za-z_]+:)[ ]+\S.*$", re.M)
_TEXT_VALUE = re.compile(r"^(\s*(?:- )?(?:title|text|note|summary|description|measure|impact|label|scope):)[ ]+\S.*$",
                         re.M)


def apply(project: Path, mutations: list[tuple]) -> None:
    """Apply mutations to a project folder; ones that no longer make sense (a deleted file) are skipped."""
    plans = project / "plans"
    for m in mutations:
        kind = m[0]
        try:
            if kind in ("value", "text"):
                _, rel, n, value = m
                path = plans / rel
                text = path.read_text("utf-8")
                lines = list((_KEY_VALUE if kind == "value" else _TEXT_VALUE).finditer(text))
                if lines:
                    hit = lines[n % len(lines)]
                    text = text[:hit.start()] + f"{hit.group(1)} {json.dumps(value, ensure_ascii=False)}" + text[hit.end():]
                    path.write_text(text, "utf-8")
            elif kind == "document":
                (plans / m[1]).write_text(m[2], "utf-8", errors="surrogatepass")
            elif kind == "insert":
                path = plans / m[1]
                data = path.read_bytes()
                pos = m[2] % (len(data) + 1)
                path.write_bytes(data[:pos] + m[3].encode("utf-8", "surrogatepass") + data[pos:])
            elif kind == "file":
                _, folder, name, suffix, doc = m
                target = plans / folder / (name + suffix)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(doc.encode("utf-8", "surrogatepass"))
            elif kind == "rename":
                _, rel, name, suffix = m
                (plans / rel).rename((plans / rel).with_name(name + suffix))
            elif kind == "delete":
                (plans / m[1]).unlink()
            elif kind == "page":
                _, name, text = m
                (project / "content" / (name + ".md")).write_bytes(text.encode("utf-8", "surrogatepass"))
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError, FileExistsError, OSError):
            continue


def planted_in(mutations: list[tuple]) -> list[str]:
    blob = repr(mutations)
    text = " ".join(str(x) for m in mutations for x in m)
    return [v for v in PLANTED if v in text or repr(v)[1:-1] in blob]


def run(args: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(args)
        except SystemExit as e:  # argparse
            code = e.code
    return code, out.getvalue(), err.getvalue()


_TAG = re.compile(r"<[^>]*>")


def readable(data: bytes) -> str:
    """A built file's text as a reader (or a search) would meet it: entities decoded, tags and
    JSON escapes undone, white space collapsed."""
    text = data.decode("utf-8", errors="replace")
    if text.lstrip().startswith("{"):
        try:
            text = json.dumps(json.loads(text), ensure_ascii=False)
        except ValueError:
            pass
    return " ".join(html.unescape(_TAG.sub("", text)).split())


def assert_no_value_leaks(values: list[str], *texts: str) -> None:
    for value in values:
        flat = " ".join(value.split())
        for text in texts:
            assert value not in text and flat not in " ".join(text.split()), f"planted value {value!r} got out"


# --------------------------------------------------------------------------- properties


@pytest.fixture(scope="module")
def built_project(tmp_path_factory) -> Path:
    root = make_project(tmp_path_factory.mktemp("fuzz") / "project")
    code, out, err = run(["--root", str(root), "build", "--as-at", AS_AT])
    assert code == 0, err
    return root


@_settings("check")
@given(mutations=st.lists(mutation, min_size=1, max_size=3))
def test_check_never_crashes_nor_leaks(mutations):
    with tempfile.TemporaryDirectory() as tmp:
        project = make_project(Path(tmp) / "project")
        apply(project, mutations)
        code, out, err = run(["--root", str(project), "check"])
        assert code in (0, 1, 2), err
        assert "Traceback" not in out + err
        assert_no_value_leaks(planted_in(mutations), out, err)
        if code == 1:
            assert err.rstrip("\n").split("\n")[-1].endswith("found; nothing was built.")


def test_build_never_crashes_nor_leaks(built_project):
    """The whole build, in process, on a copy of a built project for each example."""

    outcomes: dict[int, int] = {}

    @_settings("build")
    @given(mutations=st.lists(build_mutation, min_size=1, max_size=3))
    def prop(mutations):
        with tempfile.TemporaryDirectory() as tmp:
            project = Path(tmp) / "project"
            shutil.copytree(built_project, project, symlinks=True)
            apply(project, mutations)
            site, content = tree_bytes(project / "site"), tree_bytes(project / "content")
            code, out, err = run(["--root", str(project), "build", "--as-at", AS_AT])
            outcomes[code] = outcomes.get(code, 0) + 1
            assert code in (0, 1, 2), err
            assert "Traceback" not in out + err
            values = planted_in(mutations)
            assert_no_value_leaks(values, out, err)
            if code != 0:
                assert tree_bytes(project / "site") == site, "site/ changed after a refused build"
                assert tree_bytes(project / "content") == content, "content/ changed after a refused build"
            else:
                published = [readable(data) for data in tree_bytes(project / "site").values()]
                assert_no_value_leaks(values, *published)

    prop()
    print("build outcomes by exit code:", outcomes)
    assert outcomes.get(0) and outcomes.get(1), f"the examples must include builds that pass and fail: {outcomes}"
