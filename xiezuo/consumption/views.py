"""Pages of consumption assistance: suppliers and their products (filtered, with an Excel
export and import), a product's certification with its steps and objections, and the
forms of each step for those who may take it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xiezuo.accounts import policy
from xiezuo.accounts.audit import audit_history
from xiezuo.forms import REFUSED, errors_to_form, form_status
from xiezuo.importing import ImportRefused, RowError
from xiezuo.paging import page_of
from xiezuo.spreadsheets import WorkbookForm, xlsx_response

from . import excel, selectors, services
from .forms import (
    AnswerForm,
    ApplyForm,
    CertifyForm,
    NoticeForm,
    ObjectionForm,
    ProductForm,
    StepForm,
    SupplierForm,
)
from .models import (
    Objection,
    Product,
    ProductCategory,
    ProductStatus,
    Supplier,
    SupplierKind,
)

# --- suppliers


def _supplier_filters(request: HttpRequest) -> selectors.SupplierFilters:
    kind = request.GET.get("kind") or None
    return selectors.SupplierFilters(
        place=_code(request.GET.get("place")),
        kind=kind if kind in SupplierKind.values else None,
        name=(request.GET.get("name") or "").strip() or None,
    )


def _code(value: str | None) -> str | None:
    """A division code from the query string; anything else is left out."""
    text = (value or "").strip()
    return text if text.isdigit() and len(text) in (2, 4, 6, 9, 12) else None


def supplier_list(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "consumption.view")
    suppliers = selectors.supplier_list(_supplier_filters(request))
    return render(
        request,
        "consumption/supplier_list.html",
        {
            "page": page_of(request, suppliers),
            "kinds": SupplierKind.choices,
            "filters": request.GET,
            "query": request.GET.urlencode(),
        },
    )


def supplier_export(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "consumption.view")
    suppliers = selectors.supplier_list(_supplier_filters(request))
    return xlsx_response(excel.suppliers_workbook(suppliers), "suppliers.xlsx")


def supplier_import(request: HttpRequest) -> HttpResponse:
    """Suppliers from an Excel workbook: every row, or none (a message per cell)."""
    policy.require_anywhere(request.user, "consumption.record")
    form = WorkbookForm(request.POST, request.FILES) if request.method == "POST" else WorkbookForm()
    refused: list[RowError] = []
    if form.is_bound and form.is_valid():
        try:
            created = excel.import_suppliers(source=form.cleaned_data["file"], user=request.user)
        except ImportRefused as exc:
            refused = exc.errors
        else:
            messages.success(request, _("Imported %(count)s suppliers.") % {"count": len(created)})
            return redirect("consumption_supplier_list")
    return render(
        request,
        "consumption/supplier_import.html",
        {"form": form, "refused": refused, "columns": excel.SUPPLIER_COLUMNS},
        status=REFUSED if refused else form_status(form),
    )


def supplier_import_template(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "consumption.view")
    return xlsx_response(excel.suppliers_template_workbook(), "suppliers-template.xlsx")


def _supplier(uid: str) -> Supplier:
    supplier = selectors.supplier_get(uid)
    if supplier is None:
        raise Http404(_("No supplier has the number “%(key)s”.") % {"key": uid})
    return supplier


def _form_page(
    request: HttpRequest, form: forms.Form, title: str, back: str, back_label: str
) -> HttpResponse:
    return render(
        request,
        "consumption/form.html",
        {"form": form, "title": title, "back": back, "back_label": back_label},
        status=form_status(form),
    )


def supplier_create(request: HttpRequest) -> HttpResponse:
    policy.require_anywhere(request.user, "consumption.record")
    form = SupplierForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["place"] is not None:
            policy.require(request.user, "consumption.record", Supplier(place=data["place"]))
        try:
            supplier = services.supplier_create(actor=request.user, **data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(
                request, _("Recorded: the supplier %(name)s.") % {"name": supplier.name}
            )
            return redirect("consumption_supplier_detail", uid=supplier.uid)
    return _form_page(request, form, _("Register a supplier"),
                      "consumption_supplier_list", _("Suppliers"))  # fmt: skip


def supplier_detail(request: HttpRequest, uid: str) -> HttpResponse:
    policy.require(request.user, "consumption.view")
    supplier = _supplier(uid)
    return render(
        request,
        "consumption/supplier_detail.html",
        {
            "supplier": supplier,
            "products": selectors.product_list().filter(supplier=supplier),
            "audit": audit_history(supplier)
            if policy.can(request.user, "audit.view", supplier)
            else None,
        },
    )


def supplier_edit(request: HttpRequest, uid: str) -> HttpResponse:
    supplier = _supplier(uid)
    policy.require(request.user, "consumption.record", supplier)
    initial = {
        "name": supplier.name, "kind": supplier.kind, "place": supplier.place.code,
        "credit_code": supplier.credit_code, "contact": supplier.contact,
        "households_linked": supplier.households_linked, "linkage": supplier.linkage,
    }  # fmt: skip
    form = SupplierForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["place"] is not None:
            policy.require(request.user, "consumption.record", Supplier(place=data["place"]))
        try:
            services.supplier_update(actor=request.user, supplier=supplier, **data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Saved: the supplier %(name)s.") % {"name": supplier.name})
            return redirect("consumption_supplier_detail", uid=supplier.uid)
    return _form_page(request, form, _("Change the supplier %(name)s") % {"name": supplier.name},
                      "consumption_supplier_list", _("Suppliers"))  # fmt: skip


def product_apply(request: HttpRequest, uid: str) -> HttpResponse:
    """The supplier applies to have a product certified."""
    supplier = _supplier(uid)
    policy.require(request.user, "consumption.record", supplier)
    form = ApplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        place = data["place"] or supplier.place
        policy.require(request.user, "consumption.record", Product(supplier=supplier, place=place))
        try:
            product = services.product_apply(actor=request.user, supplier=supplier, **data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(
                request, _("Recorded: the application for %(name)s.") % {"name": product.name}
            )
            return redirect("consumption_product_detail", uid=product.uid)
    return _form_page(request, form, _("Apply for a product of %(name)s") % {"name": supplier.name},
                      "consumption_supplier_list", _("Suppliers"))  # fmt: skip


# --- products


def _product_filters(request: HttpRequest) -> selectors.ProductFilters:
    category = request.GET.get("category") or None
    status = request.GET.get("status") or None
    return selectors.ProductFilters(
        place=_code(request.GET.get("place")),
        category=category if category in ProductCategory.values else None,
        status=status if status in ProductStatus.values else None,
        supplier=(request.GET.get("supplier") or "").strip() or None,
    )


def product_list(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "consumption.view")
    products = selectors.product_list(_product_filters(request))
    return render(
        request,
        "consumption/product_list.html",
        {
            "page": page_of(request, products),
            "categories": ProductCategory.choices,
            "statuses": ProductStatus.choices,
            "filters": request.GET,
            "query": request.GET.urlencode(),
        },
    )


def product_export(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "consumption.view")
    products = selectors.product_list(_product_filters(request))
    return xlsx_response(excel.products_workbook(products), "products.xlsx")


def product_import(request: HttpRequest) -> HttpResponse:
    """Applications from an Excel workbook: every row, or none (a message per cell)."""
    policy.require_anywhere(request.user, "consumption.record")
    form = WorkbookForm(request.POST, request.FILES) if request.method == "POST" else WorkbookForm()
    refused: list[RowError] = []
    if form.is_bound and form.is_valid():
        try:
            created = excel.import_products(source=form.cleaned_data["file"], user=request.user)
        except ImportRefused as exc:
            refused = exc.errors
        else:
            messages.success(
                request, _("Imported %(count)s product applications.") % {"count": len(created)}
            )
            return redirect("consumption_product_list")
    return render(
        request,
        "consumption/product_import.html",
        {"form": form, "refused": refused, "columns": excel.PRODUCT_COLUMNS},
        status=REFUSED if refused else form_status(form),
    )


def product_import_template(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "consumption.view")
    return xlsx_response(excel.template_workbook(), "product-applications-template.xlsx")


def _product(uid: str) -> Product:
    product = selectors.product_get(uid)
    if product is None:
        raise Http404(_("No product has the number “%(key)s”.") % {"key": uid})
    return product


@dataclass(frozen=True)
class Step:
    """A certification step as a page offers it: its form and its button (its service, who
    may take it and from which statuses: `services.STEP_RULES`)."""

    form: type[StepForm]
    label: Any
    done: Any


STEPS: dict[str, Step] = {
    "check": Step(StepForm,
                  gettext_lazy("Township check passed"), gettext_lazy("checked")),
    "review": Step(StepForm,
                   gettext_lazy("Sector bureau review passed"), gettext_lazy("reviewed")),
    "return": Step(StepForm,
                   gettext_lazy("Return to the supplier for changes"), gettext_lazy("returned")),
    "notice": Step(NoticeForm,
                   gettext_lazy("Put to public notice"), gettext_lazy("put to public notice")),
    "certify": Step(CertifyForm,
                    gettext_lazy("Certify"), gettext_lazy("certified")),
    "reject": Step(StepForm,
                   gettext_lazy("Reject"), gettext_lazy("rejected")),
    "suspend": Step(StepForm,
                    gettext_lazy("Suspend"), gettext_lazy("suspended")),
    "reinstate": Step(StepForm,
                      gettext_lazy("Reinstate"), gettext_lazy("reinstated")),
    "withdraw": Step(StepForm,
                     gettext_lazy("Withdraw the certificate"), gettext_lazy("withdrawn")),
}  # fmt: skip


def _product_page(
    request: HttpRequest,
    product: Product,
    shown: dict[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    shown = shown or {}
    steps = [
        (name, step, shown.get(name) or step.form(prefix=name))
        for name, step in STEPS.items()
        if product.status in services.STEP_RULES[name].after
        and policy.can(request.user, services.STEP_RULES[name].action, product)
    ]
    may_decide = policy.can(request.user, "consumption.decide", product)
    objections = selectors.product_objections(product)
    return render(
        request,
        "consumption/product_detail.html",
        {
            "product": product,
            "steps": selectors.product_steps(product),
            "step_forms": steps,
            "objections": objections,
            "may_decide": may_decide,
            "audit": audit_history(product)
            if policy.can(request.user, "audit.view", product)
            else None,
            "may_record": policy.can(request.user, "consumption.record", product),
            "objection_form": shown.get("objection") or ObjectionForm(prefix="objection"),
            "answer_forms": {
                o.pk: shown.get(f"answer-{o.pk}") or AnswerForm(prefix=f"answer-{o.pk}")
                for o in objections
                if o.outcome == Objection.Outcome.OPEN
            },
        },
        status=status,
    )


def product_detail(request: HttpRequest, uid: str) -> HttpResponse:
    policy.require(request.user, "consumption.view")
    return _product_page(request, _product(uid))


def product_edit(request: HttpRequest, uid: str) -> HttpResponse:
    product = _product(uid)
    policy.require(request.user, "consumption.record", product)
    initial = {
        "name": product.name, "category": product.category,
        "specification": product.specification, "unit": product.unit,
        "price": product.price if product.price is not None else "",
        "capacity_value": product.capacity_value, "capacity_quantity": product.capacity_quantity,
        "place": product.place.code, "households_benefiting": product.households_benefiting,
    }  # fmt: skip
    form = ProductForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        data["place"] = data["place"] or product.supplier.place
        policy.require(
            request.user,
            "consumption.record",
            Product(supplier=product.supplier, place=data["place"]),
        )
        try:
            services.product_update(actor=request.user, product=product, **data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Saved: the product %(name)s.") % {"name": product.name})
            return redirect("consumption_product_detail", uid=product.uid)
    return _form_page(request, form, _("Change the product %(name)s") % {"name": product.name},
                      "consumption_product_list", _("Products"))  # fmt: skip


def product_step(request: HttpRequest, uid: str, step: str) -> HttpResponse:
    """Take a certification step (POST, from the product's page); refused: the page again,
    with the messages beside the step's fields."""
    product = _product(uid)
    if step not in STEPS:
        raise Http404(_("No such step."))
    taken, rule = STEPS[step], services.STEP_RULES[step]
    policy.require(request.user, rule.action, product)
    if request.method != "POST":
        return redirect("consumption_product_detail", uid=product.uid)
    form = taken.form(request.POST, prefix=step)
    if form.is_valid():
        try:
            rule.service(actor=request.user, product=product, **form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s: %(step)s.") % {"name": product.name, "step": taken.done},
            )
            return redirect("consumption_product_detail", uid=product.uid)
    product.refresh_from_db()
    return _product_page(request, product, {step: form}, status=form_status(form))


def objection_create(request: HttpRequest, uid: str) -> HttpResponse:
    """Record an objection received during the product's notice (POST)."""
    product = _product(uid)
    policy.require(request.user, "consumption.decide", product)
    if request.method != "POST":
        return redirect("consumption_product_detail", uid=product.uid)
    form = ObjectionForm(request.POST, prefix="objection")
    if form.is_valid():
        try:
            services.objection_record(actor=request.user, product=product, **form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(
                request, _("Recorded: the objection to %(name)s.") % {"name": product.name}
            )
            return redirect("consumption_product_detail", uid=product.uid)
    return _product_page(request, product, {"objection": form}, status=form_status(form))


def objection_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """Answer an objection (POST): dismissed, or upheld and the product rejected or returned."""
    objection = Objection.objects.select_related("product").filter(pk=pk).first()
    if objection is None:
        raise Http404(_("No objection has the id %(id)s.") % {"id": pk})
    product = _product(objection.product.uid)
    policy.require(request.user, "consumption.decide", product)
    if request.method != "POST":
        return redirect("consumption_product_detail", uid=product.uid)
    prefix = f"answer-{objection.pk}"
    form = AnswerForm(request.POST, prefix=prefix)
    if form.is_valid():
        try:
            services.objection_answer(actor=request.user, objection=objection, **form.cleaned_data)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(
                request, _("Answered: the objection to %(name)s.") % {"name": product.name}
            )
            return redirect("consumption_product_detail", uid=product.uid)
    product.refresh_from_db()
    return _product_page(request, product, {prefix: form}, status=form_status(form))
