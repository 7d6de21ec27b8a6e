from .permissions import LoginRequired


class LoginRequiredMiddleware:
    """Turns :class:`LoginRequired` raised in a view into a redirect to the login page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, LoginRequired):
            return exception.response
        return None
