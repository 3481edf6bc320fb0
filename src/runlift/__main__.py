"""`python -m runlift` runs the command line."""

from runlift.cli import main

main()
