"""A small OpenID Connect provider (django-oauth-toolkit) that the SSO tests start as a
separate process on a loopback port (tests/oidc_provider/fixtures.py): the app signs in
against a real provider, not a mock of allauth (issue #28)."""
