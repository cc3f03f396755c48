"""The command table: every command's name and the module under ``cli/`` that defines it.

To find a command's code, look it up here. A run imports only the invoked command's module
and builds only that command; ``--help`` and shell completion build them all. The order is the
order ``--help`` lists them in.
"""

COMMANDS: dict[str, str] = {
    # exploring: listings and details (cli/explore.py)
    "events": "explore",
    "races": "explore",
    "quotes": "explore",
    "proposals": "explore",
    "show": "explore",
    "search": "explore",
    "onthisday": "explore",
    "disputes": "explore",
    "summary": "explore",
    "sources": "explore",
    "people": "explore",
    # numbers over time: the series and their charts (cli/numbers.py)
    "series": "numbers",
    # producing: pictures, exports, citations and files (cli/produce.py)
    "timeline": "produce",
    "export": "produce",
    "cite": "produce",
    "init": "produce",
    "check": "produce",
    "schema": "produce",
    "help": "produce",
    # browsing: the interactive explorer, the one command that imports Textual (cli/browse.py)
    "browse": "browse",
    # housekeeping: the cache of parsed timelines (cli/caching.py)
    "cache": "caching",
}
