"""The ``overcrowding`` console script: the crate's command line, the same subcommands, flags,
output and exit codes as the Rust binary (``overcrowding --help``)."""

from __future__ import annotations

import sys
from typing import List, Optional

from . import _native


def main(argv: Optional[List[str]] = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``) and exit with its code."""
    args = ["overcrowding", *(sys.argv[1:] if argv is None else argv)]
    if not hasattr(_native, "run_cli"):
        print("overcrowding: this build has no command line (built without feature cli)",
              file=sys.stderr)
        return 2
    sys.stdout.flush()
    sys.stderr.flush()
    code = _native.run_cli(args)
    return code


def cli(args: List[str]) -> int:
    """Run the command line from Python: ``oc.cli(["summarize", "--dataset", "hmpps",
    "--kind", "in_use_cna"])`` prints what the command prints and returns its exit code."""
    return main(list(args))


if __name__ == "__main__":  # python -m overcrowding._cli
    sys.exit(main())
