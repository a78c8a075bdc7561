/*
Purpose:      Reference data of PromptCrm: sales channels and markets (the same codes as PromptAds' ads.Channel
              and ads.Market country codes, each market with the point of its commercial capital), the
              cities clients live in, funnel stages, interaction types, distance bands and the Costa Rican /
              Latin American vocabularies the client generator draws names, landmarks and e-mail domains from.
Target:       PromptCrm on SQL Server 2022.
Requires:     020_create_tables.sql.
Re-runnable:  yes (MERGE on the natural keys; the lists are the source of truth).
Leaves:       crm.Channel 12, crm.Market 12, crm.City 40, crm.FunnelStage 4, crm.InteractionType 8,
              crm.DistanceBand 5, crm.NameVocabulary 60 F + 60 M + 80 surnames + 30 landmarks + 16 colours
              + 8 domains.
Requirements: CRM-1 (coherent names and locations), CRM-7 (channels, markets, distance bands).
Verify:       SELECT VocabularyKind, COUNT(*) FROM crm.NameVocabulary GROUP BY VocabularyKind;
*/
USE PromptCrm;
GO

MERGE crm.Channel AS t
USING (
    VALUES
    (1, 'FACEBOOK', N'Facebook Ads', 'SOCIAL'),
    (2, 'INSTAGRAM', N'Instagram Ads', 'SOCIAL'),
    (3, 'TIKTOK', N'TikTok Ads', 'VIDEO'),
    (4, 'X', N'X Ads', 'SOCIAL'),
    (5, 'YOUTUBE', N'YouTube Ads', 'VIDEO'),
    (6, 'LINKEDIN', N'LinkedIn Ads', 'PROFESSIONAL'),
    (7, 'EMAIL', N'Correo electrónico', 'EMAIL'),
    (8, 'SMS', N'SMS', 'SMS'),
    (9, 'GOOGLE_SEARCH', N'Google Search Ads', 'SEARCH'),
    (10, 'INFLUENCER_IG', N'Influencers en Instagram', 'INFLUENCER'),
    (11, 'INFLUENCER_TT', N'Influencers en TikTok', 'INFLUENCER'),
    (12, 'INFLUENCER_YT', N'Influencers en YouTube', 'INFLUENCER')
) AS s (ChannelId, ChannelCode, ChannelName, ChannelKind)
    ON t.ChannelId = s.ChannelId
WHEN MATCHED AND (t.ChannelCode <> s.ChannelCode OR t.ChannelName <> s.ChannelName OR t.ChannelKind <> s.ChannelKind)
    THEN UPDATE SET t.ChannelCode = s.ChannelCode, t.ChannelName = s.ChannelName, t.ChannelKind = s.ChannelKind
WHEN NOT MATCHED BY TARGET
    THEN INSERT (ChannelId, ChannelCode, ChannelName, ChannelKind)
    VALUES (s.ChannelId, s.ChannelCode, s.ChannelName, s.ChannelKind);
GO

MERGE crm.Market AS t
USING (
    SELECT
        v.MarketId,
        v.MarketCode,
        v.MarketName,
        v.CapitalCity,
        v.PhonePrefix,
        geography::Point(v.Latitude, v.Longitude, 4326) AS Location
    FROM (
        VALUES
        (1, 'CR', N'Costa Rica', N'San José', '+506', 9.932500, -84.079600),
        (2, 'PA', N'Panamá', N'Ciudad de Panamá', '+507', 8.982400, -79.519900),
        (3, 'GT', N'Guatemala', N'Ciudad de Guatemala', '+502', 14.634900, -90.506900),
        (4, 'DO', N'República Dominicana', N'Santo Domingo', '+1', 18.486100, -69.931200),
        (5, 'MX', N'México', N'Ciudad de México', '+52', 19.432600, -99.133200),
        (6, 'US', N'Estados Unidos', N'Miami', '+1', 25.761700, -80.191800),
        (7, 'CO', N'Colombia', N'Bogotá', '+57', 4.711000, -74.072100),
        (8, 'EC', N'Ecuador', N'Quito', '+593', -0.180700, -78.467800),
        (9, 'PE', N'Perú', N'Lima', '+51', -12.046400, -77.042800),
        (10, 'CL', N'Chile', N'Santiago', '+56', -33.448900, -70.669300),
        (11, 'AR', N'Argentina', N'Buenos Aires', '+54', -34.603700, -58.381600),
        (12, 'ES', N'España', N'Madrid', '+34', 40.416800, -3.703800)
    ) AS v (MarketId, MarketCode, MarketName, CapitalCity, PhonePrefix, Latitude, Longitude)
) AS s
    ON t.MarketId = s.MarketId
