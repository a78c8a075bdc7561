"""Create the role of the CON-5 MCP write tool: promptcontentMcpWriter may only insert into content_requests and
campaign_logs (no find, update, remove or any other collection). The deployment creates the user the content
MCP server connects with (password from its secret store) and grants it this role only.

Target: MongoDB 8 (replica set), database promptcontent.
Requires: 040_create_content_requests.py, 050_create_campaign_logs.py.
Re-runnable: yes (createRole when absent, otherwise updateRole with the same privileges).
Leaves behind: role promptcontentMcpWriter in database promptcontent (no user: users carry secrets).
Requirements: CON-5, NFR-SEC5.
Verify: db.getRole("promptcontentMcpWriter", {showPrivileges: true}).privileges
"""

from pymongo.database import Database

ROLE = "promptcontentMcpWriter"
COLLECTIONS = ("content_requests", "campaign_logs")


def privileges(database: str) -> list[dict]:
    return [{"resource": {"db": database, "collection": name}, "actions": ["insert"]} for name in COLLECTIONS]


def up(db: Database) -> None:
    existing = db.command("rolesInfo", ROLE)["roles"]
    command = "updateRole" if existing else "createRole"
    db.command(command, ROLE, privileges=privileges(db.name), roles=[])
