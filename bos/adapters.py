from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    """Nobody signs up: the projectleider or an admin invites people."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False
