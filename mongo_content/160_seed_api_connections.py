"""Seed the external API connection data (CON-3): Adobe Firefly Services through the Adobe IMS OAuth 2.0
Server-to-Server (client_credentials) token endpoint. The secret is stored only as a reference to the
environment variable PROMPTCONTENT_ADOBE_CLIENT_SECRET (Kubernetes Secret promptcontent-adobe, key
client-secret); the client id comes from PROMPTCONTENT_ADOBE_CLIENT_ID when set.

Target: MongoDB 8 (replica set), database promptcontent.
Requires: 070_create_api_connections.py.
Re-runnable: yes (upsert on connection_code).
Leaves behind: api_connections: 1 document (adobe-firefly).
Requirements: CON-3.
Verify: db.api_connections.findOne({connection_code: "adobe-firefly"}).auth
"""

from pymongo.database import Database

from promptcontent.connections import adobe_firefly_connection
from promptcontent.mongo import upsert_all


def up(db: Database) -> None:
    upsert_all(db, "api_connections", [adobe_firefly_connection()], key=["connection_code"])
