"""export --format sqlite: the database's contents, and the real Datasette serving it."""

from __future__ import annotations

import contextlib
import sqlite3
import urllib.parse
from pathlib import Path

import pytest

from conftest import ROOT, run_cli

OTHER = ROOT / "tests" / "data" / "other-subject.yaml"


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sqlite")
    done = run_cli("export", "--format", "sqlite", "-o", str(folder / "ishiba.db"), "--metadata",
                   str(folder / "ishiba.yml"))  # fmt: skip
    assert done.returncode == 0, done.stderr
    return folder / "ishiba.db", folder / "ishiba.yml"


def rows(db: Path, sql: str, *params) -> list[tuple]:
    with contextlib.closing(sqlite3.connect(db)) as conn:
        return conn.execute(sql, params).fetchall()


def test_every_section_is_a_table_with_every_record(exported, timeline):
    db, _ = exported
    for section in ("events", "races", "quotes", "proposals", "people", "sources", "series"):
        assert rows(db, f"select count(*) from {section}") == [(len(timeline.section(section)),)]
    assert timeline.series, "the bundled timeline has approval series"
    assert rows(db, "select count(*) from points") == [(sum(len(s.points) for s in timeline.series),)]
    disputes = sum(len(r.disputes) for s in ("events", "races", "quotes", "proposals") for r in timeline.section(s))
    assert rows(db, "select count(*) from disputes") == [(disputes,)]
    links = sum(len(e.sources) for e in timeline.events)
    assert rows(db, "select count(*) from event_sources") == [(links,)]


def test_dates_keep_their_precision_and_give_the_days_they_cover(exported):
    db, _ = exported
    got = dict(
        (row[0], row[1:]) for row in rows(db, "select precision, date, start, end, year from events group by precision")
    )
    assert set(got) <= {"year", "month", "day"}
    for precision, (date, start, end, year) in got.items():
        assert start <= end and start.startswith(str(year)) and date == start[: len(date)]
        if precision == "month":
            assert len(date) == 7 and start.endswith("-01") and end[-2:] in {"28", "29", "30", "31"}


def test_foreign_keys_are_declared_and_hold(exported):
    db, _ = exported
    declared = {(t, fk[3], fk[2]) for (t,) in rows(db, "select name from sqlite_master where type='table'")
                for fk in rows(db, f"pragma foreign_key_list([{t}])")}  # fmt: skip
    for expected in [("quotes", "speaker", "people"), ("quotes", "event", "events"), ("quotes", "source", "sources"),
                     ("tallies", "round", "rounds"), ("rounds", "race", "races"), ("event_tags", "tag", "tags"),
                     ("event_sources", "source", "sources"), ("proposal_quotes", "quote", "quotes"),
                     ("races", "winner", "people"), ("dispute_sources", "source", "sources")]:  # fmt: skip
        assert expected in declared
    assert rows(db, "pragma foreign_key_check") == []


def test_japanese_full_text_search_and_the_short_term_fallback(exported):
    db, _ = exported
    found = {r[0] for r in rows(db, "select id from quotes where rowid in "
                                    "(select rowid from quotes_fts where quotes_fts match ?)", '"地位協定"')}  # fmt: skip
    assert found == {"revision-itself-2018", "help-strengthen"}  # text, and original (read in the YAML)
    # two characters are below a trigram: FTS cannot find them, LIKE (the canned query) can
    assert rows(db, "select count(*) from quotes_fts where quotes_fts match ?", '"石破"') == [(0,)]
    assert rows(db, "select count(*) from events where title like '%石破%' or summary like '%石破%'")[0][0] > 0


def test_reexport_replaces_the_file_atomically(tmp_path):
    target = tmp_path / "t.db"
    assert run_cli("export", "-f", "sqlite", "-o", str(target)).returncode == 0
    before = target.stat().st_ino
    again = run_cli("export", "-f", "sqlite", "-o", str(target))
    assert again.returncode == 2 and "--force" in again.stderr
    done = run_cli("export", "-f", "sqlite", "-o", str(target), "--force", "--from", "2024")
    assert done.returncode == 0, done.stderr
    assert target.stat().st_ino != before  # a new file renamed into place, not rewritten in place
    assert rows(target, "select min(year) from events") == [(2024,)]
    assert rows(target, "pragma foreign_key_check") == []  # references outside the selection are left out
    assert [p.name for p in tmp_path.iterdir()] == ["t.db"]  # no temporary file left behind


def test_sqlite_needs_a_file_and_metadata_needs_sqlite(tmp_path):
    done = run_cli("export", "-f", "sqlite")
    assert done.returncode == 2 and "--output FILE.db" in done.stderr and not done.stdout
    done = run_cli("export", "-f", "json", "--metadata", str(tmp_path / "m.yml"))
    assert done.returncode == 2 and "--format sqlite" in done.stderr
    (tmp_path / "m.yml").write_text("mine")
    done = run_cli("export", "-f", "sqlite", "-o", str(tmp_path / "t.db"), "--metadata", str(tmp_path / "m.yml"))
    assert done.returncode == 2 and not (tmp_path / "t.db").exists()  # checked both before writing either


