"""What every stage shares: diagnostics, the catalogue of rules, atomic writes."""
