"""Hostile input, end to end: what `build_site.py build` does with plans (and hand-written pages)
written by a careless or malicious editor.

The fictional fixture project is built once per module (as at 2024-10-01). Every case copies that
built project to its own folder, applies one mutation (edit, add, replace or delete a file, or write
raw bytes), runs `build_site.py build --as-at 2024-10-01` in a subprocess and checks the outcome.

What the suite proves, for every REFUSED case:
  - exit code 1, nothing on stdout, no "Traceback" on stderr;
  - stderr is exactly the expected report: every problem line (file:line:column: field: message)
    and the final "N problem(s) found; nothing was built.";
  - site/ is byte-for-byte the site of the good build, and content/ is byte-for-byte the content of
    the good build (plus, for the hand-written-page cases, exactly the page the case added);
  - the build did not touch plans/ and left nothing behind in the project folder (no staging or
    old-site folder; no file created by a YAML tag such as !!python/object/apply:os.system);
  - for personal data (email, UK phone, NHS number, National Insurance number, date of birth),
    the value itself never appears on stdout or stderr.
Inputs covered: YAML syntax errors, tab indentation, duplicate keys, anchors, aliases, an alias
bomb, python tags, several documents, nesting and value-count limits, `yes`/`no`/`on` in enum
fields, impossible dates (2019-02-30, 2023-02-29), `0755`, unknown and missing keys, dangling
references, duplicate ids, deleted and stray files, empty and comment-only files, invalid UTF-8,
NUL bytes, oversized files, raw HTML and event handlers, script links in many spellings (plain,
mixed case, entity-encoded, tab, newline, autolink, reference-style), data: and vbscript: links,
outside images, line breaks, headings and invisible/bidi characters in one-line fields, personal
data, a <script> page and a broken link in hand-written content/, and five mistakes in five files.

For every ACCEPTED case: exit code 0, empty stderr, the exact "built ..." line, and the pages show
what was typed (`no` stays the word "no"; objectives 1.1 and 1.10 stay distinct; a published mailbox
appears). A BOM, CRLF line ends, or both, in every file give a site byte-identical to the plain
build (sitemaps aside) and an identical content/.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from conftest import FIXTURE, REPO, tree_bytes
from journey.inputs.load import MAX_FILE_BYTES
from journey.pages.kinds import GENERATED

AS_AT = "2024-10-01"
SITEMAPS = ("sitemap.xml", "sitemap.xml.gz")

# Files of the fixture project; paths are as the build reports them (cwd = the project).
A11 = "plans/improvement-plans/wv-plan-2024/actions/1.1.yaml"
A12 = "plans/improvement-plans/wv-plan-2024/actions/1.2.yaml"
A31 = "plans/improvement-plans/wv-plan-2024/actions/3.1.yaml"
PLAN = "plans/improvement-plans/wv-plan-2024/plan.yaml"
INSP = "plans/inspections/2022-05-inspection.yaml"
METRIC = "plans/metrics/caseloads.yaml"
SITE = "plans/site.yaml"
T2022 = "plans/timeline/2022.yaml"
T2024 = "plans/timeline/2024.yaml"

# Lines of actions/1.2.yaml (line 1 is a comment; title on 2, text on 3, leads on 4, cadence on 5).
TITLE = "title: Audit assessments every quarter"
TEXT = "text: Audit a sample of assessments each quarter and report to the board."

ONE = "1 problem found; nothing was built."
TWO = "2 problems found; nothing was built."
HIDDEN = "[personal data hidden]"
HTML = "contains HTML (something like <tag>); HTML is not allowed, write plain text"
def invisible(code: str) -> str:
    return (f"contains an invisible or direction-changing character ({code}, such as a zero-width space); "
            "retype the text without it")
KINDS = ("'full inspection', 're-inspection', 'focused visit', 'interim focused visit', 'monitoring visit', "
         "'interim assurance visit', 'peer review', 'DfE review' or 'safeguarding board review'")
ACTION_FIELDS = "title, text, leads, due, revisions, cadence, measure, impact, updates, completed, evidence, answers, themes, ref, note, uncertain"
MAILBOX_ADVICE = " If it is a published council mailbox, list it under published_mailboxes in site.yaml."


def link_refused(scheme: str) -> str:
    return (f"links must start with https:// or http://; this one starts '{scheme}'. "
            "Remove it or use a web address")


def personal(kind: str) -> str:
    return f"this looks like {kind}, which is personal data and must not be published; remove it."


# --------------------------------------------------------------------------- mutations

Mutation = Callable[[Path], None]


def edit(rel: str, old: str, new: str) -> Mutation:
    """Replace the one occurrence of old in a file."""
    def do(root: Path) -> None:
        path = root / rel
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} must occur exactly once in {rel}"
        path.write_text(text.replace(old, new), encoding="utf-8")
    return do


def write(rel: str, text: str) -> Mutation:
    """Add or replace a whole file."""
    def do(root: Path) -> None:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(text.encode("utf-8"))
    return do


def append(rel: str, text: str) -> Mutation:
    def do(root: Path) -> None:
        with open(root / rel, "a", encoding="utf-8") as f:
            f.write(text)
    return do


def link_folder(rel: str) -> Mutation:
    """Move a folder out of the project and leave a link to it in its place."""
    def do(root: Path) -> None:
        outside = root.parent / (Path(rel).name + "-outside")
        shutil.move(root / rel, outside)
        os.symlink(outside, root / rel)
    return do


def write_bytes(rel: str, data: bytes) -> Mutation:
    def do(root: Path) -> None:
        (root / rel).write_bytes(data)
    return do


def delete(rel: str) -> Mutation:
    def do(root: Path) -> None:
        (root / rel).unlink()
    return do


def every_yaml(transform: Callable[[bytes], bytes]) -> Mutation:
    def do(root: Path) -> None:
        files = sorted((root / "plans").rglob("*.yaml"))
        assert len(files) == 13
        for path in files:
            path.write_bytes(transform(path.read_bytes()))
    return do


def symlink_outside(rel: str, secret: str) -> Mutation:
    """A link in plans/ to a file outside the project (next to the project folder)."""
    def do(root: Path) -> None:
        outside = root.parent / "outside.txt"
        outside.write_text(secret + "\n", encoding="utf-8")
        os.symlink(outside, root / rel)
    return do


def copy(src: str, dst: str) -> Mutation:
    def do(root: Path) -> None:
        (root / dst).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(root / src, root / dst)
    return do


def rename(src: str, dst: str) -> Mutation:
    def do(root: Path) -> None:
        (root / dst).parent.mkdir(parents=True, exist_ok=True)
        os.rename(root / src, root / dst)
    return do


def symlink_inside(target: str, link: str) -> Mutation:
    def do(root: Path) -> None:
        os.symlink(root / target, root / link)
    return do


def fifo(rel: str) -> Mutation:
    def do(root: Path) -> None:
        os.mkfifo(root / rel)
    return do


def fixture_bytes(rel: str) -> bytes:
    return (FIXTURE / rel.removeprefix("plans/")).read_bytes()


OVERSIZED = fixture_bytes(A12) + b"# " + b"x" * MAX_FILE_BYTES + b"\n"
# "Billion laughs": a: 9 strings, b: 9 a's, ... i: 9 h's, so 9**9 (387 million) strings if expanded.
ALIAS_BOMB = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]\n" for prev, name in zip("abcdefgh", "bcdefghi"))
EVIL_PAGE = "# Evil\n\n<script>alert(1)</script>\n"
BROKEN_PAGE = "# About\n\nSee [the missing page](missing.md).\n"


# --------------------------------------------------------------------------- refused cases


class MessageProblem(AssertionError):
    """stderr is not the expected report, or leaks a value. Known-bad cases may fail only this way."""


@dataclass(frozen=True)
class Case:
    mutations: tuple[Mutation, ...]
    stderr: tuple[str, ...]
    secret: str | None = None  # a value that must never appear on stdout or stderr
    pages: tuple[tuple[str, bytes], ...] = ()  # hand-written pages the case adds to content/


def refused(case_id: str, *mutations: Mutation, stderr: list[str], secret: str | None = None,
            pages: dict[str, str] | None = None, encoding: str = "utf-8"):
    pages = {rel: text.encode(encoding) for rel, text in (pages or {}).items()}
    mutations = tuple(write_bytes(f"content/{rel}", data) for rel, data in pages.items()) + mutations
    return pytest.param(Case(mutations, tuple(stderr), secret, tuple(pages.items())), id=case_id)


REFUSED = [
    # ---- YAML itself
    refused("yaml-syntax-error-unclosed-quote",
            edit(A12, TITLE, 'title: "Audit assessments every quarter'),
            stderr=[f"{A12}:2:8: not valid YAML: the quoted value that starts here is never closed; "
                    "add the closing quote", ONE]),
    refused("yaml-syntax-error-unclosed-bracket",
            edit(A12, "leads: [Wyvern Vale Borough Council]", "leads: [Wyvern Vale Borough Council"),
            stderr=[f"{A12}:5:8: not valid YAML: expected ',' or ']', but got ':'; check the indentation and quotes "
                    "on this line and the one above", ONE]),
    refused("tab-indentation",
            edit(A11, "  - date: 2024-06-30", "\t- date: 2024-06-30"),
            stderr=[f"{A11}:9:1: tab used for indentation; indent with spaces only", ONE]),
    refused("duplicate-key",
            edit(A12, "ref: page 5", "ref: page 5\ntitle: Audit again"),
            stderr=[f"{A12}:7:1: title: duplicate key: 'title' is already set on line 2; keep one of them", ONE]),
    refused("anchor",
            edit(A12, "leads: [", "leads: &who ["),
            stderr=[f"{A12}:4:8: anchors (&name) are not allowed; write each value out in full", ONE]),
    refused("alias",
            edit(A12, "cadence: Quarterly", "cadence: *often"),
            stderr=[f"{A12}:5:10: aliases (*name) are not allowed; write the value out in full", ONE]),
    refused("alias-bomb-billion-laughs",
            write(A12, ALIAS_BOMB),
            stderr=[f"{A12}:1:4: anchors (&name) are not allowed; write each value out in full", ONE]),
    refused("python-tag-os-system",  # would create PWNED in the project folder if it ran
            edit(A12, "cadence: Quarterly", "cadence: !!python/object/apply:os.system ['touch PWNED']"),
            stderr=[f"{A12}:5:10: tags such as '!!python/object/apply:os.system' are not allowed; remove it and "
                    "write a plain value", ONE]),
    refused("two-yaml-documents",
            edit(A12, "ref: page 5", "ref: page 5\n---\ntitle: Second"),
            stderr=[f"{A12}:7:1: the file holds more than one YAML document (a second '---'); keep one", ONE]),
    refused("nested-too-deeply",
            edit(A12, "cadence: Quarterly", "cadence: " + "[" * 40 + "]" * 40),
            stderr=[f"{A12}:5:22: the file is nested too deeply or has too many values (limits: 12 levels, "
                    "20,000 values); split it up", ONE]),
    refused("too-many-values",
            edit(A12, "cadence: Quarterly", "cadence: [" + ", ".join(["x"] * 20_001) + "]"),
            stderr=[f"{A12}:5:59993: the file is nested too deeply or has too many values (limits: 12 levels, "
                    "20,000 values); split it up", ONE]),
    # ---- values stay as typed until the schema reads them
    refused("yes-in-enum-metric-better",
            edit(METRIC, "better: lower", "better: yes"),
            stderr=[f"{METRIC}:4:9: better: expected one of 'higher', 'lower' or 'neither'; got 'yes'", ONE]),
    refused("no-in-enum-metric-better",
            edit(METRIC, "better: lower", "better: no"),
            stderr=[f"{METRIC}:4:9: better: expected one of 'higher', 'lower' or 'neither'; got 'no'", ONE]),
    refused("on-in-enum-inspection-kind",
            edit(INSP, "kind: full inspection", "kind: on"),
            stderr=[f"{INSP}:3:7: kind: expected one of {KINDS}; got 'on'", ONE]),
    refused("impossible-date-2019-02-30",
            edit(A12, "cadence: Quarterly", "due: 2019-02-30"),
            stderr=[f"{A12}:5:6: due: '2019-02-30' is not a real date: February 2019 has 28 days", ONE]),
    refused("not-a-leap-year-2023-02-29",
            edit(INSP, "published: 2022-06-15", "published: 2023-02-29"),
            stderr=[f"{INSP}:7:12: published: '2023-02-29' is not a real date: February 2023 has 28 days", ONE]),
    refused("octal-looking-number-0755",
            edit(INSP, "value: 412", "value: 0755"),
            stderr=[f"{INSP}:19:12: figures[1].value: expected a number like 724 or 18.5 (no leading zeros), "
                    "got '0755'", ONE]),
    # ---- schema and cross-file rules
    refused("unknown-key",
            edit(A12, "ref: page 5", "ref: page 5\nowner: Jo Bloggs"),
            stderr=[f"{A12}:7:1: owner: unknown field 'owner'; allowed here: {ACTION_FIELDS}", ONE]),
    refused("missing-required-key",
            edit(A12, "leads: [Wyvern Vale Borough Council]\n", ""),
            stderr=[f"{A12}:2:1: leads: required field missing; add 'leads:' with a value", ONE]),
    refused("dangling-objective-answers-finding",
            edit(PLAN, "afi-turnover]", "afi-tunrover]"),
            stderr=[f"{PLAN}:22:19: sections[2].objectives[1].answers[1]: answers '2022-05-inspection/afi-tunrover', "
                    "but that inspection has no finding with that id; check it against the finding ids in "
                    "plans/inspections/", ONE]),
    refused("dangling-timeline-related-action",
            edit(T2024, '"action:wv-plan-2024/1.1"', '"action:wv-plan-2024/9.9"'),
            stderr=[f"{T2024}:6:36: events[1].related[2]: links to action 'wv-plan-2024/9.9', which does not exist; "
                    "check the spelling", ONE]),
    refused("duplicate-finding-id",
            edit(INSP, "  - id: strength-leaders", "  - id: afi-turnover"),
            stderr=[f"{INSP}:31:9: findings[3].id: duplicate finding id 'afi-turnover' (first used on line 27); "
                    "each must be unique", ONE]),
    refused("duplicate-theme-id-in-site-yaml",
            edit(SITE, "sources:\n", "  - id: assessment\n    title: Assessment again\nsources:\n"),
            stderr=[f"{SITE}:32:9: themes[3].id: duplicate theme id 'assessment' (first used on line 27); "
                    "each must be unique", ONE]),
    # ---- files: deleted, stray, empty, bytes
    refused("site-yaml-deleted",
            delete(SITE),
            stderr=[f"{SITE}: missing: this folder needs site.yaml", ONE]),
    refused("plan-yaml-deleted",
            delete(PLAN),
            stderr=[f"{PLAN}: missing: this folder needs plan.yaml", ONE]),
    refused("stray-yml-file",
            write("plans/inspections/notes.yml", "title: notes\n"),
            stderr=["plans/inspections/notes.yml: the generator reads only files ending in '.yaml' (lower case), so "
                    "this file would be ignored; rename it to notes.yaml", ONE]),
    refused("empty-file",
            write(A12, ""),
            stderr=[f"{A12}:1:1: the file is empty; add its fields or delete the file", ONE]),
    refused("only-comments",
            write(A12, "# title: Audit assessments every quarter\n# leads: [nobody]\n"),
            stderr=[f"{A12}:1:1: the file is empty; add its fields or delete the file", ONE]),
    refused("invalid-utf8",
            write_bytes(A12, fixture_bytes(A12).replace(b"every quarter", b"every quart\xe9r")),
            stderr=[f"{A12}:2:37: the file is not valid UTF-8 text; save it as UTF-8", ONE]),
    refused("invalid-utf8-after-multibyte-character",
            write_bytes(PLAN, fixture_bytes(PLAN).replace("period: 2024–25".encode(),
                                                          "period: 2024–25 ".encode() + b"\xff")),
            stderr=[f"{PLAN}:3:17: the file is not valid UTF-8 text; save it as UTF-8", ONE]),
    refused("nul-byte",
            write_bytes(A12, fixture_bytes(A12).replace(b"every quarter", b"every\x00quarter")),
            stderr=[f"{A12}:2:31: the file holds a control character that is not allowed; delete it", ONE]),
    refused("oversized-file",
            write_bytes(A12, OVERSIZED),
            stderr=[f"{A12}:1:1: the file is {len(OVERSIZED):,} bytes, over the limit of {MAX_FILE_BYTES:,}; "
                    "split it into smaller files", ONE]),
    refused("symlink-to-file-outside-project",
            symlink_outside("plans/inspections/2023-01-visit.yaml", "THE-OUTSIDE-SECRET"),
            stderr=["plans/inspections/2023-01-visit.yaml: is a link to a file outside plans/; copy the file in "
                    "instead", ONE],
            secret="THE-OUTSIDE-SECRET"),
    # ---- raw HTML and script addresses
    refused("script-in-text-field",
            edit(A12, TEXT, "text: <script>alert(1)</script>"),
            stderr=[f"{A12}:3:7: text: {HTML}", ONE]),
    refused("script-in-one-line-field",
            edit(A12, TITLE, "title: Audit <script>alert(1)</script>"),
            stderr=[f"{A12}:2:8: title: {HTML}", ONE]),
    refused("event-handler-in-markdown",
            edit(A12, TEXT, "text: Audit <img src=x onerror=alert(1)>"),
            stderr=[f"{A12}:3:7: text: {HTML}", ONE]),
    refused("javascript-link-plain",
            edit(A12, TEXT, 'text: "[board](javascript:alert(1))"'),
            stderr=[f"{A12}:3:7: text: {link_refused('javascript')}", ONE]),
    refused("javascript-link-mixed-case",
            edit(A12, TEXT, 'text: "[board](JaVaScRiPt:alert(1))"'),
            stderr=[f"{A12}:3:7: text: {link_refused('JaVaScRiPt')}", ONE]),
    refused("javascript-link-entity-encoded",
            edit(A12, TEXT, 'text: "[board](&#106;avascript:alert(1))"'),
            stderr=[f"{A12}:3:7: text: {link_refused('javascript')}", ONE]),
    refused("javascript-link-with-tab",
            edit(A12, TEXT, 'text: "[board](java\\tscript:alert(1))"'),
            stderr=[f"{A12}:3:7: text: contains a control character (U+0009); delete it", ONE]),
    refused("javascript-link-with-entity-tab",
            edit(A12, TEXT, 'text: "[board](java&#x09;script:alert(1))"'),
            stderr=[f"{A12}:3:7: text: {link_refused('java%09script')}", ONE]),
    refused("javascript-link-with-entity-newline",
            edit(A12, TEXT, 'text: "[board](java&#10;script:alert(1))"'),
            stderr=[f"{A12}:3:7: text: {link_refused('java%0Ascript')}", ONE]),
    refused("javascript-autolink",
            edit(A12, TEXT, 'text: "See <javascript:alert(1)>"'),
            stderr=[f"{A12}:3:7: text: {link_refused('javascript')}", ONE]),
    refused("javascript-reference-link",
            edit(A12, TEXT, 'text: "See [board][b]\\n\\n[b]: javascript:alert(1)"'),
            stderr=[f"{A12}:3:7: text: {link_refused('javascript')}", ONE]),
    refused("data-link",
            edit(A12, TEXT, 'text: "[board](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"'),
            stderr=[f"{A12}:3:7: text: {link_refused('data')}", ONE]),
    refused("vbscript-link",
            edit(A12, TEXT, 'text: "[board](vbscript:msgbox(1))"'),
            stderr=[f"{A12}:3:7: text: {link_refused('vbscript')}", ONE]),
    refused("outside-image",
            edit(A12, TEXT, 'text: "![x](https://example.org/x.png)"'),
            stderr=[f"{A12}:3:7: text: images are not allowed (the site loads nothing from other hosts); "
                    "remove the ![...](...) image", ONE]),
    # ---- one-line fields
    refused("newline-in-one-line-field",
            edit(A12, TITLE, 'title: "Audit\\nevery quarter"'),
            stderr=[f"{A12}:2:8: title: must be a single line; remove the line break (use a short sentence)", ONE]),
    refused("block-scalar-in-one-line-field",
            edit(A12, TITLE, "title: |\n  Audit\n  every quarter"),
            stderr=[f"{A12}:2:8: title: must be a single line; remove the line break (use a short sentence)", ONE]),
    refused("heading-in-one-line-field",
            edit(A12, TITLE, 'title: "# Title"'),
            stderr=[f"{A12}:2:8: title: must not start with '#' (it would become a heading); remove it", ONE]),
    refused("unquoted-heading-in-one-line-field",
            edit(A12, TITLE, "title: # Title"),
            stderr=[f"{A12}:2:8: title: is empty because YAML reads ' #' as the start of a comment; put the text "
                    "in quotes", ONE]),
    refused("bidi-override-u202e",
            edit(A12, TITLE, "title: Audit \u202eretrauq yreve"),
            stderr=[f"{A12}:2:8: title: {invisible('U+202E')}", ONE]),
    refused("zero-width-space-u200b",
            edit(A12, TITLE, "title: Audit\u200b assessments every quarter"),
            stderr=[f"{A12}:2:8: title: {invisible('U+200B')}", ONE]),
    refused("escape-control-character",
            edit(A12, TITLE, 'title: "Audit \\e[31m red"'),
            stderr=[f"{A12}:2:8: title: contains a control character (U+001B); delete it", ONE]),
    refused("one-line-field-too-long",
            edit(A12, TITLE, "title: " + "a" * 301),
            stderr=[f"{A12}:2:8: title: is 301 characters long; keep it to 300 or fewer", ONE]),
    # ---- personal data: refused, and the value is never printed
    refused("email-address",
            edit(A12, TEXT, "text: Ask jo.bloggs@example.com for the audit."),
            stderr=[f"{A12}:3:7: text: {personal('an email address')}{MAILBOX_ADVICE}", ONE],
            secret="jo.bloggs@example.com"),
    refused("email-address-in-one-line-field",
            edit(A12, TITLE, "title: Audit with jo.bloggs@example.com"),
            stderr=[f"{A12}:2:8: title: {personal('an email address')}{MAILBOX_ADVICE}", ONE],
            secret="jo.bloggs@example.com"),
    refused("uk-phone-number",
            edit(A12, TEXT, "text: Ring 07700 900123 for the audit."),
            stderr=[f"{A12}:3:7: text: {personal('a UK phone number')}", ONE],
            secret="07700 900123"),
    refused("nhs-number",
            edit(A12, TEXT, "text: Child 943 476 5919 was audited."),
            stderr=[f"{A12}:3:7: text: {personal('an NHS number')}", ONE],
            secret="943 476 5919"),
    refused("national-insurance-number",
            edit(A12, TEXT, "text: Carer AB123456C was audited."),
            stderr=[f"{A12}:3:7: text: {personal('a National Insurance number')}", ONE],
            secret="AB123456C"),
    refused("date-of-birth",
            edit(A12, TEXT, "text: The child, born on 3 May 2012, was audited."),
            stderr=[f"{A12}:3:7: text: {personal('a date of birth')}", ONE],
            secret="3 May 2012"),
    refused("nhs-number-in-date-field",
            edit(A12, "cadence: Quarterly", "due: 943 476 5919"),
            stderr=[f"{A12}:5:6: due: expected a date like 2019-12-31, got '{HIDDEN}'",
                    f"{A12}:5:6: due: {personal('an NHS number')}", TWO],
            secret="943 476 5919"),
    refused("email-in-enum-field",
            edit(METRIC, "better: lower", "better: jo.bloggs@example.com"),
            stderr=[f"{METRIC}:4:9: better: expected one of 'higher', 'lower' or 'neither'; got '{HIDDEN}'",
                    f"{METRIC}:4:9: better: {personal('an email address')}{MAILBOX_ADVICE}", TWO],
            secret="jo.bloggs@example.com"),
    refused("phone-number-in-number-field",
            edit(METRIC, "value: 24", "value: 07700 900123"),
            stderr=[f"{METRIC}:7:12: values[1].value: expected a number like 724 or 18.5, got '{HIDDEN}'",
                    f"{METRIC}:7:12: values[1].value: {personal('a UK phone number')}", TWO],
            secret="07700 900123"),
    refused("email-in-theme-reference",
            edit(A31, "themes: [workforce]", "themes: [jo.bloggs@example.com]"),
            stderr=[f"{A31}:11:10: themes[1]: expected an id of lower-case letters, digits and single hyphens, like "
                    f"'pre-proceedings', got '{HIDDEN}'",
                    f"{A31}:11:10: themes[1]: no theme '{HIDDEN}' in site.yaml; use one of 'assessment', 'workforce' or "
                    "add it under themes",
                    f"{A31}:11:10: themes[1]: {personal('an email address')}{MAILBOX_ADVICE}",
                    "3 problems found; nothing was built."],
            secret="jo.bloggs@example.com"),
    refused("email-as-field-name",
            edit(A12, "ref: page 5", "ref: page 5\njo.bloggs@example.com: x"),
            stderr=[f"{A12}:7:1: this field name looks like an email address, which is personal data and must "
                    "not be published; remove it.",
                    f"{A12}:7:1: {HIDDEN}: unknown field '{HIDDEN}'; allowed here: {ACTION_FIELDS}", TWO],
            secret="jo.bloggs@example.com"),
    # ---- issue 9: limits, odd dates, silent loss, more personal data, characters by category
    refused("800-bytes-of-nested-brackets",  # was a RecursionError in check, build and serve
            write(A12, "title: " + "[" * 400 + "]" * 400 + "\n"),
            stderr=[f"{A12}:1:20: the file is nested too deeply or has too many values (limits: 12 levels, "
                    "20,000 values); split it up", ONE]),
    refused("year-typo-2109",
            edit(A12, "cadence: Quarterly", "due: 2109-03-31"),
            stderr=[f"{A12}:5:6: due: '2109-03-31' is outside the years 1900 to 2100; check the year (the range is "
                    "set by years: in site.yaml)", ONE]),
    refused("year-zero",
            edit(A12, "cadence: Quarterly", "due: 0000-01-01"),
            stderr=[f"{A12}:5:6: due: '0000-01-01' is outside the years 1900 to 2100; check the year (the range is "
                    "set by years: in site.yaml)", ONE]),
    refused("date-typed-with-slashes",
            edit(A12, "cadence: Quarterly", "due: 31/03/2025"),
            stderr=[f"{A12}:5:6: due: expected a date like 2019-12-31, got '31/03/2025'", ONE]),
    refused("date-with-a-time",
            edit(A12, "cadence: Quarterly", "due: 2025-03-31T10:00"),
            stderr=[f"{A12}:5:6: due: expected a date like 2019-12-31, got '2025-03-31T10:00'", ONE]),
    refused("event-year-typed-with-letter-o",
            edit(T2024, "date: 2024-04-01", "date: 2O24-04-01"),
            stderr=[f"{T2024}:3:11: events[1].date: expected a date like 2019-02-26, or 2019-02 when only the month "
                    "is known, got '2O24-04-01'", ONE]),
    refused("number-with-too-many-digits",
            edit(METRIC, "value: 24", "value: 100000000000000000000"),
            stderr=[f"{METRIC}:7:12: values[1].value: has more than 15 digits; check the number", ONE]),
    refused("years-window-narrowed-in-site-yaml",
            edit(SITE, "sources:\n", "years: {first: 2023, last: 2030}\nsources:\n"),
            stderr=[f"{INSP}:5:8: start: '2022-05-09' is outside the years 2023 to 2030; check the year (the range is "
                    "set by years: in site.yaml)",
                    f"{INSP}:6:6: end: '2022-05-20' is outside the years 2023 to 2030; check the year (the range is "
                    "set by years: in site.yaml)",
                    f"{INSP}:7:12: published: '2022-06-15' is outside the years 2023 to 2030; check the year (the range "
                    "is set by years: in site.yaml)",
                    f"{METRIC}:6:11: values[1].date: '2022-03' is outside the years 2023 to 2030; check the year (the "
                    "range is set by years: in site.yaml)",
                    "plans/metrics/children-in-care.yaml:7:11: values[1].date: '2022' is outside the years 2023 to "
                    "2030; check the year (the range is set by years: in site.yaml)",
                    f"{SITE}:37:11: sources[1].date: '2022-06-15' is outside the years 2023 to 2030; check the year (the "
                    "range is set by years: in site.yaml)",
                    f"{T2022}:3:11: events[1].date: '2022-05' is outside the years 2023 to 2030; check the year (the range "
                    "is set by years: in site.yaml)",
                    f"{T2022}:8:11: events[2].date: '2022-09-01' is outside the years 2023 to 2030; check the year (the "
                    "range is set by years: in site.yaml)",
                    "8 problems found; nothing was built."]),
    refused("extension-in-capitals",
            copy(A12, "plans/improvement-plans/wv-plan-2024/actions/2.2.YAML"),
            stderr=["plans/improvement-plans/wv-plan-2024/actions/2.2.YAML: the generator reads only files ending in "
                    "'.yaml' (lower case), so this file would be ignored; rename it to 2.2.yaml", ONE]),
    refused("folder-name-misspelt",
            write("plans/inspection/2023-01-visit.yaml", "title: A visit\n"),
            stderr=["plans/inspection: this folder is not one the generator reads, so everything in it would be "
                    "ignored; did you mean 'inspections'? move its files (plans/README.md shows where each kind of "
                    "file goes)", ONE]),
    refused("action-outside-actions-folder",
            copy(A12, "plans/improvement-plans/wv-plan-2024/2.2.yaml"),
            stderr=["plans/improvement-plans/wv-plan-2024/2.2.yaml: this file is not in a place the generator reads, "
                    "so it would be ignored; move or rename it (plans/README.md shows where each kind of file goes)",
                    ONE]),
    refused("id-index-collides-with-generated-page",
            copy("plans/inspections/2024-02-focused-visit.yaml", "plans/inspections/index.yaml"),
            stderr=["plans/inspections/index.yaml: the file name 'index' is kept for a page the generator makes itself "
                    "(the list of every inspection); choose another name", ONE]),
    refused("symlinked-folder",
            symlink_inside("plans/timeline", "plans/improvement-plans/more"),
            stderr=["plans/improvement-plans/more: is a link to another folder in plans/; keep one copy", ONE]),
    refused("named-pipe-would-hang-the-reader",
            fifo("plans/metrics/pipe.yaml"),
            stderr=["plans/metrics/pipe.yaml: is not an ordinary file or folder (a pipe, socket or device); remove it",
                    ONE]),
    refused("phone-number-as-plan-folder-with-misspelt-key",  # the problem used to be dropped, and exit 0
            rename("plans/improvement-plans/wv-plan-2024", "plans/improvement-plans/07700-900123"),
            edit("plans/improvement-plans/07700-900123/plan.yaml", "period: 2024–25", "perod: 2024–25"),
            stderr=[f"plans/improvement-plans/{HIDDEN}: this name looks like a UK phone number, which is personal "
                    "data and must not be published; rename it.",
                    f"plans/improvement-plans/{HIDDEN}/plan.yaml:3:1: perod: unknown field 'perod'; did you mean "
                    "'period'? allowed here: title, period, published, start, end, actions, answers, progress, "
                    "record_ends, summary, rag_note, board_dates, sections, note, uncertain, alternative, source, later",
                    f"{T2024}:6:15: events[1].related[1]: links to plan 'wv-plan-2024', which does not exist; check "
                    "the spelling",
                    f"{T2024}:6:36: events[1].related[2]: links to action 'wv-plan-2024/1.1', which does not exist; "
                    "check the spelling",
                    "4 problems found; nothing was built."],
            secret="07700-900123"),
    refused("nhs-number-as-file-name",
            copy("plans/metrics/caseloads.yaml", "plans/metrics/943-476-5919.yaml"),
            stderr=[f"plans/metrics/{HIDDEN}.yaml: this name looks like an NHS number, which is personal data and must "
                    "not be published; rename it.", ONE],
            secret="943-476-5919"),
    refused("phone-number-at-end-of-sentence",
            edit(A12, TEXT, "text: For the audit ring 07700 900123."),
            stderr=[f"{A12}:3:7: text: {personal('a UK phone number')}", ONE], secret="07700 900123"),
    refused("phone-number-with-dots",
            edit(A12, TEXT, "text: Ring 07700.900.123 for the audit."),
            stderr=[f"{A12}:3:7: text: {personal('a UK phone number')}", ONE], secret="07700.900.123"),
    refused("phone-number-in-full-width-digits",
            edit(A12, TEXT, "text: Ring ０７７００ ９００１２３ for the audit."),
            stderr=[f"{A12}:3:7: text: {personal('a UK phone number')}", ONE], secret="０７７００ ９００１２３"),
    refused("phone-number-split-by-markdown",
            edit(A12, TEXT, "text: Ring 077**00** 900123 for the audit."),
            stderr=[f"{A12}:3:7: text: {personal('a UK phone number')}", ONE]),
    refused("email-written-with-at-in-brackets",
            edit(A12, TEXT, "text: Ask jo.bloggs [at] example.com for the audit."),
            stderr=[f"{A12}:3:7: text: {personal('an email address')}{MAILBOX_ADVICE}", ONE],
            secret="jo.bloggs [at] example.com"),
    refused("email-with-cyrillic-o",
            edit(A12, TEXT, "text: Ask jо.blоggs@example.com for the audit."),
            stderr=[f"{A12}:3:7: text: {personal('an email address')}{MAILBOX_ADVICE}", ONE],
            secret="jо.blоggs@example.com"),
    refused("ni-number-spaced-lower-case",
            edit(A12, TEXT, "text: Carer ab 12 34 56 c was audited."),
            stderr=[f"{A12}:3:7: text: {personal('a National Insurance number')}", ONE], secret="ab 12 34 56 c"),
    refused("date-of-birth-with-slashes",
            edit(A12, TEXT, 'text: "Child audited (DOB: 03/05/2012)."'),
            stderr=[f"{A12}:3:7: text: {personal('a date of birth')}", ONE], secret="03/05/2012"),
    refused("private-use-character",
            edit(A12, TITLE, "title: Audit \ue000 assessments"),
            stderr=[f"{A12}:2:8: title: contains a private-use character (U+E000), which readers' devices show "
                    "differently or not at all; delete it", ONE]),
    refused("unassigned-character",
            edit(A12, TITLE, "title: Audit \u0378 assessments"),
            stderr=[f"{A12}:2:8: title: contains a character (U+0378) that Unicode does not define; delete it", ONE]),
    refused("line-separator-character",
            edit(A12, TITLE, 'title: "Audit\\u2028assessments"'),
            stderr=[f"{A12}:2:8: title: contains a line separator character (U+2028); use an ordinary line break, or "
                    "none in a one-line field", ONE]),
    refused("hangul-filler-looks-like-a-space",
            edit(A12, TITLE, "title: Audit\u3164assessments"),
            stderr=[f"{A12}:2:8: title: contains a blank filler character (U+3164) that looks like a space; use a "
                    "plain space", ONE]),
    refused("soft-hyphen-format-character",
            edit(A12, TITLE, "title: Audit as\u00adsessments"),
            stderr=[f"{A12}:2:8: title: {invisible('U+00AD')}", ONE]),
    refused("hand-written-page-with-phone-number",
            pages={"about.md": "# About\n\nQuestions? Ring 07700 900123.\n"},
            stderr=[f"content/about.md:3:17: {personal('a UK phone number')}", ONE], secret="07700 900123"),
    refused("hand-written-page-named-with-email",
            pages={"jo.bloggs@example.com.md": "# Notes\n"},
            stderr=[f"content/{HIDDEN}: this name looks like an email address, which is personal data and must "
                    "not be published; rename it.", ONE], secret="jo.bloggs@example.com"),
    # ---- an independent probe's finds (each was exit 0 or a traceback, or deleted files)
    refused("name-with-a-space-would-replace-the-real-action",
            copy(A12, "plans/improvement-plans/wv-plan-2024/actions/1.1 .yaml"),
            stderr=["plans/improvement-plans/wv-plan-2024/actions/1.1 .yaml: the file name has a space or line break "
                    "in it; rename it without (the name becomes the page address)", ONE]),
    refused("theme-id-index-collides-with-the-themes-page",
            edit(SITE, "  - id: workforce\n", "  - id: index\n    title: Indexing\n  - id: workforce\n"),
            stderr=[f"{SITE}:29:9: themes[2].id: the theme id 'index' is kept for the page listing every theme; "
                    "choose another id", ONE]),
    refused("inspection-ends-before-it-starts",
            edit(INSP, "end: 2022-05-20", "end: 2021-05-20"),
            stderr=[f"{INSP}:6:6: end: end (2021-05-20) is before start (2022-05-09); check both dates", ONE]),
    refused("event-about-a-birth-dated-to-the-day",
            edit(T2022, "title: New principal social worker starts", "title: Baby J born"),
            stderr=[f"{T2022}:9:12: events[2].title: this record is about a birth and dated to the day, which makes "
                    "the date a date of birth (personal data); give the month only, or remove it.", ONE]),
    refused("phone-number-with-a-letter-stuck-to-it",
            edit(A12, TEXT, "text: Ring Tel07700900123 for the audit."),
            stderr=[f"{A12}:3:7: text: {personal('a UK phone number')}", ONE], secret="07700900123"),
    refused("date-of-birth-split-by-markdown",
            edit(A12, TEXT, "text: The child was bo**rn** 12/03/2010."),
            stderr=[f"{A12}:3:7: text: {personal('a date of birth')}", ONE]),
    refused("hand-written-page-with-a-handler-after-a-slash",
            pages={"hand.md": "# Hand\n\n<p/onmouseover=alert(1)>x</p>\n"},
            stderr=["content/hand.md: an event-handler attribute (on...=) in the page (built as hand/index.html); "
                    "remove it", ONE]),
    refused("hand-written-page-loading-from-another-host",
            pages={"hand.md": "# Hand\n\n<img src=\"https://evil.example/t.png\" alt=\"\">\n"},
            stderr=["content/hand.md: something loaded from another host (built as hand/index.html); the site loads "
                    "nothing from other hosts, so remove it or keep a copy in content/", ONE]),
    refused("hand-written-html-file",
            pages={"evil.html": "<script>alert(document.domain)</script>"},
            stderr=["content/evil.html: hand-written files in content/ must be Markdown pages (.md), stylesheets, "
                    "scripts, images or text; a '.html' file cannot be checked for personal data or active content, "
                    "so remove it", ONE]),
    refused("hand-written-contact-card",
            pages={"contact.vcf": "BEGIN:VCARD\nEND:VCARD\n"},
            stderr=["content/contact.vcf: hand-written files in content/ must be Markdown pages (.md), stylesheets, "
                    "scripts, images or text; a '.vcf' file cannot be checked for personal data or active content, "
                    "so remove it", ONE]),
    refused("a-file-put-in-a-generated-folder-would-be-deleted",
            pages={"inspections/extra.md": "# Extra\n"},
            stderr=["content/inspections/extra.md: is in content/inspections, which the generator writes, so the next "
                    "build would delete it; move it elsewhere in content/", ONE]),
    # ---- hand-written pages in content/: refused by the engine or the post-build scan
    refused("hand-written-page-with-script",
            pages={"evil.md": EVIL_PAGE},
            stderr=["content/evil.md: a <script> element in the page content (built as evil/index.html); "
                    "hand-written pages must not hold scripts, remove it", ONE]),
    refused("hand-written-page-with-broken-link",
            pages={"about.md": BROKEN_PAGE},
            stderr=["content/about.md:3:24: links to 'missing.md', which is not a page in content/; fix or remove "
                    "the link", ONE]),
    refused("hand-written-page-linking-to-a-heading-that-is-not-there",  # was built without a word
            pages={"about.md": "# About\n\nThe [plan's actions](plans/wv-plan-2024/index.md#no-such-part) and "
                               "[the plan](plans/wv-plan-2024/index.md).\n"},
            stderr=["content/about.md:3:22: links to 'plans/wv-plan-2024/index.md#no-such-part', but "
                    "plans/wv-plan-2024/index.md has no heading or anchor 'no-such-part'; fix the link (a page's "
                    "headings are its anchors)", ONE]),
    refused("hand-written-page-naming-a-template",  # was told twice, against mkdocs.yml; redirect.html ran a script
            pages={"about.md": "---\ntitle: About\ntemplate: redirect.html\nlocation: '\"]);alert(1);//'\n---\n"
                               "# About\n"},
            stderr=["content/about.md:3:1: template: a hand-written page uses the site's own page template; remove "
                    "this line",
                    "content/about.md:4:1: location: is not a setting a hand-written page can have; remove it "
                    "(allowed: title, description, hide, search)", "2 problems found; nothing was built."]),
    refused("hand-written-page-title-closing-the-head-title",  # published a live script in the page's head
            pages={"about.md": "---\ntitle: \"</title><script>alert(2)</script>\"\n---\n# About\n"},
            stderr=["content/about.md:2:1: title: must be plain text: '</' would be read as markup in the page's "
                    "head; leave it out", ONE]),
    refused("hand-written-page-description-leaving-its-attribute",
            pages={"about.md": "---\ndescription: '\"><script>alert(1)</script>'\n---\n# About\n"},
            stderr=["content/about.md:2:1: description: must be plain text: '\"' would be read as markup in the page's "
                    "head; leave it out", ONE]),
    refused("hand-written-page-heading-with-escaped-markup",  # the theme decodes it into the head's title
            pages={"about.md": "# A &lt;/title&gt;&lt;script&gt;alert(4)&lt;/script&gt;\n\nText.\n"},
            stderr=["content/about.md: its title (from its title: setting, else its first # heading, else its file's "
                    "name) would become markup in the page's head ('</' in 'A &lt;/title&gt;&lt;script&gt;alert(4)"
                    "&lt;/script&gt;'); write it in plain words", ONE]),
    # ---- a second probe: titles the engine finds elsewhere, and markup a browser reads otherwise than the scan
    refused("hand-written-heading-without-a-space",  # '#Title' is a heading to the engine
            pages={"about.md": "#&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;\n"},
            stderr=["content/about.md: its title (from its title: setting, else its first # heading, else its file's "
                    "name) would become markup in the page's head ('</' in '&lt;/title&gt;&lt;script&gt;alert(1)&lt;/"
                    "script&gt;'); write it in plain words", ONE]),
    refused("hand-written-setext-heading-that-looks-like-a-fence",  # fenced code is not on: a heading
            pages={"about.md": "```&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;\n===\n"},
            stderr=["content/about.md: its title (from its title: setting, else its first # heading, else its file's "
                    "name) would become markup in the page's head ('</' in '```&lt;/title&gt;&lt;script&gt;alert(1)"
                    "&lt;/script&gt;'); write it in plain words", ONE]),
    refused("hand-written-page-named-as-markup",  # the title comes from the file's name
            pages={"&lt;b&gt;x.md": "Plain text only.\n"},
            stderr=["content/&lt;b&gt;x.md: its title (from its title: setting, else its first # heading, else its "
                    "file's name) would become markup in the page's head ('<b' in '&lt;b&gt;x'); write it in plain "
                    "words", ONE]),
    refused("hand-written-settings-continued-on-indented-lines",  # the engine joins them to the setting
            pages={"about.md": "Title: About us\n    </title><script>alert(1)</script>\n\n# About us\n"},
            stderr=["content/about.md:1:1: title: must be plain text: '</' would be read as markup in the page's "
                    "head; leave it out", ONE]),
    refused("hand-written-page-closing-the-content-early",
            pages={"about.md": "# About\n\n</article><script>alert(1)</script>\n"},
            stderr=["content/about.md: a <script> element in the page content (built as about/index.html); "
                    "hand-written pages must not hold scripts, remove it", ONE]),
    refused("hand-written-style-inside-svg",  # markup to a browser, text to the parser
            pages={"about.md": "# About\n\n<div><svg><style><img src=x onerror=alert(1)></style></svg></div>\n"},
            stderr=["content/about.md: a <style> element in the page content (built as about/index.html); "
                    "hand-written pages must not hold <style> elements, remove it", ONE]),
    refused("hand-written-abruptly-closed-comment",
            pages={"about.md": "# About\n\n<!--><img src=x onerror=alert(1)>-->\n"},
            stderr=["content/about.md: a comment opened as <!--> or <!---> in the page content (built as "
                    "about/index.html), which a browser reads differently from the checks; remove it", ONE]),
    refused("hand-written-cdata-section",
            pages={"about.md": "# About\n\n<![CDATA[ ><img src=x onerror=alert(1)> ]]>\n"},
            stderr=["content/about.md: a <![CDATA[ section in the page content (built as about/index.html), which "
                    "a browser reads differently from the checks; remove it", ONE]),
    refused("hand-written-svg-animation-setting-a-link",
            pages={"about.md": "# About\n\n<svg><a><animate attributeName=\"href\" values=\"javascript:alert(1)\"/>"
                               "<text>x</text></a></svg>\n"},
            stderr=["content/about.md: a script address in a link (built as about/index.html); remove it", ONE]),
    refused("hand-written-search-boost-not-a-number",  # NaN in the search index broke search on every page
            pages={"about.md": "---\nsearch:\n  boost: .nan\n---\n# About\n"},
            stderr=["content/about.md:2:1: search: must be `exclude: true` (leave the page out of search) or "
                    "`boost: <a number>`", ONE]),
    refused("hand-written-nul-inside-a-tag",  # a third probe: the scan's parser ended the tag's name at the NUL
            pages={"about.md": "# Hours\n\nOpen <b\x00 tabindex=0 autofocus onfocus=alert(1)>weekdays</b>.\n"},
            stderr=["content/about.md:3:8: contains a control character (U+0000), which no page needs; delete it",
                    ONE]),
    refused("hand-written-markup-no-parser-can-read",  # was told against mkdocs.yml, in the parser's words
            pages={"about.md": "# About\n\n<div><![ x></div>\n"},
            stderr=["content/about.md:3:6: markup the site engine cannot read ('<![ x'); remove it, or write it "
                    "inside `backticks` to show it as text", ONE]),
    refused("hand-written-page-with-settings-that-are-not-yaml",  # was published as a line of text
            pages={"about.md": "---\ntitle: a: b\n---\n# About\n"},
            stderr=["content/about.md:2:9: the page settings between the --- lines cannot be read (mapping values "
                    "are not allowed in this context); check this line and the one above. The engine would show them "
                    "as text. Write them as `key: value` lines", ONE]),
    refused("hand-written-page-starting-with-a-key-and-value-line",  # the engine hid the line as a setting
            pages={"about.md": "Note: this page is a draft\n\n# About\n"},
            stderr=["content/about.md:1:1: note: the page's first lines ('note: ...') are read by the site engine as "
                    "page settings, not shown as text; start the page with its # heading", ONE]),
    refused("hand-written-page-with-a-missing-picture",  # was "not a page"
            pages={"about.md": "# About\n\n![The service's logo](img/missing.png)\n"},
            stderr=["content/about.md:3:23: links to 'img/missing.png', which is not a file in content/; fix or remove "
                    "the link", ONE]),
    refused("mkdocs-yml-not-yaml",  # was five lines of the YAML reader's, with the folder's full path
            append("mkdocs.yml", "theme: [oops\n"),
            stderr=["mkdocs.yml:53:1: cannot be read as YAML (expected ',' or ']', but got '<stream end>'); check this "
                    "line and the one above", ONE]),
    refused("theme-template-that-cannot-be-read",  # was told against mkdocs.yml, with no line
            append("theme_overrides/main.html", "{% if %}\n"),
            stderr=["theme_overrides/main.html:7:1: this theme template cannot be read (Expected an expression, got "
                    "'end of statement block'); fix it, or undo the last change to it", ONE]),
    refused("theme-template-calling-an-undefined-macro",  # was told against mkdocs.yml, with no file or line
            edit("theme_overrides/main.html", "  {{ super() }}\n", "  {{ super() }}\n  {{ nosuchmacro(1) }}\n"),
            stderr=["theme_overrides/main.html:5:1: this theme template failed as the pages were made (UndefinedError: "
                    "'nosuchmacro' is undefined); fix it, or undo the last change to it", ONE]),
    refused("theme-template-including-a-missing-template",  # was the engine's search paths, in full
            edit("theme_overrides/main.html", "  {{ super() }}\n",
                 "  {{ super() }}\n  {% include \"partials/nothere.html\" %}\n"),
            stderr=["theme_overrides/main.html:5:1: this theme template failed as the pages were made (no template "
                    "'partials/nothere.html'); fix it, or undo the last change to it", ONE]),
    refused("theme-folder-that-is-a-link",  # the engine followed it; no fingerprint or preview watched behind it
            link_folder("theme_overrides/partials"),
            stderr=["theme_overrides/partials: is a link; put the files themselves in theme_overrides/ (a build "
                    "follows no links)", ONE]),
    refused("mkdocs-yml-misspelt-extension",  # was two lines, with no line number
            edit("mkdocs.yml", "  - attr_list\n", "  - attr_lisst\n"),
            stderr=["mkdocs.yml:39:5: markdown_extensions: names the Markdown extension 'attr_lisst', not one there "
                    "is: did you mean 'attr_list'?", ONE]),
    refused("hand-written-page-saved-as-utf-16",  # was three lines against mkdocs.yml
            pages={"about.md": "# About\n"}, encoding="utf-16",
            stderr=["content/about.md:1:1: is not UTF-8 text (it was saved as UTF-16, which Windows calls 'Unicode'); "
                    "save it again as UTF-8", ONE]),
]


# --------------------------------------------------------------------------- fixtures


@dataclass(frozen=True)
class Built:
    root: Path
    site: dict[str, bytes]
    content: dict[str, bytes]


def run_build(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(REPO / "build_site.py"), "build", "--as-at", AS_AT], cwd=project,
                          capture_output=True, text=True, timeout=120)


def built_line(project: Path) -> str:
    return f"built {(project / 'site').resolve()} as at {AS_AT} (charts: 0 drawn, 7 unchanged)\n"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:
    """The fictional fixture project, built once: the state every case starts from."""
    root = tmp_path_factory.mktemp("hostile") / "project"
    root.mkdir()
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "theme_overrides", root / "theme_overrides")
    # Hand-written content (assets/ and any hand-written page), never the generated pages of the real plans.
    shutil.copytree(REPO / "content", root / "content", ignore=lambda folder, names: [
        n for n in names if Path(folder) == REPO / "content" and n in GENERATED])
    shutil.copytree(FIXTURE, root / "plans")
    result = run_build(root)
    assert result.returncode == 0, result.stderr
    site, content = tree_bytes(root / "site"), tree_bytes(root / "content")
    assert "index.html" in site and "plans/wv-plan-2024/actions/1.2/index.html" in site
    assert "plans/wv-plan-2024/actions/1.2/index.md" in content
    return Built(root, site, content)


@pytest.fixture
def fresh(built, tmp_path) -> Path:
    """A private copy of the built project for one case."""
    copy = tmp_path / "project"
    shutil.copytree(built.root, copy)
    yield copy
    shutil.rmtree(tmp_path, ignore_errors=True)


# --------------------------------------------------------------------------- the tests


def assert_refused(built: Built, project: Path, case: Case) -> None:
    for mutate in case.mutations:
        mutate(project)
    added = dict(case.pages)
    assert tree_bytes(project / "site") == built.site
    assert tree_bytes(project / "content") == {**built.content, **added}
    plans_before = tree_bytes(project / "plans")
    listing_before = sorted(os.listdir(project))

    result = run_build(project)

    # Safety first: these hold for every case.
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert tree_bytes(project / "site") == built.site, "site/ changed after a refused build"
    assert tree_bytes(project / "content") == {**built.content, **added}, "content/ changed after a refused build"
    assert tree_bytes(project / "plans") == plans_before, "the build changed plans/"
    assert sorted(os.listdir(project)) == listing_before, "the build left something in the project folder"

    # Then the message, exactly.
    try:
        if case.secret is not None:
            assert case.secret not in result.stdout, "personal data printed on stdout"
            assert case.secret not in result.stderr, "the value was printed on stderr"
        assert result.stderr.splitlines() == list(case.stderr)
        assert result.stderr == "".join(line + "\n" for line in case.stderr)
    except AssertionError as e:
        raise MessageProblem(str(e)) from None


@pytest.mark.parametrize("case", REFUSED)
def test_refused_build_reports_exactly_and_touches_nothing(built, fresh, case):
    assert_refused(built, fresh, case)


def test_five_mistakes_in_five_files_are_all_reported(built, fresh):
    case = Case((
        edit(A12, "cadence: Quarterly", "due: 2019-02-30"),
        edit(INSP, "kind: full inspection", "kind: on"),
        edit(METRIC, "value: 24", "value: 0755"),
        edit(SITE, "  - id: workforce\n", "  - id: workforce\n    colour: blue\n"),
        edit(T2022, "category: workforce", "category: staff"),
    ), (
        f"{A12}:5:6: due: '2019-02-30' is not a real date: February 2019 has 28 days",
        f"{INSP}:3:7: kind: expected one of {KINDS}; got 'on'",
        f"{METRIC}:7:12: values[1].value: expected a number like 724 or 18.5 (no leading zeros), got '0755'",
        f"{SITE}:30:5: themes[2].colour: unknown field 'colour'; allowed here: id, title, description",
        f"{T2022}:10:15: events[2].category: expected one of 'inspection', 'governance', 'leadership', 'workforce', "
        "'practice', 'fostering and adoption', 'partnership', 'recognition', 'plan', 'performance' or 'early help'; "
        "got 'staff'",
        "5 problems found; nothing was built.",
    ))
    assert len({line.split(":")[0] for line in case.stderr[:-1]}) == 5
    assert_refused(built, fresh, case)


# --------------------------------------------------------------------------- accepted cases


def same_site_and_content(built: Built, project: Path) -> None:
    """Byte-identical to the plain build: every page, asset, chart and search index (sitemaps aside)."""
    plain = {rel: data for rel, data in built.site.items() if rel not in SITEMAPS}
    assert tree_bytes(project / "site", SITEMAPS) == plain
    assert tree_bytes(project / "content") == built.content


def no_stays_text(_built: Built, project: Path) -> None:
    page = (project / "content/plans/wv-plan-2024/actions/1.2/index.md").read_text("utf-8")
    assert "- **Due:** no\n" in page
    html = (project / "site/plans/wv-plan-2024/actions/1.2/index.html").read_text("utf-8")
    assert "<li><strong>Due:</strong> no</li>" in html


def objectives_1_1_and_1_10_are_distinct(_built: Built, project: Path) -> None:
    page = (project / "content/plans/wv-plan-2024/index.md").read_text("utf-8")
    assert "#### Objective 1.1 { #objective-1-1 }" in page
    assert "#### Objective 1.10 { #objective-1-10 }" in page
    html = (project / "site/plans/wv-plan-2024/index.html").read_text("utf-8")
    assert "Objective 1.1<" in html and "Objective 1.10<" in html


def mailbox_is_published(_built: Built, project: Path) -> None:
    page = (project / "content/plans/wv-plan-2024/actions/1.2/index.md").read_text("utf-8")
    assert "<p>Write to children@wyvernvale.example.gov.uk with questions.</p>" in page


def split_link_stays_inert_text(_built: Built, project: Path) -> None:
    html = (project / "site/plans/wv-plan-2024/actions/1.2/index.html").read_text("utf-8")
    assert "<p>[board](java\nscript:alert(1))</p>" in html
    assert 'href="java' not in html.lower()


def dollar_text_is_drawn_as_text(_built: Built, project: Path) -> None:
    svg = (project / "site/charts/metric-caseloads.svg").read_text("utf-8")
    assert "Cost in $ and $^{x}$ per worker" in svg  # drawn as typed, not parsed as mathematics


def formula_in_download_is_inert(_built: Built, project: Path) -> None:
    rows = (project / "site/metrics/caseloads.csv").read_text("utf-8").splitlines()
    assert rows[2] == "Average social worker caseload,2023-03,19.5,\"'=HYPERLINK(\"\"https://example.org\"\",\"\"x\"\")\",,"
    assert rows[1] == "Average social worker caseload,2022-03,24,'-5 on last year,,"
    assert rows[3] == "Target,2025-03,16,,,"  # numbers stay numbers


ACCEPTED = [
    pytest.param((edit(A12, "cadence: Quarterly", "cadence: no"),), no_stays_text, id="no-in-text-field-stays-no"),
    pytest.param((edit(PLAN, '      - number: "3"\n',
                       '      - number: 1.1\n        text: One point one.\n'
                       '      - number: 1.10\n        text: One point ten.\n      - number: "3"\n'),),
                 objectives_1_1_and_1_10_are_distinct, id="objective-1.10-distinct-from-1.1"),
    pytest.param((every_yaml(lambda b: b"\xef\xbb\xbf" + b),), same_site_and_content, id="bom-in-every-file"),
    pytest.param((every_yaml(lambda b: b.replace(b"\n", b"\r\n")),), same_site_and_content, id="crlf-in-every-file"),
    pytest.param((every_yaml(lambda b: b"\xef\xbb\xbf" + b.replace(b"\n", b"\r\n")),), same_site_and_content,
                 id="bom-and-crlf-in-every-file"),
    pytest.param((edit(SITE, "sources:\n", "published_mailboxes: [Children@WyvernVale.example.gov.uk]\nsources:\n"),
                  edit(A12, TEXT, "text: Write to children@wyvernvale.example.gov.uk with questions.")),
                 mailbox_is_published, id="published-mailbox"),
    pytest.param((edit(METRIC, "title: Average social worker caseload", 'title: "Cost in $ and $^{x}$ per worker"'),),
                 dollar_text_is_drawn_as_text, id="dollar-signs-in-chart-text-are-not-mathematics"),
    pytest.param((edit(METRIC, "note: peak 26 in October", """note: '=HYPERLINK("https://example.org","x")'"""),
                  edit(METRIC, "value: 24", "value: 24\n    note: -5 on last year")),
                 formula_in_download_is_inert, id="formula-in-csv-download-is-inert"),
    # A line break inside the link target: CommonMark makes it no link at all, so it is shown as text.
    pytest.param((edit(A12, TEXT, 'text: "[board](java\\nscript:alert(1))"'),), split_link_stays_inert_text,
                 id="javascript-link-with-newline-is-inert-text"),
]


@pytest.mark.parametrize("mutations, check", ACCEPTED)
def test_accepted_build(built, fresh, mutations, check):
    for mutate in mutations:
        mutate(fresh)
    result = run_build(fresh)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    charts_redrawn = re.sub(r"charts: \d+ drawn, \d+ unchanged", "charts: 0 drawn, 7 unchanged", result.stdout)
    assert charts_redrawn == built_line(fresh)
    check(built, fresh)
