"""Login: throttled after repeated failures, sessions that expire."""

import pytest
from django.conf import settings

from tests.builders import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def attempt(client, username, password):
    return client.post("/accesso/", {"username": username, "password": password})


def test_a_correct_login_lands_the_user_in_the_reserved_area(client):
    make_user("mario")
    response = attempt(client, "mario", PASSWORD)
    assert response.status_code == 302
    assert response.headers["Location"] == "/area-riservata/"


def test_a_wrong_password_gets_an_italian_message(client):
    make_user("mario")
    response = attempt(client, "mario", "sbagliata")
    assert response.status_code == 200
    assert "e password corretti" in response.text
    assert "_auth_user_id" not in client.session


def test_after_too_many_failures_even_the_right_password_is_refused_for_a_while(client):
    make_user("mario")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "mario", "sbagliata")
    response = attempt(client, "mario", PASSWORD)
    assert response.status_code == 429
    assert "Accesso temporaneamente bloccato" in response.text
    assert "_auth_user_id" not in client.session


def test_another_user_is_not_locked_out_by_someone_elses_failures(client):
    make_user("mario")
    make_user("lucia")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "mario", "sbagliata")
    assert attempt(client, "lucia", PASSWORD).status_code == 302


def test_sessions_expire_after_a_working_day_and_with_the_browser():
    assert settings.SESSION_COOKIE_AGE <= 8 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


@pytest.mark.parametrize("length", [150, 151, 255, 256, 300, 5000])
def test_an_over_long_user_name_gets_the_form_error_not_a_500(client, length):
    response = attempt(client, "u" * length, "sbagliata")
    assert response.status_code == 200
    assert "e password corretti" in response.text or "caratteri" in response.text
    assert "_auth_user_id" not in client.session


def test_an_over_long_user_name_still_counts_towards_the_lockout(client):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "u" * 300, "sbagliata")
    assert attempt(client, "u" * 300, "sbagliata").status_code == 429


def test_the_admin_login_with_an_over_long_user_name_is_not_a_500(client):
    response = client.post("/admin/login/", {"username": "u" * 300, "password": "x"},
                           headers={"user-agent": "a" * 1000})
    assert response.status_code == 200
