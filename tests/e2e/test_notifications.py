"""Notifications through Apprise to a local HTTP receiver: what is told, once each, retried until taken."""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from bench.history import synthetic as syn
from runlift.bootstrap import Runlift
from runlift.cli.main import main
from runlift.daemon import jobs
from runlift.notify import Courier, Retry, queue_due, send_configured, send_pending
from runlift.notify.outbox import Message, Outbox
from runlift.queries.eventlog import read_events
from runlift.settings import ConfigError, load_settings
from tests.support.processes import Daemons, run_once, runlift, state, wait_for
from tests.support.stores import MakeApp

MONDAY = date(2025, 3, 10)
WEDNESDAY = MONDAY + timedelta(days=2)
FRIDAY = MONDAY + timedelta(days=4)


class Receiver:
    """A local HTTP endpoint for Apprise's json:// target: what it was sent, and whether it answers 500."""

    def __init__(self, port: int = 0) -> None:
        self.messages: list[dict[str, Any]] = []
        self.attempts = 0
        self.refused = 0  # answered 500
        self.failing = False
        self.delay_s = 0.0  # how long it takes to answer
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                payload = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                receiver.attempts += 1
                time.sleep(receiver.delay_s)
                if receiver.failing:
                    receiver.refused += 1
                    self.send_response(500)
                else:
                    receiver.messages.append(payload)
                    self.send_response(200)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"json://127.0.0.1:{self.port}/hook"

    def titled(self, text: str) -> list[dict[str, Any]]:
        return [m for m in self.messages if text in m["title"]]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    running = Receiver()
    yield running
    running.close()


def free_port() -> int:
    """A port nothing listens on (a target that is down)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def configure(home: Path, urls: list[str], **extra: object) -> None:
    """[notify] in the home's runlift.toml: these URLs, prompts from 07:00, retries after 0.5 s."""
    settings = {"prompts_at": '"07:00"', "retry_first_s": 0.5, "retry_max_s": 2, **extra}
    lines = [f"urls = {json.dumps(urls)}", *(f"{k} = {v}" for k, v in settings.items())]
    with (home / "runlift.toml").open("a") as config:
        config.write("\n[notify]\n" + "\n".join(lines) + "\n")


