/*
Purpose:      Demostración de ADS-6: una carga de trabajo típica (los reportes que leen el MCP y el CRM)
              y, después, qué consultas consumieron más CPU, duración y lecturas según Query Store y según
              la caché de planes (DMV), con su texto y su plan, y en qué esperó la instancia.
              Se ejecuta en una sola sesión de SSMS; para ver el efecto, ejecútelo dos veces seguidas.
Target:       PromptAds on SQL Server 2022 (VIEW SERVER PERFORMANCE STATE y VIEW DATABASE STATE).
Requires:     150_enable_query_store.sql, 160_create_monitoring_procedures.sql, datos generados.
Re-runnable:  yes (solo lee).
Leaves:       nothing (Query Store y la caché de planes registran las consultas, como en producción).
Requirements: ADS-6.
Verify:       las consultas marcadas "ads6_demo" aparecen en los tres rankings.
*/
USE PromptAds;
GO

-- Carga de trabajo: tres reportes representativos.
SELECT v.StatusCode, COUNT(*) AS ads6_demo_campaigns, SUM(v.SalesAmount) AS SalesAmount, SUM(v.Reach) AS Reach
FROM ads.vw_CampaignSalesReach AS v
GROUP BY v.StatusCode;

SELECT TOP (20) r.ChannelCode, r.CountryCode, SUM(r.SalesAmount) AS ads6_demo_sales
FROM ads.vw_CampaignChannelMarketResults AS r
GROUP BY r.ChannelCode, r.CountryCode
ORDER BY ads6_demo_sales DESC;

SELECT f.CompanyCode, f.AdId, f.ChannelCode, f.ReactionDropPct AS ads6_demo_drop
FROM ads.GeneratedScenario AS g
INNER JOIN ads.Campaign AS c ON g.CampaignId = c.CampaignId
INNER JOIN ads.Company AS co ON c.CompanyId = co.CompanyId
CROSS APPLY ads.ufn_NegativeSentimentInfluencerDrop(co.CompanyCode, g.StartsOn, g.EndsOn) AS f;
GO

-- Query Store: historial persistente por consulta y plan.
EXEC monitor.usp_TopQueriesQueryStore @OrderBy = 'CPU', @Top = 10;
EXEC monitor.usp_TopQueriesQueryStore @OrderBy = 'DURATION', @Top = 10;
EXEC monitor.usp_TopQueriesQueryStore @OrderBy = 'READS', @Top = 10;
GO

-- Caché de planes (DMV): lo que está en memoria ahora, con el último plan real si existe.
EXEC monitor.usp_TopQueriesCache @OrderBy = 'CPU', @Top = 10, @TextLike = N'ads6_demo';
GO

-- Esperas de la instancia y por consulta.
EXEC monitor.usp_WaitStats @Top = 10;
GO
