"""Entry point of a decoding worker process: `python -m runlift.ingest.worker FD`."""

import sys
from multiprocessing.connection import Connection

from runlift.ingest.workers import serve


def main() -> None:
    # Plugins that print must not corrupt anything: stdout is the parent's stderr here.
    serve(Connection(int(sys.argv[1])))


if __name__ == "__main__":
    main()
