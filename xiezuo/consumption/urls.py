from django.urls import include, path

from . import views

urlpatterns = [
    path("consumption/", views.product_list, name="consumption_product_list"),
    path("consumption/products.xlsx", views.product_export, name="consumption_product_export"),
    path("consumption/import/", views.product_import, name="consumption_product_import"),
    path(
        "consumption/import/template/",
        views.product_import_template,
        name="consumption_product_import_template",
    ),
    path(
        "consumption/products/<str:uid>/", views.product_detail, name="consumption_product_detail"
    ),
    path(
        "consumption/products/<str:uid>/edit/", views.product_edit, name="consumption_product_edit"
    ),
    path(
        "consumption/products/<str:uid>/steps/<str:step>/",
        views.product_step,
        name="consumption_product_step",
    ),
    path(
        "consumption/products/<str:uid>/objections/",
        views.objection_create,
        name="consumption_objection_create",
    ),
    path(
        "consumption/objections/<int:pk>/answer/",
        views.objection_answer,
        name="consumption_objection_answer",
    ),
    path("consumption/suppliers/", views.supplier_list, name="consumption_supplier_list"),
    path("consumption/suppliers.xlsx", views.supplier_export, name="consumption_supplier_export"),
    path(
        "consumption/suppliers/import/",
        views.supplier_import,
        name="consumption_supplier_import",
    ),
    path(
        "consumption/suppliers/import/template/",
        views.supplier_import_template,
        name="consumption_supplier_import_template",
    ),
    path("consumption/suppliers/new/", views.supplier_create, name="consumption_supplier_create"),
    path(
        "consumption/suppliers/<str:uid>/",
        views.supplier_detail,
        name="consumption_supplier_detail",
    ),
    path(
        "consumption/suppliers/<str:uid>/edit/",
        views.supplier_edit,
        name="consumption_supplier_edit",
    ),
    path(
        "consumption/suppliers/<str:uid>/apply/",
        views.product_apply,
        name="consumption_product_apply",
    ),
    path("", include("xiezuo.consumption.urls_public")),
    path("", include("xiezuo.consumption.urls_sales")),  # buyers, sales, facilities
]
