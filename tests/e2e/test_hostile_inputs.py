"""Hostile archives and paths (issue 10), through `runlift import` and a running `runlift daemon`: each is
refused with a message naming it and what is wrong, no link is followed out of what was given, nothing is
read whole that is too large, the daemon keeps importing, and the store then holds what a clean import of
the same files holds (tests/support/reliability.py)."""

from __future__ import annotations

import errno
import hashlib
import io
import os
import signal
import struct
import subprocess
import sys
import time
import zipfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from runlift.bootstrap import bootstrap
from runlift.daemon.drop import DropFolder, signature
from runlift.importers.manager import PluginSource
from runlift.ingest.service import FileResult
from runlift.queries import eventlog
from runlift.settings import defaults
from tests.support.corpus import committed
from tests.support.processes import cli_env, state, wait_for
from tests.support.reliability import assert_nothing_lost, imported_events
from tests.support.stores import MakeApp

FIT = {  # small real device files (committed under tests/data), each a different session
    "A": "fit/run/fitparse__garmin-fenix-5-run.fit",
    "B": "fit/run/fitparse__garmin-fenix-5-walk.fit",
    "C": "fit/other/tormoder-fit__unterminated-strings.fit",
    "D": "fit/run/fitparse__2013-02-06-12-11-14.fit",
    "E": "fit/other/fitparse__garmin-edge-820-bike.fit",
    "F": "fit/other/fitparse__elemnt-bolt-no-application-id-inside-developer-data-id.fit",
    "G": "fit/other/muktihari-fit__activity_poolswim.fit",
    "H": "fit/run/muktihari-fit__activity_multisport.fit",
    "I": "fit/other/fitparse__sample-activity-indoor-trainer.fit",
    "J": "fit/other/fitparse__2015-10-13-08-43-15.fit",
    "long": "fit/strength/fit-analyzer__20555050352_ACTIVITY.fit",
}
PASSWD = Path("/etc/passwd")
HUGE = defaults().import_.max_stream_bytes + 1  # past every size limit, sparse
UNREAD_ATIME_NS = 10**18  # set on the huge files: a read moves their access time on (relatime)
# The defaults: a clean import (tests/support/reliability.py) runs with them.
MAX_MEMBERS = defaults().import_.archives.max_members
MAX_STREAM_BYTES = defaults().import_.max_stream_bytes


def fit(key: str) -> bytes:
    return committed(FIT[key]).read_bytes()


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Hostile:
    """One hostile input: its name in the folder (an archive's member: `archive!member`) and a fragment of
    the reason the user must be given."""

    name: str
    says: str


# ---------------------------------------------------------------------------------------------- inputs


