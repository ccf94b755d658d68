"""`hra forecast` and `hra forecast backtest` on the demo ward: a table or JSON per ward and
day, the backtest's scores, and one clear line for a ward that cannot have a forecast."""

from __future__ import annotations

import json
from datetime import date, timedelta

from support.cli import one_line
from support.wards import connect, day_before_last


def test_the_forecast_gives_every_ward_each_day_with_intervals(hra, db):
    result = hra(db, "forecast", "--days", "3", "--json")
    assert result.exit_code == 0, result.output
    wards = json.loads(result.stdout)
    assert [w["ward"] for w in wards] == ["Ward 3 — Medical", "Ward 4 — Surgical"]
    for ward in wards:
        assert ward["history_days"] == 730
        days = [date.fromisoformat(d["day"]) for d in ward["days"]]
        assert days == [date.fromisoformat(ward["origin"]) + timedelta(days=k) for k in range(3)]
        for day in ward["days"]:
            for series in ("admissions", "discharges", "occupancy"):
                b = day[series]
                assert 0 <= b["low95"] <= b["low80"] <= b["mean"] <= b["high80"] <= b["high95"]


def test_the_forecast_table_names_the_ward_and_its_history(hra, db):
    result = hra(db, "forecast", "--ward", "surgical", "--days", "2")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Ward 4 — Surgical: 730 days of history; forecast from ")
    assert lines[1].split() == ["DAY", "ADMISSIONS", "DISCHARGES", "BEDS", "BEDS", "95", "%"]
    assert len(lines) == 4


def test_the_backtest_scores_each_series_against_last_week(hra, db):
    result = hra(db, "forecast", "backtest", "--ward", "Medical", "--json")
    assert result.exit_code == 0, result.output
    (ward,) = json.loads(result.stdout)
    assert ward["window"] == 90
    occupancy = ward["occupancy"]
    assert occupancy["days"] == 90 and occupancy["mase"] < 1
    assert abs(occupancy["mase"] - occupancy["mae"] / occupancy["naive_mae"]) < 0.01


def test_a_ward_with_too_little_history_is_refused_by_name(hra, db):
    with connect(db) as conn:
        conn.execute("DELETE FROM ward_history WHERE ward_id = 2 AND day < ?",
                     (day_before_last(conn, 9),))
    line = one_line(hra(db, "forecast", "--ward", "Surgical"), 1)
    assert line == "hra: Ward 4 — Surgical has 10 days of history; a forecast needs at least 56"
    # Among all wards it is left out, with the same words on stderr.
    result = hra(db, "forecast", "--days", "1", "--json")
    assert result.exit_code == 0
    assert [w["ward"] for w in json.loads(result.stdout)] == ["Ward 3 — Medical"]
    assert "Ward 4 — Surgical has 10 days of history" in result.stderr


def test_bad_input_is_one_line(hra, db):
    assert "1 to 90 days ahead" in one_line(hra(db, "forecast", "--days", "0"), 1)
    assert "No ward named 'Nowhere'" in one_line(hra(db, "forecast", "--ward", "Nowhere"), 1)
    assert "names 2 wards" in one_line(hra(db, "forecast", "--ward", "ward"), 1)


def test_no_ward_with_enough_history_is_a_refusal(hra, db):
    with connect(db) as conn:
        conn.execute("DELETE FROM ward_history WHERE day < ?", (day_before_last(conn, 29),))
    line = one_line(hra(db, "forecast"), 1)
    assert line == ("hra: Ward 3 — Medical has 30 days of history; a forecast needs at least "
                    "56 (and 1 more ward alike)")
