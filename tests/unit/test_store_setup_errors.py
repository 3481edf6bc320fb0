"""A PostgreSQL store's set-up errors: which server versions open, which libpq failure means what, and
every message one line that names the place and never the password."""

from __future__ import annotations

import pytest

from runlift.domain.errors import EXIT_USAGE
from runlift.storage.persistence import parse_store_url
from runlift.storage.pgsetup import (
    MIN_SERVER_VERSION,
    Place,
    StoreDatabaseMissing,
    StoreLoginFailed,
    StoreRoleMissing,
    StoreSchemaDenied,
    StoreSchemaMissing,
    StoreServerTooOld,
    StoreSetupError,
    StoreUnreachable,
    check_server_version,
    connect_failure,
    version_text,
)

PLACE = Place.of(parse_store_url("postgresql://coach:s3cret@db.club.example:6543/club?schema=team"))
FAILED = 'connection failed: connection to server at "10.0.0.5", port 6543 failed: '


@pytest.mark.parametrize(
    ("version", "opens"),
    [
        (90426, False),  # 9.4: no idle_in_transaction_session_timeout, which every connection sets
        (90624, False),  # 9.6: the event store's SQL runs, psycopg 3 does not support it
        (99999, False),
        (100000, True),  # 10.0: the oldest psycopg 3 supports
        (100023, True),
        (150020, True),
        (180001, True),
    ],
)
def test_servers_from_postgresql_10_open_and_older_ones_are_refused(version, opens):
    if opens:
        check_server_version(version, PLACE)
        return
    with pytest.raises(StoreServerTooOld) as raised:
        check_server_version(version, PLACE)
    assert raised.value.version == version
    assert "runlift needs 10 or later" in str(raised.value)


def test_the_minimum_is_postgresql_10():
    assert MIN_SERVER_VERSION == 100000


@pytest.mark.parametrize(
    ("number", "text"), [(90426, "9.4.26"), (90624, "9.6.24"), (100000, "10.0"), (150020, "15.20")]
)
def test_server_versions_read_as_people_write_them(number, text):
    assert version_text(number) == text


@pytest.mark.parametrize(
    ("message", "kind", "says"),
    [
        (
            FAILED + "Connection refused\n\tIs the server running on that host and accepting "
            "TCP/IP connections?",
            StoreUnreachable,
            "connection refused; start the server",
        ),
        (FAILED + "timeout expired", StoreUnreachable, "no answer within 5 s"),
        (
            "failed to resolve host 'db.club.example': [Errno -2] Name or service not known",
            StoreUnreachable,
            "unknown host name; correct the host name",
        ),
        (FAILED + 'FATAL:  role "coach" does not exist', StoreRoleMissing, 'no role "coach"'),
        (
            FAILED + 'FATAL:  database "club" does not exist',
            StoreDatabaseMissing,
            'CREATE DATABASE "club" OWNER "coach";',
        ),
        (
            FAILED + 'FATAL:  password authentication failed for user "coach"',
            StoreLoginFailed,
            "(wrong password); correct the password",
        ),
        (
            FAILED + 'FATAL:  no pg_hba.conf entry for host "10.0.0.9", user "coach", database '
            '"club", no encryption',
            StoreLoginFailed,
            "no pg_hba.conf line lets it into database",
        ),
        (
            FAILED + "FATAL:  sorry, too many clients already",
            StoreUnreachable,
            "db.club.example:6543: sorry, too many clients already; check the server",
        ),
    ],
)
def test_a_failed_connection_becomes_the_error_it_stands_for(message, kind, says):
    error = connect_failure(PLACE, message)

    assert type(error) is kind
    assert says in str(error)


@pytest.mark.parametrize(
    "error",
    [
        StoreUnreachable(PLACE, "connection refused"),
        StoreLoginFailed(PLACE, "wrong password", "correct the password"),
        StoreRoleMissing(PLACE),
        StoreDatabaseMissing(PLACE),
        StoreSchemaMissing(PLACE),
        StoreSchemaDenied(PLACE),
        StoreServerTooOld(PLACE, 90426),
    ],
    ids=lambda error: type(error).__name__,
)
def test_every_set_up_error_is_one_line_naming_the_server_exit_2_without_the_password(error):
    message = str(error)

    assert isinstance(error, StoreSetupError)
    assert error.exit_status == EXIT_USAGE == 2
    assert error.label == "store error"
    assert "\n" not in message
    assert "db.club.example:6543" in message
    assert "s3cret" not in message


def test_the_schema_errors_give_the_sql_an_owner_runs():
    assert str(StoreSchemaMissing(PLACE)).endswith('CREATE SCHEMA "team" AUTHORIZATION "coach";')
    assert str(StoreSchemaDenied(PLACE)).endswith(
        'GRANT USAGE, CREATE ON SCHEMA "team" TO "coach";'
    )


def test_identifiers_in_the_sql_are_quoted():
    odd = Place("h", 5432, "db", 'we"ird', 'Club "A"')

    assert 'CREATE SCHEMA "Club ""A""" AUTHORIZATION "we""ird";' in str(StoreSchemaMissing(odd))


def test_a_url_without_a_schema_is_the_public_schema():
    assert Place.of(parse_store_url("postgresql://u@h:5432/db")).schema == "public"
