import sys

from textfix.cli import main

sys.exit(main())
