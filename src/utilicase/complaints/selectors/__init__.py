"""Reads of complaints, restricted at the source to what the user may see (scope.py says who sees
what); a complaint out of sight is answered exactly like a missing one.

Split by what they read: scope.py (which complaints a user may see), worklists.py (the work list,
the list with its filters, a customer's complaints, the hall head's counter records),
complaint.py (one complaint and what may be done with it), kpis.py (the month's figures),
organisation.py (the units and staff around a complaint, intake's customers and categories).
`selectors.<name>` stays the address of each."""

from utilicase.complaints.selectors.complaint import Action, complaint_actions, complaint_get, responsible_for
from utilicase.complaints.selectors.kpis import KpiTable, complaint_kpis, month_bounds
from utilicase.complaints.selectors.organisation import (
    categories,
    company_of,
    customer_in_company,
    hall_heads,
    hand_over_targets,
    handlers_of,
    intake_customer,
    intake_customers_by_account,
    leadership_units,
    route_target_error,
    route_targets,
)
from utilicase.complaints.selectors.scope import MANAGER_ROLES, TARGET_TYPE, complaint_ids_visible, with_due
from utilicase.complaints.selectors.worklists import (
    COUNTER_RECENT_DAYS,
    COUNTER_SHOWN,
    NUMBER_PREFIX,
    SUMMARY_FIELDS,
    WORKLIST_FIELDS,
    Filters,
    complaint_id_by_number,
    complaint_labels,
    complaint_list,
    complaint_worklist,
    counter_reports,
    customer_complaints,
    customer_open_complaints,
)

__all__ = [
    "COUNTER_RECENT_DAYS", "COUNTER_SHOWN", "MANAGER_ROLES", "NUMBER_PREFIX", "SUMMARY_FIELDS", "TARGET_TYPE",
    "WORKLIST_FIELDS", "Action", "Filters", "KpiTable", "categories", "company_of", "complaint_actions",
    "complaint_get", "complaint_id_by_number", "complaint_ids_visible", "complaint_kpis", "complaint_labels", "complaint_list",
    "complaint_worklist", "counter_reports", "customer_complaints", "customer_in_company",
    "customer_open_complaints", "hall_heads", "hand_over_targets", "handlers_of", "intake_customer",
    "intake_customers_by_account", "leadership_units", "month_bounds", "responsible_for", "route_target_error",
    "route_targets", "with_due",
]
