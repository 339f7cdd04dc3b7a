"""Capacity requests: admission against a budget, overlap with other grants, persistence."""

from __future__ import annotations

import math

import pytest

from custom_components.capacity_manager.engine.capacity_requests import (
    CapacityBook,
    Grant,
    RequestVerdict,
    grant_budget_w,
)


def _ask(book: CapacityBook, **kwargs: float | str) -> RequestVerdict:
    args: dict[str, float | str] = {
        "now": 0.0,
        "start": 0.0,
        "duration_s": 600.0,
        "power_w": 1000.0,
        "budget_w": 3000.0,
        "grant_id": "g",
    }
    args.update(kwargs)
    return book.request(**args).verdict  # type: ignore[arg-type]


def test_grant_within_budget_is_kept_for_its_window() -> None:
    book = CapacityBook()
    decision = book.request(
        now=0, start=100, duration_s=600, power_w=2000, budget_w=3000, grant_id="a", label="oven"
    )
    assert decision.granted
    assert decision.available_w == 3000
    assert decision.grant == Grant(grant_id="a", start=100, end=700, power_w=2000, label="oven")
    assert book.active_w(50) == 0  # not yet
    assert book.active_w(100) == 2000
    assert book.active_w(699.9) == 2000
    assert book.active_w(700) == 0  # window closed


def test_request_larger_than_budget_is_denied_as_exceeding_limit() -> None:
    book = CapacityBook()
    decision = book.request(
        now=0, start=0, duration_s=60, power_w=3500, budget_w=3000, grant_id="a"
    )
    assert not decision.granted
    assert decision.verdict is RequestVerdict.EXCEEDS_LIMIT
    assert decision.available_w == 3000
    assert book.grants == ()


def test_overlapping_grants_share_the_budget() -> None:
    book = CapacityBook()
    assert _ask(book, start=0, duration_s=600, power_w=2000, grant_id="a") == "granted"
    # Overlaps the first grant: only 1000 W left.
    decision = book.request(
        now=0, start=300, duration_s=600, power_w=1500, budget_w=3000, grant_id="b"
    )
    assert decision.verdict is RequestVerdict.CONFLICTS
    assert decision.available_w == 1000
    assert _ask(book, start=300, duration_s=600, power_w=1000, grant_id="c") == "granted"
    # After the first window ends, the second one alone holds 1000 W.
    assert _ask(book, start=600, duration_s=60, power_w=2000, grant_id="d") == "granted"
    assert book.active_w(610) == 3000


def test_back_to_back_windows_do_not_overlap() -> None:
    book = CapacityBook()
    assert _ask(book, start=0, duration_s=600, power_w=3000, grant_id="a") == "granted"
    assert _ask(book, start=600, duration_s=600, power_w=3000, grant_id="b") == "granted"
    assert book.peak_w(0, 1200) == 3000


def test_peak_is_found_at_a_start_inside_the_window() -> None:
    book = CapacityBook(
        [
            Grant(grant_id="a", start=0, end=100, power_w=500),
            Grant(grant_id="b", start=50, end=200, power_w=700),
            Grant(grant_id="c", start=150, end=300, power_w=400),
        ]
    )
    assert book.peak_w(0, 300) == 1200  # a + b at t=50..100
    assert book.peak_w(100, 300) == 1100  # b + c at t=150..200
    assert book.peak_w(300, 400) == 0


def test_window_starting_in_the_past_is_clipped_to_now() -> None:
    book = CapacityBook()
    decision = book.request(
        now=500, start=0, duration_s=600, power_w=100, budget_w=1000, grant_id="a"
    )
    assert decision.grant is not None
    assert (decision.grant.start, decision.grant.end) == (500, 600)


@pytest.mark.parametrize(
    ("kwargs", "verdict"),
    [
        ({"power_w": 0.0}, RequestVerdict.INVALID),
        ({"power_w": -5.0}, RequestVerdict.INVALID),
        ({"duration_s": 0.0}, RequestVerdict.INVALID),
        ({"power_w": math.nan}, RequestVerdict.INVALID),
        ({"budget_w": math.inf}, RequestVerdict.INVALID),
        ({"now": 1000.0, "start": 0.0, "duration_s": 600.0}, RequestVerdict.WINDOW_PASSED),
        ({"budget_w": -100.0}, RequestVerdict.EXCEEDS_LIMIT),
    ],
)
def test_bad_requests_are_denied_with_a_reason(
    kwargs: dict[str, float], verdict: RequestVerdict
) -> None:
    book = CapacityBook()
    assert _ask(book, **kwargs) is verdict
    assert book.grants == ()


def test_cancel_and_prune_free_the_capacity() -> None:
    book = CapacityBook()
    _ask(book, start=0, duration_s=100, power_w=1000, grant_id="a")
    _ask(book, start=0, duration_s=1000, power_w=1000, grant_id="b")
    assert book.cancel("a")
    assert not book.cancel("a")
    assert book.active_w(10) == 1000
    assert not book.prune(999)
    assert book.prune(1000)
    assert book.grants == ()


def test_export_round_trip_drops_ended_and_malformed_grants() -> None:
    book = CapacityBook()
    _ask(book, start=0, duration_s=100, power_w=1000, grant_id="short", label="x")
    _ask(book, start=0, duration_s=1000, power_w=500, grant_id="long")
    data = [
        *book.export(),
        {"grant_id": "bad", "start": "soon"},
        {"grant_id": "nan", "start": 0, "end": math.nan, "power_w": 1},
        {"grant_id": "neg", "start": 0, "end": 2000, "power_w": -1},
        "not a mapping",
    ]
    restored = CapacityBook.from_export(data, now=200)  # type: ignore[arg-type]
    assert [g.grant_id for g in restored.grants] == ["long"]
    assert restored.active_w(200) == 500


def test_budget_leaves_room_for_the_load_that_cannot_be_shed() -> None:
    # 7200 W limit, 2700 W that cannot be shed, target at 90 %: the controller must still be
    # able to reach 0.9 x (7200 - g) >= 2700, so g <= 4200.
    assert grant_budget_w(7200, 2700, 0.9) == pytest.approx(4200)
    budget = grant_budget_w(7200, 2700, 0.9)
    assert 0.9 * (7200 - budget) == pytest.approx(2700)
    assert grant_budget_w(7200, 9000, 0.9) == 0  # already over: nothing to give
    assert grant_budget_w(7200, -500, 0.9) == 7200  # exporting counts as no firm load
