/*
Purpose:      Demostración de ADS-1 para clase: una llamada a ads.ADSSP_CreateCampaign con 3 canales (uno de
              influencer), 3 mercados, 4 anuncios y 6 ubicaciones; después una llamada con datos malos (fin
              antes del inicio) que responde con el error amigable 50102. Todo ocurre dentro de una
              transacción del llamador que al final se deshace: muestra además que el procedimiento no
              confirma ni deshace una transacción que no abrió (@@TRANCOUNT sigue en 1).
              Se ejecuta en una sola sesión de SSMS, de principio a fin.
Target:       PromptAds on SQL Server 2022.
Requires:     080_create_procedure_create_campaign.sql, 120_seed_reference_data.sql.
Re-runnable:  yes (todo se deshace con ROLLBACK; no deja filas).
Leaves:       nothing.
Requirements: ADS-1.
Verify:       los conjuntos de resultados: hijos creados (3/3/4/6), error 50102, @@TRANCOUNT = 1, XACT_STATE = 1.
*/
USE PromptAds;
GO

SET NOCOUNT ON;

DECLARE
    @Channels ads.CampaignChannelList,
    @Markets ads.CampaignMarketList,
    @Ads ads.CampaignAdList,
    @Placements ads.CampaignAdPlacementList,
    @CampaignId int,
    @Influencer varchar(60);

SELECT TOP (1) @Influencer = i.Handle
FROM ads.Influencer AS i
INNER JOIN ads.Channel AS ch ON i.ChannelId = ch.ChannelId
WHERE ch.ChannelCode = 'INFLUENCER_IG'
ORDER BY i.Handle;

INSERT INTO @Channels (ChannelKey, ChannelCode, InfluencerHandle, BudgetShare)
VALUES
('ig', 'INSTAGRAM', NULL, 0.4000),
('mail', 'EMAIL', NULL, 0.2000),
('inf', 'INFLUENCER_IG', @Influencer, 0.4000);

INSERT INTO @Markets (MarketKey, MarketCode)
VALUES ('cr', 'CR-MILLENNIAL'), ('mx', 'MX-GENZ'), ('us', 'US-FAMILY');

INSERT INTO @Ads (AdKey, AdName, Headline, BodyText, CallToAction, CreativeFormat, LanguageCode, LandingUrl)
VALUES
(
    'a1', N'Carrusel café de temporada', N'Descubre el Café de altura Aurora',
    N'Tostado esta semana en Tarrazú. 20 % menos en tu primera compra.', N'Compra ahora', 'CAROUSEL', 'es',
    'https://www.aurora-alimentos.com/es/cafe'
),
(
    'a2', N'Correo de bienvenida', N'Tu nuevo favorito: Café de altura Aurora',
    N'Suscríbete y recibe una bolsa de muestra gratis.', N'Suscríbete', 'EMAIL', 'es',
    'https://www.aurora-alimentos.com/es/suscripcion'
),
(
    'a3', N'Video con influencer', N'Así preparo mi café de la mañana',
    N'Receta en tres pasos con Café de altura Aurora.', N'Descubre más', 'VIDEO', 'es',
    'https://www.aurora-alimentos.com/es/recetas'
),
(
    'a4', N'Story for US families', N'Meet Aurora high-altitude coffee',
    N'Freshly roasted every week. Free shipping on your first order.', N'Shop now', 'STORY', 'en',
    'https://www.aurora-alimentos.com/en/coffee'
);

INSERT INTO @Placements (AdKey, ChannelKey, MarketKey)
VALUES ('a1', 'ig', 'cr'), ('a1', 'ig', 'mx'), ('a2', 'mail', 'cr'), ('a3', 'inf', 'cr'), ('a3', 'inf', 'mx'),
('a4', 'ig', 'us');

BEGIN TRANSACTION;

EXEC ads.ADSSP_CreateCampaign
    @CampaignCode = 'CMP-990001',
    @CompanyCode = 'CO-0001',
    @ProductCode = 'PR-0001-1',
    @CampaignName = N'Demo ADS-1: lanzamiento de café de altura',
    @Objective = 'CONVERSION',
    @TargetAudience = N'Profesionales jóvenes de 25 a 34 años interesados en café de especialidad',
    @Budget = 25000.00,
    @StartDate = '2026-02-01',
    @EndDate = '2026-03-15',
    @Channels = @Channels,
    @Markets = @Markets,
    @Ads = @Ads,
    @Placements = @Placements,
    @CampaignId = @CampaignId OUTPUT;

SELECT
    c.CampaignId,
    c.CampaignCode,
    c.StatusCode,
    (SELECT COUNT(*) FROM ads.CampaignChannel WHERE CampaignId = c.CampaignId) AS Canales,
    (SELECT COUNT(*) FROM ads.CampaignMarket WHERE CampaignId = c.CampaignId) AS Mercados,
    (SELECT COUNT(*) FROM ads.Ad WHERE CampaignId = c.CampaignId) AS Anuncios,
    (SELECT COUNT(*) FROM ads.AdPlacement WHERE CampaignId = c.CampaignId) AS Ubicaciones,
    (SELECT COUNT(*) FROM ads.CampaignStatusHistory WHERE CampaignId = c.CampaignId) AS Historial
FROM ads.Campaign AS c
WHERE c.CampaignId = @CampaignId;

-- Una llamada con datos malos: la fecha de fin es anterior a la de inicio.
BEGIN TRY
    EXEC ads.ADSSP_CreateCampaign
        @CampaignCode = 'CMP-990002',
        @CompanyCode = 'CO-0001',
        @CampaignName = N'Demo ADS-1: fechas invertidas',
        @Objective = 'AWARENESS',
        @TargetAudience = N'Familias con hijos en edad escolar',
        @Budget = 1000.00,
        @StartDate = '2026-03-01',
        @EndDate = '2026-02-01',
        @Channels = @Channels,
        @Markets = @Markets,
        @Ads = @Ads,
        @Placements = @Placements;
END TRY
BEGIN CATCH
    SELECT
        ERROR_NUMBER() AS ErrorAmigable,
        ERROR_MESSAGE() AS Mensaje,
        @@TRANCOUNT AS TransaccionesAbiertas,
        XACT_STATE() AS EstadoTransaccion;
END CATCH;

SELECT TOP (2) LogId, LogLevel, EventName, ErrorNumber, FriendlyErrorNumber, MessageText
FROM ads.ActivityLog
ORDER BY LogId DESC;

ROLLBACK TRANSACTION;
GO
