"""Signing in: the portal's and the admin's login forms and the password reset by e-mail, all
Django's own views, rate-limited against guessing and mail flooding (the friendly 429 page)."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy
from django_ratelimit.decorators import ratelimit

CLIENT = "friendly_gov.clients.ratelimit_key"


def _login_limits(view):
    """A few tries a minute per account name, more per client. Both login forms count in the same
    groups, so a guesser gains nothing by switching from one to the other."""
    view = ratelimit(group="login.client", key=CLIENT, rate="30/m", method="POST", block=True)(view)
    return ratelimit(group="login.account", key="post:username", rate="5/m", method="POST", block=True)(view)


login = _login_limits(auth_views.LoginView.as_view())
admin_login = _login_limits(admin.site.login)


def email_key(group, request) -> str:
    """The address typed in the reset form, as Django matches it (case-insensitively)."""
    return request.POST.get("email", "").strip().lower()


# Each request may send a mail, to whoever owns the address: a few an hour per address, more per
# client. The same counting, the same answer and the same page whether or not the address belongs
# to an account, so the form tells nothing about who has one.
password_reset = ratelimit(
    group="password_reset.email", key=email_key, rate="3/h", method="POST", block=True
)(
    ratelimit(group="password_reset.client", key=CLIENT, rate="10/h", method="POST", block=True)(
        auth_views.PasswordResetView.as_view(
            email_template_name="registration/password_reset_email.txt",
            subject_template_name="registration/password_reset_subject.txt",
            success_url=reverse_lazy("password_reset_done"),
        )
    )
)
password_reset_done = auth_views.PasswordResetDoneView.as_view()
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    success_url=reverse_lazy("password_reset_complete")
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view()
