from django.db import connection
from django.test import Client
from django.urls import reverse

from bos.models import User
from stipend.crypto import keyed_hash
from stipend.demo import DEMO_BSN, DEMO_IBAN, load, make_bsn, make_iban
from stipend.models import Status, StipendApplication
from stipend.validators import validate_bsn, validate_iban


def test_demo_has_every_status_and_the_test_values(demo):
    statuses = set(StipendApplication.objects.values_list("status", flat=True))
    assert statuses == set(Status.values)
    application = StipendApplication.objects.get(bsn_hash=keyed_hash(DEMO_BSN))
    assert application.iban == DEMO_IBAN
    assert application.status == Status.SUBMITTED
    assert application.placement.location.board.name == "Sovot"
    own = StipendApplication.objects.get(placement__student__user__email="student@demo.bos.example")
    assert own.status == Status.CONCEPT
    with connection.cursor() as cursor:
        cursor.execute("SELECT bsn, iban FROM stipend_stipendapplication")
        raw = " ".join(value for row in cursor.fetchall() for value in row)
    assert DEMO_BSN not in raw and DEMO_IBAN not in raw


def test_demo_is_idempotent(demo):
    before = StipendApplication.objects.count()
    load(demo)
    assert StipendApplication.objects.count() == before


def test_demo_numbers_are_valid_and_distinct():
    bsns = {make_bsn(seed) for seed in range(20)}
    assert len(bsns) == 20
    for bsn in bsns:
        validate_bsn(bsn)
    for account in range(5):
        validate_iban(make_iban(417164300 + account))


def test_projectleider_and_other_hr_never_see_the_demo_bsn(demo):
    pk = StipendApplication.objects.get(bsn_hash=keyed_hash(DEMO_BSN)).pk
    url = reverse("stipend:detail", args=[pk])
    for email, status in [
        ("projectleider@demo.bos.example", 200),
        ("hr.skvob@demo.bos.example", 404),
        ("so.beatrix@demo.bos.example", 200),
        ("directeur.beatrix@demo.bos.example", 200),
    ]:
        client = Client()
        client.force_login(User.objects.get(email=email))
        response = client.get(url)
        assert response.status_code == status, email
        assert DEMO_BSN not in response.content.decode()
        assert DEMO_IBAN not in response.content.decode()
    client = Client()
    client.force_login(User.objects.get(email="hr.sovot@demo.bos.example"))
    revealed = client.post(reverse("stipend:reveal", args=[pk]), {"field": "bsn"})
    assert DEMO_BSN in revealed.content.decode()
