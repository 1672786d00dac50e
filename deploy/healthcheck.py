"""``python -m deploy.healthcheck URL...``: exit 0 when every URL answers 2xx, else 1.

Container images have no curl; compose healthchecks and ``make up-bg`` use this instead.
"""

from __future__ import annotations

import argparse
import sys
import urllib.error
import urllib.request
from collections.abc import Sequence


def answers(url: str, *, timeout: float) -> str | None:
    """None when ``url`` answers 2xx, else why not."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (http only)
            return None if 200 <= response.status < 300 else f"HTTP {response.status}"
    except urllib.error.HTTPError as exc:
        return f"HTTP {exc.code}"
    except (OSError, ValueError) as exc:
        return type(exc).__name__ if not str(exc) else str(exc)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m deploy.healthcheck")
    parser.add_argument("urls", nargs="+")
    parser.add_argument("--timeout", type=float, default=3.0)
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    failed = False
    for url in args.urls:
        problem = answers(url, timeout=args.timeout)
        if problem is not None:
            failed = True
            if not args.quiet:
                print(f"{url}: {problem}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
