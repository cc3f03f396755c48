"""Order: every list of related records in date order, the undated last, in every output."""

from __future__ import annotations

import json
import re

import pytest
import yaml

from conftest import ROOT, run_cli, write_yaml
from ishiba_cli import query
from ishiba_cli.dates import parse_date
from ishiba_cli.load import load_timeline
from ishiba_cli.model import Reaction, Source, in_date_order
from ishiba_cli.render import render, views

# --- functions ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sofa_reactions() -> list[str]:
    """The SOFA proposal's reactions as the file lists them, in date order (the file lists them
    out of order): read by the tests that use it, not by every worker that collects the module."""
    document = yaml.load((ROOT / "data" / "timeline.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    return sorted(str(r["date"]) for p in document["proposals"] if p["id"] == "revise-sofa" for r in p["reactions"])


def test_in_date_order_puts_the_undated_last_and_keeps_ties_in_their_order():
    def r(label, date):
        return Reaction(by=label, summary="", sources=(), date=parse_date(date) if date else None)

    given = [r("nov", "2024-11"), r("none-1", None), r("oct-07", "2024-10-07"), r("year", "2024"),
             r("none-2", None), r("oct-02", "2024-10-02"), r("nov-28", "2024-11-28")]  # fmt: skip
    assert [x.by for x in in_date_order(given)] == ["year", "oct-02", "oct-07", "nov", "nov-28", "none-1", "none-2"]


def dates_of(records) -> list:
    return [r.date.sort_key() for r in records if r.date is not None]


def test_the_bundled_proposals_reactions_are_read_in_date_order(timeline):
    sofa = timeline.by_id["revise-sofa"]
    shown = [r.date.iso() for r in sofa.reactions]
    assert {"2024-10-02", "2024-10-07", "2024-11", "2024-11-28"} <= set(shown)
    assert shown.index("2024-10-07") < shown.index("2024-11") < shown.index("2024-11-28"), "not in file order"
    for proposal in timeline.proposals:
        dated = [r for r in proposal.reactions if r.date is not None]
        assert list(proposal.reactions[: len(dated)]) == dated, "the undated come last"
        assert dates_of(dated) == sorted(dates_of(dated)), proposal.id


def test_every_related_list_of_every_record_is_in_date_order_undated_last(timeline):
    for record in timeline.by_id.values():
        for section, items in query.related(timeline, record).items():
            if not hasattr(items[0], "date"):  # people and proposals have no date
                continue
            dated = [i for i in items if i.date is not None]
            assert items[: len(dated)] == dated, (record.id, section)
            assert dates_of(dated) == sorted(dates_of(dated)), (record.id, section)


def test_related_sources_with_no_date_come_last(timeline):
    sources = query.related(timeline, timeline.by_id["ldp-race-2008"])["sources"]
    undated = [s.id for s in sources if s.date is None]
    assert undated and [s.id for s in sources[-len(undated) :]] == undated
    assert all(isinstance(s, Source) for s in sources)


def test_people_under_a_proposal_follow_their_reactions_dates(tmp_path):
    path = write_yaml(
        tmp_path,
        """\
        schema_version: 1
        subject: {name: Test Person, name_western: Person Test, person: p-subject}
        sources:
          - {id: s, title: T, publisher: P, kind: news, date: 2020}
        people:
          - {id: p-subject, name: Test Person, roles: [subject]}
          - {id: p-late, name: Late Reactor, roles: [critic]}
          - {id: p-early, name: Early Reactor, roles: [critic]}
        events:
          - {id: e, date: 2020, title: E, kind: party, summary: S., sources: [s]}
        proposals:
          - id: plan
            title: A plan
            summary: S.
            rationale: R.
            assessment: A.
            outcome: O.
            sources: [s]
            reactions:
              - {by: Nobody dated, summary: Undated., sources: [s]}
              - {by: Late Reactor, summary: Late., sources: [s], date: 2021-05, person: p-late}
              - {by: Early Reactor, summary: Early., sources: [s], date: 2020-03-01, person: p-early}
        """,
    )
    tl = load_timeline(path, cache=False)
    plan = tl.by_id["plan"]
    assert [r.by for r in plan.reactions] == ["Early Reactor", "Late Reactor", "Nobody dated"]
    assert [p.id for p in query.related(tl, plan)["people"]] == ["p-early", "p-late"]
    text = render(views.detail(plan, tl), "markdown")
    assert text.index("Early.") < text.index("Late.") < text.index("Undated.")


def test_a_problem_in_a_reaction_is_still_reported_at_its_place_in_the_file(tmp_path):
    path = write_yaml(
        tmp_path,
        """\
        schema_version: 1
        subject: {name: Test Person, name_western: Person Test}
        sources:
          - {id: s, title: T, publisher: P, kind: news}
        events:
          - {id: e, date: 2020, title: E, kind: party, summary: S., sources: [s]}
        proposals:
          - {id: plan, title: A plan, summary: S., rationale: R., assessment: A., outcome: O., sources: [s],
             reactions: [{by: A, summary: ok, sources: [s], date: 2021}, {by: B, summary: bad, sources: [s], date: 2020-13}]}
        """,
    )
    done = run_cli("--data", str(path), "--no-cache", "check")
    assert done.returncode == 3 and "reactions[1].date" in done.stderr


# --- rendered output ----------------------------------------------------------------------------


def reaction_dates(text: str) -> list[str]:
    block = text.split("Reactions", 1)[1]
    block = re.split(r"\n(?:Events|## Events)", block, maxsplit=1)[0]
    return re.findall(r"(\d{4}-\d{2}(?:-\d{2})?|n\.d\.)\s+\S", block)


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_proposal_reactions_are_shown_in_date_order(timeline, fmt, sofa_reactions):
    text = render(views.detail(timeline.by_id["revise-sofa"], timeline), fmt)
    if not isinstance(text, str):
        from rich.console import Console

        from ishiba_cli.render.terminal import to_text

        text = to_text(text, Console(width=80, color_system=None, highlight=False, markup=False))
    assert reaction_dates(text) == sofa_reactions


# --- the CLI as a process -----------------------------------------------------------------------


def test_proposals_sofa_lists_its_reactions_in_date_order(sofa_reactions):
    done = run_cli("proposals", "sofa")
    assert done.returncode == 0, done.stderr
    assert reaction_dates(done.stdout) == sofa_reactions
    data = json.loads(run_cli("proposals", "sofa", "-f", "json").stdout)
    record = data[0] if isinstance(data, list) else data
    assert [r["date"] for r in record["reactions"]] == sofa_reactions
