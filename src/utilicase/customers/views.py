"""Customer pages: the list with search, and one customer with its service points, the
enterprise's latest monthly average prices and the customer's history (customers.history). All
read through the scoped selectors."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy, pgettext_lazy

from utilicase.customers import selectors
from utilicase.customers.history import customer_history
from utilicase.customers.models import Customer
from utilicase.web.exports import Column, export_format, export_rows, table_response

PAGE_SIZE = 50
PRICES_SHOWN = 12
# The list's columns, as its page shows them (list.html).
COLUMNS = (
    Column(gettext_lazy("户号"), lambda c: c.account_number), Column(gettext_lazy("户名"), lambda c: c.name),
    Column(gettext_lazy("联系电话"), lambda c: c.contact_phone), Column(gettext_lazy("地址"), lambda c: c.address),
    Column(gettext_lazy("供应企业"), lambda c: c.enterprise.name),
    Column(gettext_lazy("营业所"), lambda c: c.office.name if c.office else ""),
)

# The history's rows as the page shows them, each with its section (one table for all sections).
HISTORY_COLUMNS = (
    Column(gettext_lazy("类别"), lambda r: r[0]), Column(gettext_lazy("时间"), lambda r: r[1].at),
    Column(gettext_lazy("编号"), lambda r: r[1].number), Column(gettext_lazy("所属案件"), lambda r: r[1].case_number),
    Column(gettext_lazy("内容"), lambda r: r[1].title), Column(gettext_lazy("状态"), lambda r: r[1].status),
)


@login_required
def customer_list(request):
    query = request.GET.get("q", "").strip()
    customers = selectors.customer_list(user=request.user, query=query or None)
    fmt = export_format(request)
    if fmt:
        return table_response(fmt=fmt, name="customers", title=pgettext_lazy("section", "客户"), columns=COLUMNS,
                              rows=export_rows(customers))
    page = Paginator(customers, PAGE_SIZE).get_page(request.GET.get("page"))
    # An empty search and an empty scope need different advice.
    scope_empty = page.paginator.count == 0 and not (query and selectors.customer_list(user=request.user).exists())
    return render(request, "customers/list.html", {"page": page, "q": query, "scope_empty": scope_empty})


@login_required
def customer_detail(request, pk: int):
    try:
        customer = selectors.customer_get(user=request.user, id=pk)
    except Customer.DoesNotExist:
        raise Http404 from None
    history = customer_history(user=request.user, customer=customer)
    if fmt := export_format(request):
        return table_response(fmt=fmt, name=f"customer-{customer.account_number}", title=customer.account_number,
                              columns=HISTORY_COLUMNS,
                              rows=[(section.title, row) for section in history for row in section.rows])
    prices = selectors.monthly_prices(enterprise=customer.enterprise, limit=PRICES_SHOWN)
    return render(request, "customers/detail.html", {"customer": customer, "prices": prices, "history": history})
