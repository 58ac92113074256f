"""The network of social services as Part B shows it: per year, one row per service with
its identity (IČ, registry identifier, form, part, territory) and a column per unit, and
the year's total per unit. The numbers are cpkit.analysis.network's, as in
`cpkit gaps network`."""

from __future__ import annotations

from cpkit.analysis.network import NetworkLine, NetworkYearChange, network_years, yearly_updates
from cpkit.publish.views.cells import GapTable, PartViews

#: The units in the order the network's columns show them.
UNIT_ORDER = ("beds", "staff-fte", "clients", "contacts", "interventions")
IDENTITY = ("service", "provider_ic", "registry_id", "form", "part", "territory")


class NetworkViews(PartViews):
    """Part B's network tables."""

    HELPERS = ("network_tables",)

    def network_tables(self) -> list[tuple[int, GapTable, GapTable | None]]:
        """(year, its table, its update against the year before) for each year the network
        names, in order; the first year, and a year that changed nothing, have no update."""
        updates = yearly_updates(self.doc.plan)
        out = []
        for year, lines in network_years(self.doc.plan).items():
            update = updates.get(year)
            shown = self._update(update) if update else None
            out.append((year, self._table(list(lines.values())), shown))
        return out

    def _update(self, change: NetworkYearChange) -> GapTable | None:
        """A year's update as the annex a council adopts: one row per service and unit."""
        rows: list[list[str]] = []
        for n in change.added:
            rows += [self._change("added", n, u, None, v) for u, v in n.capacity.items()]
        for n in change.removed:
            rows += [self._change("removed", n, u, v, None) for u, v in n.capacity.items()]
        for n, part, capacity in change.changed:
            if part:
                moved = (
                    f"{self.m.t(f'network.parts.{part}')} → {self.m.t(f'network.parts.{n.part}')}"
                )
                rows.append([self.m.t("network.changes.part"), n.name, moved, "", "", "", ""])
            rows += [self._change("capacity", n, c.unit, c.before, c.after) for c in capacity]
        if not rows:
            return None
        columns = ("change", "service", "part", "unit", "before", "after", "delta")
        return GapTable([self.m.t(f"network.columns.{c}") for c in columns], rows, [4, 5, 6])

    def _change(
        self, kind: str, n: NetworkLine, unit: str, before: float | None, after: float | None
    ) -> list[str]:
        """One row of the update: a service's capacity in a unit, before and after."""
        delta = (after or 0.0) - (before or 0.0)
        return [
            self.m.t(f"network.changes.{kind}"), n.name, self.m.t(f"network.parts.{n.part}"),
            self.m.t(f"units.{unit}"), self.m.number(before) if before is not None else "—",
            self.m.number(after) if after is not None else "—",
            ("+" if delta > 0 else "") + self.m.number(delta),
        ]  # fmt: skip

    def _table(self, lines: list[NetworkLine]) -> GapTable:
        """A year's network: a row per service, a column per unit it uses, and the total
        per unit (units are never added together)."""
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
        """A service as a network entry names it, and its capacity in each of the units."""
        territory = self.join(x for x in (self.name(n.area), n.municipality) if x)
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
