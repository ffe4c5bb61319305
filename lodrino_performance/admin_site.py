"""The installation's admin site: open to the superuser and to the Segretario and amministratore
of an ente (by their role, not by `is_staff`); its login is the site's own."""

from functools import wraps

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.core.exceptions import PermissionDenied


class PerformanceAdminSite(admin.AdminSite):
    site_header = "Ciclo della performance – amministrazione"
    site_title = "Amministrazione"
    index_title = "Ente, piano, obiettivi e indicatori"

    def has_permission(self, request):
        from obiettivi.auth import is_manager_anywhere

        user = request.user
        return user.is_active and (user.is_superuser or is_manager_anywhere(user))

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        @wraps(view)
        def wrapper(request, *args, **kwargs):
            # Logged in without a role that opens the admin: a plain refusal, not a login page
            # that would ask again for a password the person has already given.
            if request.user.is_authenticated and not self.has_permission(request) \
                    and view.__name__ not in ("logout", "login"):
                raise PermissionDenied
            return inner(request, *args, **kwargs)

        return wrapper

    def login(self, request, extra_context=None):
        from django.shortcuts import redirect

        if request.user.is_authenticated:
            if self.has_permission(request):
                return redirect("admin:index")
            raise PermissionDenied  # logged in, without a role that opens the admin
        from django.contrib.auth.views import redirect_to_login

        # One login page for the whole product (throttled by django-axes); the admin's own would ask
        # for `is_staff`, which no longer means anything here.
        return redirect_to_login(request.GET.get("next") or request.get_full_path().replace("login/", ""))


class PerformanceAdminConfig(AdminConfig):
    default_site = "lodrino_performance.admin_site.PerformanceAdminSite"
