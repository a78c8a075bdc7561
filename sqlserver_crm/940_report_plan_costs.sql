/*
Purpose:      CRM-9: prints the estimated subtree cost of the unoptimised and the optimised CRM-7 query and
              whether the optimised plan reads the indexed views. The costs come from the compiled plans
              (the estimated plan XML that the plan cache keeps, attribute StatementSubTreeCost), so the
              figures are the same that SSMS shows for the estimated plan of 930.
Target:       PromptCrm on SQL Server 2022 (VIEW SERVER STATE to read sys.dm_exec_query_plan).
Requires:     110, 140, generated data.
Re-runnable:  yes (runs two SELECTs; no data is changed).
Leaves:       nothing (two plans in the plan cache).
Requirements: CRM-9.
Verify:       the last result set: OptimisedCost < BaseCost and UsesIndexedViews = 1.
*/
USE PromptCrm;
GO

SET NOCOUNT ON;
DECLARE @BaseCost float, @OptimisedCost float, @UsesIndexedViews int;
DECLARE @Rows TABLE (
    PeriodYear int NULL, PeriodMonth int NULL, ChannelCode varchar(20) NULL, ConversionRate decimal(38, 20) NULL,
    Revenue decimal(38, 2) NULL, ConversionRank bigint NULL, RevenueRank bigint NULL
);

-- Marker comments let the plan cache lookup find exactly these two statements. Every column is read, so
-- the optimiser cannot drop the revenue join from either plan.
INSERT INTO @Rows (PeriodYear, PeriodMonth, ChannelCode, ConversionRate, Revenue, ConversionRank, RevenueRank)
EXEC sys.sp_executesql N'SELECT PeriodYear, PeriodMonth, ChannelCode, ConversionRate, Revenue, ConversionRank,
    RevenueRank FROM crm.vw_ChannelConversionRankBase /* crm9:base */ OPTION (EXPAND VIEWS);';
INSERT INTO @Rows (PeriodYear, PeriodMonth, ChannelCode, ConversionRate, Revenue, ConversionRank, RevenueRank)
EXEC sys.sp_executesql N'SELECT PeriodYear, PeriodMonth, ChannelCode, ConversionRate, Revenue, ConversionRank,
    RevenueRank FROM crm.vw_ChannelConversionRank /* crm9:optimised */;';

WITH Plans AS (
    SELECT
        CASE WHEN st.text LIKE N'%/* crm9:base */%' THEN 'base' ELSE 'optimised' END AS Variant,
        qp.query_plan.value(
            'declare namespace p="http://schemas.microsoft.com/sqlserver/2004/07/showplan";
             (//p:StmtSimple/@StatementSubTreeCost)[1]', 'float'
        ) AS SubtreeCost,
        qp.query_plan.exist(
            'declare namespace p="http://schemas.microsoft.com/sqlserver/2004/07/showplan";
             //p:Object[@Index="[IX_Crm_vwLeadChannelMonthStats_Key]"]'
        ) AS UsesLeadView,
        qp.query_plan.exist(
            'declare namespace p="http://schemas.microsoft.com/sqlserver/2004/07/showplan";
             //p:Object[@Index="[IX_Crm_vwSaleChannelMonthStats_Key]"]'
        ) AS UsesSaleView
    FROM sys.dm_exec_query_stats AS qs
    CROSS APPLY sys.dm_exec_sql_text(qs.sql_handle) AS st
    CROSS APPLY sys.dm_exec_query_plan(qs.plan_handle) AS qp
    WHERE
        (st.text LIKE N'%/* crm9:base */%' OR st.text LIKE N'%/* crm9:optimised */%')
        AND st.text NOT LIKE N'%dm_exec_query_stats%'
)

SELECT
    @BaseCost = MAX(CASE WHEN p.Variant = 'base' THEN p.SubtreeCost END),
    @OptimisedCost = MAX(CASE WHEN p.Variant = 'optimised' THEN p.SubtreeCost END),
    @UsesIndexedViews = MAX(CASE WHEN p.Variant = 'optimised' THEN CAST(p.UsesLeadView & p.UsesSaleView AS int) END)
FROM Plans AS p;

PRINT CONCAT(N'Costo estimado sin optimizar (vw_ChannelConversionRankBase): ', STR(@BaseCost, 14, 4));
PRINT CONCAT(N'Costo estimado optimizado (vistas indexadas, NOEXPAND):      ', STR(@OptimisedCost, 14, 4));
PRINT CONCAT(N'Mejora: ', STR(@BaseCost / NULLIF(@OptimisedCost, 0), 10, 1), N' veces; usa las vistas: ', @UsesIndexedViews);

SELECT
    @BaseCost AS BaseCost,
    @OptimisedCost AS OptimisedCost,
    @BaseCost / NULLIF(@OptimisedCost, 0) AS ImprovementFactor,
    @UsesIndexedViews AS UsesIndexedViews;
GO
