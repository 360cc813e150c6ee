# The verdiepingsmiddagen register their models in their own package.
from .afternoons import admin as afternoons_admin  # noqa: F401
