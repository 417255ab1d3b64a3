"""Personal data: emails, UK phone numbers, NHS numbers, National Insurance numbers and dates of
birth are refused before anything is built, wherever they are: in values, field names, file and
folder names under plans/ and hand-written pages.

Text is normalised before it is matched, so other spellings do not slip through: digits of any
script and full-width forms become ASCII, every kind of dash a hyphen, every kind of space a
space, letters that look like Latin ones (Cyrillic 'о', Greek 'Ο') their Latin twin, and invisible
characters are ignored; '[at]' and '(dot)' count as '@' and '.'.

A message names the file, line and field and the kind of data, never the value (reports are read
in CI logs). Any message that would repeat personal data (a path, an echoed value) has the value
hidden: a problem is never dropped because of what it quotes.
"""

from __future__ import annotations

import html as _html
import re
import unicodedata
from pathlib import Path
from typing import Any, Iterable, Iterator

from journey.errors import Problem
from journey.inputs.load import Document, dotted

HIDDEN = "[personal data hidden]"

# Every pattern starts at a boundary it checks with a look-behind and uses bounded repeats, so a long
# run of text (40,000 'x's, say) is read in linear time.
_AT = r"(?:\s?@\s?|\s?[\[({<]\s?at\s?[\])}>]\s?)"
_DOT = r"(?:\.|\s?[\[({<]\s?dot\s?[\])}>]\s?)"
_LABEL = r"[A-Za-z0-9-]{1,63}"
EMAIL = re.compile(
    rf"(?:(?<![A-Za-z0-9._%+'-])[A-Za-z0-9._%+'-]{{1,64}}|\"[^\"\n]{{1,64}}\"){_AT}{_LABEL}(?:{_DOT}{_LABEL}){{0,8}}"
    rf"{_DOT}[A-Za-z]{{2,24}}\b"
    # written out in words: "jo dot smith at example dot com"
    rf"|(?<![A-Za-z0-9])[A-Za-z0-9._%+-]{{1,64}}(?:\s+dot\s+[A-Za-z0-9-]{{1,63}}){{0,4}}\s+at\s+{_LABEL}"
    rf"(?:\s+dot\s+{_LABEL}){{1,6}}\b",
    re.IGNORECASE)
_SEP = r"[\s.\-()]"
# UK numbers: 0 then 9 or 10 more digits, or +44 / 0044 then 9 or 10, with spaces, dots, hyphens or
# brackets between any digits ("024 7683 3333", "(024) 7683 3333", "07700.900.123", "+44 (0)20 7946
# 0000"), or a mobile written from 44 without the plus. Letters may touch them ("Tel07700900123").
PHONE = re.compile(rf"(?<![\d+])(?:(?:\+|00)\s?44\s?(?:\(0\)\s?)?\(?\d(?:{_SEP}{{0,2}}\d){{8,9}}"
                   rf"|\(?0(?:{_SEP}{{0,2}}\d){{9,10}}"
                   rf"|44\s?7\d{{3}}\s?\d{{6}})(?!\d)")
NHS_CANDIDATE = re.compile(r"(?<![\d.])(\d{3})[\s.\-/]?(\d{3})[\s.\-/]?(\d{4})(?!\d|\.\d)")
NI_NUMBER = re.compile(r"(?<![A-Za-z0-9])(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"
                       r"(?:[\s.\-]?\d{2}){3}[\s.\-]?[A-D](?![0-9])", re.IGNORECASE)
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]{0,6}\.?"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_S = r"\s{0,2}[/.\-]\s{0,2}|\s{1,2}"  # between the parts of a date: "12/03/2010", "12 / 03 / 2010"
_DATE = (rf"(?:{_DAY}(?:{_S})(?:\d{{1,2}}|{_MONTH})(?:{_S}|,\s?)\d{{2,4}}"
         rf"|(?:the\s)?{_DAY}\sof\s{_MONTH},?\s\d{{2,4}}"
         rf"|\d{{4}}[\-/.]\d{{1,2}}[\-/.]\d{{1,2}}"
         rf"|(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
         rf"|{_MONTH}\s{_DAY},?\s\d{{2,4}})")
