"""The network of social services as Part B shows it: per year, one row per service with
its identity (IČ, registry identifier, form, part, territory) and a column per unit, and
the year's total per unit. The numbers are cpkit.analysis.network's, as in
`cpkit gaps network`."""

from __future__ import annotations

from cpkit.analysis.network import NetworkLine, network_years
from cpkit.publish.views.cells import GapTable, PartViews

#: The units in the order the network's columns show them.
UNIT_ORDER = ("beds", "staff-fte", "clients", "contacts", "interventions")
IDENTITY = ("service", "provider_ic", "registry_id", "form", "part", "territory")


class NetworkViews(PartViews):
    """Part B's network tables."""

    HELPERS = ("network_tables",)

    def network_tables(self) -> list[tuple[int, GapTable]]:
        """(year, its table) for each year the network names, in order."""
        return [(year, self._table(list(lines.values())))
                for year, lines in network_years(self.doc.plan).items()]  # fmt: skip

    def _table(self, lines: list[NetworkLine]) -> GapTable:
        units = _units(lines)
        headers = [self.m.t(f"network.columns.{c}") for c in IDENTITY]
        headers += [_capital(self.m.t(f"units.{u}")) for u in units]
        rows = [self._row(n, units) for n in lines]
        totals = [sum(n.capacity.get(u, 0.0) for n in lines) for u in units]
        rows.append(
            [self.m.t("network.total"), *[""] * (len(IDENTITY) - 1)]
            + [self.m.number(v) for v in totals]
        )
        return GapTable(headers, rows, list(range(len(IDENTITY), len(headers))))

    def _row(self, n: NetworkLine, units: list[str]) -> list[str]:
        territory = ", ".join(x for x in (self.name(n.area), n.municipality) if x)
        identity = [
            n.name, n.provider_ic, n.registry_id,
            self.m.t(f"network.forms.{n.form}") if n.form else "",
            self.m.t(f"network.parts.{n.part}"), territory,
        ]  # fmt: skip
        return identity + [self.m.number(n.capacity[u]) if u in n.capacity else "" for u in units]


def _capital(text: str) -> str:
    """A unit as a column header: "staff (FTE)" → "Staff (FTE)"."""
    return text[:1].upper() + text[1:]


def _units(lines: list[NetworkLine]) -> list[str]:
    """The units the year's entries use: the registry's first, then any other, as met."""
    used = {u for n in lines for u in n.capacity}
    others = [u for n in lines for u in n.capacity if u not in UNIT_ORDER]
    return [u for u in UNIT_ORDER if u in used] + list(dict.fromkeys(others))
