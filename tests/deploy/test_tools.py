"""deploy/scripts/ensure-tools.sh decides what make installs, on a fake system.

Each test runs the real script with PATH set to a folder of its own: a few real programs
the script uses, and stand-ins for apt-get, apt-cache, sudo, id and the tools themselves.
The stand-in apt-get writes down each call and "installs" a package by putting a program
of that name in the folder, so nothing on this machine is installed or removed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BASH = shutil.which("bash") or "/bin/bash"
CHMOD = shutil.which("chmod") or "/bin/chmod"
REAL_PROGRAMS = ("dirname", "env", "grep", "sed", "tr", "cat")

APT_GET = """#!{bash}
echo "apt-get $*" >>"$FAKE_LOG"
[ "${{FAKE_APT_BROKEN:-0}}" = 0 ] || exit 0
[ "$1" = update ] && exit 0
for name in "$@"; do
    case $name in
        chromium | wrk | npm) printf '#!{bash}\\necho %s\\n' "$name" >"$FAKE_BIN/$name" ;;
        nodejs)
            version=${{FAKE_NODE_CANDIDATE#*:}}
            printf '#!{bash}\\necho v%s\\n' "${{version%%[-+~]*}}" >"$FAKE_BIN/node"
            case $FAKE_NODE_CANDIDATE in *nodesource*) echo '#!{bash}' >"$FAKE_BIN/npm" ;; esac
            ;;
        *) continue ;;
    esac
    {chmod} +x "$FAKE_BIN/$name" "$FAKE_BIN/node" "$FAKE_BIN/npm" 2>/dev/null || true
