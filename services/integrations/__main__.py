from services.integrations.app import definition
from shared.service import main

main(definition())
