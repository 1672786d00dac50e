"""`portal`: the operator's command line. Each service keeps its own subcommands in its
``cli.py``; this only sends each to its owner, so that no service imports another.

    portal tool-credentials ...   services/integrations/cli.py
    portal <anything else>        services/identity/cli.py (create-practice, seed-demo...)
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence

OWNERS = {"tool-credentials": "services.integrations.cli"}
DEFAULT = "services.identity.cli"


def main(argv: Sequence[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in OWNERS:
        importlib.import_module(OWNERS[args[0]]).main(args[1:])
        return
    if args[:1] in (["-h"], ["--help"]):
        print("portal tool-credentials create|list|revoke --practice <slug> ...  (see its --help)")
    importlib.import_module(DEFAULT).main(args)


if __name__ == "__main__":
    main()
