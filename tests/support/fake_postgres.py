"""A stand-in PostgreSQL server speaking only the start of the wire protocol: the failures the real one here
cannot give (it trusts every local login and runs a current version)."""

from __future__ import annotations

import socket
import struct
import threading
from collections.abc import Iterator
from contextlib import contextmanager

SSL_REQUEST = 80877103
GSSENC_REQUEST = 80877104


def _message(kind: bytes, body: bytes) -> bytes:
    return kind + struct.pack("!i", len(body) + 4) + body


def _error(code: str, text: str) -> bytes:
    fields = b"".join(
        key + value.encode() + b"\0"
        for key, value in ((b"S", "FATAL"), (b"V", "FATAL"), (b"C", code), (b"M", text))
    )
    return _message(b"E", fields + b"\0")


def _read(conn: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = conn.recv(size - len(data))
        if not chunk:
            raise ConnectionError("client went away")
        data += chunk
    return data


def _startup(conn: socket.socket) -> None:
    """Read the startup packet, declining SSL and GSS encryption first if asked."""
    while True:
        length, code = struct.unpack("!ii", _read(conn, 8))
        if code in (SSL_REQUEST, GSSENC_REQUEST):
            conn.sendall(b"N")
            continue
        _read(conn, length - 8)
        return


def _refuse_password(conn: socket.socket) -> None:
    """Ask for a password, then refuse it as a server with password authentication does."""
    conn.sendall(_message(b"R", struct.pack("!i", 3)))  # AuthenticationCleartextPassword
    _password, length = struct.unpack("!ci", _read(conn, 5))
    _read(conn, length - 4)
    conn.sendall(_error("28P01", 'password authentication failed for user "runlift"'))


def _old_server(conn: socket.socket, version: str) -> None:
    """Let the client in as a server of `version`, then fail every statement as 9.4 fails the setting
    every pooled connection makes (idle_in_transaction_session_timeout is 9.6's)."""
    params = {
        "server_version": version,
        "server_encoding": "UTF8",
        "client_encoding": "UTF8",
        "DateStyle": "ISO, MDY",
        "integer_datetimes": "on",
        "standard_conforming_strings": "on",
    }
    reply = _message(b"R", struct.pack("!i", 0))  # AuthenticationOk
    for key, value in params.items():
        reply += _message(b"S", key.encode() + b"\0" + value.encode() + b"\0")
    reply += _message(b"K", struct.pack("!ii", 1, 1))
    reply += _message(b"Z", b"I")
    conn.sendall(reply)
    while True:
        kind, length = struct.unpack("!ci", _read(conn, 5))
        _read(conn, length - 4)
        if kind == b"X":
            return
        if kind in (b"Q", b"S"):  # a simple query, or the Sync closing an extended one
            failure = _error("42704", 'unrecognized configuration parameter "x"')
            conn.sendall(failure.replace(b"FATAL", b"ERROR") + _message(b"Z", b"I"))


@contextmanager
def fake_server(behaviour: str, version: str = "9.4.26") -> Iterator[int]:
    """A server on a free local port (yielded) that refuses every password ("password") or claims to be
    PostgreSQL `version` ("old"), for every connection until the block ends."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    listener.settimeout(0.2)
    stop = threading.Event()

    def serve(conn: socket.socket) -> None:
        with conn:
            try:
                _startup(conn)
                if behaviour == "password":
                    _refuse_password(conn)
                else:
                    _old_server(conn, version)
            except (ConnectionError, OSError, struct.error):
                pass

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            conn.settimeout(10)
            threading.Thread(target=serve, args=(conn,), daemon=True).start()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        thread.join(5)
        listener.close()
