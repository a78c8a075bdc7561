/*
Purpose:      ADS-4. Una consulta por construcción (EXCEPT, INTERSECT, MERGE, LTRIM, LOWER, FLOOR, CEILING y
              UPDATE a partir de un SELECT) sobre el esquema real de PromptAds, cada una con su explicación
              y el resultado que debe dar sobre los datos generados. Cada lote empieza con una línea
              "-- teaching-query: <CONSTRUCCIÓN>" que las pruebas usan para ejecutarlo por separado.
              MERGE mantiene ads.CampaignPerformanceRanking y el UPDATE consolida ads.Campaign.SpentAmount /
              SalesAmount: ambos solo tocan filas que cambian, así que el script es re-ejecutable.
Target:       PromptAds on SQL Server 2022.
Requires:     130_seed_campaign_history.sql (datos generados).
Re-runnable:  yes (MERGE y UPDATE solo cambian filas distintas; las demás consultas solo leen).
Leaves:       ads.CampaignPerformanceRanking con una fila por campaña con costo > 0 (1,000 con los datos
              generados); ads.Campaign.SpentAmount y SalesAmount iguales a la suma de ads.DailyResult.
Requirements: ADS-4.
Verify:       tests/sqlserver_ads/test_teaching_queries.py (resultado de cada consulta, calculado de otra forma).
*/
USE PromptAds;
GO

-- teaching-query: EXCEPT
/*
EXCEPT devuelve las filas distintas de la primera consulta que no aparecen en la segunda.
Pregunta: ¿qué marcas (empresas cliente) tienen campañas pero ninguna ACTIVA a la fecha de corte?
Son candidatas para que el equipo comercial les proponga una campaña nueva.
Resultado esperado: los códigos de empresa con al menos una campaña y ninguna en estado ACTIVE, sin
repetidos (EXCEPT elimina duplicados aunque una empresa tenga cinco campañas), ordenados. Con los datos
generados (5 campañas por empresa, 30 % activas) son unas decenas de las 200 empresas.
*/
SELECT co.CompanyCode, co.CompanyName
FROM ads.Company AS co
INNER JOIN ads.Campaign AS c ON co.CompanyId = c.CompanyId
EXCEPT
SELECT co.CompanyCode, co.CompanyName
FROM ads.Company AS co
INNER JOIN ads.Campaign AS c ON co.CompanyId = c.CompanyId
WHERE c.StatusCode = 'ACTIVE'
ORDER BY CompanyCode;
GO

-- teaching-query: INTERSECT
/*
INTERSECT devuelve las filas distintas que aparecen en ambas consultas.
Pregunta: ¿qué canales se usaron tanto en las campañas que arrancaron en diciembre de 2024 como en las de
diciembre de 2025? Son los canales "de temporada" que se repiten año con año en el pico navideño.
Resultado esperado: los códigos de canal presentes en los dos diciembres, sin repetidos y ordenados.
*/
SELECT ch.ChannelCode, ch.ChannelName
FROM ads.Channel AS ch
INNER JOIN ads.CampaignChannel AS cc ON ch.ChannelId = cc.ChannelId
INNER JOIN ads.Campaign AS c ON cc.CampaignId = c.CampaignId
WHERE c.StartDate >= '2024-12-01' AND c.StartDate < '2025-01-01'
INTERSECT
SELECT ch.ChannelCode, ch.ChannelName
FROM ads.Channel AS ch
INNER JOIN ads.CampaignChannel AS cc ON ch.ChannelId = cc.ChannelId
INNER JOIN ads.Campaign AS c ON cc.CampaignId = c.CampaignId
WHERE c.StartDate >= '2025-12-01' AND c.StartDate < '2026-01-01'
ORDER BY ChannelCode;
GO

-- teaching-query: MERGE
/*
MERGE compara un origen con un destino y, en una sola sentencia, actualiza lo que cambió, inserta lo nuevo y
borra lo que ya no está en el origen. OUTPUT $action dice qué hizo con cada fila.
Caso: sincronizar el ranking de desempeño (ads.CampaignPerformanceRanking) con los resultados diarios:
ROI % = (ingresos - costo) / costo x 100, puesto dentro de su industria (RANK) y nivel TOP (ROI >= 100 %),
MIDDLE (0 a 100 %) o BOTTOM (ROI negativo).
Resultado esperado: la primera vez, una acción INSERT por cada campaña con costo > 0; al repetirlo sin datos
nuevos, ninguna fila (nada cambió); si llegan resultados nuevos, UPDATE solo de las campañas afectadas.
*/
DECLARE @Changes TABLE (Accion nvarchar(10) NOT NULL, CampaignId int NOT NULL);