BIRTH = re.compile(rf"(?<![A-Za-z])(?:d\.?\s?o\.?\s?b\b\.?|date[\s\-_]+of[\s\-_]+birth|birth[\s\-_]?date|birthday"
                   rf"|born(?:\s+on)?|b\.)\W{{0,4}}(?:on\s)?{_DATE}", re.IGNORECASE)
# A record dated to the day whose words say it is about a birth holds a date of birth.
ABOUT_A_BIRTH = re.compile(r"\b(?:born|birth|birthday)\b", re.IGNORECASE)

# Letters from other scripts that look like Latin letters (the common confusables).
_LOOKALIKE = str.maketrans({
    "а": "a", "в": "b", "е": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c", "т": "t",
    "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "ɡ": "g", "ո": "n", "ս": "u",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T",
    "Х": "X", "І": "I", "Ј": "J", "Ѕ": "S",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O",
    "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "ο": "o", "ν": "v", "α": "a", "ι": "i", "κ": "k", "ρ": "p",
    "τ": "t", "υ": "u", "χ": "x",
})


def _plain_char(ch: str) -> str:
    """One character as the patterns read it ('' for invisible ones)."""
    category = unicodedata.category(ch)
    if category in ("Cf", "Mn", "Me"):
        return ""
    if category == "Nd":
        return str(unicodedata.decimal(ch))
    if category == "Pd" or ch in "\u2212\ufe63\uff0d":
        return "-"
    if ch in "\u3002\uff0e\uff61\u2024\u0701\ufe52":  # full stops of other scripts, read as dots
        return "."
    if category.startswith("Z") or ch in "\u115f\u1160\u3164\uffa0\u2800":
        return " "
    folded = unicodedata.normalize("NFKC", ch)
    folded = folded if len(folded) == 1 else ch
    return folded.translate(_LOOKALIKE)


# Digits written one by one with gaps ("0 7 7 0 0 9 0 0 1 2 3"), and letters standing in for digits
# in a token that is mostly digits ("O77OO 9OO123"): read as the number they spell.
_SPACED = re.compile(r"(?<![0-9])[0-9](?:[ .\-][0-9]){5,}(?![0-9])")
_LOOKS_LIKE_DIGITS = re.compile(r"(?<![A-Za-z0-9])[0-9OoIl]{3,}(?![A-Za-z0-9])")
_AS_DIGITS = str.maketrans("OoIl", "0011")


def normalise(text: str) -> tuple[str, list[int]]:
    """The text as the patterns read it, and for each of its characters the index it came from
    (an empty list when they are the same characters)."""
    if text.isascii():
        out, origin = list(text), None
    else:
        out, origin = [], []
        for i, ch in enumerate(text):
            for c in _plain_char(ch):
                out.append(c)
                origin.append(i)
    plain = "".join(out)
    gaps = [i for m in _SPACED.finditer(plain) for i in range(m.start(), m.end()) if not plain[i].isdigit()]
    if gaps:
        origin = origin if origin is not None else list(range(len(plain)))
        drop = set(gaps)
        plain = "".join(c for i, c in enumerate(plain) if i not in drop)
        origin = [o for i, o in enumerate(origin) if i not in drop]
    return plain, origin or []


def _email_key(found: str) -> str:
    """An email as a mailbox list compares it: '[at]' and '(dot)' spelled as '@' and '.', lower case."""
    key = re.sub(_AT, "@", found, flags=re.IGNORECASE)
    return re.sub(_DOT, ".", key, flags=re.IGNORECASE).lower().strip()


def _matches(text: str, allowed_emails: set[str]) -> Iterator[tuple[str, int, int]]:
    """(kind, start, end) of every piece of personal data in already-normalised text, read as it is
    and with letters that stand in for digits read as digits (the two readings have equal lengths)."""
    as_digits = _LOOKS_LIKE_DIGITS.sub(lambda m: m.group().translate(_AS_DIGITS)
                                       if sum(c.isdigit() for c in m.group()) >= 2 else m.group(), text)
    seen = set()
    for found in _matches_in(text, allowed_emails):
        seen.add(found)
        yield found
    if as_digits != text:
        for found in _matches_in(as_digits, allowed_emails):
            if found not in seen:
                yield found


