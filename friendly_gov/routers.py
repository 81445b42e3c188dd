"""The API's router: every app registers its viewsets on `Router`, which sets the one rule for ids."""

from rest_framework.routers import DefaultRouter

# Every model's primary key is a number. DRF's own default, [^/.]+, lets "false" or "-1" reach the
# view, where a lookup by hand (get_in_scope_or_404) turns it into a server error; a route that
# never matches answers 404. A number past the column's range finds no row (Django turns it into
# an empty lookup), so it answers 404 too.
ID_PATTERN = "[0-9]+"


class Router(DefaultRouter):
    # No `.json` twins of every route: the API answers JSON (Accept or ?format=json), and actions
    # written without a `format` argument crashed on them.
    include_format_suffixes = False

    def get_lookup_regex(self, viewset, lookup_prefix: str = "") -> str:
        field = getattr(viewset, "lookup_field", "pk")
        if hasattr(viewset, "lookup_value_regex") or field not in {"pk", "id"}:
            # A viewset looked up by something else says what its values look like.
            return super().get_lookup_regex(viewset, lookup_prefix)
        kwarg = getattr(viewset, "lookup_url_kwarg", None) or field
        return f"(?P<{lookup_prefix}{kwarg}>{ID_PATTERN})"