def test_metadata_for_another_subject_says_nothing_of_ishiba(tmp_path):
    done = run_cli("--data", str(OTHER), "export", "-f", "sqlite", "-o", str(tmp_path / "x.db"), "--metadata", "-")
    assert done.returncode == 0, done.stderr
    assert "ishiba" not in done.stdout.lower() and "石破" not in done.stdout.replace("(石破, 核)", "")
    assert "x:" in done.stdout  # the database is named after its file, as Datasette names it


def test_every_section_table_is_titled_as_the_other_views_title_it(example):
    """Datasette's table titles are the sections' headings, as listings and exports name them."""
    from ishiba_cli.render.sqlite import metadata

    tables = metadata(example, "x")["databases"]["x"]["tables"]
    titles = {name: tables[name]["title"].split(":")[0] for name in
              ("events", "races", "quotes", "proposals", "series", "people", "sources")}  # fmt: skip
    assert titles == {"events": "Events", "races": "Races", "quotes": "Quotes", "proposals": "Proposals",
                      "series": "Series", "people": "People", "sources": "Sources"}  # fmt: skip


# ----------------------------------------------------------------------------- the real Datasette


class _Datasette:
    """The real Datasette on the exported database and metadata, as ``datasette serve ishiba.db
    -m ishiba.yml`` opens them, asked through its own client (datasette.client): the same pages
    and JSON as over HTTP, with no server to start, no port and nothing to wait for."""

    def __init__(self, db: Path, meta: Path) -> None:
        import asyncio

        from datasette.app import Datasette
        from datasette.utils import parse_metadata

        self.run = asyncio.run
        self.app = Datasette([str(db)], metadata=parse_metadata(meta.read_text(encoding="utf-8")))
        self.run(self.app.invoke_startup())
        self.base = f"/{db.stem}"

    def get(self, path: str, **params) -> dict | list:
        answer = self.run(self.app.client.get(f"{self.base}{path}?{urllib.parse.urlencode(params)}"))
        assert answer.status_code == 200, answer.text[-2000:]
        return answer.json()


def _get(datasette: _Datasette, path: str, **params) -> dict | list:
    return datasette.get(path, **params)


@pytest.fixture(scope="module")
def datasette(exported):
    pytest.importorskip("datasette", reason="the test extra installs datasette")
    return _Datasette(*exported)


def test_datasette_searches_quotes_in_japanese_and_english(datasette, timeline):
    found = {r["id"] for r in _get(datasette, "/quotes.json", _search="地位協定", _shape="array")}
    assert found == {"revision-itself-2018", "help-strengthen"}
    found = {r["id"] for r in _get(datasette, "/quotes.json", _search="alliance", _shape="array", _size="max")}
    expected = {q.id for q in timeline.quotes if any("alliance" in (t or "").lower()
                                                      for t in (q.text, q.original, q.context))}  # fmt: skip
    assert found == expected and expected


def test_datasette_finds_short_terms_with_the_canned_query(datasette, timeline):
    found = {r["id"] for r in _get(datasette, "/quotes_containing.json", term="核", _shape="array", _size="max")}
    expected = {q.id for q in timeline.quotes if any("核" in (t or "") for t in (q.text, q.original, q.context))}
    assert found == expected and expected


def test_datasette_facets_events_by_year_and_tag(datasette, timeline):
    data = _get(datasette, "/events.json", _size="0")
    years = {f["value"]: f["count"] for f in data["facet_results"]["year"]["results"]}
    assert years[2024] == sum(1 for e in timeline.events if e.date.year == 2024)
    tags = {f["value"]: f["count"] for f in data["facet_results"]["tags"]["results"]}
    assert tags["sofa"] == sum(1 for e in timeline.events if "sofa" in e.tags)
    picked = _get(datasette, "/events.json", year="2024", _shape="array", _size="max")
    assert picked and {r["year"] for r in picked} == {2024}


def test_datasette_reaches_a_races_tallies_from_the_race(datasette, timeline):
    race = next(r for r in timeline.races if len(r.rounds) > 1)
    row = _get(datasette, f"/races/{race.id}.json", _extras="foreign_key_tables")
    linked = {t["other_table"]: t["count"] for t in row["foreign_key_tables"]}
    assert linked["tallies"] == sum(len(rnd.tallies) for rnd in race.rounds)
    assert linked["rounds"] == len(race.rounds)
    tallies = _get(datasette, "/tallies.json", race=race.id, _shape="array", _size="max", _labels="on")
    final = {t["candidate"]["value"]: t["votes"] for t in tallies if t["round"]["value"] == max(
        x["round"]["value"] for x in tallies)}  # fmt: skip
    assert final == {t.candidate: t.votes for t in race.rounds[-1].tallies}


def test_a_series_points_keep_their_values_dates_and_sources(exported, timeline):
    db, _ = exported
    series = timeline.series[0]
    got = rows(db, "select date, value, end_date from points where series = ? order by id", series.id)
    assert got == [(p.date.iso(), float(p.value), p.end.iso() if p.end else None) for p in series.points]
    first = rows(db, "select ps.source from point_sources ps join points p on p.id = ps.point "
                     "where p.series = ? order by p.id, ps.position limit 1", series.id)  # fmt: skip
    assert first == [(series.points[0].sources[0],)]
