"""The house style's stylesheet and logo are public: the login page uses the layout too."""

from tests.matrix import ROLES, Case

ROWS: dict[str, list[Case]] = {
    "brand_css": [Case(dict.fromkeys(ROLES, 200))],
    # The demo partnership has no logo uploaded.
    "brand_logo": [Case(dict.fromkeys(ROLES, 404))],
}
