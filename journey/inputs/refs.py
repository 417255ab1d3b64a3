"""References between records, typed once: a finding (inspection/finding), an inspection or a
finding (what a point repeats, what a plan answers), and a timeline event's link to a record."""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BeforeValidator

from journey.inputs.types import _ID, _kind, _need_text


_FINDING_REF = re.compile(r"([a-z0-9]+(?:-[a-z0-9]+)*)/([a-z0-9]+(?:-[a-z0-9]+)*)")


def _finding_ref(value: Any) -> str:
    text = _need_text(value).strip()
    if not _FINDING_REF.fullmatch(text):
        raise ValueError(f"expected a finding as inspection/finding, like "
                         f"'2019-02-focused-visit/pre-proceedings', got {_kind(text)}")
    return text


FindingRef = Annotated[str, BeforeValidator(_finding_ref)]


def _repeat_ref(value: Any) -> str:
    text = _need_text(value).strip()
    if not (_FINDING_REF.fullmatch(text) or _ID.fullmatch(text)):
        raise ValueError(f"expected an inspection, like '2014-03-inspection', or a finding as inspection/finding, "
                         f"like '2017-03-re-inspection/afi-1', got {_kind(text)}")
    return text


RepeatRef = Annotated[str, BeforeValidator(_repeat_ref)]


_RELATED = re.compile(r"(inspection|plan|action|finding|metric):([a-z0-9./-]+)")


def _related(value: Any) -> str:
    text = _need_text(value).strip()
    if not _RELATED.fullmatch(text):
        raise ValueError(f"expected a link like 'inspection:2019-02-focused-visit', "
                         f"'action:cip-2019-20/3.1' or 'metric:cp-plans', got {_kind(text)}")
    return text


Related = Annotated[str, BeforeValidator(_related)]
