from __future__ import annotations

from django.urls import URLPattern

from . import urls_sales

urlpatterns: list[URLPattern] = []
urlpatterns += urls_sales.urlpatterns  # buyers, sales, facilities
