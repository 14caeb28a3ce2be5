"""Pure rules of the evidence register (§2.6(2), §2.7(3)): no Django here."""