def _zip(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def _link_member_zip() -> bytes:
    """slip.zip: members escaping with '..', absolute (POSIX and Windows), a link, and one good file."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("../../slip.fit", fit("A"))
        zf.writestr("/etc/abs.fit", fit("A"))
        zf.writestr("C:\\win.fit", fit("A"))
        link = zipfile.ZipInfo("lnk.fit")
        link.external_attr = (0o120777) << 16  # S_IFLNK
        zf.writestr(link, str(PASSWD))
        zf.writestr("ok/fine.fit", fit("A"))
    return buffer.getvalue()


def _lying_zip() -> bytes:
    """A member that declares 1,000 bytes and holds 100,000 (both its headers patched)."""
    raw = bytearray(_zip({"liar.fit": b"A" * 100_000}))
    struct.pack_into("<I", raw, 22, 1000)  # local header: uncompressed size
    central = raw.find(b"PK\x01\x02")
    struct.pack_into("<I", raw, central + 24, 1000)  # central directory: uncompressed size
    return bytes(raw)


@cache
def _many_zip() -> bytes:
    return _zip({f"{i}.fit": b"" for i in range(MAX_MEMBERS + 1)}, zipfile.ZIP_STORED)


def build_hostile(folder: Path, outside: Path) -> list[Hostile]:
    """Fill `folder` with hostile inputs and four good files (A in slip.zip, D in the folder run.fit/, E in
    the folder export.zip/, F as good.fit); links point into `outside`, which holds real FIT files that
    must never be imported through them. Returns what each refusal must say."""
    folder.mkdir(parents=True, exist_ok=True)
    (outside / "folder").mkdir(parents=True, exist_ok=True)
    (outside / "elsewhere.fit").write_bytes(fit("B"))
    (outside / "folder" / "inner.fit").write_bytes(fit("C"))
    (folder / "slip.zip").write_bytes(_link_member_zip())
    (folder / "bomb.zip").write_bytes(_zip({"zeros.fit": bytes(20_000_000)}))
    (folder / "liar.zip").write_bytes(_lying_zip())
    inner = _zip({"deep.fit": fit("A")})
    (folder / "nested.zip").write_bytes(_zip({"middle.zip": _zip({"inner.zip": inner})}))
    (folder / "many.zip").write_bytes(_many_zip())
    (folder / "link.fit").symlink_to(outside / "elsewhere.fit")
    (folder / "passwd.fit").symlink_to(PASSWD)
    (folder / "linked").symlink_to(outside / "folder")
    os.mkfifo(folder / "pipe.fit")
    for name in ("huge.fit", "huge.csv"):
        with (folder / name).open("wb") as sparse:
            os.truncate(sparse.fileno(), HUGE)  # takes no disk space
        os.utime(folder / name, ns=(UNREAD_ATIME_NS, UNREAD_ATIME_NS + 10**12))
    (folder / "run.fit").mkdir()  # a folder named like a file, and one named like an archive
    (folder / "run.fit" / "morning.fit").write_bytes(fit("D"))
    (folder / "export.zip").mkdir()
    (folder / "export.zip" / "ride.fit").write_bytes(fit("E"))
    (folder / "good.fit").write_bytes(fit("F"))
    too_large = (
        f"{HUGE:,} bytes, more than the limit of {MAX_STREAM_BYTES:,} (import.max_stream_bytes)"
    )
    return [
        Hostile("slip.zip!../../slip.fit", "climbs out of the archive with '..' (zip slip)"),
        Hostile("slip.zip!/etc/abs.fit", "the member has an absolute path"),
        Hostile("slip.zip!C:\\win.fit", "the member has an absolute path"),
        Hostile("slip.zip!lnk.fit", f"the member is a symbolic link (to {PASSWD})"),
        Hostile("bomb.zip!zeros.fit", "(a zip bomb?)"),
        Hostile("liar.zip!liar.fit", "do not match what the archive declares for it"),
        Hostile("nested.zip!middle.zip!inner.zip", "nested more than one level deep"),
        Hostile("many.zip", f"holds {MAX_MEMBERS + 1} files, more than the limit"),
        Hostile("link.fit", f"a symbolic link (to {outside / 'elsewhere.fit'})"),
        Hostile("passwd.fit", f"a symbolic link (to {PASSWD})"),
        Hostile("linked", f"a symbolic link (to {outside / 'folder'})"),
        Hostile("pipe.fit", "not a regular file but a named pipe (FIFO)"),
        Hostile("huge.fit", too_large),
        Hostile("huge.csv", too_large),
    ]


def sidecar_name(hostile: Hostile) -> str:
    """failed/<name>.error.txt: the quarantine names a file by the last part of what the user saw."""
    return Path(hostile.name).name + ".error.txt"


# Importers that change their input while decoding it: a sync tool or a user rewriting or deleting a
# file while runlift reads it. They take FIT files named cut-* and gone-*, and sort before "fit" (ties
# go to the first name).
CHANGING = '''
"""Test importers that truncate (then rewrite) or delete the file they decode."""

import os
import time
from pathlib import Path

from runlift.importers import hookimpl
from runlift_fit.importer import FitImporter


class _Changing:
    version = "1.0"
    formats = ("FIT changed while read (test)",)
    prefix = ""

    def sniff(self, head, filename):
        return 1.0 if filename.startswith(self.prefix) and head[8:12] == b".FIT" else 0.0


class Cutting(_Changing):
    name = "cutting"
    prefix = "cut-"

    def decode(self, request):
        marker = Path(__file__).with_name(request.filename + ".cut")
        if marker.exists():  # once only: then the file is complete
            return FitImporter().decode(request)
        marker.touch()
        whole = request.path.read_bytes()
        os.truncate(request.path, len(whole) // 2)
        try:
            return FitImporter().decode(request)  # reads the first half
        finally:
            time.sleep(0.05)
            request.path.write_bytes(whole)  # the writer finishes: the same size, a new mtime


class Deleting(_Changing):
    name = "deleting"
    prefix = "gone-"

    def decode(self, request):
        os.unlink(request.path)
        return FitImporter().decode(request)


@hookimpl
def runlift_register_importers(register):
    register(Cutting())
    register(Deleting())
'''


def changing_files(home: Path, folder: Path) -> tuple[str, str]:
    """Give the importers that change their input (CHANGING, installed in `home`) a file each."""
    assert (home / "plugins" / "changing.py").exists()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "gone-ride.fit").write_bytes(fit("J"))
    (folder / "cut-ride.fit").write_bytes(fit("I"))
    return "gone-ride.fit", "cut-ride.fit"


def install_changing(home: Path) -> None:
    """Before runlift starts: its decoding workers load the plugins once."""
    (home / "plugins" / "changing.py").write_text(CHANGING)


@cache
def unprivileged() -> tuple[str, ...] | None:
    """A command prefix under which file permissions hold: nothing unless root; as root (permissions are
    not enforced) setpriv without the capabilities that override them; None if that is not possible."""
    if os.geteuid() != 0:
        return ()
    prefix = (
        "setpriv",
        "--inh-caps=-dac_override,-dac_read_search",
        "--bounding-set=-dac_override,-dac_read_search",
    )
    probe = Path(f"/tmp/runlift-unreadable-probe-{os.getpid()}")
    probe.write_text("secret")
    probe.chmod(0)
    try:
        result = subprocess.run([*prefix, "cat", str(probe)], capture_output=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return None
    finally:
        probe.unlink()
    return prefix if result.returncode != 0 else None


def locked_file(folder: Path, data: bytes) -> Path | None:
    """A file nobody may read (mode 000), or None where that cannot be enforced on the runlift process."""
    if unprivileged() is None:
        return None
    path = folder / "locked.fit"
    path.write_bytes(data)
    path.chmod(0)
    return path


# Runs a command and writes the largest resident set of its process tree (KiB) to a file.
MAX_RSS = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[2:]).returncode\n"
    "open(sys.argv[1], 'w').write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))\n"
    "sys.exit(code)\n"
)


def cli(
    home: Path, *args: str, store_url: str, prefix: tuple[str, ...] = (), rss: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """`runlift --home HOME ARGS` as a user runs it (optionally under `prefix`, measuring its memory)."""
    command = [*prefix, sys.executable, "-m", "runlift", "--home", str(home), *args]
    if rss is not None:
        command = [sys.executable, "-c", MAX_RSS, str(rss), *command]
    return subprocess.run(
        command, capture_output=True, text=True, env=cli_env(store_url), timeout=180
    )


def rejection_lines(stdout: str) -> dict[str, str]:
    """`rejected FILE: REASON` lines of `runlift import`, by file."""
    lines = [line for line in stdout.splitlines() if line.startswith("rejected ")]
    return dict(line.removeprefix("rejected ").split(": ", 1) for line in lines)


def file_imports(home: Path, store_url: str) -> dict[str, dict[str, object]]:
    """The stored FileImported events by the sha256 of their bytes."""
    with bootstrap(home, database_url=store_url, plugins=PluginSource(entry_points=False)) as app:
        records = eventlog.read_events(app.history, ["FileImported"])
        return {r["source"]["sha256"]: r for r in records}


@cache
def reads_update_atime() -> bool:
    """Whether reading a file whose access time is older than its mtime updates it (relatime, the
    default; not on a noatime mount): then an unchanged access time proves the file was never read."""
    probe = Path(f"/tmp/runlift-atime-probe-{os.getpid()}")
    probe.write_bytes(b"x")
    try:
        os.utime(probe, ns=(UNREAD_ATIME_NS, UNREAD_ATIME_NS + 10**12))
        probe.read_bytes()
        return probe.stat().st_atime_ns != UNREAD_ATIME_NS
    finally:
        probe.unlink()


def assert_never_read(path: Path) -> None:
    if reads_update_atime():
        assert path.stat().st_atime_ns == UNREAD_ATIME_NS, f"{path} was read"


def assert_targets_untouched(outside: Path) -> None:
    """What the links pointed to is where it was, as it was, and none of it was imported."""
    assert (outside / "elsewhere.fit").read_bytes() == fit("B")
    assert (outside / "folder" / "inner.fit").read_bytes() == fit("C")
    assert PASSWD.is_file()


def assert_nothing_escaped(tmp_path: Path, failed: Path) -> None:
    """No member was written outside the import; failed/ holds no link and no copy of /etc/passwd."""
    assert not list(tmp_path.rglob("slip.fit")), "a zip-slip member was written out"
    # Imports extract into a folder under /tmp: '../../slip.fit' from there is /slip.fit.
    for written in ("/slip.fit", "/tmp/slip.fit", "/etc/abs.fit", "/abs.fit"):
        assert not Path(written).exists(), written
    secret = PASSWD.read_bytes()
    for kept in failed.iterdir():
        assert not kept.is_symlink(), f"{kept} is a link in failed/"
        if kept.is_file() and kept.stat().st_size == len(secret):
            assert kept.read_bytes() != secret, f"{kept} is a copy of {PASSWD}"


# ------------------------------------------------------------------------------------ through the CLI


def test_hostile_inputs_given_to_runlift_import_are_refused_each_naming_it_and_why(
    home: Path, store_url: str, tmp_path: Path
) -> None:
    given, outside = tmp_path / "given", tmp_path / "outside"
    expected = build_hostile(given, outside)
    # On the command line itself: a pipe (it must not block), a link (named by the user: followed).
    os.mkfifo(tmp_path / "pipe-arg.fit")
    (outside / "named.fit").write_bytes(fit("G"))
    (tmp_path / "named-link.fit").symlink_to(outside / "named.fit")
    arguments = [given, tmp_path / "pipe-arg.fit", tmp_path / "named-link.fit"]
    # Not in a clean import: a file nobody may read, and two that change while being read.
    (tmp_path / "private").mkdir()
    locked = locked_file(tmp_path / "private", fit("H"))
    install_changing(home)
    changing = changing_files(home, tmp_path / "changing")
    rss = tmp_path / "max-rss"

    result = cli(
        home,
        "import",
        *map(str, [*arguments, tmp_path / "private", tmp_path / "changing"]),
        store_url=store_url,
        prefix=unprivileged() or (),
        rss=rss,
    )

    assert result.returncode == 1, result.stderr
    said = rejection_lines(result.stdout)
    for hostile in expected:
        shown = str(given / hostile.name)
        assert shown in said, f"no message for {shown}: {result.stdout}"
        assert hostile.says in said[shown], f"{shown}: {said[shown]}"
        sidecar = home / "failed" / sidecar_name(hostile)
        assert hostile.says in sidecar.read_text(), sidecar
    assert "named pipe" in said[str(tmp_path / "pipe-arg.fit")]
    if locked is not None:
        assert said[str(locked)] == "cannot read the file: Permission denied"
        assert "Permission denied" in (home / "failed" / "locked.fit.error.txt").read_text()
    gone, cut = (str(tmp_path / "changing" / name) for name in changing)
    assert said[gone] == "not stored: the file was deleted while it was being read"
    assert said[cut] == (
        "not stored: the file was modified while it was being read; import it again once it is "
        "complete"
    )
    assert len(said) == len(expected) + 3 + (locked is not None)
    # Neither huge file was read, let alone held in memory (the pipes did not block: it finished).
    assert int(rss.read_text()) < 600_000, f"largest resident set {rss.read_text()} KiB"
    for name in ("huge.fit", "huge.csv"):
        assert_never_read(given / name)
    assert not (home / "failed" / "huge.fit").exists()  # not copied: larger than the limit
    assert not list((home / "failed").glob("*-ride.fit*"))  # nothing wrong with those bytes
    # fine.fit, morning.fit, ride.fit, good.fit and the named link's target; not the half-read ride.
    assert set(file_imports(home, store_url)) == {sha(fit(k)) for k in "ADEFG"}
    assert_targets_untouched(outside)
    assert_nothing_escaped(tmp_path, home / "failed")
    assert_nothing_lost(home, store_url, arguments, tmp_path / "clean")


def test_an_unreadable_file_named_on_the_command_line_is_a_usage_error(
    home: Path, tmp_path: Path
) -> None:
    locked = locked_file(tmp_path, fit("H"))
    if locked is None:
        pytest.skip("file permissions cannot be enforced on a process here (root without setpriv)")

    refused = cli(
        home,
        "import",
        str(locked),
        store_url=f"sqlite://{tmp_path / 'store'}",
        prefix=unprivileged() or (),
    )

    assert refused.returncode == 2  # click checks its arguments before anything is imported
    assert f"Path '{locked}' is not readable" in refused.stderr


def test_an_unreadable_file_is_refused_unrecorded_and_kept(
    make_app: MakeApp, home: Path, store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The PermissionError path, injected: tests run as root, where mode 000 does not stop a read."""
    locked = tmp_path / "locked.fit"
    locked.write_bytes(fit("H"))
    good = tmp_path / "good.fit"
    good.write_bytes(fit("F"))
    real_open = os.open

    def denying(path: object, flags: int, *args: object, **kwargs: object) -> int:
        if Path(str(path)) == locked:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", denying)
    app = make_app(plugins=PluginSource(plugins_dir=home / "plugins", entry_points=True))

    report = app.importer().import_paths([locked, good], move_rejected=True)

    results = {Path(r.file).name: r for r in report.results}
    assert results["good.fit"].status == "imported"
    assert results["locked.fit"] == FileResult(
        str(locked), "rejected", reason="cannot read the file: Permission denied"
    )
    # Moved (the daemon's way), not lost; its sidecar says why; no rejection recorded.
    assert not locked.exists()
    assert (home / "failed" / "locked.fit").read_bytes() == fit("H")
    assert "Permission denied" in (home / "failed" / "locked.fit.error.txt").read_text()
    monkeypatch.undo()
    assert not [k for k in imported_events(home, store_url) if k[0] == "FileRejected"]
    assert_nothing_lost(home, store_url, [good], tmp_path / "clean")


# ----------------------------------------------------------------------------- through the daemon


def test_hostile_inputs_dropped_on_the_daemon_are_refused_and_it_keeps_importing(
    daemon_home: Path, store_url: str, launch, tmp_path: Path
) -> None:
    drop, done, failed = daemon_home / "drop", daemon_home / "done", daemon_home / "failed"
    outside = tmp_path / "outside"
    expected = build_hostile(drop, outside)
    locked = locked_file(drop, fit("H"))
    done.mkdir(exist_ok=True)
    (done / "run.fit").write_bytes(b"an earlier file of that name")  # drop/run.fit/ is a folder
    install_changing(daemon_home)

    process = launch(unprivileged() or ())
    wait_for(lambda: not _entries(drop), timeout=90)  # slow only when PostgreSQL is busy
    # Then: one file deleted and one rewritten while being read, and one written in pieces with
    # pauses shorter than the settle time (never taken half written).
    changing_files(daemon_home, drop)
    data = fit("long")
    step = len(data) // 8 + 1
    with (drop / "growing.fit").open("wb") as out:
        for k in range(0, len(data), step):
            out.write(data[k : k + step])
            out.flush()
            time.sleep(0.05)
    wait_for(lambda: (done / "cut-ride.fit").exists() and (done / "growing.fit").exists(), 60)
    wait_for(lambda: not _entries(drop), 60)
    (drop / "after.fit.part").write_bytes(fit("G"))  # and a good file, dropped afterwards
    (drop / "after.fit.part").rename(drop / "after.fit")
    wait_for(lambda: (done / "after.fit").exists(), 60)

    assert process.poll() is None, process.output.read_text()  # type: ignore[attr-defined]
    log = (daemon_home / "runlift.log").read_text()
    for hostile in expected:
        shown = f"rejected {drop / hostile.name}: "
        assert any(shown in line and hostile.says in line for line in log.splitlines()), shown
        assert hostile.says in (failed / sidecar_name(hostile)).read_text()
    # Links and the pipe are removed from drop/, their targets untouched; whatever could not be
    # imported is kept in failed/ (an archive none of whose files went in; a huge file moved, not
    # copied); the good files went to done/, the folder named run.fit beside the file of that name.
    for name in ("link.fit", "passwd.fit", "linked", "pipe.fit"):
        assert f"{name}: removed from the drop folder" in log
        assert not os.path.lexists(failed / name)
    for name in ("bomb.zip", "liar.zip", "nested.zip", "many.zip", "huge.fit", "huge.csv"):
        assert (failed / name).is_file(), name
    for name in ("huge.fit", "huge.csv"):
        assert_never_read(failed / name)  # renamed, never read
    assert (done / "slip.zip").is_file()  # its good member was imported
    assert (done / "run.1.fit" / "morning.fit").read_bytes() == fit("D")
    assert (done / "export.zip" / "ride.fit").read_bytes() == fit("E")
    assert (done / "good.fit").is_file()
    if locked is not None:
        assert "locked.fit: rejected: cannot read the file: Permission denied" in log
        assert (failed / "locked.fit").stat().st_mode & 0o777 == 0  # moved as it was, not lost
    assert (
        "gone-ride.fit: rejected: not stored: the file was deleted while it was being read" in log
    )
    assert (
        "cut-ride.fit: changed while it was being read: left in the drop folder until it settles"
    ) in log
    assert "cut-ride.fit: imported" in log  # taken again once it settled, whole
    assert not list(failed.glob("*-ride.fit*"))
    wait_for(lambda: state(daemon_home)["last_import"]["file"] == "after.fit")  # type: ignore[index]
    stored = file_imports(daemon_home, store_url)
    assert set(stored) == {sha(fit(k)) for k in ("A", "D", "E", "F", "I", "long", "G")}
    assert all(record["salvaged"] is None for record in stored.values())
    assert_targets_untouched(outside)
    assert_nothing_escaped(tmp_path, failed)
    process.send_signal(signal.SIGTERM)
    assert process.wait(20) == 0
    # The same inputs in a folder of their own (not the unreadable or the deleted file: not recorded).
    mirror = tmp_path / "mirror"
    build_hostile(mirror, tmp_path / "outside-again")
    for name, key in (("cut-ride.fit", "I"), ("growing.fit", "long"), ("after.fit", "G")):
        (mirror / name).write_bytes(fit(key))
    assert_nothing_lost(daemon_home, store_url, [mirror], tmp_path / "clean")


def _entries(drop: Path) -> list[Path]:
    """What is left in the drop folder besides folders."""
    return [p for p in drop.rglob("*") if p.is_symlink() or not p.is_dir()]


def test_the_drop_folder_lists_links_and_pipes_and_passes_over_what_it_could_not_move(
    tmp_path: Path,
) -> None:
    drop = DropFolder(
        tmp_path, settle_s=0.0, truncated_settle_s=600.0, poll=True, poll_interval_s=1.0
    )
    (tmp_path / "stuck.fit").write_bytes(b"x")
    (tmp_path / "link.fit").symlink_to("/nowhere")  # a dangling link is listed too
    os.mkfifo(tmp_path / "pipe.fit")
    (tmp_path / "folder").mkdir()
    drop.look(now=0.0)

    def ready(now: float) -> list[str]:
        return sorted(r.path.name for r in drop.look(now=now).ready)

    assert ready(1.0) == ["link.fit", "pipe.fit", "stuck.fit"]
    drop.leave(tmp_path / "stuck.fit", signature(tmp_path / "stuck.fit"))
    assert ready(2.0) == ["link.fit", "pipe.fit"]
    (tmp_path / "stuck.fit").write_bytes(b"xy")  # it changed: it is looked at again
    drop.look(now=3.0)
    assert "stuck.fit" in ready(4.0)