WHEN MATCHED AND (t.MarketCode <> s.MarketCode OR t.MarketName <> s.MarketName OR t.CapitalCity <> s.CapitalCity
    OR t.PhonePrefix <> s.PhonePrefix OR t.Location.STEquals(s.Location) = 0)
    THEN UPDATE SET
        t.MarketCode = s.MarketCode, t.MarketName = s.MarketName, t.CapitalCity = s.CapitalCity,
        t.PhonePrefix = s.PhonePrefix, t.Location = s.Location
WHEN NOT MATCHED BY TARGET
    THEN INSERT (MarketId, MarketCode, MarketName, CapitalCity, PhonePrefix, Location)
    VALUES (s.MarketId, s.MarketCode, s.MarketName, s.CapitalCity, s.PhonePrefix, s.Location);
GO

-- Costa Rica carries most of the weight (a Costa Rican CRM); the rest are the other markets' main cities.
MERGE crm.City AS t
USING (
    VALUES
    (1, 1, N'San José', N'San José', 9.932500, -84.079600, 120),
    (2, 1, N'Desamparados', N'San José', 9.896800, -84.070300, 45),
    (3, 1, N'Escazú', N'San José', 9.918900, -84.139900, 30),
    (4, 1, N'Goicoechea', N'San José', 9.948500, -84.052400, 30),
    (5, 1, N'Pérez Zeledón', N'San José', 9.372300, -83.702400, 25),
    (6, 1, N'Alajuela', N'Alajuela', 10.016300, -84.211600, 60),
    (7, 1, N'San Carlos', N'Alajuela', 10.323400, -84.428100, 30),
    (8, 1, N'Grecia', N'Alajuela', 10.072900, -84.312400, 15),
    (9, 1, N'San Ramón', N'Alajuela', 10.087600, -84.470700, 15),
    (10, 1, N'Cartago', N'Cartago', 9.864400, -83.919400, 45),
    (11, 1, N'Turrialba', N'Cartago', 9.904300, -83.683400, 15),
    (12, 1, N'Paraíso', N'Cartago', 9.838400, -83.866600, 12),
    (13, 1, N'Heredia', N'Heredia', 9.998400, -84.116900, 45),
    (14, 1, N'Santo Domingo', N'Heredia', 9.981100, -84.090400, 15),
    (15, 1, N'Sarapiquí', N'Heredia', 10.450200, -84.013900, 8),
    (16, 1, N'Liberia', N'Guanacaste', 10.635000, -85.437700, 20),
    (17, 1, N'Nicoya', N'Guanacaste', 10.148200, -85.452000, 12),
    (18, 1, N'Santa Cruz', N'Guanacaste', 10.261100, -85.585200, 10),
    (19, 1, N'Puntarenas', N'Puntarenas', 9.976300, -84.833200, 20),
    (20, 1, N'Quepos', N'Puntarenas', 9.431000, -84.161800, 6),
    (21, 1, N'Golfito', N'Puntarenas', 8.639900, -83.166800, 6),
    (22, 1, N'Limón', N'Limón', 9.990700, -83.035900, 20),
    (23, 1, N'Guápiles', N'Limón', 10.215600, -83.789700, 10),
    (24, 1, N'Siquirres', N'Limón', 10.097500, -83.507200, 6),
    (25, 2, N'Ciudad de Panamá', N'Panamá', 8.982400, -79.519900, 25),
    (26, 2, N'David', N'Chiriquí', 8.427300, -82.430900, 8),
    (27, 3, N'Ciudad de Guatemala', N'Guatemala', 14.634900, -90.506900, 12),
    (28, 3, N'Quetzaltenango', N'Quetzaltenango', 14.834700, -91.518100, 4),
    (29, 4, N'Santo Domingo', N'Distrito Nacional', 18.486100, -69.931200, 8),
    (30, 4, N'Santiago de los Caballeros', N'Santiago', 19.451700, -70.697000, 4),
    (31, 5, N'Ciudad de México', N'Ciudad de México', 19.432600, -99.133200, 15),
    (32, 5, N'Guadalajara', N'Jalisco', 20.659700, -103.349600, 6),
    (33, 6, N'Miami', N'Florida', 25.761700, -80.191800, 10),
    (34, 7, N'Bogotá', N'Cundinamarca', 4.711000, -74.072100, 12),
    (35, 7, N'Medellín', N'Antioquia', 6.244200, -75.581200, 8),
    (36, 8, N'Quito', N'Pichincha', -0.180700, -78.467800, 6),
    (37, 9, N'Lima', N'Lima', -12.046400, -77.042800, 8),
    (38, 10, N'Santiago', N'Región Metropolitana', -33.448900, -70.669300, 6),
    (39, 11, N'Buenos Aires', N'Buenos Aires', -34.603700, -58.381600, 6),
    (40, 12, N'Madrid', N'Comunidad de Madrid', 40.416800, -3.703800, 5)
) AS s (CityId, MarketId, CityName, Province, Latitude, Longitude, Weight)
    ON t.CityId = s.CityId
