from __future__ import annotations

from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware


class ThaiFirstLocaleMiddleware(LocaleMiddleware):
    """Thai unless the user chose English with the language switch.

    Django would otherwise follow the browser's Accept-Language, and many Thai officials' phones
    and office PCs are set to English: the interface must still open in Thai for them.
    """

    def process_request(self, request: HttpRequest) -> None:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        super().process_request(request)
