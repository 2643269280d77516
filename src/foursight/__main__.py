import sys

from foursight.cli import main

sys.exit(main())
