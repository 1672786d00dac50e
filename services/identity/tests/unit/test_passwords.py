"""The password policy (NIST-style) and argon2id hashing off the event loop."""

from __future__ import annotations

import asyncio
import threading

import pytest

from shared.passwords import (
    HashParameters,
    PasswordHasher,
    PasswordPolicy,
    check_password,
    normalize_password,
)

POLICY = PasswordPolicy()
CHEAP = HashParameters(time_cost=1, memory_cost_kib=8, parallelism=1)


def test_at_least_eight_characters() -> None:
    assert not check_password("Zq8#kP2", policy=POLICY).acceptable
    assert check_password("Zq8#kP2!w", policy=POLICY).acceptable


def test_long_passwords_up_to_the_limit_are_fine() -> None:
    long = "river stone lantern " * 12  # 240 characters
    assert check_password(long[:128], policy=POLICY).acceptable
    assert check_password(long, policy=POLICY).acceptable
    assert not check_password(long * 2, policy=POLICY).acceptable


def test_any_unicode_counts_and_no_composition_rule_applies() -> None:
    assert check_password("mañana café über straße", policy=POLICY).acceptable
    assert check_password("ночной дождь над рекой", policy=POLICY).acceptable
    assert check_password("all lowercase words only here", policy=POLICY).acceptable


@pytest.mark.parametrize("common", ["password", "12345678", "qwertyuiop", "Password1", "iloveyou1"])
def test_common_or_guessable_passwords_are_refused_with_feedback(common: str) -> None:
    verdict = check_password(common, policy=POLICY)
    assert not verdict.acceptable and verdict.score < 3
    assert verdict.warning and verdict.suggestions


def test_the_persons_own_details_make_a_password_guessable() -> None:
    password = "jordanriverstone"
    alone = check_password(password, policy=POLICY)
    with_inputs = check_password(password, policy=POLICY, user_inputs=["jordan", "riverstone"])
    assert with_inputs.score < alone.score or not with_inputs.acceptable


def test_normalisation_makes_equivalent_unicode_the_same_password() -> None:
    composed, decomposed = "caf\u00e9-over-the-hill", "cafe\u0301-over-the-hill"
    assert normalize_password(composed) == normalize_password(decomposed)


def test_control_characters_are_refused() -> None:
    assert not check_password("good password\x00here", policy=POLICY).acceptable


async def test_hashing_runs_off_the_event_loop_and_verifies() -> None:
    hasher = PasswordHasher(CHEAP, workers=1)
    worker = await hasher._run(lambda: threading.current_thread().name)
    assert worker.startswith("argon2") and worker != threading.main_thread().name
    stored = await hasher.hash("correct horse battery")
    assert stored.startswith("$argon2id$")
    assert await hasher.verify(stored, "correct horse battery")
    assert not await hasher.verify(stored, "wrong horse battery")
    assert not await hasher.verify(None, "anything")  # no account: same work, False
    assert not await hasher.verify("not-a-hash", "anything")
    hasher.close()


async def test_a_hash_made_with_other_parameters_needs_a_rehash() -> None:
    cheap, production = PasswordHasher(CHEAP), PasswordHasher(HashParameters())
    stored = await cheap.hash("x")
    assert production.needs_rehash(stored) and not cheap.needs_rehash(stored)
    assert await production.verify(stored, "x")  # old hashes still verify
    cheap.close()
    production.close()


async def test_concurrent_hashes_do_not_block_the_loop() -> None:
    hasher = PasswordHasher(HashParameters(time_cost=2, memory_cost_kib=16_384, parallelism=1))
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.005)
            ticks += 1

    task = asyncio.create_task(ticker())
    await asyncio.gather(*(hasher.hash(f"pw-{i}") for i in range(4)))
    task.cancel()
    assert ticks >= 3
    hasher.close()


async def test_a_sign_in_completes_while_strength_checks_are_flooding_in() -> None:
    # The strength check is public: a flood of them must not queue in front of the
    # argon2 work every sign-in waits for. Asserted by order, not by time: the sign-in
    # is done while checks sent before it are still waiting.
    hasher = PasswordHasher(CHEAP, workers=1)
    stored = await hasher.hash("correct horse battery staple")
    long = "Tr0ub4dor&3 correct horse battery staple " * 6
    checks = [asyncio.create_task(hasher.strength(long[:256], policy=POLICY)) for _ in range(200)]
    await asyncio.sleep(0)  # every check is queued before the sign-in asks

    assert await hasher.verify(stored, "correct horse battery staple")
    waiting = sum(not check.done() for check in checks)
    await asyncio.gather(*checks)
    hasher.close()
    assert waiting > 0, "the sign-in waited behind every strength check"
