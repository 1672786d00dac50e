"""What forms hands out besides JSON: PDFs of submissions and FHIR R4 resources."""
