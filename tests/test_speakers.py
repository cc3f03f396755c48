"""A quote never loses its speaker: every list of quotes inside another record names who said
each one (issue 18), in the terminal at any width, in Markdown, in TimelineJS and in browse."""

from __future__ import annotations

import json
import re

import pytest

from conftest import ROOT, run_cli
from ishiba_cli.model import Quote
from ishiba_cli.render import views

#: the four quotes of the Asian NATO proposal that are not Ishiba's, and whose they are
OTHERS = {
    "kritenbrink-too-early-quote": "Daniel Kritenbrink",
    "jaishankar-strategic-architecture": "Subrahmanyam Jaishankar",
    "iwaya-difficult-immediately": "Iwaya Takeshi",
    "exclusive-military-alliances": "Wu Qian",
}


OTHER = ROOT / "tests" / "data" / "other-subject.yaml"


def _flat(text: str) -> str:
    """The text with its wrapping undone: one space for every run of blanks and line ends."""
    return " ".join(text.split())


def test_attributed_names_others_in_full_and_the_subject_briefly(timeline):
    mine = timeline.by_id["halt-to-thinking"]
    theirs = timeline.by_id["kritenbrink-too-early-quote"]
    assert views.attributed(timeline, theirs).startswith("Daniel Kritenbrink: “It's too early")
    assert views.attributed(timeline, mine).startswith("Ishiba: “")


def test_another_subject_is_named_by_their_own_short_name():
    done = run_cli("--data", str(OTHER), "show", "holt-wins-leadership")
    assert "second-attempt Holt: “A second attempt is a promise kept.”" in _flat(done.stdout)
    assert "Ishiba" not in done.stdout


@pytest.mark.parametrize("columns", ["40", "250"])
@pytest.mark.parametrize("args", [["proposals", "asian-nato"], ["show", "asian-nato"]])
def test_a_proposal_names_every_speaker_of_its_quotes(args, columns, timeline):
    done = run_cli(*args, env={"COLUMNS": columns})
    assert done.returncode == 0, done.stderr
    section = _flat(done.stdout.split("\nQuotes (")[1].split("\nPeople (")[0])
    proposal = timeline.by_id["asian-nato"]
    assert section.startswith(f"{len(proposal.quotes)})")
    for qid, name in OTHERS.items():
        quote = timeline.by_id[qid]
        assert re.search(rf"{qid} {name}: “{re.escape(quote.text[:20])}", section), (qid, columns)
    for qid in proposal.quotes:
        if qid not in OTHERS:  # the subject's own, marked briefly
            assert re.search(rf"{qid} Ishiba: “", section), qid
    assert max(len(line) for line in done.stdout.splitlines()) <= int(columns)


@pytest.mark.parametrize("columns", ["40", "250"])
def test_an_event_names_the_speaker_of_its_quotes(columns):
    done = run_cli("show", "china-criticizes-asian-nato", env={"COLUMNS": columns})
    section = _flat(done.stdout.split("\nQuotes (")[1])
    assert "exclusive-military-alliances Wu Qian: “stop engaging" in section


def test_a_person_names_themselves_beside_their_quotes():
    done = run_cli("show", "daniel-kritenbrink")
    assert "kritenbrink-too-early-quote Daniel Kritenbrink: “It's too early" in _flat(done.stdout)


@pytest.mark.parametrize("ref", ["asian-nato", "china-criticizes-asian-nato"])
def test_markdown_details_name_the_speakers(ref, timeline):
    done = run_cli("show", ref, "--format", "markdown")
    quotes = done.stdout.split("## Quotes")[1].split("\n## ")[0]
    items = [line for line in quotes.splitlines() if line.startswith("- ")]
    assert items
    for line in items:
        qid = next(w for w in line.split() if w in timeline.by_id)
        quote = timeline.by_id[qid]
        name = OTHERS.get(qid, "Ishiba")
        assert isinstance(quote, Quote) and f" {name}: “" in line, line


def test_the_markdown_export_names_every_speaker(timeline):
    text = run_cli("export", "--format", "markdown").stdout
    for qid, name in OTHERS.items():
        words = timeline.by_id[qid].text
        block = text.split(words[:30].replace("[", "\\[").replace("]", "\\]"))[1].split("\n\n")[0]
        assert f"> — {name}," in block, qid


def test_timelinejs_credits_every_quote_to_its_speaker(timeline):
    data = json.loads(run_cli("export", "--format", "timelinejs").stdout)
    body = json.dumps(data, ensure_ascii=False)
    for qid, name in OTHERS.items():
        words = timeline.by_id[qid].text.replace("'", "&#x27;")[:25]
        at = body.index(words)
        assert name in body[at : at + 600], qid


# browse's links name each speaker too: checked in test_browse.py, in a browser it shares with
# other checks (one app start-up fewer).
