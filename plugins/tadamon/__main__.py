import sys

from tadamon.cli import main

sys.exit(main())
