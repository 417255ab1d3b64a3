#!/usr/bin/env python3
"""Build the improvement-journey site: `python build_site.py check|build|serve` (see --help)."""

import sys

from journey.cli import main

if __name__ == "__main__":
    sys.exit(main())
