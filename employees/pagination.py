from django.core.paginator import Page, Paginator


class DeferredJoinPaginator(Paginator):
    """Deep pages stay cheap: the page's ids come from a narrow ordered scan (index-only where it can),
    then only those rows are fetched with their joins. Two queries per page whatever the page number."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        by_id = {obj.pk: obj for obj in self.object_list.filter(pk__in=ids).order_by()}
        return Page([by_id[pk] for pk in ids if pk in by_id], number, self)
