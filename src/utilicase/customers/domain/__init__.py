"""Pure rules of the customers context (no Django): what a customer, service point and
monthly average price look like, and the validation of the billing system's CSV exports."""
