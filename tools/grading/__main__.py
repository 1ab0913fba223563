import sys

from tools.grading import main

sys.exit(main())
