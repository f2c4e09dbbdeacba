class IndonesianFirstMiddleware:
    """Serve Indonesian unless the visitor chose another language with the switch.

    Many phones in Indonesia are set to English; a citizen should still get the Indonesian
    pages. Dropping the browser's Accept-Language leaves LocaleMiddleware with the
    language cookie (set by the switch) or LANGUAGE_CODE.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
