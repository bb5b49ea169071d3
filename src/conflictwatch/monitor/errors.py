"""The monitor's exceptions, with stable codes in the ``CW6xx`` range (``errors.py`` keeps ``CW1xx``–``CW5xx``)."""

from __future__ import annotations

from conflictwatch.errors import ConflictWatchError


class MonitorError(ConflictWatchError):
    """The ceasefire monitor could not do what was asked."""

    code = "CW600"


class AgreementError(MonitorError):
    """An agreement's definition is invalid: missing name, bad date, window ending before it starts, unknown key."""

    code = "CW601"


class AgreementNotFoundError(MonitorError):
    """No agreement of that name in the database."""

    code = "CW602"


class AgreementExistsError(MonitorError):
    """An agreement of that name is already stored (edit it, or remove it first)."""

    code = "CW603"


class PartyError(AgreementError):
    """A party name is not in the actor dictionary, or is ambiguous without a country."""

    code = "CW604"


class AreaError(AgreementError):
    """An area is neither an admin name nor a readable GeoJSON polygon."""

    code = "CW605"


class AlertRuleError(MonitorError):
    """An alert rules file is unreadable or has an unknown rule kind or key."""

    code = "CW606"


class WebhookError(MonitorError):
    """An alert could not be delivered to the webhook (unreachable, refused, HTTP error)."""

    code = "CW607"
