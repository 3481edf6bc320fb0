"""A PostgreSQL store that is not set up says what is wrong and how to fix it in one line, exit status 2.

Real cases against the real server (a missing schema, database or role; a role that may not create the
schema; a closed port), and a stand-in server for what the real one here cannot give: it trusts every
local login, so a wrong password comes from tests/support/fake_postgres.py, as does a server too old.
"""

from __future__ import annotations

import subprocess
import uuid
from collections.abc import Iterator

import psycopg
import pytest

from tests.support.fake_postgres import fake_server
from tests.support.helpers import toy_file
from tests.support.processes import runlift
from tests.support.stores import PG_DB, PG_HOST, PG_PORT, PG_USER, pg_admin, pg_unavailable

RUN = ("2024-05-01T07:00:00+00:00", 3600.0, 10_000.0)


@pytest.fixture
def admin() -> Iterator[psycopg.Connection[tuple[object, ...]]]:
    try:
        conn = pg_admin()
    except psycopg.OperationalError as exc:
        pg_unavailable(str(exc).strip())
    with conn:
        yield conn


@pytest.fixture
def new_schema(admin: psycopg.Connection[tuple[object, ...]]) -> Iterator[str]:
    """A schema name nobody created; dropped afterwards if a test made it."""
    schema = f"rl_club_{uuid.uuid4().hex[:10]}"
    yield schema
    admin.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture
def plain_role(admin: psycopg.Connection[tuple[object, ...]]) -> Iterator[str]:
    """A login role with PostgreSQL's defaults: no CREATE on the database nor on schema public."""
    role = f"rl_plain_{uuid.uuid4().hex[:10]}"
    admin.execute(f'CREATE ROLE "{role}" LOGIN')
    yield role
    admin.execute(f'DROP OWNED BY "{role}" CASCADE')
    admin.execute(f'DROP ROLE "{role}"')


def pg_url(*, user: str = PG_USER, port: int = PG_PORT, db: str = PG_DB, schema: str = "") -> str:
    url = f"postgresql://{user}@{PG_HOST}:{port}/{db}"
    return f"{url}?schema={schema}" if schema else url


def assert_one_line_error(result: subprocess.CompletedProcess[str], *needles: str) -> str:
    """Exit status 2, `store error: ...` on one line of stderr, no traceback; the line."""
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("store error: "), lines[0]
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


@pytest.mark.postgres
def test_a_missing_schema_is_created_when_the_role_may(home, admin, new_schema):
    result = runlift(home, "status", store_url=pg_url(schema=new_schema))

    assert result.returncode == 0, result.stderr
    tables = admin.execute(
        "SELECT count(*) FROM pg_tables WHERE schemaname = %s AND tablename LIKE 'history\\_%%\\_events'",
        (new_schema,),
    ).fetchone()
    assert tables == (1,)


@pytest.mark.postgres
@pytest.mark.parametrize(
    "command",
    [
        ("status",),
        ("import", "{toy}"),
        ("daemon", "--once"),
        ("rebuild",),
        ("plan",),
        ("events",),
        ("schedule",),
        ("serve", "--port", "0"),
    ],
    ids=lambda command: command[0],
)
def test_a_role_that_may_not_create_the_schema_gets_the_sql_to_run(
    home, tmp_path, plain_role, new_schema, command
):
    toy = toy_file(tmp_path, "run.toy", RUN)
    args = [str(toy) if arg == "{toy}" else arg for arg in command]

    result = runlift(home, *args, store_url=pg_url(user=plain_role, schema=new_schema), timeout=60)

    assert_one_line_error(
        result,
        f'schema "{new_schema}" does not exist in database "{PG_DB}" at {PG_HOST}:{PG_PORT}',
        f'role "{plain_role}" may not create it',
        f'CREATE SCHEMA "{new_schema}" AUTHORIZATION "{plain_role}";',
    )


@pytest.mark.postgres
def test_a_role_that_may_not_create_tables_in_the_schema_gets_the_grant_to_run(home, plain_role):
    result = runlift(home, "status", store_url=pg_url(user=plain_role))

    assert_one_line_error(
        result,
        f'role "{plain_role}" may not create tables in schema "public"',
        f'GRANT USAGE, CREATE ON SCHEMA "public" TO "{plain_role}";',
    )


@pytest.mark.postgres
def test_a_schema_made_for_the_role_opens_although_it_may_not_create_schemas(
    home, admin, plain_role, new_schema
):
    admin.execute(f'CREATE SCHEMA "{new_schema}" AUTHORIZATION "{plain_role}"')

    result = runlift(home, "status", store_url=pg_url(user=plain_role, schema=new_schema))

    assert result.returncode == 0, result.stderr


@pytest.mark.postgres
@pytest.mark.slow  # the connection pool gives up after 5 s before the failure is diagnosed
def test_a_missing_database_says_how_to_create_it(home, admin):
    missing = f"rl_nodb_{uuid.uuid4().hex[:10]}"

    result = runlift(home, "status", store_url=pg_url(db=missing))

    assert_one_line_error(
        result,
        f'PostgreSQL at {PG_HOST}:{PG_PORT} has no database "{missing}"',
        f'CREATE DATABASE "{missing}" OWNER "{PG_USER}";',
    )


@pytest.mark.postgres
@pytest.mark.slow
def test_a_missing_role_says_how_to_create_it(home, admin):
    missing = f"rl_norole_{uuid.uuid4().hex[:10]}"

    result = runlift(home, "status", store_url=pg_url(user=missing))

    assert_one_line_error(
        result,
        f'PostgreSQL at {PG_HOST}:{PG_PORT} has no role "{missing}"',
        f'CREATE ROLE "{missing}" LOGIN',
    )


@pytest.mark.slow
@pytest.mark.parametrize("command", [("status",), ("daemon", "--once")], ids=lambda c: c[0])
def test_a_refused_connection_says_to_start_the_server(home, command):
    result = runlift(home, *command, store_url="postgresql://runlift:s3cret@127.0.0.1:1/test")

    line = assert_one_line_error(
        result, "cannot reach PostgreSQL at 127.0.0.1:1: connection refused; start the server"
    )
    assert "s3cret" not in result.stderr + result.stdout
    assert "$RUNLIFT_DATABASE_URL" in line


@pytest.mark.slow
def test_a_wrong_password_says_to_correct_it_and_never_shows_it(home):
    with fake_server("password") as port:
        result = runlift(
            home, "status", store_url=f"postgresql://runlift:s3cret@127.0.0.1:{port}/test"
        )

    assert_one_line_error(
        result,
        f'PostgreSQL at 127.0.0.1:{port} refused role "runlift" (wrong password)',
        "correct the password in [store] url or $RUNLIFT_DATABASE_URL",
    )
    assert "s3cret" not in result.stderr + result.stdout


@pytest.mark.slow
def test_a_server_older_than_runlift_supports_says_which_is_needed(home):
    with fake_server("old", version="9.4.26") as port:
        result = runlift(home, "status", store_url=f"postgresql://runlift@127.0.0.1:{port}/test")

    assert_one_line_error(
        result, f"PostgreSQL at 127.0.0.1:{port} is version 9.4.26; runlift needs 10 or later"
    )
