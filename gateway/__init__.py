"""The API gateway: the only public entry of the portal.

It routes ``/api/v1/<area>/...`` to the owning service, checks access tokens and CSRF
before any service sees a request, rate-limits the sign-in endpoints, assigns request
ids, aggregates the API docs and serves the built web client.
"""
