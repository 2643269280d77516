"""``GET /healthz``: the process is up and answering requests.

For load balancers, container probes and uptime checks. It needs no sign-in, touches
neither the database nor the session, and says nothing about the data, so it is cheap
enough to poll often and safe to leave open. It is also the floor the load benchmark
measures the real pages against (``benchmarks/bench_load.py``).
"""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})
