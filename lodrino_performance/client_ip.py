"""The client's address for the login throttle (django-axes), behind a reverse proxy or not.

Infrastructure, not a business rule. Each proxy appends to X-Forwarded-For the address it received
the request from, so with TRUSTED_PROXY_COUNT proxies in front of the site the client is the
TRUSTED_PROXY_COUNT-th entry from the right; whatever the client wrote further left is its own
claim and is ignored. Without the setting the header is not trusted at all: REMOTE_ADDR only.
"""

import ipaddress

from django.conf import settings


def client_ip(request):
    remote = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if len(hops) < count:
        return remote  # not through every trusted proxy: the header is the client's own
    candidate = hops[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
