from django.urls import path

from . import views

urlpatterns = [
    path("ledger/", views.account_list, name="ledger_account_list"),
    path("ledger/ledger.xlsx", views.ledger_export, name="ledger_export"),
    path("ledger/use/", views.fund_use, name="ledger_fund_use"),
    path("ledger/donations/", views.donation_list, name="ledger_donation_list"),
    path("ledger/donations/new/", views.donation_create, name="ledger_donation_create"),
    path(
        "ledger/donations/<str:uid>/receive/",
        views.donation_receive,
        name="ledger_donation_receive",
    ),
    path("ledger/transfers/new/", views.transfer_create, name="ledger_transfer_create"),
    path(
        "ledger/transfers/<int:pk>/reverse/", views.transfer_reverse, name="ledger_transfer_reverse"
    ),
    path("ledger/<str:code>/statement.xlsx", views.account_statement, name="ledger_statement"),
    path("ledger/<str:code>/", views.account_detail, name="ledger_account_detail"),
]
