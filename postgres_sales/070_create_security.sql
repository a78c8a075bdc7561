-- =============================================================================
-- 070_create_security.sql
-- Purpose : row-level security (NFR-SEC5): a sales agent sees only the client
--           companies assigned to them in portal.agent_assignment, and only those
--           companies' contacts and campaigns. Staff roles keep full visibility.
-- Target  : database promptsales, PostgreSQL 18.
-- Requires: 060_create_privacy.sql (010 for the roles).
-- Re-runnable: yes (policies dropped and recreated).
-- Leaves behind: function portal.assigned_company_ids(name); RLS enabled on
--           portal.client_company, portal.contact, portal.campaign with policies
--           staff_all and agent_assigned.
-- Requirements: NFR-SEC5 (least privilege over the SAL-1 portal data).
-- Verify  : as a login mapped in portal.app_user.db_role_name and member of
--           promptsales_sales_agent: SELECT count(*) FROM portal.client_company;
-- Notes   : a login maps to an agent through portal.app_user.db_role_name; table
--           owners and superusers bypass RLS (the scripts run as owner).
-- =============================================================================
BEGIN;

-- SECURITY DEFINER because agents cannot read the assignment table themselves;
-- the caller may only ask about a role it is (or can become).
CREATE OR REPLACE FUNCTION portal.assigned_company_ids(p_role name)
RETURNS integer[]
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT coalesce(array_agg(a.company_id ORDER BY a.company_id), '{}')
    FROM portal.agent_assignment a
    JOIN portal.app_user u ON u.user_id = a.user_id
    WHERE u.db_role_name = p_role
      AND u.is_active
      AND pg_catalog.pg_has_role(session_user, p_role, 'MEMBER');
$$;
REVOKE EXECUTE ON FUNCTION portal.assigned_company_ids(name) FROM PUBLIC;

ALTER TABLE portal.client_company ENABLE ROW LEVEL SECURITY;
ALTER TABLE portal.contact ENABLE ROW LEVEL SECURITY;
ALTER TABLE portal.campaign ENABLE ROW LEVEL SECURITY;

DO $policies$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['client_company', 'contact', 'campaign'] LOOP
        EXECUTE format('DROP POLICY IF EXISTS staff_all ON portal.%I', t);
        EXECUTE format('CREATE POLICY staff_all ON portal.%I TO promptsales_reader, promptsales_writer, '
                       'promptsales_admin, promptsales_etl, promptsales_mcp_reader USING (true) WITH CHECK (true)', t);
        EXECUTE format('DROP POLICY IF EXISTS agent_assigned ON portal.%I', t);
        EXECUTE format('CREATE POLICY agent_assigned ON portal.%I FOR SELECT TO promptsales_sales_agent '
                       'USING (company_id = ANY (portal.assigned_company_ids(current_user)))', t);
    END LOOP;
END
$policies$;

COMMIT;