WHEN MATCHED AND (t.MarketId <> s.MarketId OR t.CityName <> s.CityName OR t.Province <> s.Province
    OR t.Latitude <> s.Latitude OR t.Longitude <> s.Longitude OR t.Weight <> s.Weight)
    THEN UPDATE SET
        t.MarketId = s.MarketId, t.CityName = s.CityName, t.Province = s.Province,
        t.Latitude = s.Latitude, t.Longitude = s.Longitude, t.Weight = s.Weight
WHEN NOT MATCHED BY TARGET
    THEN INSERT (CityId, MarketId, CityName, Province, Latitude, Longitude, Weight)
    VALUES (s.CityId, s.MarketId, s.CityName, s.Province, s.Latitude, s.Longitude, s.Weight);
GO

MERGE crm.FunnelStage AS t
USING (
    VALUES
    (1, 'AWARENESS', N'Conocimiento', 1),
    (2, 'INTEREST', N'Interés', 2),
    (3, 'CONSIDERATION', N'Consideración', 3),
    (4, 'PURCHASE', N'Compra', 4)
) AS s (FunnelStageId, StageCode, StageName, StageOrder)
    ON t.FunnelStageId = s.FunnelStageId
WHEN MATCHED AND (t.StageCode <> s.StageCode OR t.StageName <> s.StageName OR t.StageOrder <> s.StageOrder)
    THEN UPDATE SET t.StageCode = s.StageCode, t.StageName = s.StageName, t.StageOrder = s.StageOrder
WHEN NOT MATCHED BY TARGET
    THEN INSERT (FunnelStageId, StageCode, StageName, StageOrder)
    VALUES (s.FunnelStageId, s.StageCode, s.StageName, s.StageOrder);
GO

MERGE crm.InteractionType AS t
USING (
    VALUES
    (1, 'EMAIL', N'Correo de seguimiento', 0),
    (2, 'CALL', N'Llamada de un agente', 0),
    (3, 'CHAT', N'Chat con un agente', 0),
    (4, 'WHATSAPP', N'Conversación de WhatsApp', 0),
    (5, 'CHATBOT', N'Chatbot', 1),
    (6, 'VOICEBOT', N'Voicebot', 1),
    (7, 'AUTO_REPLY', N'Respuesta automática', 1),
    (8, 'SMS', N'Mensaje SMS', 1)
) AS s (InteractionTypeId, TypeCode, TypeName, IsAutomated)
    ON t.InteractionTypeId = s.InteractionTypeId
WHEN MATCHED AND (t.TypeCode <> s.TypeCode OR t.TypeName <> s.TypeName OR t.IsAutomated <> s.IsAutomated)
    THEN UPDATE SET t.TypeCode = s.TypeCode, t.TypeName = s.TypeName, t.IsAutomated = s.IsAutomated
WHEN NOT MATCHED BY TARGET
    THEN INSERT (InteractionTypeId, TypeCode, TypeName, IsAutomated)
    VALUES (s.InteractionTypeId, s.TypeCode, s.TypeName, s.IsAutomated);
GO

MERGE crm.DistanceBand AS t
USING (
    VALUES
    (1, N'0-25 km', 0.0, 25.0),
    (2, N'25-100 km', 25.0, 100.0),
    (3, N'100-500 km', 100.0, 500.0),
    (4, N'500-2000 km', 500.0, 2000.0),
    (5, N'más de 2000 km', 2000.0, 40000.0)
) AS s (DistanceBandId, BandName, MinKm, MaxKm)
    ON t.DistanceBandId = s.DistanceBandId
WHEN MATCHED AND (t.BandName <> s.BandName OR t.MinKm <> s.MinKm OR t.MaxKm <> s.MaxKm)
    THEN UPDATE SET t.BandName = s.BandName, t.MinKm = s.MinKm, t.MaxKm = s.MaxKm
WHEN NOT MATCHED BY TARGET
    THEN INSERT (DistanceBandId, BandName, MinKm, MaxKm) VALUES (s.DistanceBandId, s.BandName, s.MinKm, s.MaxKm);
GO

