"""Integer look-ups that cannot fail on numbers the database cannot hold.

Django treats ``exact``/``gt``/... on an integer column with a number beyond the column's range
as matching nothing (or everything). ``in``, and ``exact`` through a foreign key, pass the number
to the database instead, where SQLite raises OverflowError: a 500 for
``?capability=99999999999999999999`` in a filter or ``?event=...`` in the API. Such a number
can equal no row, so it is dropped from an ``in`` list (an empty list matches nothing) and an
``exact`` through a relation matches nothing.
"""

from django.core.exceptions import EmptyResultSet
from django.db.models import ForeignObject, IntegerField
from django.db.models.fields.related_lookups import RelatedExact, RelatedIn
from django.db.models.lookups import In


def _target_field(lhs):
    """The column a look-up compares with: through a relation, the field it points at."""
    field = lhs.output_field
    path_infos = getattr(field, "path_infos", None)
    return path_infos[-1].target_fields[-1] if path_infos else field


def _held(value, field, connection) -> bool:
    """Whether the column could hold ``value`` (anything but a plain integer is left to the database)."""
    if not isinstance(value, int) or isinstance(value, bool):
        return True
    try:
        low, high = connection.ops.integer_field_range(field.get_internal_type())
    except KeyError:  # not an integer column
        return True
    return (low is None or value >= low) and (high is None or value <= high)


class _HeldValuesOnly:
    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            field = _target_field(self.lhs)
            self.rhs = [value for value in self.rhs if _held(value, field, connection)]
        return super().process_rhs(compiler, connection)


class IntegerIn(_HeldValuesOnly, In):
    pass


class RelatedIntegerIn(_HeldValuesOnly, RelatedIn):
    pass


class RelatedIntegerExact(RelatedExact):
    def as_sql(self, compiler, connection):
        if self.rhs_is_direct_value() and not _held(self.rhs, _target_field(self.lhs), connection):
            raise EmptyResultSet
        return super().as_sql(compiler, connection)


IntegerField.register_lookup(IntegerIn)
ForeignObject.register_lookup(RelatedIntegerIn)
ForeignObject.register_lookup(RelatedIntegerExact)
