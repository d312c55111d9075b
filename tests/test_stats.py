"""Statistics on a hand-made review log whose every number is known: `trainer stats --json` end to end.

The log has drill answers, an undone answer, bury, suspend and reset events, answers after
midnight that belong to the evening before, and typed answers that fold to roots.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trainer import cli, days
from trainer.records import CardState, Review
from trainer.sm2 import Sm2State
from trainer.stats import LogAggregate, aggregate, root_set, streaks
from trainer.store.stats_cache import cache_path, load_aggregate

NOW = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)  # study day 2026-03-20

DECK = """
[deck]
id = "rt"
title = "Roots test"

[[cards]]
id = "c1"
type = "choice"
front = "Medial malleolus?"
choices = ["L3", "L4", "L5", "S1"]
answer = "L4"
tags = ["L4"]

[[cards]]
id = "c2"
type = "typed"
front = "Great toe?"
answer = "L5"
tags = ["L5"]

[[cards]]
id = "c3"
type = "multi"
front = "Which roots?"
choices = ["L4", "L5", "S1", "S2"]
answers = ["L5", "S1"]
tags = ["L5", "S1"]

[[cards]]
id = "c4"
type = "basic"
front = "Dorsum of the foot?"
back = "L5"
tags = ["L5"]

[[cards]]
id = "c5"
type = "typed"
front = "Where is L4 tested?"
answer = "medial malleolus"
tags = ["L4"]

[[cards]]
id = "c6"
type = "basic"
front = "six"
back = "six"

[[cards]]
id = "c7"
type = "basic"
front = "seven"
back = "seven"

[[cards]]
id = "c8"
type = "basic"
front = "eight"
back = "eight"

