"""Numbers over time: ``ishiba series`` lists the timeline's series, ``ishiba series ID`` draws
one (a column chart, or one point a line where the columns would not fit) with its sources."""

from typing import Annotated, Optional

import typer

from ..render import OutputFormat
from .app import command, state
from .options import FormatOpt, complete_ids, given, taken
from .output import emit, note


@command("series")
def series_cmd(
    ctx: typer.Context,
    ref: Annotated[
        Optional[str],
        typer.Argument(
            metavar="[ID]",
            help="A series' id, id prefix or title words, to draw it.",
            autocompletion=complete_ids(("series",)),
        ),
    ] = None,
    fmt: FormatOpt = OutputFormat.table,
) -> None:
    """List the timeline's series (numbers over time, such as a pollster's cabinet approval); with
    an ID, draw one.

    The chart labels every point's value, dates its axis and names its publisher and the
    sources of its points; where the columns would be too narrow for their values it lists
    one point a line. As JSON it is the series; as JSON Lines, CSV or TSV one point a row.

    Examples:

      ishiba series

      ishiba series example-approval --data my-timeline.yaml

      ishiba series example-approval --data my-timeline.yaml --format csv
    """
    from .. import query
    from ..render import views

    timeline = state(ctx).timeline()
    if ref is None:
        if not timeline.series:
            note(ctx, "the timeline has no series")
        emit(ctx, views.listing("series", list(timeline.series), timeline), fmt)
        return
    found = query.find(timeline, given(ref, "ID"), ("series",))
    taken(ctx, ref, found, "series")  # a prefix or title words: say which series they were taken as
    emit(ctx, views.Chart(found.record, timeline), fmt)
