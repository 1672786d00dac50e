"""Identity's rules: pure functions and dataclasses, no I/O and no asyncio."""
