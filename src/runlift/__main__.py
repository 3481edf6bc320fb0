"""`python -m runlift` runs the command line."""

from runlift.cli.main import main

main()
