import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ishiba_cli.dates import DateParseError, PartialDate, approximately, parse_date, range_between, span_of


@pytest.mark.parametrize(
    ("value", "iso"),
    [("2008", "2008"), (2008, "2008"), ("2008-09", "2008-09"), ("2008-09-22", "2008-09-22"),
     (dt.date(2008, 9, 22), "2008-09-22"), ("2024-02-29", "2024-02-29"), (" 2008-09 ", "2008-09")],
)  # fmt: skip
def test_every_form_keeps_its_precision(value, iso):
    assert parse_date(value).iso() == iso


@pytest.mark.parametrize(
    ("value", "reason"),
    [("2024-02-30", "29 days"), ("2023-02-29", "28 days"), ("2024-13", "month 13"), ("24-01-01", "not a date"),
     ("0000", "year 0000"), ("2008/09", "not a date"), ("", "not a date"), (True, "boolean"),
     (dt.datetime(2024, 1, 1, 10, 0), "time of day"), (3.5, "not a date"), (None, "not a date")],
)  # fmt: skip
def test_invalid_dates_say_why(value, reason):
    with pytest.raises(DateParseError, match=reason):
        parse_date(value)


def test_a_partial_date_covers_its_whole_period():
    assert parse_date("2008").first_day() == dt.date(2008, 1, 1)
    assert parse_date("2008").last_day() == dt.date(2008, 12, 31)
    assert parse_date("2024-02").last_day() == dt.date(2024, 2, 29)
    assert parse_date("2023-02").last_day() == dt.date(2023, 2, 28)


def test_to_includes_the_whole_period_of_its_date():
    window = range_between(parse_date("2008-09"), parse_date("2018"))
    assert window.start == dt.date(2008, 9, 1)
    assert window.end == dt.date(2018, 12, 31)


def test_a_year_only_record_overlaps_a_range_inside_its_year():
    first, last = span_of(parse_date("2008"), None)
    assert range_between(parse_date("2008-09"), parse_date("2008-12")).overlaps(first, last)
    assert not range_between(parse_date("2009"), None).overlaps(first, last)


def test_spans_run_to_the_end_of_their_end_date():
    first, last = span_of(parse_date("2002-09-30"), parse_date("2004"))
    assert (first, last) == (dt.date(2002, 9, 30), dt.date(2004, 12, 31))


def test_order_is_oldest_first_with_coarser_dates_before_the_days_they_hold():
    dates = [parse_date(x) for x in ["2024-09-27", "2024-09", "2024", "2008-09-22", "2024-10-01"]]
    assert [d.iso() for d in sorted(dates, key=PartialDate.sort_key)] == [
        "2008-09-22", "2024", "2024-09", "2024-09-27", "2024-10-01"]  # fmt: skip


def test_an_approximate_date_is_marked_c_and_an_exact_one_is_left_as_written():
    assert approximately("2024-09", True) == "c. 2024-09"
    assert approximately("September 2024", True) == "c. September 2024"
    assert approximately("2024-09", False) == "2024-09"
    # the mark is the record's (circa), not the date's: the date itself stays plain ISO
    assert parse_date("2024-09").iso() == "2024-09"


@given(st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)), st.sampled_from([1, 2, 3]))
def test_iso_round_trips_at_every_precision(day, precision):
    text = day.isoformat()[: {1: 4, 2: 7, 3: 10}[precision]]
    parsed = parse_date(text)
    assert parsed.iso() == text
    assert parse_date(parsed.iso()) == parsed
    assert parsed.first_day() <= day <= parsed.last_day()
