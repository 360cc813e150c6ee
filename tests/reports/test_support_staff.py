"""Support staff (figure 6's Ondersteuning) on a page of the projectleider (issue #25)."""

from django.test import Client
from django.urls import reverse

from bos.models import Person, User
from reports.models import SupportStaff
from tests.demo_years import RUNNING_YEAR


def _client() -> Client:
    client = Client()
    client.force_login(User.objects.get(email="projectleider@demo.bos.example"))
    return client


def test_add_and_remove_in_running_year(demo):
    client = _client()
    url = reverse("reports:support_staff", args=[RUNNING_YEAR])
    response = client.post(
        url,
        {
            "first_name": "Fenna",
            "last_name": "Voorbeeld",
            "email": "fenna.voorbeeld@demo.bos.example",
            "task": "Administratie",
            "hours": "12,5",
        },
    )
    assert response.status_code == 302
    staff = SupportStaff.objects.get(school_year__name=RUNNING_YEAR, task="Administratie")
    assert str(staff.hours) == "12.5"
    assert "Fenna Voorbeeld" in client.get(url).content.decode()
    # The same person and task twice: a Dutch message, nothing saved.
    again = client.post(url, {"person": staff.person_id, "task": "Administratie"})
    assert again.status_code == 200
    assert "staat al met de taak" in again.content.decode()
    delete = reverse("reports:support_staff_delete", args=[staff.pk])
    assert client.get(delete).status_code == 200
    assert client.post(delete).status_code == 302
    assert not SupportStaff.objects.filter(pk=staff.pk).exists()
    assert Person.objects.filter(email="fenna.voorbeeld@demo.bos.example").exists()


def test_bad_input_and_closed_year_are_refused(demo):
    client = _client()
    url = reverse("reports:support_staff", args=[RUNNING_YEAR])
    response = client.post(url, {"task": "Administratie", "hours": "veel", "person": "99999999999"})
    assert response.status_code == 200
    assert "Kies een bestaande persoon" in response.content.decode() or "geldige" in (
        response.content.decode()
    )
    closed = SupportStaff.objects.filter(school_year__name="2020-2021").first()
    count = SupportStaff.objects.filter(school_year__name="2020-2021").count()
    response = client.post(reverse("reports:support_staff_delete", args=[closed.pk]))
    assert response.status_code == 302
    assert SupportStaff.objects.filter(school_year__name="2020-2021").count() == count
    page = client.get(reverse("reports:support_staff", args=["2020-2021"])).content.decode()
    assert "is afgesloten" in page
