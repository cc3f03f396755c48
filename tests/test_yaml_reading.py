"""The YAML reader reads a value the same whether it is quoted or not, and bounds aliases by
the document's own size: honest files written by ``yaml.dump`` load, alias bombs do not."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import MINIMAL
from ishiba_cli.errors import DataError
from ishiba_cli.load import parse_timeline
from ishiba_cli.yamlsafe import read_yaml

DAY_EVENT = "{id: day-event, date: 2008-09-22,"


def date_problem(value: str) -> list[str]:
    """The problems reported when the day event's date is written as ``value``."""
    text = MINIMAL.replace(DAY_EVENT, "{id: day-event, date: " + value + ",")
    assert text != MINIMAL
    with pytest.raises(DataError) as info:
        parse_timeline(text, "t.yaml")
    return info.value.lines()


# --- item 4: quoted or not, the same answer -------------------------------------------------


@pytest.mark.parametrize(
    "written",
    ["2024-1-5", "2024-01-5", "2024-1-05", "+2024", "2_024", "02024", "0x7e8", "0o3750", "0000", "1e3", "2024.0",
     "2024-02-30", "2024-1-5 10:00:00"],
)  # fmt: skip
def test_an_unquoted_date_is_refused_exactly_as_the_same_text_quoted(written):
    unquoted, quoted = date_problem(written), date_problem(f"'{written}'")
    assert unquoted == quoted
    assert len(unquoted) == 1 and f"events[1].date: '{written}'" in unquoted[0]


def test_one_digit_month_and_day_are_not_read_as_a_date():
    # PyYAML's resolver needs two digits for month and day; it keeps 2024-1-5 as text.
    assert read_yaml("a: 2024-1-5\nb: 2024-01-05\nc: !!timestamp 2024-1-5\n") == {
        "a": "2024-1-5",
        "b": dt.date(2024, 1, 5),
        "c": dt.date(2024, 1, 5),  # an explicit tag asks for a date, as PyYAML's constructor allows
    }


def test_a_message_names_the_text_written_not_the_number_yaml_made_of_it():
    (line,) = date_problem("02024")  # YAML 1.1 reads it as octal 1044, which would be a valid year
    assert "'02024' is not a date" in line and "1044" not in line


def test_unusual_number_spellings_still_count_as_numbers():
    text = MINIMAL.replace("schema_version: 1", "schema_version: +1")
    timeline = parse_timeline(text, "t.yaml")
    assert timeline.schema_version == 1 and type(timeline.schema_version) is int
    assert read_yaml("[+1, 1_000, 0x10, 1.50]") == [1, 1000, 16, 1.5]