def _matches_in(text: str, allowed_emails: set[str]) -> Iterator[tuple[str, int, int]]:
    for match in EMAIL.finditer(text):
        found = match.group()
        if _email_key(found) not in allowed_emails:
            quote = len(found) - len(found.lstrip("'"))  # a quote around a value is not part of it
            yield "an email address", match.start() + quote, match.end()
    for match in PHONE.finditer(text):
        yield "a UK phone number", match.start(), match.end()
    for match in NHS_CANDIDATE.finditer(text):
        if nhs_checksum_ok("".join(match.groups())):
            yield "an NHS number", match.start(), match.end()
    for match in NI_NUMBER.finditer(text):
        yield "a National Insurance number", match.start(), match.end()
    for match in BIRTH.finditer(text):
        yield "a date of birth", match.start(), match.end()


def nhs_checksum_ok(digits: str) -> bool:
    """The NHS number modulus 11 check: weights 10..2 on the first nine digits give the tenth."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


_MARKUP = re.compile(r"[*_`\\&<\[]")


def findings(text: str, allowed_emails: set[str]) -> list[str]:
    """What personal data this text seems to hold, as kinds ('an email address' ...), no values.

    Markdown is read as a reader would see it too, so '077**00** 900123' or an entity cannot hide
    a number from the patterns."""
    plain, _ = normalise(text)
    kinds = list(dict.fromkeys(kind for kind, _, _ in _matches(plain, allowed_emails)))
    if not kinds and _MARKUP.search(text):
        from journey.text import render_markdown  # the reader's view of Markdown

        try:
            html_text = render_markdown(text)
        except Exception:  # text that is not Markdown at all: the raw reading above stands
            return kinds
        # Inline markup joins what it splits ("bo**rn**"); block markup separates.
        for joined in (re.sub(r"<[^>]+>", "", html_text), re.sub(r"<[^>]+>", " ", html_text)):
            shown, _ = normalise(_html.unescape(joined))
            kinds += [k for k, _, _ in _matches(shown, allowed_emails) if k not in kinds]
    return kinds


def redact(text: str, allowed_emails: set[str] = frozenset()) -> str:
    """The text with every piece of personal data replaced by [personal data hidden]."""
    plain, origin = normalise(text)
    spans = sorted((start, end) for _, start, end in _matches(plain, allowed_emails))
    if not spans:
        return text
    if origin:  # map the spans back onto the original characters
        spans = [(origin[start], origin[end - 1] + 1) for start, end in spans]
    out, last = [], 0
    for start, end in spans:
        if end <= last:
            continue
        out.append(text[last:max(start, last)])
        out.append(HIDDEN)
        last = end
    out.append(text[last:])
    return "".join(out)


def redact_problems(problems: Iterable[Problem], allowed_emails: set[str]) -> list[Problem]:
    """The same problems, every one kept, with personal data hidden wherever a message repeats it."""
    return [Problem(redact(p.path, allowed_emails), p.line, p.column, redact(p.field, allowed_emails),
                    redact(p.message, allowed_emails)) for p in problems]


def published_mailboxes(site_data: Any) -> set[str]:
    """The mailboxes site.yaml lists under published_mailboxes, as the check compares them."""
    mailboxes = site_data.get("published_mailboxes") if isinstance(site_data, dict) else None
    mailboxes = list(mailboxes) if isinstance(mailboxes, list) else []
    contact = site_data.get("contact") if isinstance(site_data, dict) else None
    mailboxes.append(contact)  # the site's own contact mailbox is published by definition
    return {normalise(m)[0].lower().strip() for m in mailboxes if isinstance(m, str)}


def _strings(data: Any, loc: tuple = ()) -> Iterator[tuple[tuple, str, bool]]:
    """Every string in the data, with its location and whether it is a field name."""
    if isinstance(data, str):
        yield loc, data, False
    elif isinstance(data, dict):
        for key, value in data.items():
            yield loc + (key,), key, True
            yield from _strings(value, loc + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _strings(value, loc + (i,))


def _refusal(kind: str, what: str = "this") -> str:
    advice = (" If it is a published council mailbox, list it under published_mailboxes in site.yaml."
              if kind == "an email address" and what == "this" else "")
    return f"{what} looks like {kind}, which is personal data and must not be published; remove it.{advice}"


def _births(data: Any, loc: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """Records dated to the day (date: YYYY-MM-DD) whose text says they are about a birth: together,
    the date and the words are a date of birth even though neither is one alone."""
    if isinstance(data, dict):
        day = data.get("date")
        if isinstance(day, str) and re.fullmatch(r"\s*\d{4}-\d{2}-\d{2}\s*", day):
            for key in ("title", "text", "description"):
                value = data.get(key)
                if isinstance(value, str) and ABOUT_A_BIRTH.search(normalise(value)[0]):
                    yield loc + (key,), key
        for key, value in data.items():
            yield from _births(value, loc + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _births(value, loc + (i,))


def scan(docs: list[Document], allowed_emails: set[str]) -> list[Problem]:
    """Every place in these files that looks like personal data."""
    problems = []
    known: dict[str, list[str]] = {}  # the same words (field names, statuses) are read once
    for doc in docs:
        for loc, key in _births(doc.data):
            line, col = doc.position(loc)
            problems.append(Problem(doc.path, line, col, dotted(loc), "this record is about a birth and dated to the "
                                                                      "day, which makes the date a date of birth "
                                                                      "(personal data); give the month only, or "
                                                                      "remove it."))
        for loc, text, is_key in _strings(doc.data):
            if loc[:1] in (("published_mailboxes",), ("contact",)) and not is_key:
                continue
            kinds = known.get(text)
            if kinds is None:
                kinds = known[text] = findings(text, allowed_emails)
            for kind in kinds:
                if is_key:  # the field name itself is the data: do not print it as the field either
                    line, col = doc.position(loc, key=True)
                    problems.append(Problem(doc.path, line, col, "", _refusal(kind, "this field name")))
                    continue
                line, col = doc.position(loc)
                problems.append(Problem(doc.path, line, col, dotted(loc), _refusal(kind)))
    return problems


def scan_names(names: Iterable[tuple[str, str]], allowed_emails: set[str]) -> list[Problem]:
    """File and folder names that look like personal data: (shown path, name) pairs."""
    problems = []
    for shown, name in names:
        for kind in findings(name, allowed_emails):
            problems.append(Problem(shown, 0, 0, "", _refusal(kind, "this name").replace("remove it", "rename it")))
    return problems


def scan_text(shown: str, text: str, allowed_emails: set[str]) -> list[Problem]:
    """Lines of a hand-written page that look like personal data, located by line and column."""
    problems = []
    for number, line in enumerate(text.split("\n"), start=1):
        plain, origin = normalise(line)
        seen = set()
        for kind, start, _ in sorted(_matches(plain, allowed_emails), key=lambda k: k[1]):
            if kind in seen:
                continue
            seen.add(kind)
            column = (origin[start] if origin else start) + 1
            problems.append(Problem(shown, number, column, "", _refusal(kind)))
    return problems


# Hand-written files whose text is read for personal data (the rest are checked by name only).
TEXT_KINDS = (".md", ".markdown", ".html", ".htm", ".txt", ".csv", ".json", ".xml", ".svg")
TEXT_MAX = 2 * 1024 * 1024


def scan_files(entries: Iterable[tuple[str, Path]], allowed_emails: set[str]) -> list[Problem]:
    """Hand-written files (shown path, path): their names, and the text of pages, for personal data."""
    entries = list(entries)
    problems = scan_names(((shown, shown.split("/", 1)[-1]) for shown, path in entries), allowed_emails)
    for shown, path in entries:
        try:
            if path.is_symlink() or not path.is_file() or path.suffix.lower() not in TEXT_KINDS:
                continue
            if path.stat().st_size > TEXT_MAX:
                continue
            text = path.read_bytes().decode("utf-8", errors="replace")
        except OSError:
            continue  # the build reports an unreadable page when it copies it
        problems += scan_text(shown, text, allowed_emails)
    return problems
