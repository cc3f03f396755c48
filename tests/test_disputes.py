"""`ishiba disputes`: every place where sources disagree, and which claims of a source are disputed."""

from __future__ import annotations

import csv
import io
import json

from conftest import run_cli
from ishiba_cli import query


def test_every_dispute_is_listed_once(timeline):
    rows = query.disputes(timeline)
    expected = sum(len(r.disputes) for s in ("events", "races", "quotes", "proposals") for r in timeline.section(s))
    assert len(rows) == expected > 0


def test_source_filter_keeps_only_that_sources_claims(timeline):
    rows = query.disputes(timeline, source="diplomat-2024-10")
    assert rows and all("diplomat-2024-10" in r.claimed_by for r in rows)
    assert {"ldp-race-2020", "declines-2021-race"} <= {r.record for r in rows}


def test_the_seed_articles_disputed_claims_in_the_cli():
    done = run_cli("disputes", "--source", "diplomat-2024-10", "--format", "json")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert rows and all("diplomat-2024-10" in r["claimed_by"] for r in rows)
    assert {"record", "status", "claim", "claimed_by", "finding", "supported_by"} <= set(rows[0])


def test_status_filter_and_csv():
    done = run_cli("disputes", "--status", "contradicted", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert rows and {r["status"] for r in rows} == {"contradicted"}


def test_a_wrong_status_is_a_usage_error():
    assert run_cli("disputes", "--status", "wrong").returncode == 2


def test_the_table_shows_claim_finding_and_both_sides():
    out = run_cli("disputes", "--source", "diplomat-2024-10").stdout
    assert "His fourth failed attempt was in 2021." in out
    assert "better sources say" in out and "claimed by" in out


def test_show_source_lists_the_disputes_it_is_party_to():
    out = run_cli("show", "diplomat-2024-10").stdout
    assert "Disputes this source is party to" in out
    assert "ldp-race-2020: claims: His fourth failed attempt was in 2021." in out
    backing = run_cli("show", "asahi-2024-09-27-president").stdout
    assert "supports the finding" in backing


def test_markdown_footnotes_the_sources_of_each_side():
    out = run_cli("disputes", "--status", "contradicted", "--format", "markdown").stdout
    footnotes = [line for line in out.splitlines() if line.startswith("[^")]
    assert "[^1]" in out and any("diplomat-2024-10" in line for line in footnotes)
