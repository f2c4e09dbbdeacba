"""Every action on a request in every status, by every kind of person.

The expected outcomes are written out here, independently of `workflow.TRANSITIONS`, so a
change to the workflow table that nobody meant makes this fail. Who is who, for a KK request
filed at Desa A (Tawangrejo) and travelling desa → kecamatan Jatirejo → Disdukcapil:

- officer_a: front office of Desa A (the office where the request was filed);
- kepala_desa_a: head of Desa A, the lead while the request is at Desa A;
- kecamatan_operator, disdukcapil_officer: staff of the later steps;
- officer_b: Desa B's officer, who has nothing to do with it;
- applicant: the citizen, proven by code and PIN.

One request per status is built once for the class (through `perform`, as officers would);
each test runs in a savepoint that is rolled back, so every test starts from the same state.
"""

import shutil
import tempfile

from django.test import TestCase, override_settings

from balai.cases.constants import Action, Status
from balai.cases.models import RequestEvent
from balai.cases.services import ActionRefused, perform
from balai.cases.tests import factories as f
from balai.cases.workflow import allowed_actions
from conftest import build_world

PERSONAS = (
    "officer_a",
    "kepala_desa_a",
    "kecamatan_operator",
    "disdukcapil_officer",
    "officer_b",
    "applicant",
)
VILLAGE_STAFF = frozenset({"officer_a", "kepala_desa_a"})
FILERS = VILLAGE_STAFF | {"applicant"}
HEAD_A = frozenset({"kepala_desa_a"})

# state -> (status the request is in, how to build it)
STATES = {
    "draft": (Status.DRAFT, lambda w, s: f.draft_request(w, s)),
    "submitted": (Status.SUBMITTED, lambda w, s: f.filed_request(w, s)),
    "in_process_at_desa": (Status.IN_PROCESS, lambda w, s: f.in_process(w, 1, s)),
    "in_process_at_kecamatan": (Status.IN_PROCESS, lambda w, s: f.in_process(w, 2, s)),
    "in_process_at_disdukcapil": (Status.IN_PROCESS, lambda w, s: f.in_process(w, 3, s)),
    "returned_while_submitted": (Status.RETURNED, lambda w, s: f.returned(w, None, s)),
    "returned_at_kecamatan": (Status.RETURNED, lambda w, s: f.returned(w, 2, s)),
    "completed": (Status.COMPLETED, lambda w, s: f.completed(w, s)),
    "handed_over": (Status.HANDED_OVER, lambda w, s: f.handed_over(w, s)),
    "closed": (Status.CLOSED, lambda w, s: f.closed(w, s)),
    "rejected": (Status.REJECTED, lambda w, s: f.rejected(w, s)),
    "cancelled": (Status.CANCELLED, lambda w, s: f.cancelled(w, s)),
}

# (state, action) -> (who may fire it, the status it leads to). Anything absent: nobody.
EXPECTED = {
    ("draft", Action.SUBMIT): (FILERS, Status.SUBMITTED),
    ("draft", Action.CANCEL): (FILERS, Status.CANCELLED),
    ("submitted", Action.ACCEPT): (VILLAGE_STAFF, Status.IN_PROCESS),
    ("submitted", Action.RETURN): (VILLAGE_STAFF, Status.RETURNED),
    ("submitted", Action.REJECT): (HEAD_A, Status.REJECTED),
    ("submitted", Action.CANCEL): (FILERS, Status.CANCELLED),
    ("submitted", Action.REASSIGN): (HEAD_A, Status.SUBMITTED),
    ("in_process_at_desa", Action.RETURN): (VILLAGE_STAFF, Status.RETURNED),
    ("in_process_at_desa", Action.FORWARD): (VILLAGE_STAFF, Status.IN_PROCESS),
    ("in_process_at_desa", Action.REJECT): (HEAD_A, Status.REJECTED),
    ("in_process_at_desa", Action.REASSIGN): (HEAD_A, Status.IN_PROCESS),
    # The kecamatan and the Disdukcapil have no lead among the personas: nobody rejects.
    ("in_process_at_kecamatan", Action.RETURN): ({"kecamatan_operator"}, Status.RETURNED),
    ("in_process_at_kecamatan", Action.FORWARD): ({"kecamatan_operator"}, Status.IN_PROCESS),
    ("in_process_at_disdukcapil", Action.RETURN): ({"disdukcapil_officer"}, Status.RETURNED),
    ("in_process_at_disdukcapil", Action.COMPLETE): ({"disdukcapil_officer"}, Status.COMPLETED),
    ("returned_while_submitted", Action.RESUBMIT): (FILERS, Status.SUBMITTED),
    ("returned_at_kecamatan", Action.RESUBMIT): (FILERS, Status.IN_PROCESS),
    ("completed", Action.HAND_OVER): (VILLAGE_STAFF, Status.HANDED_OVER),
    ("handed_over", Action.CLOSE): (VILLAGE_STAFF, Status.CLOSED),
}

