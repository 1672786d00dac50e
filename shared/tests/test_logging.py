"""Log lines are written in batches from the event loop, in order, and none is lost."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from shared.logging import BatchedLines
from shared.testing import eventually

ROOT = Path(__file__).resolve().parents[2]


class Stream:
    """Records each write, as the pipe or file behind stdout would see it."""

    def __init__(self) -> None:
        self.writes: list[str] = []

    def write(self, text: str) -> int:
        self.writes.append(text)
        return len(text)

    def flush(self) -> None:
        pass

    def lines(self) -> list[str]:
        return "".join(self.writes).splitlines()


def batched(stream: Stream) -> BatchedLines:
    return BatchedLines(lambda: stream, delay=0.01)  # type: ignore[arg-type, return-value]


async def test_lines_logged_in_the_event_loop_go_out_together() -> None:
    stream = Stream()
    lines = batched(stream)

    for n in range(50):
        lines.info(f"request {n}")
    assert stream.writes == []  # nothing yet: they wait for the batch

    async def written() -> bool:
        return bool(stream.writes)

    await eventually(written, seconds=5)
    assert len(stream.writes) == 1
    assert stream.lines() == [f"request {n}" for n in range(50)]


async def test_a_warning_goes_out_at_once_after_the_lines_before_it() -> None:
    stream = Stream()
    lines = batched(stream)

    lines.info("first")
    lines.warning("then this")

    assert stream.lines() == ["first", "then this"]


def test_a_line_logged_with_no_loop_running_goes_out_at_once() -> None:
    stream = Stream()

    batched(stream).info("starting")

    assert stream.lines() == ["starting"]


async def test_a_second_event_loop_in_the_same_process_gets_its_lines_out_too() -> None:
    stream = Stream()
    lines = batched(stream)

    async def log_and_wait(text: str) -> None:
        lines.info(text)
        await asyncio.sleep(0.1)  # several batch delays: the batch is out by now

    def two_loops() -> list[str]:
        asyncio.run(log_and_wait("migrating"))
        asyncio.run(log_and_wait("serving"))
        return stream.lines()

    assert await asyncio.to_thread(two_loops) == ["migrating", "serving"]


def test_a_process_that_exits_has_written_every_line_in_order() -> None:
    script = textwrap.dedent(
        """
        import asyncio, logging
        from shared.logging import configure_logging, get_logger

        configure_logging(service="probe")
        log = get_logger("probe")

        async def main():
            for n in range(3):
                log.info("probe.line", n=n)
            logging.getLogger("library").info("from a library")
            log.warning("probe.warned")
            log.info("probe.last")

        asyncio.run(main())
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=60
    )

    assert result.returncode == 0, result.stderr
    events = [json.loads(line)["event"] for line in result.stdout.splitlines()]
    assert events == [
        "probe.line",
        "probe.line",
        "probe.line",
        "from a library",
        "probe.warned",
        "probe.last",
    ]


def test_with_a_log_file_named_every_process_appends_its_lines_there(tmp_path: Path) -> None:
    log_file = tmp_path / "portal.log"
    log_file.write_text('{"event": "already there"}\n')
    script = textwrap.dedent(
        """
        import asyncio, sys
        from shared.logging import configure_logging, get_logger

        configure_logging(service=sys.argv[1])
        log = get_logger("probe")

        async def main():
            for n in range(200):
                log.info("probe.line", n=n)
                await asyncio.sleep(0)

        asyncio.run(main())
        """
    )
    env = {**os.environ, "PORTAL_LOG_FILE": str(log_file)}
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", script, name], cwd=ROOT, env=env, stdout=subprocess.PIPE
        )
        for name in ("one", "two")
    ]
    outputs = [run.communicate(timeout=60)[0] for run in runs]

    assert outputs == [b"", b""]  # nothing on stdout
    records = [json.loads(line) for line in log_file.read_text().splitlines()]
    assert records[0] == {"event": "already there"}
    for name in ("one", "two"):
        assert [r["n"] for r in records if r.get("service") == name] == list(range(200))
