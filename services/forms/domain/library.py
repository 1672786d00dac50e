"""The built-in library every practice starts with, and its default intake packet.

The measures' wording follows the published instruments (PHQ-9 and GAD-7, developed by
Drs. Spitzer, Williams, Kroenke and colleagues, free to use). Documents are plain,
editable starting points: a practice edits them into its own (a new version).
"""

from __future__ import annotations

from dataclasses import dataclass

from services.forms.domain.fields import Condition, FormField, Option, signature_field
from services.forms.domain.model import Kind

WELCOME = (
    "Welcome to your Client Portal! Before our first session, please take a few minutes to "
    "read and sign the documents and fill in the forms I've shared with you. Your answers "
    "save as you type, so you can stop and come back at any time."
)


@dataclass(frozen=True)
class Builtin:
    key: str
    kind: Kind
    title: str
    description: str
    fields: tuple[FormField, ...]
    body: str | None = None
    measure: str | None = None


def _f(id: str, type: str, label: str, **more: object) -> FormField:
    return FormField.model_validate({"id": id, "type": type, "label": label, **more})


def _yes_no(id: str, label: str, **more: object) -> FormField:
    options = [{"value": "yes", "label": "Yes"}, {"value": "no", "label": "No"}]
    return _f(id, "single_choice", label, options=options, **more)


FREQUENCY = (
    Option(value="0", label="Not at all", score=0),
    Option(value="1", label="Several days", score=1),
    Option(value="2", label="More than half the days", score=2),
    Option(value="3", label="Nearly every day", score=3),
)
TWO_WEEKS = (
    "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
)

PHQ9_ITEMS = (
    "Little interest or pleasure in doing things",
    "Feeling down, depressed, or hopeless",
    "Trouble falling or staying asleep, or sleeping too much",
    "Feeling tired or having little energy",
    "Poor appetite or overeating",
    "Feeling bad about yourself — or that you are a failure or have let yourself or your "
    "family down",
    "Trouble concentrating on things, such as reading the newspaper or watching television",
    "Moving or speaking so slowly that other people could have noticed? Or the opposite — "
    "being so fidgety or restless that you have been moving around a lot more than usual",
    "Thoughts that you would be better off dead or of hurting yourself in some way",
)
GAD7_ITEMS = (
    "Feeling nervous, anxious, or on edge",
    "Not being able to stop or control worrying",
    "Worrying too much about different things",
    "Trouble relaxing",
    "Being so restless that it is hard to sit still",
    "Becoming easily annoyed or irritable",
    "Feeling afraid as if something awful might happen",
)
DIFFICULTY = [
    {"value": v, "label": v}
    for v in ("Not difficult at all", "Somewhat difficult", "Very difficult", "Extremely difficult")
]


def _measure_items(items: tuple[str, ...]) -> tuple[FormField, ...]:
    return tuple(
        FormField(
            id=f"q{n}",
            type="single_choice",
            label=f"{n}. {text}",
            required=True,
            options=list(FREQUENCY),
        )
        for n, text in enumerate(items, start=1)
    )


def _difficulty() -> FormField:
    return _f(
        "difficulty", "single_choice",
        "If you checked off any problems, how difficult have these problems made it for you "
        "to do your work, take care of things at home, or get along with other people?",
        options=DIFFICULTY,
    )  # fmt: skip


INTAKE = Builtin(
    key="intake",
    kind="form",
    title="Intake questionnaire",
    description="About you and what brings you to therapy.",
    fields=(
        _f("about", "heading", "About you"),
        _f("legal_name", "short_text", "Full legal name", required=True),
        _f("preferred_name", "short_text", "Name you'd like us to use"),
        _f("date_of_birth", "date", "Date of birth", required=True),
        _f("phone", "phone", "Phone number", required=True),
        _f("address", "long_text", "Home address"),
        _f("emergency_name", "short_text", "Emergency contact name"),
        _f("emergency_phone", "phone", "Emergency contact phone"),
        _f("care", "heading", "Your care"),
        _f("reason", "long_text", "What brings you to therapy?", required=True),
        _yes_no("previous_therapy", "Have you been in therapy before?", required=True),
        _f(
            "previous_therapy_details",
            "long_text",
            "Tell us about your previous therapy",
            show_if=Condition(field="previous_therapy", equals="yes"),
        ),
        _yes_no("medication", "Are you currently taking any medication?"),
        _f(
            "medication_list",
            "long_text",
            "Which medications, and how much?",
            show_if=Condition(field="medication", equals="yes"),
        ),
        _f("goals", "long_text", "What would you like to be different after therapy?"),
    ),
)

CONSENT_TEXT = """\
Consent for treatment

I agree to take part in psychotherapy with my clinician at this practice. I understand that \
therapy involves talking about personal matters, that it may bring up uncomfortable feelings, \
and that its benefits cannot be guaranteed.

Confidentiality. What I share in therapy is kept confidential, except where the law requires \
or allows disclosure: if there is a serious risk of harm to myself or others, suspected abuse \
or neglect of a child or vulnerable adult, or a court order.

Appointments and fees. I will give at least 24 hours' notice to cancel or reschedule. Late \
cancellations and missed appointments may be charged as set out in the practice's policies.

Communication. I may contact my clinician through the Client Portal's secure messaging. It \
is not for emergencies: in an emergency I will call 911 or go to the nearest emergency room.

I may end therapy at any time. By signing, I confirm that I have read and understood this \
consent and agree to treatment."""

PRIVACY_TEXT = """\
Acknowledgement of the Notice of Privacy Practices

The practice's Notice of Privacy Practices describes how health information about me may be \
used and disclosed, and how I can get access to it. It explains my rights: to see and get a \
copy of my records, to ask for corrections, to ask for limits on how my information is used \
or shared, to get a list of disclosures, and to file a complaint.

By signing, I acknowledge that I have received (or have been offered) a copy of the Notice \
of Privacy Practices."""

CONSENT = Builtin(
    key="consent",
    kind="document",
    title="Consent for treatment",
    description="Please read and sign.",
    fields=(signature_field(),),
    body=CONSENT_TEXT,
)
PRIVACY = Builtin(
    key="privacy",
    kind="document",
    title="Notice of privacy practices acknowledgement",
    description="Please read and sign.",
    fields=(signature_field(),),
    body=PRIVACY_TEXT,
)
PHQ9 = Builtin(
    key="phq9",
    kind="form",
    title="PHQ-9",
    description="Patient Health Questionnaire. " + TWO_WEEKS,
    fields=(_f("intro", "instructions", TWO_WEEKS), *_measure_items(PHQ9_ITEMS), _difficulty()),
    measure="phq9",
)
GAD7 = Builtin(
    key="gad7",
    kind="form",
    title="GAD-7",
    description="Generalized Anxiety Disorder scale. " + TWO_WEEKS,
    fields=(_f("intro", "instructions", TWO_WEEKS), *_measure_items(GAD7_ITEMS), _difficulty()),
    measure="gad7",
)

LIBRARY: tuple[Builtin, ...] = (INTAKE, CONSENT, PRIVACY, PHQ9, GAD7)
# Documents first, as the guide walks them: sign, Continue, then the forms.
INTAKE_PACKET_NAME = "New client intake"
INTAKE_PACKET: tuple[str, ...] = ("consent", "privacy", "intake")
