"""The starter timeline that ``ishiba init`` writes: every section, one example record each.

It is a template, not data: every value is a placeholder to replace. ``ishiba check`` passes
it as written (a test keeps it so), and the comments say what each field is for.
"""

STARTER = """\
# A timeline for ishiba (the format: run `ishiba help format`).
# Replace every example value with your subject's; `ishiba --data THIS_FILE check` says what is
# missing or wrong, with its line. Every event, race, quote and proposal names its sources.
schema_version: 1

subject:
  name: Example Ada            # the name as the subject's own language orders it
  name_western: Ada Example    # given name first
  # name_native: ...           # the name in the subject's own script, where it is not Latin
  # short_name: Example        # how tight headings name the subject (else: name_western's last word)
  person: example-ada          # the subject's id under people: races count this person's votes
  born: 1960-01-31             # YYYY, YYYY-MM or YYYY-MM-DD: the precision written is kept
  summary: One sentence on who the subject is, in your own words.
  # covered_to: 2026-02        # the date the record is curated to: listings that reach past it say so

sources:                       # everything cited, once each; records cite these ids
  - id: example-news-2020-05-04
    title: The headline exactly as the source prints it
    publisher: Example News
    kind: news                 # seed-article, news, editorial, official, transcript, document,
                               # encyclopedia, think-tank, blog or aggregator
    date: 2020-05-04           # leave it out when it is not known; never guess
    url: https://example.org/2020/05/04/headline

people:                        # everyone the records name
  - id: example-ada
    name: Example Ada
    roles: [party leader 2018-2022]
    sources: [example-news-2020-05-04]
  - id: example-ben
    name: Example Ben
    roles: [rival candidate in 2020]

events:                        # things that happened; `end` makes a span (an office held)
  - id: elected-party-leader
    date: 2020-05-02
    title: Elected leader of the Example Party
    kind: election             # a lowercase word: office, election, speech...
    tags: [party]
    people: [example-ada, example-ben]
    summary: What happened, in your own words.
    sources: [example-news-2020-05-04]
  - id: party-leader
    date: 2020-05-02
    end: 2022-06                # spans may end at any precision
    title: Leader of the Example Party
    kind: office
    summary: The office held, from the vote to the handover.
    sources: [example-news-2020-05-04]

races:                         # contests the subject stood in
  - id: party-race-2020
    date: 2020-05-02
    title: Example Party leadership vote
    contest: Example Party leadership election   # headings are made from it
    attempt: 1                 # the subject's first bid for this contest is 1; number them in date order
    winner: example-ada
    result: won                # won or lost, agreeing with place and winner
    place: 1
    candidates: 2
    runoff: false
    rounds:
      - stage: first           # the ballot in a few words (first, second ballot, members' ballot);
                               # a final runoff is 'runoff', with runoff: true above
        tallies:               # the winner's and the subject's votes at least
          - {candidate: example-ada, votes: 120, blocs: {members: 90, delegates: 30}}   # blocs: optional,
          - {candidate: example-ben, votes: 80}                                          # in your sources' words
    summary: How the vote went, in your own words.
    sources: [example-news-2020-05-04]

quotes:                        # verbatim, as the first source prints them
  - id: first-speech-line
    text: The exact words, copied from the first source below.
    speaker: example-ada
    date: 2020-05-02
    occasion: Acceptance speech after the vote
    event: elected-party-leader
    context: What the words refer to, in your own words.
    sources: [example-news-2020-05-04]
    # original: the words in the language spoken, where the text is a translation
    # phrase: true              # for a fragment of a few words, not a full statement

proposals:                     # policy proposals, with what became of them
  - id: example-proposal
    title: A one-line title
    summary: What the subject proposes.
    rationale: The subject's reasons, as given.
    assessment: What the sources make of it.
    outcome: What became of it.
    status: proposed
    events: [elected-party-leader]
    quotes: [first-speech-line]
    sources: [example-news-2020-05-04]

series:                        # numbers over time from one publisher (a pollster's cabinet approval)
  - id: example-approval
    title: Cabinet approval, Example News poll
    unit: "%"                  # the unit of every value: %, seats
    publisher: Example News    # who publishes the numbers
    points:                    # oldest first; each value with the source that publishes it
      - {date: 2020-04-30, end: 2020-05-01, value: 48, sources: [example-news-2020-05-04]}  # end: fieldwork's last day

glossary:                      # a search for any name of a term finds the others too
  - term: EP
    also: [Example Party]
"""
