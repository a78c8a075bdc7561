/*
Purpose:      Demostración de ADS-6: plan estimado frente a plan real de la misma consulta.
              1) SET SHOWPLAN_XML ON: SQL Server compila y devuelve el plan ESTIMADO sin ejecutar la consulta
                 (en SSMS: Ctrl+L, "Display Estimated Execution Plan").
              2) SET STATISTICS XML ON: ejecuta la consulta y devuelve además el plan REAL, con filas reales
                 por operador (RunTimeInformation); en SSMS: Ctrl+M, "Include Actual Execution Plan".
              3) sys.dm_exec_query_plan_stats: el último plan real guardado en caché (requiere
                 LAST_QUERY_PLAN_STATS = ON, activado en 150_enable_query_store.sql).
              Comparar EstimateRows con ActualRows de cada operador muestra dónde se equivocan las
              estadísticas. Se ejecuta en una sola sesión, lote por lote.
Target:       PromptAds on SQL Server 2022.
Requires:     150_enable_query_store.sql, datos generados.
Re-runnable:  yes (solo lee).
Leaves:       nothing.
Requirements: ADS-6.
Verify:       el primer lote devuelve un ShowPlanXML sin RunTimeInformation; el segundo, uno con ActualRows.
*/
USE PromptAds;
GO

SET SHOWPLAN_XML ON;
GO

SELECT co.IndustryCode, ch.ChannelCode, SUM(dr.Sales) AS Sales, SUM(dr.Revenue) AS Revenue
FROM ads.DailyResult AS dr
INNER JOIN ads.AdPlacement AS p ON dr.AdPlacementId = p.AdPlacementId
INNER JOIN ads.CampaignChannel AS cc ON p.CampaignChannelId = cc.CampaignChannelId
INNER JOIN ads.Channel AS ch ON cc.ChannelId = ch.ChannelId
INNER JOIN ads.Campaign AS c ON dr.CampaignId = c.CampaignId
INNER JOIN ads.Company AS co ON c.CompanyId = co.CompanyId
WHERE dr.ResultDate >= '2025-12-01'
GROUP BY co.IndustryCode, ch.ChannelCode;
GO

SET SHOWPLAN_XML OFF;
GO

SET STATISTICS XML ON;
GO

SELECT co.IndustryCode, ch.ChannelCode, SUM(dr.Sales) AS Sales, SUM(dr.Revenue) AS Revenue
FROM ads.DailyResult AS dr
INNER JOIN ads.AdPlacement AS p ON dr.AdPlacementId = p.AdPlacementId
INNER JOIN ads.CampaignChannel AS cc ON p.CampaignChannelId = cc.CampaignChannelId
INNER JOIN ads.Channel AS ch ON cc.ChannelId = ch.ChannelId
INNER JOIN ads.Campaign AS c ON dr.CampaignId = c.CampaignId
INNER JOIN ads.Company AS co ON c.CompanyId = co.CompanyId
WHERE dr.ResultDate >= '2025-12-01'
GROUP BY co.IndustryCode, ch.ChannelCode;
GO

SET STATISTICS XML OFF;
GO

-- El último plan real de esa consulta, tomado de la caché.
SELECT TOP (1)
    st.text AS QueryText,
    qs.execution_count AS Executions,
    ps.query_plan AS LastActualPlan
FROM sys.dm_exec_query_stats AS qs
CROSS APPLY sys.dm_exec_sql_text(qs.sql_handle) AS st
CROSS APPLY sys.dm_exec_query_plan_stats(qs.plan_handle) AS ps
WHERE st.text LIKE N'%dr.ResultDate >= ''2025-12-01''%' AND st.text NOT LIKE N'%dm_exec_query_stats%'
ORDER BY qs.last_execution_time DESC;
GO
