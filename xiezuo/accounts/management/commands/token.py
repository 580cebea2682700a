"""`xiezuo token create|list|revoke`: API tokens."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from xiezuo.accounts import selectors, services
from xiezuo.accounts.models import ApiToken, User


class Command(BaseCommand):
    help = "Create, list and revoke API tokens."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="create a token for a user and print it once")
        create.add_argument("username")
        create.add_argument("--name", default="", help="what the token is for")
        listing = sub.add_parser("list", help="list tokens")
        listing.add_argument("username", nargs="?")
        revoke = sub.add_parser("revoke", help="revoke a token by its id")
        revoke.add_argument("id", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "create":
            user = self._user(options["username"])
            _, raw = services.token_create(user=user, name=options["name"])
            self.stdout.write(raw)
        elif action == "list":
            owner = self._user(options["username"]) if options["username"] else None
            for token in selectors.token_list(user=owner):
                state = "revoked" if token.revoked_at else "active"
                used = (
                    token.last_used_at.isoformat(timespec="seconds")
                    if token.last_used_at
                    else "never"
                )
                self.stdout.write(
                    f"{token.pk}\t{token.user.username}\t{token.prefix}…\t{token.name}\t"
                    f"{state}\tcreated {token.created_at:%Y-%m-%d}\tlast used {used}"
                )
        else:
            found = ApiToken.objects.filter(pk=options["id"]).first()
            if found is None:
                raise CommandError(f"no token has the id {options['id']}")
            services.token_revoke(token=found)
            self.stdout.write(f"revoked token {found.pk} ({found.prefix}…)")

    def _user(self, username: str) -> User:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no user is called {username!r}")
        return user
