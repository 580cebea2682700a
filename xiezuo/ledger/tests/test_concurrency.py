"""Two clerks taking an account's last balance at the same moment: one succeeds, the
others are refused — through a real server (gunicorn, two workers) on its own
database, SQLite or PostgreSQL as the suite runs, with requests sent at once."""

from __future__ import annotations

import json
import subprocess
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest

from tests.live_server import BIN, Server, running_server

SETUP = """
from datetime import date
from xiezuo.accounts.models import User
from xiezuo.ledger import services
from xiezuo.ledger.models import AccountKind
from xiezuo.places.models import Place

def open_(code, kind, place):
    return services.account_create(code=code, kind=kind, name_zh=code, opened_on=date(2018, 1, 1),
                                   place=Place.objects.get(code=place) if place else None)

helper = open_("race-helper", AccountKind.HELPER_FISCAL, "4403")
debao = open_("race-debao", AccountKind.RECEIVING, "451024")
open_("race-spent", AccountKind.EXPENDITURE, None)
services.transfer_create(actor=User.objects.get(username="admin"), kind="receipt", source=helper,
                         target=debao, amount="100", on=date(2018, 6, 1))
"""
CHECK = """
from xiezuo.ledger.models import Account
from xiezuo.ledger.selectors import ledger_check
print(ledger_check().sound, Account.objects.get(code="race-debao").balance)
"""
CLERKS = 6


def xiezuo(server: Server, *args: str) -> str:
    done = subprocess.run(
        [str(BIN / "xiezuo"), *args], env=server.env, cwd=server.var, check=True,
        capture_output=True, text=True,
    )  # fmt: skip
    return done.stdout.strip()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with running_server(
        tmp_path_factory.mktemp("ledger-var"), password="ledger-pass", name="ledger"
    ) as live:
        yield live


def test_of_clerks_taking_the_last_balance_at_once_exactly_one_succeeds(server):
    xiezuo(server, "shell", "-v", "0", "-c", SETUP)
    token = xiezuo(server, "token", "create", "clerk", "--name", "race")
    start = Barrier(CLERKS)
    body = json.dumps(
        {"kind": "expenditure", "source": "race-debao", "target": "race-spent",
         "amount": "60.00", "on": "2018-07-01"}
    ).encode()  # fmt: skip

    def take(_: int) -> tuple[int, dict]:
        request = urllib.request.Request(
            server.url + "/api/v1/ledger/transfers", data=body, method="POST",
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json",
                     "Accept-Language": "zh-hans"},
        )  # fmt: skip
        start.wait()
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())

    with ThreadPoolExecutor(CLERKS) as pool:
        answers = list(pool.map(take, range(CLERKS)))
    statuses = sorted(status for status, _ in answers)
    assert statuses == [201] + [422] * (CLERKS - 1), answers
    for status, answer in answers:
        if status == 422:
            assert answer["errors"] == {
                "amount": ["race-debao余额为 40.00 元，不能从中转出 60.00 元。"]
            }
    assert xiezuo(server, "shell", "-v", "0", "-c", CHECK) == "True 40.00"
