"""The officers' feedback list as they use it: filters by name (never by id), "Tất cả" as the
default of every yes/no filter, codes on one line, each item's action in sight; an item is not
assigned again to the officer who already has it."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from communes.models import User
from dialogues import services

INBOX = "/feedback/"


def test_the_filters_ask_by_name_never_by_id(client, officer, user_factory, long_hung, make_item):
    colleague = user_factory(
        username="xa.lh2",
        role=User.Role.COMMUNE_OFFICER,
        commune=long_hung,
        first_name="Phạm Thị",
        last_name="Hoa",
    )
    make_item()
    client.force_login(officer)
    html = client.get(INBOX).content.decode()
    assert "(id)" not in html
    assert 'type="hidden" name="commune"' in html and 'name="commune_name"' in html
    select = html.split('name="assignee" class="')[1].split("</select>")[0]
    assert f'<option value="{colleague.pk}">Phạm Thị Hoa</option>' in select
    assert '<option value="" selected>Tất cả</option>' in select


def test_yes_no_filters_default_to_all(client, officer, make_item):
    make_item()
    client.force_login(officer)
    html = client.get(INBOX).content.decode()
    for name in ["open", "overdue", "mine"]:
        select = html.split(f'<select name="{name}"')[1].split("</select>")[0]
        assert '<option value="" selected>Tất cả</option>' in select, name
        assert (
            '<option value="true">Có</option>' in select and '<option value="false">Không</option>' in select
        )
    assert "Không xác định" not in html


def test_filtering_by_officer_and_yes_no(client, officer, user_factory, long_hung, make_item):
    colleague = user_factory(username="xa.lh2", role=User.Role.COMMUNE_OFFICER, commune=long_hung)
    mine = make_item(content="Cống tắc ở thôn Đông.")
    theirs = make_item(content="Đèn hỏng ở thôn Tây.")
    services.feedback_assign(item=mine, by=officer, assignee=officer)
    services.feedback_assign(item=theirs, by=officer, assignee=colleague)
    client.force_login(officer)
    html = client.get(INBOX, {"assignee": colleague.pk}).content.decode()
    assert theirs.tracking_code in html and mine.tracking_code not in html
    html = client.get(INBOX, {"mine": "true"}).content.decode()
    assert mine.tracking_code in html and theirs.tracking_code not in html
    html = client.get(INBOX, {"mine": ""}).content.decode()
    assert mine.tracking_code in html and theirs.tracking_code in html
    assert '<option value="true" selected>Có</option>' in client.get(INBOX, {"open": "true"}).content.decode()


def test_the_officer_list_is_scoped(client, officer, other_officer, make_item):
    """A commune officer chooses among the officers of their scope only."""
    make_item()
    client.force_login(officer)
    html = client.get(INBOX).content.decode()
    assert f'<option value="{other_officer.pk}"' not in html
    # Another commune's officer, given by id, is no filter value: the page ignores it.
    response = client.get(INBOX, {"assignee": other_officer.pk})
    assert response.status_code == 200


def test_codes_stay_on_one_line_and_each_item_has_its_action_in_sight(client, officer, make_item):
    item = make_item()
    client.force_login(officer)
    html = client.get(INBOX).content.decode()
    assert f'class="code-nowrap" href="/feedback/{item.pk}/">{item.tracking_code}</a>' in html
    assert f'href="/feedback/{item.pk}/#actions" aria-label="Xử lý {item.tracking_code}">Xử lý</a>' in html
    detail = client.get(reverse("dialogues:feedback_detail", args=[item.pk])).content.decode()
    assert 'id="actions"' in detail and f'code-nowrap">{item.tracking_code}</small>' in detail


def test_assigning_again_to_the_same_officer_is_refused(officer, make_item):
    item = make_item()
    services.feedback_assign(item=item, by=officer, assignee=officer)
    rows = item.transitions.count()
    with pytest.raises(ValidationError) as error:
        services.feedback_assign(item=item, by=officer, assignee=officer)
    assert "đã được giao cho" in error.value.message_dict["assignee"][0]
    assert item.transitions.count() == rows


def test_the_page_says_so_when_assigning_again(client, officer, make_item):
    item = make_item()
    services.feedback_assign(item=item, by=officer, assignee=officer)
    client.force_login(officer)
    response = client.post(
        reverse("dialogues:feedback_action", args=[item.pk, "assign"]),
        {"assign-assignee": officer.pk},
        follow=True,
    )
    assert "đã được giao cho" in response.content.decode()


def test_the_inbox_queries_stay_bounded_with_the_officer_list(
    client, officer, user_factory, long_hung, make_item, django_assert_max_num_queries
):
    for n in range(5):
        user_factory(username=f"xa.lh{n}", role=User.Role.COMMUNE_OFFICER, commune=long_hung)
    for _ in range(6):
        make_item()
    client.force_login(officer)
    with django_assert_max_num_queries(15):
        client.get(INBOX)
