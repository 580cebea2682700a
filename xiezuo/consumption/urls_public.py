"""The public catalogue of certified products: no sign-in."""

from django.urls import path

from . import public

urlpatterns = [
    path("products/", public.catalogue, name="catalogue"),
    path("products/<str:uid>/", public.product, name="catalogue_product"),
    path("products/<str:uid>/qr.svg", public.product_qr, name="catalogue_product_qr"),
]
