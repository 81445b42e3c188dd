"""Vietnamese unless the visitor chose English with the language switch.

Django's LocaleMiddleware would follow the browser's Accept-Language, so a kiosk tablet or an
officer's laptop set up in English would show the portal in English. The programme's documents,
staff and citizens are Vietnamese: only the switch (its cookie) changes the language."""


class IgnoreBrowserLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
