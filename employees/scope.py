"""Request-scoped memory of each user's employee scope.

A list page asks for the same scope several times (count, page ids, filter choices). Within one request
the scope is computed once and reused as a list of ids; outside a request (tasks, shell, tests that call
selectors directly) nothing is remembered, so a change is always seen by the next call.
"""

from contextvars import ContextVar

from django.db import connection

MAX_IDS = 20000  # above this a literal id list costs more than the subquery it replaces

_memory: ContextVar[dict | None] = ContextVar("employee_scope_memory", default=None)


class ScopeMemoryMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _memory.set({})
        try:
            return self.get_response(request)
        finally:
            _memory.reset(token)


def remembered_ids(sql: str, params: tuple) -> list[int] | None:
    """The ids the scope SQL yields, when inside a request and the scope is small enough to pass as a list."""
    memory = _memory.get()
    if memory is None:
        return None
    if params not in memory:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT id FROM ({sql}) AS scope LIMIT {MAX_IDS + 1}", params)
            ids = [row[0] for row in cursor.fetchall()]
        memory[params] = ids if len(ids) <= MAX_IDS else None
    return memory[params]
