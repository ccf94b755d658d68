"""Each field rule has one home (`hra_tui/fields.py`): the parsers, the CSV import's quick
checks and the database's CHECKs all agree with it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import CheckConstraint
from sqlmodel import SQLModel

import db.models  # noqa: F401  (the tables, on the metadata)
from hra_tui.fields import AGE, HORIZON, MAX_SLOTS, SKILL, STAFF_NUMBERS, TIME_LIMIT, URGENCY
from hra_tui.services.errors import Invalid
from hra_tui.services.planning.intake.planner import check_limits
from hra_tui.services.planning.ward.records import PlanRequest
from hra_tui.services.validation import (
    check_time_limit,
    clean_money,
    clean_name,
    clean_phone,
    clean_text,
    parse_money,
    parse_name,
    parse_number,
    parse_phone,
    parse_text,
)

_TYPED = st.text(alphabet=st.sampled_from("Ab é+-() 0123456789٣\t\u00a0\x00"), max_size=24)


@given(_TYPED)
def test_a_clean_name_is_what_the_form_would_store(text):
    if clean_name(text):
        assert parse_name(text) == text


@given(_TYPED)
def test_a_clean_phone_is_what_the_form_would_store(text):
    if clean_phone(text):
        assert parse_phone(text) == text


@given(_TYPED)
def test_clean_text_is_what_the_form_would_store(text):
    if clean_text(text, 10):
        assert parse_text(text, "Note", 10) == text


@given(st.text(alphabet=st.sampled_from("0123456789.,-٣"), max_size=12))
def test_clean_money_is_read_as_its_digits(text):
    if clean_money(text):
        assert parse_money(text) == int(text.replace(".", ""))


def test_a_phone_in_other_scripts_digits_is_refused_by_both_paths():
    arabic = "٤٤١١٣٤٩٦٠١٢٣"
    assert not clean_phone(arabic)
    with pytest.raises(Invalid):
        parse_phone(arabic)


@pytest.mark.parametrize("spec", [AGE, URGENCY, *(  # the staff's wide ranges: seconds each
    pytest.param(spec, marks=pytest.mark.slow) for spec in STAFF_NUMBERS.values())])
def test_the_exact_table_is_what_the_parser_reads(spec):
    for text, number in spec.exact().items():
        assert parse_number(text, spec) == number
    with pytest.raises(Invalid, match=spec.message):
        parse_number(str(spec.high + 1), spec)


def test_the_database_checks_the_spec_bounds():
    checks = {check.name: str(check.sqltext) for table in SQLModel.metadata.tables.values()
              for check in table.constraints if isinstance(check, CheckConstraint)}
    assert checks["ck_staff_skill"] == "skill BETWEEN 1 AND 5" == SKILL.between("skill")
    assert checks["ck_patients_age"] == AGE.between("age")
    assert checks["ck_patients_urgency"] == URGENCY.between("urgency")


def test_form_labels_come_from_the_spec():
    assert SKILL.form_label == "Skill (1–5)"
    assert AGE.form_hint == "years, 0–130"
    assert MAX_SLOTS.form_label == "Most slots"


def test_the_planners_limits_are_the_fields():
    assert PlanRequest() == PlanRequest(horizon=HORIZON.default, time_limit=TIME_LIMIT.default)
    for seconds in (TIME_LIMIT.low, TIME_LIMIT.high):
        assert check_time_limit(seconds) == seconds
        check_limits(seconds, None)
    for seconds in (TIME_LIMIT.low - 0.5, TIME_LIMIT.high + 1):
        with pytest.raises(Invalid, match=f"from {TIME_LIMIT.low} to {TIME_LIMIT.high} seconds"):
            check_limits(seconds, None)
