"""Benchmarks of the running portal against this machine's floors (``make bench``)."""
