"""The lazily loaded command line: its listing is each command's own, and a command imports only what it uses."""

from __future__ import annotations

import json
import subprocess
import sys

import click
import pytest

from runlift.cli.main import COMMANDS, main

# What only the server, the daemon (and its schedule), PostgreSQL or sending a notification (Apprise: its
# plugins take a while to load) need: the other commands must not pay for them.
HEAVY = ("fastapi", "uvicorn", "apscheduler", "psycopg", "runlift.web", "runlift.daemon", "apprise")


def imported_after(code: str) -> set[str]:
    """The modules a fresh interpreter holds after running `code`."""
    script = f"import sys, json\n{code}\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_the_listing_is_the_commands_own_help(name: str) -> None:
    command = main.get_command(click.Context(main), name)
    assert isinstance(command, click.Command)
    assert command.name == name
    assert command.get_short_help_str(10_000) == COMMANDS[name][2]


def test_help_lists_every_command_without_importing_one() -> None:
    code = (
        "from runlift.cli.main import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass"
    )
    modules = imported_after(code)
    loaded = {
        m
        for m in modules
        if m.startswith("runlift.cli.")
        and m.rsplit(".", 1)[1] in {module for module, _, _ in COMMANDS.values()}
    }
    assert not loaded
    assert not {m for m in modules if m.split(".")[0] in {"sqlalchemy", "eventsourcing", "numpy"}}
    assert "runlift.bootstrap" not in modules


def test_help_names_every_command() -> None:
    listing = subprocess.run(
        [sys.executable, "-m", "runlift", "--help"], capture_output=True, text=True, check=True
    ).stdout
    listed = [
        line.split()[0] for line in listing.split("Commands:")[1].splitlines() if line.strip()
    ]
    assert listed == sorted(COMMANDS)


@pytest.mark.parametrize(
    "module", sorted({module for module, _, _ in COMMANDS.values()} - {"web", "daemon", "schedule"})
)
def test_a_command_imports_neither_server_nor_daemon(module: str) -> None:
    code = f"import runlift.cli.{module}\nfrom runlift.bootstrap import bootstrap"
    heavy = {m for m in imported_after(code) if m.startswith(HEAVY)}
    assert not heavy, f"runlift.cli.{module} imports {sorted(heavy)}"


def test_an_unknown_command_is_named() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "runlift", "improt"], capture_output=True, text=True
    )
    assert done.returncode == 2
    assert "No such command 'improt'" in done.stderr
