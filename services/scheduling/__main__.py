from services.scheduling.app import definition
from shared.service import main

main(definition())
