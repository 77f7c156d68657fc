"""Golden orders for every TLD and operation (tables: golden_register.py, from
docs/module-behaviour.md §5.4/§5.5).

Each row: the values WHMCS stores -> exactly these ISPAPI parameters (no more, no fewer). Each table covers
its whole operation set, so a TLD added to the data without a hand-checked row fails here. Per row, every
required field submitted empty gives a message naming it, in each of the four languages.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.additional_fields import FieldsRegistry, FieldValidationError, Operation
from app.additional_fields.loader import LANGUAGES
from tests.additional_fields.golden_register import REGISTER, TRADE, TRANSFER, WHOISPRIVACY, Row

REG = FieldsRegistry.load(clock=lambda: datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC))
TABLES: dict[Operation, dict[str, Row]] = {
    Operation.REGISTER: REGISTER,
    Operation.TRANSFER: TRANSFER,
    Operation.TRADE: TRADE,
    Operation.WHOISPRIVACY: WHOISPRIVACY,
}
ROWS = [(tld, op) for op, table in TABLES.items() for tld in sorted(table)]


@pytest.mark.parametrize("op", list(TABLES))
def test_every_tld_of_the_operation_has_a_golden_row(op: Operation) -> None:
    assert sorted(TABLES[op]) == REG.tlds(op)
    sizes = {Operation.REGISTER: 88, Operation.TRANSFER: 26, Operation.TRADE: 49, Operation.WHOISPRIVACY: 3}
    assert len(TABLES[op]) == sizes[op]


@pytest.mark.parametrize(("tld", "op"), ROWS)
def test_golden_order_gives_exactly_its_params(tld: str, op: Operation) -> None:
    values, expected = TABLES[op][tld]
    assert REG.apply(tld, op, values).params == expected


@pytest.mark.parametrize(("tld", "op"), ROWS)
def test_golden_order_missing_each_required_field_names_it(tld: str, op: Operation) -> None:
    values, _ = TABLES[op][tld]
    required = [f for f in REG.fields_for(tld, op) if f.required]
    for f in required:
        partial = {**{k: v for k, v in values.items() if k not in f.names()}, f.name: ""}
        messages = set()
        for language in LANGUAGES:
            with pytest.raises(FieldValidationError) as info:
                REG.apply(tld, op, partial, language=language)
            assert info.value.field == f.name
            assert REG.label(f, language) in info.value.message
            messages.add(info.value.message)
        assert len(messages) == len(LANGUAGES)  # translated, not four times the English text
