from __future__ import annotations

from django.urls import URLPattern

from .urls_quotas import urlpatterns as quota_urlpatterns

urlpatterns: list[URLPattern] = []
urlpatterns += quota_urlpatterns  # quotas, who is in post, short visits
