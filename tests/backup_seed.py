"""Seed a fresh, migrated database with a small programme for the backup round trip: the
places of Guangxi and Guangdong, the demo's organisations, pairings, catalogue, users,
work plan, projects, ledger transfers and donations (not its 180,000 placements), then
one registered worker (identity number encrypted), one placement, one project photo
uploaded to the media folder, and one reversed transfer.

Run as a script with the environment naming the database and var folder:
`DATABASE_URL=... XIEZUO_VAR_DIR=... python tests/backup_seed.py`.
"""

from __future__ import annotations

import os
from datetime import date

import django


def seed() -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import transaction

    from xiezuo.accounts.models import User
    from xiezuo.demo import loader
    from xiezuo.demo.donations import load_donations
    from xiezuo.demo.ledger import load_ledger
    from xiezuo.demo.plans import load_plans
    from xiezuo.demo.projects import load_projects
    from xiezuo.indicators.catalogue import catalogue_load
    from xiezuo.labour import services as labour
    from xiezuo.ledger import services as ledger
    from xiezuo.ledger.models import Transfer
    from xiezuo.occupations.classification import load_occupations
    from xiezuo.personal.identity import synthetic_identity
    from xiezuo.places.divisions import load_divisions
    from xiezuo.places.models import Place
    from xiezuo.places.services import designations_import
    from xiezuo.projects.models import Project
    from xiezuo.projects.services import project_file_add

    load_divisions(provinces=loader.PROVINCES, progress=False)
    load_occupations()
    with transaction.atomic():
        with open(loader.DATA / "designations.csv", encoding="utf-8", newline="") as f:
            designations_import(file=f)
        loader._load_organisations()
        loader._load_pairings()
        catalogue_load()
        loader.assign_demo_data_sets()
        loader._load_users(os.environ.get("XIEZUO_DEMO_PASSWORD", "demo-pass-123"))
        load_plans()
        load_projects()
        admin = User.objects.get(username="admin")
        load_ledger(admin)
        load_donations(admin)
    clerk = User.objects.get(username="clerk")
    worker = labour.worker_register(
        actor=clerk,
        identity=synthetic_identity(7, date(1990, 5, 6), "female", "45"),
        name="黄春梅",
        home=Place.objects.get(code="451024"),
        poverty_status="poor",
        phone="13800138000",
    )
    labour.placement_record(
        actor=clerk,
        worker=worker,
        started_on=date(2018, 3, 1),
        channel="organised",
        job=labour.Job(place_of_work=Place.objects.get(code="4403"), employer_name="某电子厂"),
    )
    project_file_add(
        project=Project.objects.order_by("pk").first(),
        upload=SimpleUploadedFile("现场照片.jpg", bytes(range(256)) * 40, "image/jpeg"),
        by=clerk,
    )
    last = Transfer.objects.order_by("-pk").first()
    ledger.transfer_reverse(actor=User.objects.get(username="admin"), transfer=last, note="测试")


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xiezuo.settings")
    django.setup()
    seed()
