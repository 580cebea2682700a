"""A key that cannot read the stored personal information is said at start-up (the
`migrate` of `make run`, `xiezuo check --database default`), naming the columns."""

from __future__ import annotations

from datetime import date

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from xiezuo.labour import services
from xiezuo.personal.identity import synthetic_identity
from xiezuo.places.models import Place

pytestmark = pytest.mark.django_db


def test_the_check_names_the_columns_the_configured_key_cannot_read(settings, make_user):
    call_command("check", databases=["default"])  # the keys read everything: silent
    services.worker_register(
        actor=make_user("clerk", scope=["451024"]),
        identity=synthetic_identity(7, date(1955, 3, 9), "male", "45"),
        name="测试七", home=Place.objects.get(code="451024"), poverty_status="poor",
        phone="13812345678",
    )  # fmt: skip
    call_command("check", databases=["default"])

    settings.XIEZUO_PERSONAL_KEYS = [Fernet.generate_key().decode()]  # another key alone
    with pytest.raises(SystemCheckError) as refused:
        call_command("check", databases=["default"])
    message = str(refused.value)
    assert "xiezuo.personal.E001" in message and "XIEZUO_PERSONAL_KEY" in message
    assert "labour.Worker.identity" in message and "labour.Worker.phone" in message
