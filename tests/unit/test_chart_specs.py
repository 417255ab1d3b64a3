"""The overview chart's grade axis comes from the grade scales in site.yaml, never from names written
into the code."""

from __future__ import annotations

from journey.charts.specs import axis_grades


def test_one_scale_is_its_own_grades():
    assert axis_grades([["Outstanding", "Good", "Requires improvement to be good", "Inadequate"]]) == [
        "Outstanding", "Good", "Requires improvement to be good", "Inadequate"]


def test_two_frameworks_name_a_rank_apart():
    old = ["Outstanding", "Good", "Adequate", "Inadequate"]
    new = ["Outstanding", "Good", "Requires improvement to be good", "Inadequate"]
    assert axis_grades([old, new]) == ["Outstanding", "Good", "Adequate or requires improvement to be good",
                                       "Inadequate"]


def test_an_invented_scale_is_used_as_given():
    assert axis_grades([["Excellent", "Sound", "Weak"], ["Excellent", "Sound"]]) == ["Excellent", "Sound", "Weak"]
    assert axis_grades([]) == []
