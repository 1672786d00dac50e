from services.billing.app import definition
from shared.service import main

main(definition())