WITH campaign_results AS (
    SELECT
        c.CampaignId,
        co.IndustryCode,
        SUM(dr.Revenue) AS Revenue,
        SUM(dr.Cost) AS Cost
    FROM ads.Campaign AS c
    INNER JOIN ads.Company AS co ON c.CompanyId = co.CompanyId
    INNER JOIN ads.DailyResult AS dr ON c.CampaignId = dr.CampaignId
    GROUP BY c.CampaignId, co.IndustryCode
    HAVING SUM(dr.Cost) > 0
),
scored AS (
    SELECT
        cr.CampaignId,
        cr.IndustryCode,
        CAST(cr.Revenue AS decimal(19, 2)) AS Revenue,
        CAST(cr.Cost AS decimal(19, 2)) AS Cost,
        CAST(ROUND((cr.Revenue - cr.Cost) * 100 / cr.Cost, 2) AS decimal(12, 2)) AS RoiPct
    FROM campaign_results AS cr
),
ranked AS (
    SELECT
        s.CampaignId,
        s.IndustryCode,
        s.Revenue,
        s.Cost,
        s.RoiPct,
        CAST(RANK() OVER (PARTITION BY s.IndustryCode ORDER BY s.RoiPct DESC) AS int) AS RankInIndustry,
        CAST(CASE WHEN s.RoiPct >= 100 THEN 'TOP' WHEN s.RoiPct >= 0 THEN 'MIDDLE' ELSE 'BOTTOM' END AS varchar(10))
        AS PerformanceTier
    FROM scored AS s
)
MERGE INTO ads.CampaignPerformanceRanking AS target
USING ranked AS source
    ON target.CampaignId = source.CampaignId
WHEN MATCHED AND (
    target.IndustryCode <> source.IndustryCode
    OR target.Revenue <> source.Revenue
    OR target.Cost <> source.Cost
    OR ISNULL(target.RoiPct, -999999) <> source.RoiPct
    OR target.RankInIndustry <> source.RankInIndustry
    OR target.PerformanceTier <> source.PerformanceTier
) THEN
    UPDATE SET
        target.IndustryCode = source.IndustryCode,
        target.Revenue = source.Revenue,
        target.Cost = source.Cost,
        target.RoiPct = source.RoiPct,
        target.RankInIndustry = source.RankInIndustry,
        target.PerformanceTier = source.PerformanceTier
WHEN NOT MATCHED BY TARGET THEN
    INSERT (CampaignId, IndustryCode, Revenue, Cost, RoiPct, RankInIndustry, PerformanceTier)
    VALUES (
        source.CampaignId, source.IndustryCode, source.Revenue, source.Cost, source.RoiPct, source.RankInIndustry,
        source.PerformanceTier
    )
WHEN NOT MATCHED BY SOURCE THEN
    DELETE
OUTPUT $action, COALESCE(inserted.CampaignId, deleted.CampaignId) INTO @Changes (Accion, CampaignId);

SELECT ch.Accion, COUNT(*) AS Filas
FROM @Changes AS ch
GROUP BY ch.Accion
ORDER BY ch.Accion;
GO

-- teaching-query: LTRIM
/*
LTRIM quita los espacios a la izquierda de un texto (RTRIM, los de la derecha; TRIM, ambos).
Caso: los anuncios importados desde Meta Ads, Google Ads, TikTok for Business o Mailchimp conservan el texto
crudo de la plataforma, que a veces llega con espacios al inicio del titular. Antes de mostrarlo o de
comparar titulares hay que limpiarlo. Ojo: "titular <> LTRIM(titular)" detecta espacios a la izquierda
porque SQL Server ignora solo los espacios finales al comparar.
Resultado esperado: exactamente los anuncios con SourceSystem distinto de PORTAL (los importados), cada uno
con 2 espacios quitados, ordenados por AdId.
*/
SELECT
    a.AdId,
    a.SourceSystem,
    a.Headline AS TitularOriginal,
    LTRIM(a.Headline) AS TitularLimpio,
    LEN(a.Headline) - LEN(LTRIM(a.Headline)) AS EspaciosQuitados
FROM ads.Ad AS a
WHERE a.Headline <> LTRIM(a.Headline)
ORDER BY a.AdId;
GO

