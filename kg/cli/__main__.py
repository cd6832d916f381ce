"""`python -m kg.cli`, as the `kg` command."""

from kg.cli import main

main()
