"""The home page: the user's scope and, for an officer, the commune's to-do list."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from ..selectors.programmes import home_summary


@login_required
def home(request):
    return render(request, "communes/home.html", home_summary(user=request.user))
