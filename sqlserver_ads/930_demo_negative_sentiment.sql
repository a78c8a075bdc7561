/*
Purpose:      Demostración de ADS-5: los casos de sentimiento negativo que el generador sembró
              (ads.GeneratedScenario) y lo que la función ads.ufn_NegativeSentimentInfluencerDrop encuentra
              para la marca de cada uno en su ventana de crisis; luego la misma marca en un periodo sin
              crisis, donde la función no devuelve nada.
              Se ejecuta en una sola sesión de SSMS.
Target:       PromptAds on SQL Server 2022.
Requires:     100_create_function_negative_sentiment.sql, 130_seed_campaign_history.sql.
Re-runnable:  yes (solo lee).
Leaves:       nothing.
Requirements: ADS-5.
Verify:       cada escenario aparece con caída de reacciones >= 20 % y su tipo de negatividad; la tercera
              consulta no devuelve filas (como mucho un escenario por marca, ver 110).
*/
USE PromptAds;
GO

SELECT g.ScenarioId, c.CampaignCode, co.CompanyCode, co.CompanyName, g.AdId, g.StartsOn, g.EndsOn, g.NegativityKind
FROM ads.GeneratedScenario AS g
INNER JOIN ads.Campaign AS c ON g.CampaignId = c.CampaignId
INNER JOIN ads.Company AS co ON c.CompanyId = co.CompanyId
ORDER BY g.ScenarioId;

SELECT g.ScenarioId, f.*
FROM ads.GeneratedScenario AS g
INNER JOIN ads.Campaign AS c ON g.CampaignId = c.CampaignId
INNER JOIN ads.Company AS co ON c.CompanyId = co.CompanyId
CROSS APPLY ads.ufn_NegativeSentimentInfluencerDrop(co.CompanyCode, g.StartsOn, g.EndsOn) AS f
ORDER BY g.ScenarioId, f.ReactionDropPct DESC;

-- La misma marca en las dos semanas anteriores a la crisis: sin negatividad suficiente, sin filas.
-- Vale para toda la marca, no solo para el anuncio sembrado, porque el generador (110) siembra como mucho
-- un caso por marca: ninguna otra crisis sembrada de la misma marca cae en esta ventana ni en su periodo
-- de comparación. (Antes podía haber dos: a escala small CO-0097 tenía una del 2026-01-04 al 01-13 y otra
-- del 01-18 al 01-27, y la primera aparecía aquí como control de la segunda.)
SELECT g.ScenarioId, f.*
FROM ads.GeneratedScenario AS g
INNER JOIN ads.Campaign AS c ON g.CampaignId = c.CampaignId
INNER JOIN ads.Company AS co ON c.CompanyId = co.CompanyId
CROSS APPLY ads.ufn_NegativeSentimentInfluencerDrop(
    co.CompanyCode, DATEADD(DAY, -14, g.StartsOn), DATEADD(DAY, -1, g.StartsOn)
) AS f
ORDER BY g.ScenarioId;
GO
