"""The citizen-facing indicators of Quyết định 766/QĐ-TTg the portal can compute (satisfaction,
dossiers handled on time, dossiers received online) and the SIPAS index, over a unit's area and a
period, for the dashboard and the review's PDF: read through the surveys app's own selectors
(monthly counters, a fixed number of queries whatever the number of dossiers)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from communes.models import AdminUnit, User
from surveys.dossiers.selectors import CitizenIndicators, citizen_indicators, dossier_indicators
from surveys.sipas import SipasIndices, sipas_indices


@dataclass
class CitizenService:
    indicators: CitizenIndicators
    sipas: SipasIndices

    @property
    def known(self) -> bool:
        """Whether there is anything to state: dossiers received or forms answered."""
        return bool(self.indicators.received or self.indicators.forms or self.sipas.forms)


def citizen_service(
    *, unit: AdminUnit, start: datetime.date, end: datetime.date, user: User | None = None
) -> CitizenService:
    """The unit's area (a province or a commune, of either era) from `start` to `end`, within
    the user's scope when there is a user (a report built by a worker has none: its unit bounds
    it). Satisfaction and SIPAS are counted by month, over the months the period touches."""
    timeliness = dossier_indicators(user=user, start=start, end=end, unit=unit, breakdown=False)
    table = citizen_indicators(user=user, start=start, end=end, unit=unit, timeliness=timeliness)
    sipas = sipas_indices(user=user, month_from=start, month_to=end, unit=unit)
    return CitizenService(indicators=table.totals, sipas=sipas)
