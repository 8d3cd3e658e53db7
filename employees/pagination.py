from django.core.paginator import Page, Paginator
from django.utils.functional import cached_property


class DeferredJoinPaginator(Paginator):
    """Deep pages stay cheap: the page's ids come from a narrow ordered scan (index-only where it can),
    then only those rows are fetched by primary key with their joins, without re-running the filters.
    Two queries per page whatever the page number. Annotations are not carried over: use it for lists
    that display model fields and related rows only.

    With `count_limit`, the count stops at that many rows (`capped` says it did): a short search term
    matching most of a province would otherwise cost an exact COUNT over tens of thousands of rows
    for a figure nobody pages through."""

    def __init__(self, object_list, per_page, *, count_limit: int | None = None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.count_limit = count_limit

    @cached_property
    def _counted(self) -> int:
        if self.count_limit is None:
            return super().count
        return self.object_list.order_by()[: self.count_limit + 1].count()

    @cached_property
    def count(self) -> int:
        return self._counted if self.count_limit is None else min(self._counted, self.count_limit)

    @property
    def capped(self) -> bool:
        return self.count_limit is not None and self._counted > self.count_limit

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = self.object_list.model._base_manager.filter(pk__in=ids)
        rows.query.select_related = self.object_list.query.select_related
        rows = rows.prefetch_related(*self.object_list._prefetch_related_lookups)
        by_id = {obj.pk: obj for obj in rows}
        return Page([by_id[pk] for pk in ids if pk in by_id], number, self)


def query_string(request) -> str:
    """The list's filters as a query string without the page number, for the pagination links."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
