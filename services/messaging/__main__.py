from services.messaging.app import definition
from shared.service import main

main(definition())