# The officer a lead may hand the request to: someone of the office holding it.
ASSIGNEE_AT = {
    "in_process_at_kecamatan": "kecamatan_operator",
    "in_process_at_disdukcapil": "disdukcapil_officer",
}

MEDIA = tempfile.mkdtemp(prefix="balai-matrix-")


@override_settings(MEDIA_ROOT=MEDIA)
class TestTransitionMatrix(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        service = f.kk_service()
        cls.requests = {name: build(cls.world, service) for name, (_, build) in STATES.items()}

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        shutil.rmtree(MEDIA, ignore_errors=True)

    def fire(self, request, action, persona, state):
        perform(
            request,
            action,
            actor=None if persona == "applicant" else getattr(self.world, persona),
            applicant=persona == "applicant",
            note="Alasan tertulis.",
            uploads=f.output_upload() if action == Action.COMPLETE else (),
            assignee=getattr(self.world, ASSIGNEE_AT.get(state, "officer_a")),
            handover_method="pickup",
        )

    def check(self, state, action, persona):
        request = self.requests[state]
        status, _ = STATES[state]
        self.assertEqual(request.status, status, f"{state} was not built as {status}")
        version, events = request.lock_version, RequestEvent.objects.filter(request=request).count()
        allowed, target = EXPECTED.get((state, action), (frozenset(), None))
        if persona in allowed:
            self.fire(request, action, persona, state)
            request.refresh_from_db()
            self.assertEqual(request.status, target)
            self.assertEqual(request.lock_version, version + 1)
            self.assertEqual(request.events.count(), events + 1)
        else:
            with self.assertRaises(ActionRefused):
                self.fire(request, action, persona, state)
            request.refresh_from_db()
            self.assertEqual(request.status, status)
            self.assertEqual(request.lock_version, version)
            self.assertEqual(request.events.count(), events)

    def check_offered(self, state):
        """The buttons offered (allowed_actions) are exactly the actions allowed above."""
        request = self.requests[state]
        for persona in PERSONAS:
            user = None if persona == "applicant" else getattr(self.world, persona)
            offered = set(allowed_actions(request, user, applicant=persona == "applicant"))
            expected = {
                action
                for (name, action), (allowed, _) in EXPECTED.items()
                if name == state and persona in allowed
            }
            self.assertEqual(offered, expected, f"{state}, {persona}")


def _matrix_test(state, action, persona):
    def test(self):
        self.check(state, action, persona)

    return test


def _offered_test(state):
    def test(self):
        self.check_offered(state)

    return test


for _state in STATES:
    setattr(
        TestTransitionMatrix,
        f"test_{_state}_offers_exactly_the_allowed_actions",
        _offered_test(_state),
    )
    for _action in Action:
        for _persona in PERSONAS:
            _allowed, _ = EXPECTED.get((_state, _action), (frozenset(), None))
            _verdict = "is_allowed" if _persona in _allowed else "is_refused"
            setattr(
                TestTransitionMatrix,
                f"test_{_state}__{_action.value}_by_{_persona}_{_verdict}",
                _matrix_test(_state, _action, _persona),
            )
