import pytest

from ishiba_cli import query
from ishiba_cli.dates import parse_date
from ishiba_cli.errors import NotFoundError, UsageError
from ishiba_cli.load import load_timeline
from ishiba_cli.search import Matcher, parse_query


@pytest.fixture
def small(minimal):
    return load_timeline(minimal)


def ids(records):
    return [r.id for r in records]


def events(t, **kw):
    return ids(query.apply(t, "events", query.Filter(**kw)))


def test_oldest_first_and_reverse(small):
    assert ids(query.apply(small, "events", query.Filter())) == ["span-event", "year-only", "day-event", "later"]
    assert ids(query.apply(small, "events", query.Filter(), reverse=True))[0] == "later"


def test_year_matches_records_that_may_fall_in_it(small):
    assert events(small, years=(2008,)) == ["year-only", "day-event"]
    assert events(small, years=(2003,)) == ["span-event"]
    assert events(small, years=(2003, 2019)) == ["span-event", "later"]


def test_a_year_only_record_falls_in_a_range_inside_its_year(small):
    assert events(small, since=parse_date("2008-09"), until=parse_date("2008-12")) == ["year-only", "day-event"]
    assert events(small, since=parse_date("2008-10"), until=parse_date("2008-12")) == ["year-only"]


def test_to_includes_all_of_a_partial_end(small):
    assert events(small, until=parse_date("2008")) == ["span-event", "year-only", "day-event"]
    assert events(small, until=parse_date("2007")) == ["span-event"]


def test_on_a_partial_date(small):
    assert events(small, on=parse_date("2008-09")) == ["year-only", "day-event"]
    assert events(small, on=parse_date("2004-09-27")) == ["span-event"]
    assert events(small, on=parse_date("2004-09-28")) == []


def test_from_after_to_is_a_usage_error(small):
    with pytest.raises(UsageError, match="after"):
        events(small, since=parse_date("2010"), until=parse_date("2009"))


def test_tags_must_all_match_and_kinds_any(small):
    assert events(small, tags=("a",)) == ["span-event", "day-event"]
    assert events(small, tags=("a", "b")) == ["day-event"]
    assert events(small, kinds=("office", "election")) == ["span-event", "day-event"]


def test_filters_combine_with_and(small):
    assert events(small, years=(2008,), kinds=("election",), person="test-person") == ["day-event"]


def test_search_reaches_people_names_in_japanese(small):
    assert events(small, matcher=Matcher(parse_query(["試験"]))) == ["day-event"]


def test_why_empty_names_the_filter_that_matched_nothing(small):
    flt = query.Filter(years=(1900,), kinds=("office",), labels={"year": "--year 1900"})
    assert query.why_empty(small, "events", flt, "event") == "no event matched --year 1900"
    flt = query.Filter(years=(2008,), kinds=("office",), labels={"year": "--year 2008", "kind": "--kind office"})
    assert "all of: --year 2008; --kind office" in query.why_empty(small, "events", flt, "event")


def test_resolve_by_exact_id_prefix_and_title_word(timeline):
    assert query.resolve(timeline, "revise-sofa").id == "revise-sofa"
    assert query.resolve(timeline, "NAHA-SPEECH").id == "naha-speech"
    assert query.resolve(timeline, "gates-press").id == "gates-press-conference"
    assert query.resolve(timeline, "sofa", ("proposal",)).id == "revise-sofa"
    assert query.resolve(timeline, "abe", ("person",)).id == "abe-shinzo"


def test_resolve_reports_ambiguity_with_candidates(timeline):
    with pytest.raises(NotFoundError, match="ambiguous") as info:
        query.resolve(timeline, "ldp-race-20")
    assert "ldp-race-2008" in info.value.candidates


def test_resolve_suggests_close_ids(timeline):
    with pytest.raises(NotFoundError) as info:
        query.resolve(timeline, "naha-speach")
    assert info.value.candidates[0] == "naha-speech"


def test_links_are_followed_one_step(timeline):
    by_id = timeline.by_id
    quote_links = query.related(timeline, by_id["help-strengthen"])
    assert ids(quote_links["events"]) == ["first-press-conference"]
    assert "revise-sofa" in ids(quote_links["proposals"])
    event_links = query.related(timeline, by_id["first-press-conference"])
    assert {"help-strengthen", "appointed-102nd"} <= set(ids(event_links["quotes"]))
    person_links = query.related(timeline, by_id["abe-shinzo"])
    assert "ldp-race-2018" in ids(person_links["races"])
    source_links = query.related(timeline, by_id["diplomat-2024-10"])
    assert "ldp-race-2020" in ids(source_links["races"])


def test_summary_counts_and_span(timeline):
    s = query.summarize(timeline)
    assert s.first.iso() == "1957-02-04"  # his birth
    assert s.last.iso() == max((d for d in timeline.dated()), key=lambda d: d.last_day()).iso()
    assert s.last.year >= 2026  # the record runs past his premiership
    assert sum(n for _, n in s.per_year) == len(timeline.events)
    assert ids(s.races) == ["ldp-race-2008", "ldp-race-2012", "ldp-race-2018", "ldp-race-2020", "ldp-race-2024"]
    assert "ldp-race-2020" in ids(s.disputed)


def test_describe_counts_uses_singular_for_one():
    assert query.describe_counts({"events": 1, "people": 2}) == "1 event, 2 people"
