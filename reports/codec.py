"""JSON for report figures that keeps their types: money and dates are stored as tagged
strings ({"$dec": "1.50"}, {"$date": "2021-07-31"}), so a decoded value holds the same
Decimals and dates as a freshly built one."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any


def encode(value: Any) -> Any:
    if isinstance(value, Decimal):
        return {"$dec": str(value)}
    if isinstance(value, dt.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, dict):
        return {str(key): encode(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [encode(item) for item in value]
    return value


def decode(value: Any) -> Any:
    if isinstance(value, dict):
        if len(value) == 1:
            ((key, item),) = value.items()
            if key == "$dec":
                return Decimal(item)
            if key == "$date":
                return dt.date.fromisoformat(item)
            if key == "$datetime":
                return dt.datetime.fromisoformat(item)
        return {key: decode(item) for key, item in value.items()}
    if isinstance(value, list):
        return [decode(item) for item in value]
    return value