@pytest.fixture
def notified(
    make_app: MakeApp,
    home: Path,
    receiver: Receiver,
    store_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> Runlift:
    """A runlift whose notifications go to the receiver (the jobs open its home on the same store)."""
    monkeypatch.setenv("RUNLIFT_DATABASE_URL", store_url)
    make_app().close()  # writes runlift.toml
    configure(home, [receiver.url])
    return make_app()


def four_weeks(app: Runlift) -> None:
    """Four weeks of runs, lifts and nights before MONDAY."""
    for file in syn.history(4, MONDAY - timedelta(days=28), 28, step_s=10):
        syn.record(app.history, file)


def at(app: Runlift, day: date, hour: int = 9) -> datetime:
    """`hour` o'clock of `day` in the athlete's time zone."""
    return datetime(day.year, day.month, day.day, hour, tzinfo=app.settings.config.athlete.zone)


def told(receiver: Receiver, text: str) -> int:
    """How many messages received carry `text` in their body."""
    return sum(m["message"].count(text) for m in receiver.messages)


def test_a_replans_new_adjustments_reach_the_target_once_each(
    notified: Runlift, receiver: Receiver, home: Path, store_url: str
) -> None:
    four_weeks(notified)
    monday = jobs.nightly_replan(str(home), MONDAY.isoformat())  # the job queues and sends
    assert monday
    (first,) = receiver.titled("plan change")
    assert first["message"].startswith("Re-plan of Mon 10 Mar:")
    assert "no reassessment yet (reassessment)" in first["message"]
    assert "protein" not in first["message"]  # prompts are told on their day, not with the re-plan

    assert jobs.nightly_replan(str(home), MONDAY.isoformat()) == []  # adds nothing, tells nothing
    syn.check_in(notified.journal, WEDNESDAY, mood=2, joint_pain=5, pain_site="left knee")
    wednesday = jobs.nightly_replan(str(home), WEDNESDAY.isoformat())
    assert len(wednesday) == 2  # the lift becomes mobility, the tempo run easy
    later = receiver.titled("plan change")
    assert len(later) == 2
    assert later[1]["title"] == "runlift: 2 plan changes"
    for reason in [*monday, *wednesday]:
        if "protein" not in reason:
            assert told(receiver, reason) == 1, reason

    # The daemon restarting (twice) and a runlift of its own queueing again tell nothing new.
    for _ in range(2):
        status, _state = run_once(home, store_url)
        assert status == 0
    # Queued on Wednesday: that day's red readiness, and no re-plan again.
    assert queue_due(notified, now=at(notified, WEDNESDAY)) == 1
    send_configured(notified.settings)
    assert len(receiver.titled("plan change")) == 2
    assert [m["title"] for m in receiver.messages if "readiness" in m["title"]] == [
        "runlift: readiness red today"
    ]
    box = Outbox.of(home)
    assert box.count(box.outbox) == 0
    assert box.count(box.sent) == 3


def test_the_running_daemon_tells_a_rejected_drop_once_across_a_restart(
    daemon_home: Path, store_url: str, daemons: Daemons, receiver: Receiver
) -> None:
    configure(daemon_home, [receiver.url])
    process = daemons.start(daemon_home, store_url, ready=True)
    (daemon_home / "drop" / "bad.fit").write_bytes(b"not a FIT file at all")
    wait_for(lambda: len(receiver.messages) == 1)  # sent by the daemon's courier, not at its exit
    assert receiver.messages[0]["message"].startswith("bad.fit: ")
    daemons.stop(process)
    again = daemons.start(daemon_home, store_url)
    # Its own first heartbeat (daemon.json still holds the first daemon's): it has queued by then.
    wait_for(lambda: state(daemon_home).get("pid") == again.pid)
    time.sleep(1.0)  # and its courier has had a pass
    log = daemons.stop(again)
    assert len(receiver.messages) == 1
    assert "Traceback" not in log


def test_a_rejected_dropped_file_is_told_with_its_name_and_reason(
    notified: Runlift, receiver: Receiver, home: Path, store_url: str
) -> None:
    (home / "drop").mkdir(exist_ok=True)
    (home / "drop" / "notes.fit").write_bytes(b"these are not the bytes of a FIT file" * 4)
    status, state = run_once(home, store_url)
    assert status == 0
    assert state["rejected"] == 1
    (event,) = read_events(notified.history, ["FileRejected"])
    (message,) = receiver.messages
    assert message["title"] == "runlift: file rejected"
    assert message["message"] == f"notes.fit: {event['reason']}"
    assert event["reason"]

    assert run_once(home, store_url)[0] == 0  # a restart tells it no more
    assert len(receiver.messages) == 1


def test_readiness_red_is_told_once_a_day(notified: Runlift, receiver: Receiver) -> None:
    four_weeks(notified)
    assert queue_due(notified, now=at(notified, WEDNESDAY)) == 0  # green or amber: nothing
    syn.check_in(notified.journal, WEDNESDAY, mood=2, joint_pain=5, pain_site="left knee")
    assert queue_due(notified, now=at(notified, WEDNESDAY)) == 1
    assert queue_due(notified, now=at(notified, WEDNESDAY, 18)) == 0
    send_configured(notified.settings)
    send_configured(notified.settings)
    (message,) = receiver.messages
    assert message["title"] == "runlift: readiness red today"
    assert message["message"].startswith("Readiness ")
    assert "on Wed 12 Mar: an easy day." in message["message"]
    assert "- joint pain 5/5 (left knee): readiness held at red" in message["message"]
    # The check-in counts two days: Thursday is red too, and told once.
    assert queue_due(notified, now=at(notified, WEDNESDAY + timedelta(days=1))) == 1
    assert queue_due(notified, now=at(notified, WEDNESDAY + timedelta(days=1), 20)) == 0
    send_configured(notified.settings)
    assert len(receiver.messages) == 2
    assert "on Thu 13 Mar: an easy day." in receiver.messages[1]["message"]


def test_the_plans_prompts_are_told_on_their_day_from_prompts_at(
    notified: Runlift, receiver: Receiver
) -> None:
    four_weeks(notified)
    notified.plans().replan(MONDAY)  # records the week's protein prompts (rule 11)
    assert (
        queue_due(notified, now=at(notified, FRIDAY, 6)) == 1
    )  # the re-plan; prompts wait for 07:00
    assert queue_due(notified, now=at(notified, FRIDAY, 7)) == 1
    assert queue_due(notified, now=at(notified, FRIDAY, 12)) == 0
    send_configured(notified.settings)
    titles = [m["title"] for m in receiver.messages]
    assert titles == ["runlift: plan changed", "runlift: for Fri 14 Mar"]
    assert receiver.messages[1]["message"] == (
        "Upper body and trunk stability: protein-rich meal within 1-2 h after"
    )


def test_a_failing_target_is_retried_and_takes_each_message_once_and_the_replan_stands(
    notified: Runlift, receiver: Receiver, home: Path, store_url: str
) -> None:
    four_weeks(notified)
    receiver.failing = True
    result = runlift(home, "plan", "replan", "--day", MONDAY.isoformat(), store_url=store_url)
    assert result.returncode == 0, result.stderr
    assert "4 new adjustment(s) for 2025-03-10" in result.stdout  # a reassessment, three prompts
    assert re.search(r"warning: notifications: json://127\.0\.0\.1:\d+/hook failed", result.stderr)
    assert receiver.attempts == 1
    assert receiver.messages == []
    assert notified.planner.week(MONDAY) is not None  # the re-plan was stored all the same

    # The daemon's courier sends again once the target's retry is due (0.5 s, then 1 s, 2 s ...).
    courier = Courier(notified.settings, look_every_s=0.2)
    courier.start()
    try:
        wait_for(lambda: receiver.refused >= 2, timeout=15)  # still failing: tried again
        receiver.failing = False
        wait_for(lambda: len(receiver.messages) == 1, timeout=10)
        time.sleep(1.0)  # passes after the delivery send nothing again
    finally:
        courier.stop()
    assert len(receiver.messages) == 1
    assert receiver.attempts == receiver.refused + 1
    assert receiver.messages[0]["title"] == "runlift: plan changed"
    box = Outbox.of(home)
    assert box.count(box.outbox) == 0


def test_a_target_that_is_down_leaves_the_message_queued_and_the_import_done(
    make_app: MakeApp, home: Path, store_url: str
) -> None:
    make_app().close()
    port = free_port()
    configure(home, [f"json://127.0.0.1:{port}/hook"])
    (home / "drop").mkdir(exist_ok=True)
    (home / "drop" / "notes.fit").write_bytes(b"not a FIT file" * 8)
    status, state = run_once(home, store_url)
    assert status == 0  # the import went on: the file is in failed/ with its reason
    assert state["rejected"] == 1
    assert (home / "failed" / "notes.fit").exists()
    box = Outbox.of(home)
    assert box.count(box.outbox) == 1

    listed = CliRunner().invoke(main, ["--home", str(home), "notify", "--json"])
    shown = json.loads(listed.output)
    assert shown["targets"][0]["failures"] == 1
    assert "Connection error" in shown["targets"][0]["error"]
    assert [m["title"] for m in shown["pending"]] == ["runlift: file rejected"]

    later = Receiver(port)  # the target is back
    try:
        sent = CliRunner().invoke(
            main, ["--home", str(home), "notify", "send"], env={"RUNLIFT_DATABASE_URL": store_url}
        )
        assert sent.exit_code == 0, sent.output
        assert "0 queued, 1 sent, 0 waiting" in sent.output
        assert send_configured(make_app().settings).sent == 0
        (message,) = later.messages
        assert message["message"].startswith("notes.fit: ")
    finally:
        later.close()
    assert box.count(box.outbox) == 0


def test_the_first_run_tells_only_what_happened_in_the_last_hours(
    make_app: MakeApp, home: Path, receiver: Receiver
) -> None:
    app = make_app()
    four_weeks(app)
    app.plans().replan(MONDAY)  # before notifications were set up
    app.close()
    configure(home, [receiver.url], first_look_back_h=0)
    app = make_app()
    assert queue_due(app) == 0  # the old re-plan is history
    syn.check_in(app.journal, WEDNESDAY, mood=2, joint_pain=5, pain_site="left knee")
    app.plans().replan(WEDNESDAY)
    assert queue_due(app) == 1  # the new one is told
    send_configured(app.settings)
    assert [m["title"] for m in receiver.messages] == ["runlift: 2 plan changes"]


def test_queueing_never_raises(notified: Runlift, home: Path) -> None:
    four_weeks(notified)
    (home / "notify").write_text("a file where the folder should be")
    assert queue_due(notified, now=at(notified, WEDNESDAY)) == 0
    assert notified.plans().replan(MONDAY)  # the re-plan is unaffected


def test_a_failing_target_waits_twice_as_long_each_time_up_to_the_bound() -> None:
    retry = Retry(first_s=30, max_s=3600, give_up_after_h=72)
    assert [retry.delay(n) for n in (1, 2, 3, 4, 7, 8, 20)] == [30, 60, 120, 240, 1920, 3600, 3600]


def test_two_senders_at_once_send_each_message_once(tmp_path: Path, receiver: Receiver) -> None:
    box = Outbox.of(tmp_path)
    for n in range(5):
        box.put(Message(f"test:{n}", "test", f"message {n}", "body", time.time() + n))
    start = threading.Barrier(4)

    def sender() -> None:
        start.wait()
        send_pending(tmp_path, [receiver.url], wait_s=10)

    threads = [threading.Thread(target=sender) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert [m["title"] for m in receiver.messages] == [f"message {n}" for n in range(5)]
    assert box.count(box.sent) == 5


def test_a_sender_finding_the_outbox_busy_leaves_its_message_to_the_one_at_work(
    tmp_path: Path, receiver: Receiver
) -> None:
    box = Outbox.of(tmp_path)
    box.put(Message("test:1", "test", "first", "body", time.time()))
    receiver.delay_s = 0.5
    working = threading.Thread(target=send_pending, args=(tmp_path, [receiver.url]))
    working.start()
    wait_for(lambda: receiver.attempts == 1)  # the first is on its way
    box.put(Message("test:2", "test", "second", "body", time.time()))
    assert send_pending(tmp_path, [receiver.url]).busy  # as the web API's thread after a push
    working.join(10)
    assert [m["title"] for m in receiver.messages] == ["first", "second"]
    assert box.count(box.outbox) == 0


def test_each_target_takes_a_message_once_whatever_the_others_do(
    tmp_path: Path, receiver: Receiver
) -> None:
    down = f"json://127.0.0.1:{free_port()}/hook"
    Outbox.of(tmp_path).put(Message("test:1", "test", "hello", "body", time.time()))
    first = send_pending(tmp_path, [receiver.url, down])
    assert (first.sent, first.pending, len(first.failures)) == (1, 1, 1)
    assert first.failures[0].target == down
    again = send_pending(tmp_path, [receiver.url, down], now=time.time() + 3600)
    assert (again.sent, again.pending) == (0, 1)
    assert len(receiver.messages) == 1


def home_with(tmp_path: Path, urls: list[str]) -> Path:
    home = tmp_path / "home"
    home.mkdir(parents=True)
    (home / "runlift.toml").write_text(
        f'[athlete]\nid = "a"\n\n[notify]\nurls = {json.dumps(urls)}\n', encoding="utf-8"
    )
    return home


def test_notify_test_says_which_targets_took_it(tmp_path: Path, receiver: Receiver) -> None:
    down = f"json://user:secret@127.0.0.1:{free_port()}/hook"
    home = home_with(tmp_path, [receiver.url, down])
    result = CliRunner().invoke(main, ["--home", str(home), "notify", "test"])
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"sent    json://127.0.0.1:{receiver.port}/hook"
    assert lines[1].startswith(f"failed  json://user:****@127.0.0.1:{down.split(':')[3]}")
    assert "secret" not in result.output
    (message,) = receiver.messages
    assert message["title"] == "runlift: test notification"

    home_ok = home_with(tmp_path / "ok", [receiver.url])
    assert CliRunner().invoke(main, ["--home", str(home_ok), "notify", "test"]).exit_code == 0


def test_notify_test_without_a_url_says_how_to_set_one(tmp_path: Path) -> None:
    home = home_with(tmp_path, [])
    result = CliRunner().invoke(main, ["--home", str(home), "notify", "test"])
    assert result.exit_code == 2
    assert "no notification URL is configured: add [notify] urls" in result.output


def test_a_notification_url_without_its_scheme_is_a_configuration_error_that_shows_no_secret(
    tmp_path: Path,
) -> None:
    home = home_with(tmp_path, ["ntfy.sh/secret-topic-7f3a"])
    with pytest.raises(ConfigError) as caught:
        load_settings(home, environ={})
    assert caught.value.key == "notify"
    assert "is not an Apprise URL such as 'ntfy://ntfy.sh/my-topic'" in str(caught.value)
    assert "7f3a" not in str(caught.value)
    (home / "runlift.toml").write_text(
        '[athlete]\nid = "a"\n\n[notify]\nurls = "ntfy://ntfy.sh/one-topic"\n', encoding="utf-8"
    )
    assert load_settings(home, environ={}).config.notify.urls == ("ntfy://ntfy.sh/one-topic",)


def test_config_shows_no_secret_of_a_notification_url(tmp_path: Path) -> None:
    home = home_with(tmp_path, ["tgram://123456:ABCDEF-secret/987654"])
    result = CliRunner().invoke(main, ["--home", str(home), "config"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["notify"]["urls"] == ["tgram://****"]
    assert "ABCDEF" not in result.output
