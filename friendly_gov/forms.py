"""Form helpers shared by every app."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .idempotency import form_key, new_key


class DateInput(forms.DateInput):
    """A date picker (the browser's own), its value as ISO so that the picker shows it."""

    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def add_service_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when it names one the form has,
    above the form otherwise. The input stays as typed."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


class HoneypotMixin(forms.Form):
    """A field people never see and bots fill in: a public form that has it filled is rejected.
    Render it with `{% include "includes/honeypot.html" %}`."""

    website = forms.CharField(required=False, label=_("Để trống ô này"))

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise ValidationError(_("Không gửi được biểu mẫu."))
        return ""


class SubmissionKeyMixin(forms.Form):
    """A one-use token drawn when the form is shown (render `{{ form.submission_key }}`): the
    service stores the submission under it once, so a double click, a refresh or a resend stores
    nothing more (see friendly_gov.idempotency). A page from before the token, or a token out of
    shape, is still accepted, but nothing ties its POSTs together: a fresh token is drawn for it,
    and shown again if the form comes back with errors, so the next attempt is protected."""

    submission_key = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial = {**self.initial, "submission_key": new_key()}
        elif not form_key(self.data.get(self.add_prefix("submission_key"))):
            self.renew_key()

    def renew_key(self) -> None:
        """Put a fresh token in the form (its next POST is a new submission)."""
        self.data = self.data.copy()
        self.data[self.add_prefix("submission_key")] = new_key()


def form_page(
    request,
    form,
    *,
    save,
    done,
    title: str = "",
    back_url: str = "",
    back_label: str = "",
    template: str = "form_page.html",
    context: dict | None = None,
):
    """The shape of every form page: on a valid POST `save(cleaned_data)` calls the service; a
    rule it breaks shows on the form with the input kept; on success `done(result)` gives the
    message and the address to go to. Rendered with `form_page.html` (title, back link, the form),
    or with a page's own `template` and extra `context`."""
    from django.contrib import messages
    from django.shortcuts import redirect, render

    if request.method == "POST" and form.is_valid():
        try:
            result = save(form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            message, url = done(result)
            messages.success(request, message)
            return redirect(url)
    page = {"form": form, "title": title, "back_url": back_url, "back_label": back_label}
    return render(request, template, {**page, **(context or {})})
