"""The team rules: nobody removes their own admin access, a practice keeps an active
admin, and a disabled account comes back as it was before (active or invited)."""

from __future__ import annotations

import uuid

import pytest

from services.identity.domain.model import Account, restored_status
from services.identity.domain.staff import check_staff_change, is_active
from shared.errors import Conflict

PRACTICE = uuid.uuid4()


def make_account(**overrides: object) -> Account:
    values: dict[str, object] = {
        "id": uuid.uuid4(),
        "practice_id": PRACTICE,
        "role": "admin",
        "email": f"{uuid.uuid4().hex[:8]}@example.com",
        "first_name": "Sam",
        "last_name": "Admin",
        "status": "active",
        "password_hash": "$argon2id$...",
    }
    values.update(overrides)
    return Account(**values)  # type: ignore[arg-type]


def _reason(error: pytest.ExceptionInfo[Conflict]) -> object:
    return error.value.extra["reason"]


def test_an_admin_cannot_demote_themself_even_with_other_admins() -> None:
    me, other = make_account(), make_account()
    with pytest.raises(Conflict) as refused:
        check_staff_change(me, actor_id=me.id, role="clinician", active=True, admins=[me, other])
    assert _reason(refused) == "own_access"


def test_an_admin_cannot_deactivate_themself() -> None:
    me, other = make_account(), make_account()
    with pytest.raises(Conflict) as refused:
        check_staff_change(me, actor_id=me.id, role="admin", active=False, admins=[me, other])
    assert _reason(refused) == "own_access"


def test_an_admin_may_change_their_own_name() -> None:
    me = make_account()
    check_staff_change(me, actor_id=me.id, role="admin", active=True, admins=[me])


def test_an_admin_may_demote_or_deactivate_another_admin_while_one_remains() -> None:
    me, other = make_account(), make_account()
    check_staff_change(other, actor_id=me.id, role="clinician", active=True, admins=[me, other])
    check_staff_change(other, actor_id=me.id, role="admin", active=False, admins=[me, other])


def test_the_last_active_admin_cannot_be_demoted_or_deactivated() -> None:
    last = make_account()
    for role, active in (("clinician", True), ("admin", False), ("clinician", False)):
        with pytest.raises(Conflict) as refused:
            check_staff_change(
                last,
                actor_id=uuid.uuid4(),
                role=role,  # type: ignore[arg-type]
                active=active,
                admins=[last],
            )
        assert _reason(refused) == "last_admin"
        assert "at least one active admin" in refused.value.detail


def test_invited_and_disabled_admins_do_not_count_as_active_admins() -> None:
    last = make_account()
    invited = make_account(status="invited", password_hash=None)
    disabled = make_account(status="disabled")
    with pytest.raises(Conflict):
        check_staff_change(
            last,
            actor_id=uuid.uuid4(),
            role="clinician",
            active=True,
            admins=[last, invited, disabled],
        )


def test_an_invited_or_disabled_admin_can_be_demoted_whatever_the_admin_count() -> None:
    invited = make_account(status="invited", password_hash=None)
    disabled = make_account(status="disabled")
    for member in (invited, disabled):
        check_staff_change(member, actor_id=uuid.uuid4(), role="clinician", active=True, admins=[])
    check_staff_change(invited, actor_id=uuid.uuid4(), role="admin", active=False, admins=[])


def test_clinicians_can_always_be_changed_or_deactivated() -> None:
    clinician = make_account(role="clinician")
    check_staff_change(clinician, actor_id=uuid.uuid4(), role="admin", active=True, admins=[])
    check_staff_change(clinician, actor_id=uuid.uuid4(), role="clinician", active=False, admins=[])


def test_a_disabled_account_with_a_password_comes_back_active() -> None:
    assert restored_status(make_account(status="disabled")) == "active"
    assert restored_status(make_account(role="client", status="disabled")) == "active"


def test_a_disabled_account_that_never_set_a_password_comes_back_invited() -> None:
    client = make_account(role="client", status="disabled", password_hash=None)
    assert restored_status(client) == "invited"


def test_only_a_disabled_account_can_be_restored_and_the_refusal_says_why() -> None:
    for status in ("active", "invited"):
        with pytest.raises(Conflict) as refused:
            restored_status(make_account(role="client", status=status))
        assert _reason(refused) == "not_disabled"
        assert refused.value.detail.startswith("This client's portal access is not disabled")
    with pytest.raises(Conflict) as refused:
        restored_status(make_account(role="clinician"))
    assert refused.value.detail.startswith("This team member is not deactivated")


def test_only_deactivation_takes_a_team_member_out_of_the_practice() -> None:
    assert is_active(make_account(status="invited", password_hash=None))
    assert is_active(make_account())
    assert not is_active(make_account(status="disabled"))
