from services.identity.app import definition
from shared.service import main

main(definition())
