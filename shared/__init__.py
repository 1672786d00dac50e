"""The library every Client Portal service uses: one way to configure, log, talk to
PostgreSQL and RabbitMQ, report errors, check tokens and build an aiohttp app."""
