"""Login throttling helpers (django-axes)."""

from django.contrib.auth import get_user_model

# No user name is longer than the user model allows (150), so cutting there keeps every real pair
# (user name, address) apart.
USERNAME_MAX_LENGTH = get_user_model()._meta.get_field(get_user_model().USERNAME_FIELD).max_length


def axes_username(request, credentials=None):
    """The user name a failed login is recorded under, cut to what a user name can be: axes stores
    it in a 255-character column, and PostgreSQL refuses (a 500) what SQLite would keep."""
    field = get_user_model().USERNAME_FIELD
    if credentials:
        username = credentials.get(field)
    else:
        username = getattr(request, "data", request.POST).get(field)
    return None if username is None else str(username)[:USERNAME_MAX_LENGTH]
