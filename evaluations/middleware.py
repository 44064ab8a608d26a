class IndonesianFirstMiddleware:
    """Indonesian is the interface's first language: the browser's Accept-Language is ignored,
    so English appears only when chosen with the language switcher (its cookie)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
