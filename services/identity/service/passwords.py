"""The password rules as the API applies them: match, strength, then hash."""

from __future__ import annotations

from collections.abc import Sequence

from services.identity.domain.model import Account, Practice
from services.identity.service.runtime import Identity
from shared.errors import InvalidInput
from shared.passwords import Strength, normalize_password


def guessable_words(account: Account, practice: Practice) -> list[str]:
    """What a guesser tries first: the person's names and email, the practice."""
    local, _, domain = account.email.partition("@")
    return [
        account.first_name,
        account.last_name,
        account.email,
        local,
        domain,
        practice.name,
        practice.slug,
    ]


async def strength(idp: Identity, password: str, *, user_inputs: Sequence[str] = ()) -> Strength:
    policy = idp.settings.password_policy()
    return await idp.hasher.strength(
        normalize_password(password), policy=policy, user_inputs=user_inputs
    )


async def new_password_hash(
    idp: Identity, password: str, confirmation: str, *, user_inputs: Sequence[str]
) -> str:
    """The argon2id hash of an acceptable new password; 422 naming the field if not."""
    if normalize_password(password) != normalize_password(confirmation):
        raise InvalidInput("The passwords do not match.", field="password_confirmation")
    verdict = await strength(idp, password, user_inputs=user_inputs)
    if not verdict.acceptable:
        raise InvalidInput(
            verdict.warning,
            field="password",
            feedback={"score": verdict.score, "suggestions": list(verdict.suggestions)},
        )
    return await idp.hasher.hash(normalize_password(password))
