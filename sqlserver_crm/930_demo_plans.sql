/*
Purpose:      CRM-9 en SSMS: planes estimados (SHOWPLAN_XML, no ejecuta las consultas) de la consulta sin
              optimizar (crm.vw_ChannelConversionRankBase: agrega ~700 mil prospectos y todas las ventas) y de
              la optimizada (crm.vw_ChannelConversionRank: lee los índices de las vistas indexadas con
              NOEXPAND). En SSMS haga clic en cada XML para ver el plan gráfico; compare "Estimated Subtree
              Cost" del operador SELECT. 940_report_plan_costs.sql imprime ambos costos.
Target:       PromptCrm on SQL Server 2022. One SSMS window.
Requires:     110, 140.
Re-runnable:  yes (nothing is executed or changed).
Leaves:       nothing.
Requirements: CRM-9.
Verify:       two XML plans; the second contains IndexScan/ClusteredIndexScan on IX_Crm_vw*_Key objects.
*/
USE PromptCrm;
GO

SET SHOWPLAN_XML ON;
GO

-- EXPAND VIEWS: the unoptimised plan must not be rescued by automatic indexed-view matching (Enterprise and
-- Developer editions match indexed views on their own; Standard does not).
SELECT b.PeriodYear, b.PeriodMonth, b.ChannelCode, b.ConversionRate, b.ConversionRank
FROM crm.vw_ChannelConversionRankBase AS b
OPTION (EXPAND VIEWS);
GO

SELECT o.PeriodYear, o.PeriodMonth, o.ChannelCode, o.ConversionRate, o.ConversionRank
FROM crm.vw_ChannelConversionRank AS o;
GO

SET SHOWPLAN_XML OFF;
GO
