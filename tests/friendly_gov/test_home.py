"""The home page gathers what is due for the user from every app."""

import datetime

from django.urls import reverse
from django.utils import timezone

from dialogues.models import Category
from dialogues.services import feedback_receive


def test_an_officer_sees_overdue_feedback_of_the_commune_on_the_home_page(client, officer, long_hung):
    category = Category.objects.create(name="Phản ánh về hạ tầng", kind="report", time_limit_days=10)
    received = timezone.localdate() - datetime.timedelta(days=category.time_limit_days + 5)
    item = feedback_receive(
        commune=long_hung,
        by=officer,
        category=category,
        channel="desk",
        content="Đường liên thôn xuống cấp",
        received_on=received,
    )
    client.force_login(officer)
    html = client.get(reverse("home")).content.decode()
    assert "Phản ánh, kiến nghị đến hạn" in html
    assert item.tracking_code in html
    assert reverse("dialogues:feedback_detail", args=[item.pk]) in html


def test_nothing_due_shows_no_feedback_box(client, officer):
    client.force_login(officer)
    assert "Phản ánh, kiến nghị đến hạn" not in client.get(reverse("home")).content.decode()


def test_an_officer_sees_the_communes_satisfaction_index_on_the_home_page(client, officer):
    client.force_login(officer)
    response = client.get(reverse("home"))
    assert response.context["survey_index"].forms == 0
    assert 'data-testid="survey-index"' in response.content.decode()