done
"""
APT_CACHE = """#!{bash}
printf '%s:\\n  Installed: (none)\\n  Candidate: %s\\n' "$2" "${{FAKE_NODE_CANDIDATE:-(none)}}"
"""
SUDO = """#!{bash}
echo "sudo $*" >>"$FAKE_LOG"
exec "$@"
"""
ID = """#!{bash}
echo "${{FAKE_UID:-0}}"
"""


@dataclass
class FakeSystem:
    root: Path
    bin: Path
    log: Path

    def program(self, name: str, output: str = "") -> None:
        path = self.bin / name
        path.write_text(f"#!{BASH}\necho '{output}'\n")
        path.chmod(0o755)

    def remove(self, name: str) -> None:
        (self.bin / name).unlink()

    def calls(self) -> list[str]:
        return self.log.read_text().splitlines() if self.log.exists() else []

    def installs(self) -> list[list[str]]:
        """The package names of each apt-get install, options left out."""
        return [
            [word for word in call.split()[2:] if not word.startswith("-") and "::" not in word]
            for call in self.calls()
            if call.startswith("apt-get install")
        ]

    def run(self, *tools: str, **env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [BASH, str(self.root / "deploy" / "scripts" / "ensure-tools.sh"), *tools],
            capture_output=True,
            text=True,
            env={
                "PATH": str(self.bin),
                "HOME": str(self.root),
                "FAKE_BIN": str(self.bin),
                "FAKE_LOG": str(self.log),
                **env,
            },
            timeout=30,
        )


@pytest.fixture
def system(tmp_path: Path) -> FakeSystem:
    """A Debian-like system, as root, with every tool present; tests take away what they
    need missing."""
    shutil.copytree(ROOT / "deploy" / "scripts", tmp_path / "deploy" / "scripts")
    fake = FakeSystem(root=tmp_path, bin=tmp_path / "bin", log=tmp_path / "calls.log")
    fake.bin.mkdir()
    for name in REAL_PROGRAMS:
        real = shutil.which(name)
        assert real is not None, f"{name} is needed to run these tests"
        (fake.bin / name).symlink_to(real)
    for name, text in (("apt-get", APT_GET), ("apt-cache", APT_CACHE), ("id", ID)):
        (fake.bin / name).write_text(text.format(bash=BASH, chmod=CHMOD))
        (fake.bin / name).chmod(0o755)
    fake.program("chromium")
    fake.program("wrk")
    fake.program("node", "v20.20.2")
    fake.program("npm")
    return fake


def with_sudo(system: FakeSystem) -> None:
    (system.bin / "sudo").write_text(SUDO.format(bash=BASH))
    (system.bin / "sudo").chmod(0o755)


def test_nothing_is_installed_when_every_tool_is_there(system: FakeSystem) -> None:
    result = system.run("chromium", "node", "wrk")

    assert result.returncode == 0, result.stderr
    assert system.calls() == []


def test_a_missing_chromium_is_installed_with_apt_get_as_root(system: FakeSystem) -> None:
    system.remove("chromium")

    result = system.run("chromium", "node")

    assert result.returncode == 0, result.stderr
    assert system.calls()[0] == "apt-get update -qq"
    assert system.installs() == [["chromium"]]
    assert (system.bin / "chromium").exists()
    assert "Installed: chromium" in result.stdout


def test_a_user_with_sudo_installs_through_sudo(system: FakeSystem) -> None:
    system.remove("wrk")
    with_sudo(system)

    result = system.run("wrk", FAKE_UID="1000")

    assert result.returncode == 0, result.stderr
    sudo_calls = [call for call in system.calls() if call.startswith("sudo ")]
    assert len(sudo_calls) == 2  # the update and the install
    assert system.installs() == [["wrk"]]


def test_without_root_or_sudo_it_says_what_to_install_and_installs_nothing(
    system: FakeSystem,
) -> None:
    system.remove("chromium")

    result = system.run("chromium", FAKE_UID="1000")

    assert result.returncode == 1
    assert system.calls() == []
    assert "missing: chromium" in result.stderr
    assert "sudo is not installed" in result.stderr
    assert "apt-get install chromium" in result.stderr
    assert "PYTEST_ARGS='--ignore=tests/browser'" in result.stderr


def test_off_debian_it_says_what_to_install_for_each_missing_tool(system: FakeSystem) -> None:
    system.remove("apt-get")
    system.remove("chromium")
    system.remove("node")

    result = system.run("chromium", "node", "wrk")

    assert result.returncode == 1
    assert "missing: chromium node (this system is not Debian/Ubuntu" in result.stderr
    assert "brew install --cask chromium" in result.stderr
    assert "Node.js 20.19 or newer" in result.stderr
    assert system.calls() == []


def test_several_missing_tools_take_one_update_and_one_install(system: FakeSystem) -> None:
    for name in ("chromium", "wrk", "node", "npm"):
        system.remove(name)

    result = system.run("chromium", "node", "wrk", FAKE_NODE_CANDIDATE="22.12.0+dfsg-1")

    assert result.returncode == 0, result.stderr
    assert [call.split()[1] for call in system.calls()] == ["update", "install"]
    assert system.installs() == [["chromium", "nodejs", "npm", "wrk"]]


def test_nodesource_node_is_installed_without_debians_npm(system: FakeSystem) -> None:
    system.remove("node")
    system.remove("npm")

    result = system.run("node", FAKE_NODE_CANDIDATE="20.20.2-1nodesource1+repack1")

    assert result.returncode == 0, result.stderr
    assert system.installs() == [["nodejs"]]


def test_a_node_older_than_the_web_build_needs_is_not_installed_from_apt(
    system: FakeSystem,
) -> None:
    system.program("node", "v18.19.0")  # Debian 12's own

    result = system.run("node", FAKE_NODE_CANDIDATE="18.20.4+dfsg-1~deb12u3")

    assert result.returncode == 1
    assert system.installs() == []
    assert "apt offers nodejs 18.20.4+dfsg-1~deb12u3" in result.stderr
    assert "https://github.com/nodesource/distributions" in result.stderr


def test_the_node_version_the_web_client_asks_for_is_the_one_required(
    system: FakeSystem,
) -> None:
    (system.root / "web").mkdir()
    (system.root / "web" / "package.json").write_text('{"engines": {"node": ">=22.12"}}')

    result = system.run("node", FAKE_NODE_CANDIDATE="22.12.0-1nodesource1")

    assert result.returncode == 0, result.stderr  # v20.20.2 was there, but too old for it
    assert system.installs() == [["nodejs"]]


def test_a_node_with_a_newer_minor_of_an_older_major_is_too_old(system: FakeSystem) -> None:
    system.program("node", "v19.99.0")

    result = system.run("node", FAKE_NODE_CANDIDATE="(none)")

    assert result.returncode == 1
    assert "missing: node" in result.stderr


def test_a_package_that_installs_no_such_program_is_an_error(system: FakeSystem) -> None:
    system.remove("chromium")

    result = system.run("chromium", FAKE_APT_BROKEN="1")

    assert result.returncode == 1
    assert "still missing" in result.stderr


def test_an_unknown_tool_is_an_error(system: FakeSystem) -> None:
    result = system.run("firefox")

    assert result.returncode == 1
    assert "no such tool: firefox" in result.stderr


@pytest.mark.parametrize(
    ("target", "command"),
    [
        ("pytest", "ensure-tools.sh chromium"),
        ("web", "build-web.sh"),
        ("bench", "ensure-tools.sh wrk"),
    ],
)
def test_make_targets_ask_for_their_tools(target: str, command: str) -> None:
    result = subprocess.run(
        ["make", "-n", "-C", str(ROOT), target], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert command in result.stdout


def test_ci_installs_nothing_itself_and_runs_make_test() -> None:
    text = (ROOT / ".ci" / "run").read_text()
    for forbidden in ("apt install", "apt-get install", "npm ci", "npm install", "pip install"):
        assert forbidden not in text
    assert "make test" in [line.strip() for line in text.splitlines()]


def test_the_web_build_asks_for_node_through_the_same_script() -> None:
    text = (ROOT / "deploy" / "scripts" / "build-web.sh").read_text()
    assert "deploy/scripts/ensure-tools.sh node" in text
    assert "apt_install" not in text
    assert os.access(ROOT / "deploy" / "scripts" / "ensure-tools.sh", os.X_OK)
