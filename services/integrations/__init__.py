"""The integrations service: clinician tools' scoped broker credentials and webhooks."""
