"""``python -m jobmig`` runs the command line."""
from jobmig.cli import main

main()
