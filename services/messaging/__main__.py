import sys

from services.messaging.app import definition
from shared.service import main

if sys.argv[1:2] == ["rotate-keys"]:
    from services.messaging.cli import main as cli

    cli(sys.argv[1:])
else:
    main(definition())
