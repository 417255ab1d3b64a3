"""References between records, typed and parsed once: a finding (inspection/finding), an inspection or a
finding (what a point repeats, what a plan answers), an action (plan/number) and a timeline event's
link to a record (kind:target). Each is text (a dictionary key, a value in a download) that knows its
parts, so nothing else splits a reference by hand."""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator

from journey.inputs.types import _ID, _kind, _need_text


class Ref(str):
    """An inspection ('2019-02-focused-visit') or one of its findings ('2019-02-focused-visit/afi-1')."""

    __slots__ = ()

    @classmethod
    def of(cls, inspection: str, finding: str = "") -> "Ref":
        return cls(f"{inspection}/{finding}" if finding else inspection)

    @property
    def inspection(self) -> str:
        return self.partition("/")[0]

    @property
    def finding(self) -> str:
        """The finding's id, or "" where the reference names the whole inspection."""
        return self.partition("/")[2]


class ActionKey(str):
    """An action: its plan and its number ('cip-2019-20/3.1')."""

    __slots__ = ()

    @classmethod
    def of(cls, plan: str, number: str) -> "ActionKey":
        return cls(f"{plan}/{number}")

    @property
    def plan(self) -> str:
        return self.partition("/")[0]

    @property
    def number(self) -> str:
        return self.partition("/")[2]


class Link(str):
    """A timeline event's link to a record ('action:cip-2019-20/3.1')."""

    __slots__ = ()

    @classmethod
    def of(cls, kind: str, target: str) -> "Link":
        return cls(f"{kind}:{target}")

    @property
    def kind(self) -> str:
        return self.partition(":")[0]

    @property
    def target(self) -> str:
        return self.partition(":")[2]

    @property
    def ref(self) -> "Ref | ActionKey | str":
        """The target typed by kind: a Ref for an inspection or finding, an ActionKey for an action."""
        kind, target = self.kind, self.target
        return Ref(target) if kind in ("inspection", "finding") else ActionKey(target) if kind == "action" else target


_FINDING_REF = re.compile(r"([a-z0-9]+(?:-[a-z0-9]+)*)/([a-z0-9]+(?:-[a-z0-9]+)*)")


def _finding_ref(value: Any) -> str:
    text = _need_text(value).strip()
    if not _FINDING_REF.fullmatch(text):
        raise ValueError(f"expected a finding as inspection/finding, like "
                         f"'2019-02-focused-visit/pre-proceedings', got {_kind(text)}")
    return text


FindingRef = Annotated[str, BeforeValidator(_finding_ref), AfterValidator(Ref)]


def _repeat_ref(value: Any) -> str:
    text = _need_text(value).strip()
    if not (_FINDING_REF.fullmatch(text) or _ID.fullmatch(text)):
        raise ValueError(f"expected an inspection, like '2014-03-inspection', or a finding as inspection/finding, "
                         f"like '2017-03-re-inspection/afi-1', got {_kind(text)}")
    return text


RepeatRef = Annotated[str, BeforeValidator(_repeat_ref), AfterValidator(Ref)]


_RELATED = re.compile(r"(inspection|plan|action|finding|metric):([a-z0-9./-]+)")


def _related(value: Any) -> str:
    text = _need_text(value).strip()
    if not _RELATED.fullmatch(text):
        raise ValueError(f"expected a link like 'inspection:2019-02-focused-visit', "
                         f"'action:cip-2019-20/3.1' or 'metric:cp-plans', got {_kind(text)}")
    return text


Related = Annotated[str, BeforeValidator(_related), AfterValidator(Link)]
