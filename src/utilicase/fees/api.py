"""Fee calculator API: `POST /api/v1/calculations` takes the input object of the calculator's
contract and answers its output object, the same as `utilicase calc --json`."""

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import ValidationError

from utilicase.config.api_types import TextSafeParser
from utilicase.fees.contract import errors_json, result_json
from utilicase.fees.services import CalculationInvalid, calculate

router = Router(tags=["fees"])


class LineOut(Schema):
    text: str
    amount_yuan: str | None
    rule: str


class CalculationOut(Schema):
    kind: str
    utility: str
    item: int | None
    rule_set: str
    rule_set_verified: bool
    act_date: str
    energy_kwh: str | None
    fee_multiple: str | None
    back_billing_yuan: str
    violation_fee_yuan: str
    total_yuan: str
    lines: list[LineOut]
    note: str | None


class CompensationCalculationOut(Schema):
    """§2.7(5): the outage's lost supply priced at the previous month's average price."""

    kind: str
    utility: str
    month: str
    price_month: str
    unit_price_yuan: str
    outage_minutes: str
    charged_hours: str
    lost_supply: str
    unit: str
    compensation_yuan: str
    total_yuan: str
    lines: list[LineOut]
    note: str | None


_NUMBER = {"type": "number", "minimum": 0}
INPUT_SCHEMA = {
    "type": "object",
    "required": ["kind"],
    "properties": {
        "kind": {"type": "string", "enum": ["theft", "violation", "compensation"]},
        "month": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}$",
                  "description": "compensation: the outage's month (priced at the month before)"},
        "utility": {"type": "string", "enum": ["electricity", "heat", "gas"]},
        "rule_set": {"type": "string", "enum": ["auto", "GB-1996", "GB-2024"]},
        "act_date": {"type": "string", "format": "date"},
        "customer_type": {"type": "string", "enum": ["residential", "lighting", "power"]},
        "item": {"type": "integer", "minimum": 1, "maximum": 6},
        "two_part_tariff": {"type": "boolean"},
        "enterprise": {"type": "string", "description": "code of the enterprise whose heat or gas rules apply "
                                                        "(default: the caller's enterprise)"},
        **{name: _NUMBER for name in (
            "stolen_kwh", "capacity_kw", "capacity_kva", "days", "hours_per_day", "price_yuan_per_kwh",
            "fee_multiple", "price_difference_yuan_per_kwh", "energy_kwh", "basic_charge_yuan_per_kw_month",
            "months", "over_kw", "times", "over_energy_kwh", "area_m2", "seasons", "volume_m3",
            "price_yuan_per_m3", "outage_minutes", "interrupted_rate_per_hour")},
    },
}


@router.post("/calculations", response=CalculationOut | CompensationCalculationOut,
             summary="Calculate back-billing and violation fees, or an outage's compensation",
              openapi_extra={"requestBody": {"required": True,
                                             "content": {"application/json": {"schema": INPUT_SCHEMA}}},
                             "responses": {422: {"description": "bad input: `detail[].loc` names the field"}}})
def calculations(request: HttpRequest):
    """Electricity theft (`kind` "theft": GB Art. 102-103) or violation item 1-6 (`kind`
    "violation", `item`: GB-1996 Art. 100), or heat and gas under the enterprise's configured rules
    (`utility` "heat" or "gas"). Numbers are JSON numbers; an omitted field is unknown (a theft
    whose duration is unknown counts 180 days at 12 h/day for power customers, 6 h/day for lighting
    and residential ones; an item-1 period unknown counts 3 months). `rule_set` "auto" picks the set
    in force on `act_date` (§2.6(4)); GB-2024's multiples are caps (`fee_multiple`, default the cap)
    and not yet verified against the official text. Amounts are strings in yuan, rounded half-up
    to the fen when computed; each breakdown line names its rule. Bad input answers 422 with one
    entry per field (`loc` ["body", field]).

    `kind` "compensation" (§2.7(5)): `utility`, `outage_minutes`, `interrupted_rate_per_hour`
    (kWh/h, GJ/h or m³/h) and `month` ("YYYY-MM" of the outage): the lost supply (an outage under
    1 hour counts 1 hour, a longer one its actual time) × the average unit price of the month
    before, of the utility's enterprise (customers' monthly prices)."""
    data = TextSafeParser().parse_body(request)
    enterprise = getattr(request.auth, "unit", None) if isinstance(data, dict) and data.get("enterprise") is None else None
    try:
        result = calculate(data, enterprise=enterprise)
    except CalculationInvalid as exc:
        raise ValidationError([{"type": "value_error", "loc": ["body", field], "msg": f"{field}: {reason}"}
                               for field, reason in errors_json(exc.errors).items()]) from None
    return result_json(result)
