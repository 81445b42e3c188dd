"""The "about" page: what the portal is for and the legal documents it cites, with the dates each
is in force (the table every official document reads its citations from)."""

from django.shortcuts import render
from django.utils import timezone

from ..selectors.legal import legal_reference_list


def about(request):
    today = timezone.localdate()
    references = list(legal_reference_list())
    for reference in references:
        reference.in_force = reference.in_force_from <= today and (
            reference.in_force_until is None or reference.in_force_until > today
        )
    return render(request, "communes/about.html", {"references": references, "today": today})