-- Vocabularies: words separated by '|' per kind, numbered by position (STRING_SPLIT with ordinal, 2022).
DECLARE @Lists TABLE (VocabularyKind varchar(20) NOT NULL PRIMARY KEY, Words nvarchar(max) NOT NULL);
INSERT INTO @Lists (VocabularyKind, Words)
VALUES
(
    'FEMALE',
    N'María|Ana|Sofía|Valeria|Camila|Daniela|Gabriela|Fernanda|Mariana|Andrea|Paola|Natalia|Laura|Carolina|'
    + N'Adriana|Silvia|Marcela|Karla|Melissa|Tatiana|Raquel|Rebeca|Priscilla|Yorleny|Hazel|Ximena|Lucía|Isabel|'
    + N'Elena|Patricia|Rocío|Alejandra|Verónica|Mónica|Jimena|Fabiola|Wendy|Ivannia|Lorena|Catalina|Emilia|'
    + N'Valentina|Nicole|Sharon|Dayana|Kimberly|Angie|Vanessa|Cindy|Johanna|Marisol|Guadalupe|Florencia|'
    + N'Antonella|Josefina|Renata|Regina|Esperanza|Carmen|Teresa'
),
(
    'MALE',
    N'José|Juan|Luis|Carlos|Jorge|Andrés|Diego|Alejandro|Daniel|Esteban|Gabriel|Pablo|Mauricio|Ricardo|'
    + N'Fernando|Rodrigo|Javier|Sergio|Óscar|Manuel|Francisco|Miguel|Rafael|Roberto|Eduardo|Adrián|Kevin|'
    + N'Bryan|Jason|Randall|Minor|Greivin|Johnny|Allan|Marvin|Geovanny|Josué|Emmanuel|Sebastián|Mateo|'
    + N'Santiago|Tomás|Joaquín|Felipe|Ignacio|Nicolás|Martín|Emilio|Álvaro|Víctor|Hugo|Gerardo|Armando|'
    + N'Rolando|Wálter|Ronald|Alonso|Fabián|Cristian|Jeremy'
),
(
    'SURNAME',
    N'Rodríguez|Jiménez|Mora|Vargas|Rojas|González|Sánchez|Hernández|Ramírez|Castro|Solís|Araya|Alvarado|'
    + N'Chaves|Quesada|Fernández|Méndez|Herrera|Campos|Salazar|Monge|Arias|Calderón|Villalobos|Zúñiga|'
    + N'Ulate|Brenes|Cordero|Madrigal|Umaña|Segura|Valverde|Porras|Murillo|Cascante|Barrantes|Aguilar|'
    + N'Víquez|Chacón|Sibaja|Bolaños|Montero|Cubero|Fallas|Leiva|Picado|Soto|Núñez|Gutiérrez|Navarro|'
    + N'Esquivel|Acuña|Badilla|Corrales|Elizondo|Gamboa|Hidalgo|Matamoros|Obando|Pacheco|Quirós|Rivera|'
    + N'Sáenz|Trejos|Vega|Zamora|Morales|López|Pérez|Martínez|García|Torres|Flores|Romero|Ortiz|Ruiz|'
    + N'Delgado|Castillo|Guerrero|Mendoza'
),
(
    'LANDMARK',
    N'la iglesia católica|la escuela pública|el Más x Menos|el parque central|la plaza de deportes|'
    + N'el Palí|la bomba Delta|el EBAIS|la Cruz Roja|el Banco Nacional|la pulpería La Esquina|'
    + N'el antiguo cine|la municipalidad|el colegio técnico|el Automercado|la parada de buses|'
    + N'el centro comercial|la estación del tren|el cementerio|la clínica del Seguro|el Hospital|'
    + N'la Fuerza Pública|el mercado municipal|el estadio|la biblioteca|el templo evangélico|'
    + N'la soda Doña Tere|el taller mecánico|el BCR|la panadería Musmanni'
),
(
    'COLOR',
    N'blanca|celeste|verde|amarilla|terracota|crema|gris|azul|beige|rosada|anaranjada|verde menta|'
    + N'café|lila|vino|turquesa'
),
(
    'DOMAIN',
    N'gmail.com|hotmail.com|yahoo.com|outlook.com|icloud.com|racsa.co.cr|ice.co.cr|correo.cr'
);

MERGE crm.NameVocabulary AS t
USING (
    SELECT l.VocabularyKind, CAST(s.ordinal AS smallint) AS Ordinal, CAST(LTRIM(RTRIM(s.value)) AS nvarchar(60)) AS Word
    FROM @Lists AS l
    CROSS APPLY STRING_SPLIT(l.Words, N'|', 1) AS s
) AS s
    ON t.VocabularyKind = s.VocabularyKind AND t.Ordinal = s.Ordinal
WHEN MATCHED AND t.Word <> s.Word
    THEN UPDATE SET t.Word = s.Word
WHEN NOT MATCHED BY TARGET
    THEN INSERT (VocabularyKind, Ordinal, Word) VALUES (s.VocabularyKind, s.Ordinal, s.Word)
WHEN NOT MATCHED BY SOURCE
    THEN DELETE;
GO
