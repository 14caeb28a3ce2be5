"""Pure rules of inspections (§2.4, §2.5, §2.6(1)): no Django."""