-- teaching-query: LOWER
/*
LOWER pasa un texto a minúsculas. La intercalación de la base (CI: insensible a mayúsculas) trata igual
"Facebook" y "facebook", pero las herramientas de analítica web no: los parámetros UTM distinguen
mayúsculas, y "utm_source=Facebook" y "utm_source=facebook" quedarían como dos fuentes distintas.
Caso: generar los parámetros utm_source / utm_medium normalizados para cada canal y contar las ubicaciones
(anuncio x canal x mercado) que los llevarán.
Resultado esperado: una fila por canal usado, con utm_source = código del canal en minúsculas, utm_medium =
tipo de canal en minúsculas, y el número de ubicaciones de ese canal; ordenado por utm_source.
*/
SELECT
    LOWER(ch.ChannelCode) AS utm_source,
    LOWER(ch.ChannelType) AS utm_medium,
    COUNT(*) AS Ubicaciones
FROM ads.AdPlacement AS p
INNER JOIN ads.CampaignChannel AS cc ON p.CampaignChannelId = cc.CampaignChannelId
INNER JOIN ads.Channel AS ch ON cc.ChannelId = ch.ChannelId
GROUP BY LOWER(ch.ChannelCode), LOWER(ch.ChannelType)
ORDER BY utm_source;
GO

-- teaching-query: FLOOR
/*
FLOOR devuelve el mayor entero menor o igual que el número (redondea hacia abajo).
Caso: histograma de presupuestos en tramos de 10,000 USD: FLOOR(presupuesto / 10000) * 10000 es el inicio
del tramo al que pertenece cada campaña (una campaña de 19,999.99 cae en el tramo 10,000).
Resultado esperado: una fila por tramo con campañas generadas (de 0 a 90,000), la cantidad de campañas en
cada tramo y que la suma de la columna Campanas sea el total de campañas generadas (1,000).
*/
SELECT
    CAST(FLOOR(c.Budget / 10000) * 10000 AS int) AS TramoDesde,
    CAST(FLOOR(c.Budget / 10000) * 10000 + 9999.99 AS decimal(19, 2)) AS TramoHasta,
    COUNT(*) AS Campanas
FROM ads.Campaign AS c
WHERE c.Origin = 'GENERATOR'
GROUP BY FLOOR(c.Budget / 10000)
ORDER BY TramoDesde;
GO

-- teaching-query: CEILING
/*
CEILING devuelve el menor entero mayor o igual que el número (redondea hacia arriba).
Caso: los influencers y algunas redes cobran la pauta por semana empezada: una campaña de 15 días paga
CEILING(15 / 7.0) = 3 semanas. Se divide entre 7.0 (decimal) y no entre 7: la división entera truncaría.
Resultado esperado: una fila por cantidad de semanas facturables (de 1 en adelante) con el número de
campañas generadas que la tienen; la suma de Campanas es el total de campañas generadas.
*/
SELECT
    CAST(CEILING((DATEDIFF(DAY, c.StartDate, c.EndDate) + 1) / 7.0) AS int) AS SemanasFacturables,
    COUNT(*) AS Campanas
FROM ads.Campaign AS c
WHERE c.Origin = 'GENERATOR'
GROUP BY CEILING((DATEDIFF(DAY, c.StartDate, c.EndDate) + 1) / 7.0)
ORDER BY SemanasFacturables;
GO

-- teaching-query: UPDATE FROM SELECT
/*
UPDATE ... FROM permite actualizar una tabla con valores calculados por otra consulta (aquí, una tabla
derivada con SUM ... GROUP BY unida por CampaignId).
Caso: consolidar en ads.Campaign el gasto (SpentAmount) y los ingresos (SalesAmount) acumulados a partir de
ads.DailyResult, para que el portal los muestre sin sumar millones de filas. El WHERE limita el cambio a las
campañas cuyo valor difiere: así no se "tocan" filas iguales (su rowversion no cambia y el ETL no las
vuelve a leer).
Resultado esperado: la primera vez, CampanasActualizadas = campañas con resultados (1,000 con los datos
generados); al repetirlo, 0. Después, SpentAmount = SUM(Cost) y SalesAmount = SUM(Revenue) de cada campaña.
*/
UPDATE c
SET
    c.SpentAmount = r.Cost,
    c.SalesAmount = r.Revenue
FROM ads.Campaign AS c
INNER JOIN (
    SELECT dr.CampaignId, SUM(dr.Cost) AS Cost, SUM(dr.Revenue) AS Revenue
    FROM ads.DailyResult AS dr
    GROUP BY dr.CampaignId
) AS r ON c.CampaignId = r.CampaignId
WHERE c.SpentAmount <> r.Cost OR c.SalesAmount <> r.Revenue;

SELECT @@ROWCOUNT AS CampanasActualizadas;
GO
