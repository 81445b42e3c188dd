"""Editing a question of a draft survey version. A published version never changes."""

from django.test import Client
from django.urls import reverse

from surveys import services
from surveys.models import Question


def edit_url(question):
    return reverse("surveys:question_update", args=[question.pk])


def draft_question(sipas, province_admin, **filters):
    draft = services.template_new_version(template=sipas, by=province_admin)
    return draft.questions.get(**filters)


def test_a_province_admin_edits_a_question_of_a_draft(client, province_admin, sipas):
    question = draft_question(sipas, province_admin, kind=Question.Kind.SINGLE)
    client.force_login(province_admin)
    detail = client.get(reverse("surveys:template_detail", args=[question.template_id])).content.decode()
    assert f'href="{edit_url(question)}"' in detail  # linked from the list of questions
    page = client.get(edit_url(question)).content.decode()
    assert "Sửa câu hỏi" in page and "Lần đầu\nLần thứ hai\nTừ ba lần trở lên" in page
    response = client.post(
        edit_url(question),
        {
            "text": "Ông/Bà đến lần thứ mấy?",
            "help_text": "Chọn một",
            "kind": "single",
            "options_text": "Lần đầu\nTừ hai lần trở lên",
            "required": "on",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("surveys:template_detail", args=[question.template_id])
    question.refresh_from_db()
    assert (question.text, question.help_text) == ("Ông/Bà đến lần thứ mấy?", "Chọn một")
    assert question.required is True
    assert question.options == ["Lần đầu", "Từ hai lần trở lên"]
    assert sipas.questions.get(order=question.order).text != question.text  # v1 is untouched


def test_a_question_of_a_published_version_is_refused(client, province_admin, sipas):
    question = sipas.questions.get(factor="overall")
    client.force_login(province_admin)
    shown = client.get(edit_url(question), follow=True)
    assert shown.redirect_chain[-1][0] == reverse("surveys:template_detail", args=[sipas.pk])
    assert "đã công bố, không thể thay đổi" in shown.content.decode()
    posted = client.post(edit_url(question), {"text": "Đổi", "kind": "scale"}, follow=True)
    assert "Hãy tạo phiên bản mới để sửa." in posted.content.decode()
    question.refresh_from_db()
    assert question.text == "Nhìn chung, Ông/Bà hài lòng thế nào về sự phục vụ của xã?"
    assert (
        f'href="{edit_url(question)}"'
        not in client.get(reverse("surveys:template_detail", args=[sipas.pk])).content.decode()
    )


def test_only_those_who_configure_may_edit_a_question(
    client, province_admin, province_viewer, officer, sipas
):
    question = draft_question(sipas, province_admin, factor="overall")
    for user in (province_viewer, officer):
        client.force_login(user)
        assert client.get(edit_url(question)).status_code == 403
        assert client.post(edit_url(question), {"text": "Đổi", "kind": "scale"}).status_code == 403
    client.logout()
    assert client.get(edit_url(question)).status_code == 302  # to the login page
    question.refresh_from_db()
    assert question.text != "Đổi"


def test_the_edit_form_is_csrf_protected(province_admin, sipas):
    question = draft_question(sipas, province_admin, factor="overall")
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(province_admin)
    assert 'name="csrfmiddlewaretoken"' in browser.get(edit_url(question)).content.decode()
    assert browser.post(edit_url(question), {"text": "Đổi", "kind": "scale"}).status_code == 403
    question.refresh_from_db()
    assert question.text != "Đổi"


def test_invalid_input_shows_vietnamese_errors_and_changes_nothing(client, province_admin, sipas):
    question = draft_question(sipas, province_admin, kind=Question.Kind.SINGLE)
    before = Question.objects.values().get(pk=question.pk)
    client.force_login(province_admin)
    one_option = client.post(edit_url(question), {"text": "Chọn", "kind": "single", "options_text": "Một"})
    assert one_option.status_code == 200
    assert "Câu hỏi lựa chọn cần ít nhất hai lựa chọn." in one_option.content.decode()
    empty = client.post(edit_url(question), {"text": "", "kind": "single", "options_text": "A\nB"})
    assert "Trường này là bắt buộc." in empty.content.decode()
    satisfaction = client.post(
        edit_url(question),
        {"text": "Hài lòng?", "kind": "yes_no", "factor": "access", "aspect": "satisfaction"},
    )
    assert "Câu hỏi về mức độ hài lòng phải dùng thang 1-5." in satisfaction.content.decode()
    assert Question.objects.values().get(pk=question.pk) == before


def test_an_unknown_question_is_404(client, province_admin):
    client.force_login(province_admin)
    assert client.get(reverse("surveys:question_update", args=[999_999_999])).status_code == 404