[[cards]]
id = "c9"
type = "basic"
front = "nine"
back = "nine"
"""


def state(reps=0, interval=0, ef=2.5, due=None, last=None, lapses=0, suspended=False, buried=None):
    return CardState(
        Sm2State(reps, interval, ef),
        date.fromisoformat(due) if due else None,
        date.fromisoformat(last) if last else None,
        date.fromisoformat(last) if last else None,
        lapses,
        suspended,
        date.fromisoformat(buried) if buried else None,
        date.fromisoformat(last) if last else None,
        None,
    ).to_dict()


_ids = iter(range(1, 1000))


def review(when, key, grade, kind="schedule", response=None, before=None, after=None):
    return {
        "e": "review",
        "id": next(_ids),
        "time": when + "+00:00",
        "key": "rt:" + key,
        "grade": grade,
        "kind": kind,
        "response": response,
        "ms": 1000,
        "before": before,
        "after": after or state(),
    }


def make_log() -> list[dict]:
    global _ids
    _ids = iter(range(1, 1000))
    c4_after_jan = state(2, 6, 2.6, "2026-01-16", "2026-01-10")
    events = [
        # all time only (more than 30 days ago): a mature pass, a young pass
        review(
            "2026-01-05T10:00:00",
            "c5",
            4,
            before=state(4, 25, 2.5, "2026-01-05", "2025-12-11"),
            after=state(5, 62, 2.5, "2026-03-08", "2026-01-05"),
        ),
        review("2026-01-10T10:00:00", "c4", 5, before=state(1, 1, 2.5, "2026-01-10", "2026-01-09"), after=c4_after_jan),
        # answered, then its progress reset: it is new again, the answer stays in the activity
        review("2026-03-16T10:00:00", "c8", 4, after=state(1, 1, 2.5, "2026-03-17", "2026-03-16")),
        {"e": "state", "key": "rt:c8", "state": None},
        # 03-17: a wrong choice (L5 for L4), then the drill gets it right
        review("2026-03-17T10:00:00", "c1", 1, response="L5", after=state(0, 1, 1.96, "2026-03-18", "2026-03-17", 1)),
        review("2026-03-17T10:05:00", "c1", 4, "drill", "L4", after=state(0, 1, 1.96, "2026-03-18", "2026-03-17", 1)),
        # after midnight, still the study day 03-17: typed 'l 4' and 'L4.' for L5
        review("2026-03-18T01:30:00", "c2", 1, response="l 4", after=state(0, 1, 1.96, "2026-03-18", "2026-03-17", 1)),
        review("2026-03-18T01:31:00", "c2", 1, "drill", "L4.", after=state(0, 1, 1.96, "2026-03-18", "2026-03-17", 1)),
        # 03-18: multi answered L4+L5 for L5+S1; c4 graded 5 then undone, then graded 3
        review(
            "2026-03-18T09:00:00",
            "c3",
            1,
            response=["L5", "L4"],
            after=state(0, 1, 1.96, "2026-03-19", "2026-03-18", 1),
        ),
        review(
            "2026-03-18T09:01:00", "c4", 5, before=c4_after_jan, after=state(3, 16, 2.7, "2026-04-03", "2026-03-18")
        ),
    ]
    voided = events[-1]["id"]
    events += [
        {"e": "void", "id": voided, "key": "rt:c4", "time": "2026-03-18T09:01:00+00:00", "before": c4_after_jan},
        review(
            "2026-03-18T09:02:00", "c4", 3, before=c4_after_jan, after=state(2, 6, 2.36, "2026-03-24", "2026-03-18")
        ),
        # suspend c6, bury c7 (a young card), make c9 a mature leech
        {"e": "state", "key": "rt:c6", "state": state(suspended=True, due="2026-03-22")},
        {"e": "state", "key": "rt:c7", "state": state(2, 6, 2.5, "2026-03-21", "2026-03-15", buried="2026-03-21")},
        {"e": "state", "key": "rt:c9", "state": state(5, 40, 1.3, "2026-04-10", "2026-03-01", lapses=8)},
        # 03:30 on 03-20 belongs to the study day 03-19: a young pass
        review(
            "2026-03-20T03:30:00",
            "c1",
            4,
            before=state(0, 1, 1.96, "2026-03-18", "2026-03-17", 1),
            after=state(1, 1, 2.1, "2026-03-20", "2026-03-19", 1),
        ),
        # today: a mature fail and a young fail
        review(
            "2026-03-20T08:00:00",
            "c5",
            2,
            before=state(5, 62, 2.5, "2026-03-08", "2026-01-05"),
            after=state(0, 1, 2.18, "2026-03-21", "2026-03-20", 1),
        ),
        review(
            "2026-03-20T09:00:00",
            "c3",
            2,
            before=state(0, 1, 1.96, "2026-03-19", "2026-03-18", 1),
            after=state(0, 1, 1.8, "2026-03-21", "2026-03-20", 2),
        ),
        {"e": "settings", "settings": {"new_per_day": 20}},
    ]
    return events


def write_log(profile_dir: Path, events: list[dict]) -> Path:
    profile_dir.mkdir(parents=True, exist_ok=True)
    log = profile_dir / "log.jsonl"
    log.write_bytes(b"".join(orjson.dumps(e) + b"\n" for e in events))
    return log


@pytest.fixture
def home(tmp_path, monkeypatch):
    (tmp_path / "decks").mkdir()
    (tmp_path / "decks" / "rt.toml").write_text(DECK)
    write_log(tmp_path / "profiles" / "default", make_log())
    monkeypatch.setattr(days, "local_now", lambda: NOW)
    return tmp_path


def stats_json(home: Path, capsys) -> dict:
    capsys.readouterr()
    assert cli.main(["stats", "--json", "--data-dir", str(home)]) == 0
    return json.loads(capsys.readouterr().out)


def only_rt(report: dict) -> dict:
    return report["cards"]["by_deck"]["rt"]


def test_cards_by_state(home, capsys):
    report = stats_json(home, capsys)
    assert report["today"] == "2026-03-20"
    assert only_rt(report) == {"new": 1, "learning": 4, "young": 2, "mature": 1, "suspended": 1, "leeches": 1}
    totals = report["cards"]
    builtin_new = sum(c["new"] for deck, c in totals["by_deck"].items() if deck != "rt")
    assert totals["new"] == builtin_new + 1
    assert (totals["learning"], totals["young"], totals["mature"], totals["suspended"], totals["leeches"]) == (
        4,
        2,
        1,
        1,
        1,
    )


def test_forecast_starts_tomorrow_and_skips_suspended(home, capsys):
    forecast = stats_json(home, capsys)["forecast"]
    assert len(forecast) == 30
    assert forecast[0]["date"] == "2026-03-21" and forecast[-1]["date"] == "2026-04-19"
    due = {day["date"]: day["due"] for day in forecast if day["due"]}
    assert due == {"2026-03-21": 3, "2026-03-24": 1, "2026-04-10": 1}


def test_activity_counts_drill_leaves_out_undone_and_follows_the_day_boundary(home, capsys):
    report = stats_json(home, capsys)
    assert report["activity"] == {
        "2026-01-05": 1,
        "2026-01-10": 1,
        "2026-03-16": 1,
        "2026-03-17": 4,
        "2026-03-18": 2,
        "2026-03-19": 1,
        "2026-03-20": 2,
    }
    assert report["streak"] == {"current": 5, "longest": 5}


def test_retention_young_and_mature(home, capsys):
    retention = stats_json(home, capsys)["retention"]
    assert retention["young"]["all_time"] == pytest.approx(3 / 4)
    assert retention["young"]["last_30_days"] == pytest.approx(2 / 3)
    assert retention["mature"]["all_time"] == pytest.approx(1 / 2)
    assert retention["mature"]["last_30_days"] == 0.0


def test_confusions_fold_typed_answers(home, capsys):
    assert stats_json(home, capsys)["confusions"] == [
        {"expected": "L5", "answered": "L4", "count": 2},
        {"expected": "L4", "answered": "L5", "count": 1},
        {"expected": "L5/S1", "answered": "L4/L5", "count": 1},
    ]


def test_confusions_count_map_cards_that_ask_for_a_root():
    from trainer.deck import Card
    from trainer.stats import LogAggregate, confusions

    cards = {
        c.key: c
        for c in (
            Card("m", "malleolus", "map", "Which root?", mode="name", landmark="medial malleolus", answer="L4"),
            Card("m", "region", "map", "Which root?", mode="name", region="L5"),
            Card(
                "m",
                "heel",
                "map",
                "Which root?",
                mode="name",
                landmark="lateral heel",
                answer="S1",
                accept=("first sacral",),
            ),
            Card("m", "point", "map", "Point at L5", mode="locate", region="L5"),
        )
    }
    agg = LogAggregate()
    for key, response in (
        ("m:malleolus", "L5"),
        ("m:region", "L4"),
        ("m:heel", "fifth lumbar"),  # typed beside the map: read as the grader reads it
        ("m:heel", "first sacral"),  # an accepted answer graded low by hand is no confusion
        ("m:point", "front 3,4"),  # pointing is not naming a root
    ):
        agg.add(
            id=None, time_iso="2026-03-20T10:00:00", key=key, grade=1, kind="review", response=response, before=None
        )
    assert [c.to_dict() for c in confusions(cards, agg)] == [
        {"expected": "L4", "answered": "L5", "count": 1},
        {"expected": "L5", "answered": "L4", "count": 1},
        {"expected": "S1", "answered": "L5", "count": 1},
    ]


def test_weakest(home, capsys):
    weakest = stats_json(home, capsys)["weakest"]
    assert [(w["card"], w["lapses"]) for w in weakest] == [
        ("rt:c9", 8),
        ("rt:c3", 2),
        ("rt:c2", 1),
        ("rt:c1", 1),
        ("rt:c5", 1),
        ("rt:c4", 0),
    ]
    assert weakest[0]["easiness"] == pytest.approx(1.3)


def test_mastery_by_deck_and_tag(home, capsys):
    mastery = stats_json(home, capsys)["mastery"]
    assert mastery["by_deck"]["rt"] == {"cards": 9, "mature": pytest.approx(1 / 9), "first_try_accuracy": 0.5}
    # tags gather cards across decks (the built-in decks tag roots too, none of them answered here)
    assert mastery["by_tag"]["L5"]["mature"] == 0.0 and mastery["by_tag"]["L5"]["cards"] > 3
    assert mastery["by_tag"]["L5"]["first_try_accuracy"] == pytest.approx(0.4)
    assert mastery["by_tag"]["S1"]["first_try_accuracy"] == 0.0


def test_day_starts_setting_moves_the_boundary(home, capsys):
    log = home / "profiles" / "default" / "log.jsonl"
    with log.open("ab") as handle:
        handle.write(orjson.dumps({"e": "settings", "settings": {"day_starts": "00:00"}}) + b"\n")
    activity = stats_json(home, capsys)["activity"]
    assert activity["2026-03-17"] == 2 and activity["2026-03-18"] == 4
    assert activity["2026-03-20"] == 3 and "2026-03-19" not in activity


def test_cache_is_extended_from_the_tail_and_rebuilt_when_damaged(home, capsys):
    first = stats_json(home, capsys)
    path = cache_path(home, "default")
    assert path.exists()
    log = home / "profiles" / "default" / "log.jsonl"
    c1 = state(1, 1, 2.1, "2026-03-20", "2026-03-19", 1)
    extra = review("2026-03-20T10:00:00", "c1", 0, "drill", "S1", before=c1, after=c1)
    extra["id"] = 500
    with log.open("ab") as handle:
        handle.write(orjson.dumps(extra) + b"\n")
    second = stats_json(home, capsys)
    assert second["activity"]["2026-03-20"] == first["activity"]["2026-03-20"] + 1
    assert {"expected": "L4", "answered": "S1", "count": 1} in second["confusions"]
    # the newest answer undone: the cached totals take it back out
    with log.open("ab") as handle:
        void = {"e": "void", "id": 500, "key": "rt:c1", "time": extra["time"], "before": c1}
        handle.write(orjson.dumps(void) + b"\n")
    assert stats_json(home, capsys) == first
    path.write_bytes(b"{not json")
    assert stats_json(home, capsys) == first
    # a log replaced by another one (e.g. restored) is not mistaken for the cached one
    write_log(home / "profiles" / "default", make_log()[:3])
    assert stats_json(home, capsys)["activity"] == {"2026-01-05": 1, "2026-01-10": 1, "2026-03-16": 1}


@pytest.mark.parametrize(
    "damage",
    [
        lambda agg: agg["days"].update({"2026-03-17": "x"}),
        lambda agg: agg["days"].update({"2026-03-17": [10]}),
        lambda agg: agg["days"].update({"not a day": [1, 0, 0, 0, 0]}),
        lambda agg: agg["cards"].update({"rt:c1": 5}),
        lambda agg: agg["cards"].update({"rt:c1": [1.5, 1]}),
        lambda agg: agg["responses"].update({"rt:c1": ["L5"]}),
        lambda agg: agg["responses"].update({"rt:c1": {"L5": "2"}}),
        lambda agg: agg["recent"].append([99999]),
        lambda agg: agg.update({"starts": "zz"}),
    ],
)
def test_a_cache_whose_header_is_right_but_figures_are_damaged_is_rebuilt(home, capsys, damage):
    first = stats_json(home, capsys)
    path = cache_path(home, "default")
    cached = orjson.loads(path.read_bytes())
    damage(cached["aggregate"])
    path.write_bytes(orjson.dumps(cached))
    assert stats_json(home, capsys) == first


def test_plain_text_report(home, capsys):
    capsys.readouterr()
    assert cli.main(["stats", "--data-dir", str(home)]) == 0
    out = capsys.readouterr().out
    assert "Roots test" in out
    assert "asked L5, answered L4: 2 times" in out
    assert "streak        5 days now, longest 5" in out
    assert "#L5" in out and "40%" in out  # mastery per tag, first try


def test_no_progress_yet(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(days, "local_now", lambda: NOW)
    report = stats_json(tmp_path, capsys)
    assert report["activity"] == {} and report["streak"] == {"current": 0, "longest": 0}
    assert report["retention"]["young"] == {"last_30_days": None, "all_time": None}
    assert not cache_path(tmp_path, "default").exists()


def test_root_set_reads_roots_only():
    assert root_set("L4") == {"L4"}
    assert root_set("l 5.") == {"L5"}
    assert root_set("S4-5") == {"S4-5"}
    assert root_set("medial malleolus") is None


# --- properties --------------------------------------------------------------------------

_times = st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2026, 3, 1)).map(
    lambda t: t.replace(tzinfo=UTC, microsecond=0)
)


@st.composite
def review_lists(draw):
    n = draw(st.integers(0, 30))
    out = []
    for i in range(n):
        before = draw(
            st.sampled_from(
                [
                    None,
                    CardState(Sm2State(2, 6, 2.5), last_reviewed=date(2026, 1, 1)),
                    CardState(Sm2State(5, 40, 2.5), last_reviewed=date(2026, 1, 1)),
                ]
            )
        )
        out.append(
            Review(
                time=draw(_times),
                key=draw(st.sampled_from(["d:a", "d:b", "d:c"])),
                grade=draw(st.integers(0, 5)),
                kind=draw(st.sampled_from(["schedule", "drill"])),
                response=draw(st.sampled_from([None, "L4", "L5", ["L4", "S1"]])),
                ms=0,
                before=before,
                after=CardState(),
                id=i + 1,
            )
        )
    return out


@settings(max_examples=60, deadline=None)
@given(review_lists(), st.data())
def test_an_undone_answer_leaves_no_trace(reviews, data):
    undone = data.draw(st.sets(st.sampled_from([r.id for r in reviews]))) if reviews else set()
    agg = aggregate(reviews)
    for review_id in undone:
        assert agg.void(review_id)
    expected = aggregate(r for r in reviews if r.id not in undone)
    assert (agg.days, agg.cards, agg.responses) == (expected.days, expected.cards, expected.responses)
    again = LogAggregate.from_dict(json.loads(json.dumps(agg.to_dict())))
    assert again == agg


@given(st.sets(st.dates(date(2026, 1, 1), date(2026, 2, 1))), st.dates(date(2026, 1, 1), date(2026, 2, 1)))
def test_streaks_are_runs_of_days(studied, today):
    result = streaks(studied, today)
    assert result["current"] <= result["longest"]
    for k in range(result["current"]):
        start = today if today in studied else today - timedelta(days=1)
        assert start - timedelta(days=k) in studied
    if studied:
        assert result["longest"] >= 1


def test_study_day_of_reviews_uses_starts():
    late = Review(datetime(2026, 3, 18, 1, 0, tzinfo=UTC), "d:a", 4, "schedule", None, 0, None, CardState(), 1)
    assert list(aggregate([late]).days) == ["2026-03-17"]
    assert list(aggregate([late], time(0, 0)).days) == ["2026-03-18"]


def test_load_aggregate_without_log(tmp_path):
    agg = load_aggregate(tmp_path, "default", tmp_path / "none.jsonl", {})
    assert agg.days == {}


def test_a_cache_that_cannot_be_written_is_not_an_error(home, capsys, monkeypatch):
    from trainer.store import stats_cache

    def refuse(path, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(stats_cache, "replace_file", refuse)
    assert stats_json(home, capsys)["streak"] == {"current": 5, "longest": 5}
    assert not cache_path(home, "default").exists()


@given(
    st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1)),
    st.times().map(lambda t: t.replace(second=0, microsecond=0)),
)
def test_folded_day_is_the_study_day(moment, starts):
    review = Review(moment.replace(tzinfo=UTC), "d:a", 4, "schedule", None, 0, None, CardState(), 1)
    agg = aggregate([review], starts)
    assert list(agg.days) == [days.study_day(moment, starts).isoformat()]
