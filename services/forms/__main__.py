from services.forms.app import definition
from shared.service import main

main(definition())
