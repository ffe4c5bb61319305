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


PROXY = "10.0.0.254"  # every request reaches the site from the reverse proxy


def attempt_via_proxy(client, username, password, forwarded_for):
    return client.post("/accesso/", {"username": username, "password": password},
                       REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for)


def fail_until_locked(client, forwarded_for):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt_via_proxy(client, "mario", "sbagliata", forwarded_for)
    assert attempt_via_proxy(client, "mario", PASSWORD, forwarded_for).status_code == 429


def test_behind_a_trusted_proxy_two_offices_pcs_are_throttled_separately(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    make_user("mario")
    fail_until_locked(client, "192.168.1.10")
    assert attempt_via_proxy(client, "mario", PASSWORD, "192.168.1.11").status_code == 302


def test_behind_a_trusted_proxy_a_forged_address_left_of_the_proxys_does_not_escape_the_lock(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    make_user("mario")
    fail_until_locked(client, "192.168.1.10")
    # the client writes its own X-Forwarded-For; the proxy appends the address it really saw
    assert attempt_via_proxy(client, "mario", PASSWORD, "192.168.1.99, 192.168.1.10").status_code == 429


def test_with_two_trusted_proxies_the_client_is_the_second_address_from_the_right(client, settings):
    settings.TRUSTED_PROXY_COUNT = 2
    make_user("mario")
    fail_until_locked(client, "6.6.6.6, 192.168.1.10, 172.16.0.1")
    assert attempt_via_proxy(client, "mario", PASSWORD, "1.1.1.1, 192.168.1.10, 172.16.0.1").status_code == 429
    assert attempt_via_proxy(client, "mario", PASSWORD, "192.168.1.11, 172.16.0.1").status_code == 302


def test_without_the_setting_x_forwarded_for_is_ignored_so_it_cannot_be_spoofed(client, settings):
    assert settings.TRUSTED_PROXY_COUNT == 0  # the default
    make_user("mario")
    fail_until_locked(client, "192.168.1.10")
    assert attempt_via_proxy(client, "mario", PASSWORD, "192.168.1.11").status_code == 429


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


def test_the_admin_login_is_the_sites_and_an_over_long_user_name_is_not_a_500(client):
    response = client.post("/admin/login/", {"username": "u" * 300, "password": "x"},
                           headers={"user-agent": "a" * 1000})
    assert response.status_code == 302 and response["Location"].startswith("/accesso/")
    response = client.post(response["Location"], {"username": "u" * 300, "password": "x"},
                           headers={"user-agent": "a" * 1000})
    assert response.status_code == 200
