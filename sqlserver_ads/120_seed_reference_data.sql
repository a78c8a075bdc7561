/*
Purpose:      Reference data: the generator's vocabularies, the 200 client companies of the contract
              (CO-0001..CO-0200, name = PREFIX[(n-1) % 20] + ' ' + SECTOR[(n-1) / 20]) with 3 products each,
              12 sales channels, 30 influencers, 48 markets (12 countries x 4 segments), campaign statuses,
              5 external integrations and the companies' accounts on them (token references only).
              Everything is derived by formula from n and the word lists: no seed, no wall clock.
Target:       PromptAds on SQL Server 2022.
Requires:     030_create_tables_reference.sql.
Re-runnable:  yes (MERGE on natural keys: same input, same end state).
Leaves:       ads.GeneratorVocabulary 242 rows, ads.Company 200, ads.Product 600, ads.Channel 12,
              ads.Influencer 30, ads.Market 48, ads.CampaignStatus 6, ads.Integration 5,
              ads.IntegrationAccount 666.
Requirements: ADS-2, ADS-3 (realistic vocabularies), CRM-3 (shared company identity).
Verify:       SELECT CompanyCode, CompanyName FROM ads.Company WHERE CompanyId IN (1, 21, 200);
              -- CO-0001 Aurora Alimentos, CO-0021 Aurora Tecnología, CO-0200 Volcán Cosmética
*/
USE PromptAds;
GO

-- Section rules use '=' rather than long runs of '-': a batch that starts with a line of many dashes
-- sends the batch splitter's comment-only check (harness/scripts.py, _ONLY_COMMENTS) into catastrophic
-- regex backtracking, and the run hangs.
-- =========================================================================================== vocabularies
MERGE INTO ads.GeneratorVocabulary AS target
USING (
    VALUES
    ('HOOK', 'es', '', 1, N'Descubre'),
    ('HOOK', 'es', '', 2, N'Llegó'),
    ('HOOK', 'es', '', 3, N'Date un gusto con'),
    ('HOOK', 'es', '', 4, N'Solo esta semana:'),
    ('HOOK', 'es', '', 5, N'Tu nuevo favorito:'),
    ('HOOK', 'es', '', 6, N'Aprovecha'),
    ('HOOK', 'es', '', 7, N'Conoce'),
    ('HOOK', 'es', '', 8, N'Renueva tu rutina con'),
    ('HOOK', 'es', '', 9, N'Regala'),
    ('HOOK', 'es', '', 10, N'Vive la experiencia de'),
    ('HOOK', 'en', '', 1, N'Discover'),
    ('HOOK', 'en', '', 2, N'Meet'),
    ('HOOK', 'en', '', 3, N'Treat yourself to'),
    ('HOOK', 'en', '', 4, N'This week only:'),
    ('HOOK', 'en', '', 5, N'Your new favorite:'),
    ('HOOK', 'en', '', 6, N'Don''t miss'),
    ('HOOK', 'en', '', 7, N'Say hello to'),
    ('HOOK', 'en', '', 8, N'Upgrade your routine with'),
    ('HOOK', 'en', '', 9, N'Gift'),
    ('HOOK', 'en', '', 10, N'Experience'),
    ('BENEFIT', 'es', 'ALIMENTOS', 1, N'Ingredientes de productores locales y sin conservantes.'),
    ('BENEFIT', 'es', 'ALIMENTOS', 2, N'Sabor de casa, listo en minutos.'),
    ('BENEFIT', 'es', 'TECNOLOGIA', 1, N'Batería para todo el día y dos años de garantía.'),
    ('BENEFIT', 'es', 'TECNOLOGIA', 2, N'Se conecta en segundos con tu teléfono.'),
    ('BENEFIT', 'es', 'MODA', 1, N'Materiales reciclados y un diseño hecho para durar.'),
    ('BENEFIT', 'es', 'MODA', 2, N'Tallas inclusivas y cambios sin costo.'),
    ('BENEFIT', 'es', 'SALUD', 1, N'Respaldado por profesionales de la salud.'),
    ('BENEFIT', 'es', 'SALUD', 2, N'Cuida de ti y de los tuyos sin salir de casa.'),
    ('BENEFIT', 'es', 'HOGAR', 1, N'Haz de tu casa un lugar más cómodo.'),
    ('BENEFIT', 'es', 'HOGAR', 2, N'Ahorra energía sin renunciar al estilo.'),
    ('BENEFIT', 'es', 'VIAJES', 1, N'Todo incluido y sin cargos ocultos.'),
    ('BENEFIT', 'es', 'VIAJES', 2, N'Cancelación flexible hasta 48 horas antes.'),
    ('BENEFIT', 'es', 'FINANZAS', 1, N'Sin comisión de apertura y con atención 24/7.'),
    ('BENEFIT', 'es', 'FINANZAS', 2, N'Administra tu dinero desde la app.'),
    ('BENEFIT', 'es', 'EDUCACION', 1, N'Aprende a tu ritmo con docentes certificados.'),
    ('BENEFIT', 'es', 'EDUCACION', 2, N'Certificado con validez internacional.'),
    ('BENEFIT', 'es', 'DEPORTES', 1, N'Diseñado con atletas para rendir más.'),
    ('BENEFIT', 'es', 'DEPORTES', 2, N'Entrena donde quieras y cuando quieras.'),
    ('BENEFIT', 'es', 'COSMETICA', 1, N'Fórmula probada por dermatólogos y libre de crueldad animal.'),
    ('BENEFIT', 'es', 'COSMETICA', 2, N'Resultados visibles en cuatro semanas.'),
    ('BENEFIT', 'en', 'ALIMENTOS', 1, N'Locally sourced ingredients, no preservatives.'),
    ('BENEFIT', 'en', 'ALIMENTOS', 2, N'Home-cooked taste, ready in minutes.'),
    ('BENEFIT', 'en', 'TECNOLOGIA', 1, N'All-day battery and a two-year warranty.'),
    ('BENEFIT', 'en', 'TECNOLOGIA', 2, N'Pairs with your phone in seconds.'),
    ('BENEFIT', 'en', 'MODA', 1, N'Recycled materials and a design made to last.'),
    ('BENEFIT', 'en', 'MODA', 2, N'Inclusive sizes and free exchanges.'),
    ('BENEFIT', 'en', 'SALUD', 1, N'Backed by healthcare professionals.'),
    ('BENEFIT', 'en', 'SALUD', 2, N'Care for you and yours without leaving home.'),
    ('BENEFIT', 'en', 'HOGAR', 1, N'Make your home a more comfortable place.'),
    ('BENEFIT', 'en', 'HOGAR', 2, N'Save energy without giving up style.'),
    ('BENEFIT', 'en', 'VIAJES', 1, N'All inclusive, no hidden fees.'),
    ('BENEFIT', 'en', 'VIAJES', 2, N'Flexible cancellation up to 48 hours before.'),
    ('BENEFIT', 'en', 'FINANZAS', 1, N'No opening fee and 24/7 support.'),
    ('BENEFIT', 'en', 'FINANZAS', 2, N'Manage your money from the app.'),
    ('BENEFIT', 'en', 'EDUCACION', 1, N'Learn at your own pace with certified teachers.'),
    ('BENEFIT', 'en', 'EDUCACION', 2, N'A certificate recognised worldwide.'),
    ('BENEFIT', 'en', 'DEPORTES', 1, N'Designed with athletes to help you perform.'),
    ('BENEFIT', 'en', 'DEPORTES', 2, N'Train wherever and whenever you want.'),
    ('BENEFIT', 'en', 'COSMETICA', 1, N'Dermatologist-tested and cruelty-free formula.'),
    ('BENEFIT', 'en', 'COSMETICA', 2, N'Visible results in four weeks.'),
    ('OFFER', 'es', '', 1, N'Hasta {pct} % de descuento por tiempo limitado'),
    ('OFFER', 'es', '', 2, N'{pct} % menos en tu primera compra'),
    ('OFFER', 'es', '', 3, N'Envío gratis y {pct} % de ahorro'),
    ('OFFER', 'es', '', 4, N'Paga {pct} % menos con tu tarjeta'),
    ('OFFER', 'es', '', 5, N'Ofertas de hasta {pct} % solo en línea'),
    ('OFFER', 'en', '', 1, N'Up to {pct}% off for a limited time'),
    ('OFFER', 'en', '', 2, N'{pct}% off your first order'),
    ('OFFER', 'en', '', 3, N'Free shipping and {pct}% savings'),
    ('OFFER', 'en', '', 4, N'Save {pct}% when you pay by card'),
    ('OFFER', 'en', '', 5, N'Online-only deals up to {pct}% off'),
    ('CTA', 'es', '', 1, N'Compra ahora'),
    ('CTA', 'es', '', 2, N'Reserva hoy'),
    ('CTA', 'es', '', 3, N'Descubre más'),
    ('CTA', 'es', '', 4, N'Pide el tuyo'),
    ('CTA', 'es', '', 5, N'Suscríbete'),
    ('CTA', 'en', '', 1, N'Shop now'),
    ('CTA', 'en', '', 2, N'Book today'),
    ('CTA', 'en', '', 3, N'Learn more'),
    ('CTA', 'en', '', 4, N'Get yours'),
    ('CTA', 'en', '', 5, N'Subscribe'),
    ('THEME', 'es', '01', 1, N'Rebajas de Año Nuevo'),
    ('THEME', 'es', '02', 1, N'San Valentín'),
    ('THEME', 'es', '03', 1, N'Temporada de primavera'),
    ('THEME', 'es', '04', 1, N'Semana Santa'),
    ('THEME', 'es', '05', 1, N'Día de la Madre'),
    ('THEME', 'es', '06', 1, N'Día del Padre'),
    ('THEME', 'es', '07', 1, N'Vacaciones de medio año'),
    ('THEME', 'es', '08', 1, N'Regreso a clases'),
    ('THEME', 'es', '09', 1, N'Mes de la Independencia'),
    ('THEME', 'es', '10', 1, N'Temporada de otoño'),
    ('THEME', 'es', '11', 1, N'Black Friday'),
    ('THEME', 'es', '12', 1, N'Navidad'),
    ('AUDIENCE', 'es', '', 1, N'Profesionales jóvenes de 25 a 34 años'),
    ('AUDIENCE', 'es', '', 2, N'Familias con hijos en edad escolar'),
    ('AUDIENCE', 'es', '', 3, N'Estudiantes universitarios de 18 a 24 años'),
    ('AUDIENCE', 'es', '', 4, N'Adultos de más de 55 años activos en redes sociales'),
    ('AUDIENCE', 'es', '', 5, N'Emprendedores y dueños de pymes'),
    ('AUDIENCE', 'es', '', 6, N'Deportistas aficionados de 20 a 45 años'),
    ('AUDIENCE', 'es', '', 7, N'Viajeros frecuentes por trabajo'),
    ('AUDIENCE', 'es', '', 8, N'Madres y padres primerizos'),
    ('INTEREST', 'es', 'ALIMENTOS', 1, N'alimentación saludable y cocina casera'),
    ('INTEREST', 'es', 'TECNOLOGIA', 1, N'tecnología de consumo y gadgets'),
    ('INTEREST', 'es', 'MODA', 1, N'moda urbana y sostenible'),
    ('INTEREST', 'es', 'SALUD', 1, N'bienestar y prevención'),
    ('INTEREST', 'es', 'HOGAR', 1, N'decoración y organización del hogar'),
    ('INTEREST', 'es', 'VIAJES', 1, N'viajes de descanso y escapadas de fin de semana'),
    ('INTEREST', 'es', 'FINANZAS', 1, N'finanzas personales y ahorro'),
    ('INTEREST', 'es', 'EDUCACION', 1, N'formación en línea y nuevas habilidades'),
    ('INTEREST', 'es', 'DEPORTES', 1, N'deporte y vida activa'),
    ('INTEREST', 'es', 'COSMETICA', 1, N'cuidado de la piel y belleza natural'),
    ('SENTIMENT', 'es', 'POSITIVE', 1, N'Me encantó lo nuevo de {brand}, ya lo recomendé a mis amigas.'),
    ('SENTIMENT', 'es', 'POSITIVE', 2, N'Excelente servicio de {brand}, llegó antes de lo esperado.'),
    ('SENTIMENT', 'es', 'POSITIVE', 3, N'Por fin una marca que cumple: gracias {brand}.'),
    ('SENTIMENT', 'es', 'NEUTRAL', 1, N'¿Alguien ya probó lo nuevo de {brand}?'),
    ('SENTIMENT', 'es', 'NEUTRAL', 2, N'Vi el anuncio de {brand} en mi feed esta mañana.'),
    ('SENTIMENT', 'es', 'NEUTRAL', 3, N'¿Hasta cuándo dura la promoción de {brand}?'),
    ('SENTIMENT', 'es', 'OFFENSIVE_CONTENT', 1, N'El anuncio de {brand} es de muy mal gusto, ofende a mucha gente.'),
    ('SENTIMENT', 'es', 'OFFENSIVE_CONTENT', 2, N'Qué falta de respeto el último video de {brand}.'),
    ('SENTIMENT', 'es', 'MISLEADING_CLAIM', 1, N'La promoción de {brand} no es lo que prometen: publicidad engañosa.'),
    ('SENTIMENT', 'es', 'MISLEADING_CLAIM', 2, N'{brand} anuncia un descuento que no aparece al pagar.'),
    ('SENTIMENT', 'es', 'PRICE_COMPLAINT', 1, N'Demasiado caro para lo que ofrece {brand}.'),
    ('SENTIMENT', 'es', 'PRICE_COMPLAINT', 2, N'{brand} subió el precio justo antes de la oferta.'),
    ('SENTIMENT', 'es', 'PRODUCT_QUALITY', 1, N'El producto de {brand} llegó dañado, pésima calidad.'),
    ('SENTIMENT', 'es', 'PRODUCT_QUALITY', 2, N'Duró dos semanas; no vuelvo a comprarle a {brand}.'),
    ('SENTIMENT', 'es', 'CUSTOMER_SERVICE', 1, N'Nadie de {brand} responde mis mensajes desde hace días.'),
    ('SENTIMENT', 'es', 'CUSTOMER_SERVICE', 2, N'El servicio al cliente de {brand} es lentísimo.'),
    ('SENTIMENT', 'es', 'AD_FATIGUE', 1, N'Ya me cansé de ver el mismo anuncio de {brand} todo el día.'),
    ('SENTIMENT', 'es', 'AD_FATIGUE', 2, N'Otra vez el anuncio de {brand}, ya basta.'),
    ('SENTIMENT', 'es', 'BOYCOTT_CALL', 1, N'No compren en {brand} hasta que den la cara.'),
    ('SENTIMENT', 'es', 'BOYCOTT_CALL', 2, N'Dejemos de seguir a {brand} después de lo que hicieron.'),
    ('SENTIMENT', 'en', 'POSITIVE', 1, N'Loving the new release from {brand}, already told my friends.'),
    ('SENTIMENT', 'en', 'POSITIVE', 2, N'Great service from {brand}, it arrived early.'),
    ('SENTIMENT', 'en', 'POSITIVE', 3, N'Finally a brand that delivers: thank you {brand}.'),
    ('SENTIMENT', 'en', 'NEUTRAL', 1, N'Has anyone tried the new {brand} yet?'),
    ('SENTIMENT', 'en', 'NEUTRAL', 2, N'Saw the {brand} ad in my feed this morning.'),
    ('SENTIMENT', 'en', 'NEUTRAL', 3, N'How long does the {brand} promotion last?'),
    ('SENTIMENT', 'en', 'OFFENSIVE_CONTENT', 1, N'The new {brand} ad is in really poor taste.'),
    ('SENTIMENT', 'en', 'OFFENSIVE_CONTENT', 2, N'That last {brand} video is so disrespectful.'),
    ('SENTIMENT', 'en', 'MISLEADING_CLAIM', 1, N'The {brand} promo is not what they advertise: misleading.'),
    ('SENTIMENT', 'en', 'MISLEADING_CLAIM', 2, N'{brand} shows a discount that never appears at checkout.'),
    ('SENTIMENT', 'en', 'PRICE_COMPLAINT', 1, N'Way too expensive for what {brand} offers.'),
    ('SENTIMENT', 'en', 'PRICE_COMPLAINT', 2, N'{brand} raised prices right before the sale.'),
    ('SENTIMENT', 'en', 'PRODUCT_QUALITY', 1, N'My {brand} order arrived broken, awful quality.'),
    ('SENTIMENT', 'en', 'PRODUCT_QUALITY', 2, N'It lasted two weeks; never buying from {brand} again.'),
    ('SENTIMENT', 'en', 'CUSTOMER_SERVICE', 1, N'Nobody at {brand} has answered my messages for days.'),
    ('SENTIMENT', 'en', 'CUSTOMER_SERVICE', 2, N'{brand} customer service is painfully slow.'),
    ('SENTIMENT', 'en', 'AD_FATIGUE', 1, N'I am tired of seeing the same {brand} ad all day.'),
    ('SENTIMENT', 'en', 'AD_FATIGUE', 2, N'The {brand} ad again? Enough already.'),
    ('SENTIMENT', 'en', 'BOYCOTT_CALL', 1, N'Do not buy from {brand} until they own up.'),
    ('SENTIMENT', 'en', 'BOYCOTT_CALL', 2, N'Let us unfollow {brand} after what they did.'),
    ('FIRST_NAME', 'es', '', 1, N'Valeria'),
    ('FIRST_NAME', 'es', '', 2, N'Camila'),
    ('FIRST_NAME', 'es', '', 3, N'Sofía'),
    ('FIRST_NAME', 'es', '', 4, N'Mariana'),
    ('FIRST_NAME', 'es', '', 5, N'Daniela'),
    ('FIRST_NAME', 'es', '', 6, N'Lucía'),
    ('FIRST_NAME', 'es', '', 7, N'Gabriela'),
    ('FIRST_NAME', 'es', '', 8, N'Fernanda'),
    ('FIRST_NAME', 'es', '', 9, N'Paula'),
    ('FIRST_NAME', 'es', '', 10, N'Andrea'),
    ('FIRST_NAME', 'es', '', 11, N'Isabella'),
    ('FIRST_NAME', 'es', '', 12, N'Natalia'),
    ('FIRST_NAME', 'es', '', 13, N'Renata'),
    ('FIRST_NAME', 'es', '', 14, N'Jimena'),
    ('FIRST_NAME', 'es', '', 15, N'Carolina'),
    ('FIRST_NAME', 'es', '', 16, N'Mateo'),
    ('FIRST_NAME', 'es', '', 17, N'Santiago'),
    ('FIRST_NAME', 'es', '', 18, N'Sebastián'),
    ('FIRST_NAME', 'es', '', 19, N'Diego'),
    ('FIRST_NAME', 'es', '', 20, N'Nicolás'),
    ('FIRST_NAME', 'es', '', 21, N'Alejandro'),
    ('FIRST_NAME', 'es', '', 22, N'Tomás'),
    ('FIRST_NAME', 'es', '', 23, N'Joaquín'),
    ('FIRST_NAME', 'es', '', 24, N'Emiliano'),
    ('FIRST_NAME', 'es', '', 25, N'Andrés'),
    ('FIRST_NAME', 'es', '', 26, N'Felipe'),
    ('FIRST_NAME', 'es', '', 27, N'Gabriel'),
    ('FIRST_NAME', 'es', '', 28, N'Rodrigo'),
    ('FIRST_NAME', 'es', '', 29, N'Martín'),
    ('FIRST_NAME', 'es', '', 30, N'Julián'),
    ('SURNAME', 'es', '', 1, N'Rojas'),
    ('SURNAME', 'es', '', 2, N'Vargas'),
    ('SURNAME', 'es', '', 3, N'Jiménez'),
    ('SURNAME', 'es', '', 4, N'Mora'),
    ('SURNAME', 'es', '', 5, N'Castro'),
    ('SURNAME', 'es', '', 6, N'Herrera'),
    ('SURNAME', 'es', '', 7, N'Solís'),
    ('SURNAME', 'es', '', 8, N'Araya'),
    ('SURNAME', 'es', '', 9, N'Méndez'),
    ('SURNAME', 'es', '', 10, N'Chaves'),
    ('SURNAME', 'es', '', 11, N'Ramírez'),
    ('SURNAME', 'es', '', 12, N'Gómez'),
    ('SURNAME', 'es', '', 13, N'Torres'),
    ('SURNAME', 'es', '', 14, N'Flores'),
    ('SURNAME', 'es', '', 15, N'Navarro'),
    ('SURNAME', 'es', '', 16, N'Ortega'),
    ('SURNAME', 'es', '', 17, N'Salazar'),
    ('SURNAME', 'es', '', 18, N'Rivas'),
    ('SURNAME', 'es', '', 19, N'Fuentes'),
    ('SURNAME', 'es', '', 20, N'Campos'),
    ('NICHE', 'es', '', 1, N'viajes'),
    ('NICHE', 'es', '', 2, N'cocina'),
    ('NICHE', 'es', '', 3, N'fitness'),
    ('NICHE', 'es', '', 4, N'tecnología'),
    ('NICHE', 'es', '', 5, N'moda'),
    ('NICHE', 'es', '', 6, N'maquillaje'),
    ('NICHE', 'es', '', 7, N'finanzas'),
    ('NICHE', 'es', '', 8, N'hogar'),
    ('NICHE', 'es', '', 9, N'crianza'),
    ('NICHE', 'es', '', 10, N'gaming'),
    ('NICHE', 'es', '', 11, N'bienestar'),
    ('NICHE', 'es', '', 12, N'emprendimiento'),
    ('PRODUCT', 'es', 'ALIMENTOS', 1, N'Café de altura|12.50'),
    ('PRODUCT', 'es', 'ALIMENTOS', 2, N'Granola artesanal|7.90'),
    ('PRODUCT', 'es', 'ALIMENTOS', 3, N'Salsa picante de la casa|5.50'),
    ('PRODUCT', 'es', 'TECNOLOGIA', 1, N'Audífonos inalámbricos|89.00'),
    ('PRODUCT', 'es', 'TECNOLOGIA', 2, N'Reloj inteligente|149.00'),
    ('PRODUCT', 'es', 'TECNOLOGIA', 3, N'Cargador solar portátil|45.00'),
    ('PRODUCT', 'es', 'MODA', 1, N'Tenis urbanos|79.00'),
    ('PRODUCT', 'es', 'MODA', 2, N'Chaqueta impermeable|120.00'),
    ('PRODUCT', 'es', 'MODA', 3, N'Bolso de cuero|95.00'),
    ('PRODUCT', 'es', 'SALUD', 1, N'Multivitamínico diario|24.00'),
    ('PRODUCT', 'es', 'SALUD', 2, N'Consulta de telemedicina|35.00'),
    ('PRODUCT', 'es', 'SALUD', 3, N'Kit de primeros auxilios|29.00'),
    ('PRODUCT', 'es', 'HOGAR', 1, N'Juego de sábanas de algodón|59.00'),
    ('PRODUCT', 'es', 'HOGAR', 2, N'Freidora de aire|110.00'),
    ('PRODUCT', 'es', 'HOGAR', 3, N'Lámpara de escritorio LED|39.00'),
    ('PRODUCT', 'es', 'VIAJES', 1, N'Fin de semana en la playa|420.00'),
    ('PRODUCT', 'es', 'VIAJES', 2, N'Seguro de viaje|55.00'),
    ('PRODUCT', 'es', 'VIAJES', 3, N'Tour gastronómico|85.00'),
    ('PRODUCT', 'es', 'FINANZAS', 1, N'Seguro de vida temporal|18.00'),
    ('PRODUCT', 'es', 'FINANZAS', 2, N'Asesoría de inversión|60.00'),
    ('PRODUCT', 'es', 'FINANZAS', 3, N'Plan de ahorro programado|25.00'),
    ('PRODUCT', 'es', 'EDUCACION', 1, N'Curso de inglés en línea|49.00'),
    ('PRODUCT', 'es', 'EDUCACION', 2, N'Diplomado en marketing digital|320.00'),
    ('PRODUCT', 'es', 'EDUCACION', 3, N'Clases de programación para niños|75.00'),
    ('PRODUCT', 'es', 'DEPORTES', 1, N'Bicicleta de montaña|540.00'),
    ('PRODUCT', 'es', 'DEPORTES', 2, N'Membresía de gimnasio|35.00'),
    ('PRODUCT', 'es', 'DEPORTES', 3, N'Zapatillas de running|110.00'),
    ('PRODUCT', 'es', 'COSMETICA', 1, N'Protector solar facial|22.00'),
    ('PRODUCT', 'es', 'COSMETICA', 2, N'Sérum de vitamina C|34.00'),
    ('PRODUCT', 'es', 'COSMETICA', 3, N'Kit de maquillaje natural|48.00')
) AS source (VocabularyGroup, LanguageCode, ItemKey, Ordinal, Term)
    ON
        target.VocabularyGroup = source.VocabularyGroup
        AND target.LanguageCode = source.LanguageCode
        AND target.ItemKey = source.ItemKey
        AND target.Ordinal = source.Ordinal
WHEN MATCHED AND target.Term <> source.Term COLLATE Latin1_General_100_BIN2 THEN
    UPDATE SET target.Term = source.Term
WHEN NOT MATCHED BY TARGET THEN
    INSERT (VocabularyGroup, LanguageCode, ItemKey, Ordinal, Term)
    VALUES (source.VocabularyGroup, source.LanguageCode, source.ItemKey, source.Ordinal, source.Term)
WHEN NOT MATCHED BY SOURCE THEN
    DELETE;
GO

-- =========================================================================================== companies
WITH prefixes AS (
    SELECT v.Ordinal, v.Prefix
    FROM (
        VALUES
        (1, N'Aurora'), (2, N'Brisa'), (3, N'Cumbre'), (4, N'Delta'), (5, N'Estrella'),
        (6, N'Faro'), (7, N'Granito'), (8, N'Horizonte'), (9, N'Índigo'), (10, N'Jade'),
        (11, N'Lumbre'), (12, N'Marea'), (13, N'Nácar'), (14, N'Olivo'), (15, N'Pino'),
        (16, N'Quetzal'), (17, N'Roble'), (18, N'Sendero'), (19, N'Trópico'), (20, N'Volcán')
    ) AS v (Ordinal, Prefix)
),
sectors AS (
    SELECT v.Ordinal, v.IndustryCode, v.IndustryName
    FROM (
        VALUES
        (1, 'ALIMENTOS', N'Alimentos'), (2, 'TECNOLOGIA', N'Tecnología'), (3, 'MODA', N'Moda'),
        (4, 'SALUD', N'Salud'), (5, 'HOGAR', N'Hogar'), (6, 'VIAJES', N'Viajes'),
        (7, 'FINANZAS', N'Finanzas'), (8, 'EDUCACION', N'Educación'), (9, 'DEPORTES', N'Deportes'),
        (10, 'COSMETICA', N'Cosmética')
    ) AS v (Ordinal, IndustryCode, IndustryName)
),
numbers AS (
    SELECT TOP (200) ROW_NUMBER() OVER (ORDER BY (SELECT NULL)) AS N
    FROM sys.all_columns
),
companies AS (
    SELECT
        CAST(n.N AS int) AS CompanyId,
        CAST(CONCAT('CO-', RIGHT(CONCAT('0000', n.N), 4)) AS varchar(7)) AS CompanyCode,
        CAST(CONCAT(p.Prefix, N' ', s.IndustryName) AS nvarchar(100)) AS CompanyName,
        s.IndustryCode,
        s.IndustryName,
        CAST(CHOOSE(1 + (n.N * 7) % 10, 'CR', 'MX', 'CO', 'US', 'ES', 'PE', 'CL', 'AR', 'PA', 'GT') AS char(2))
        AS HeadquartersCountryCode
    FROM numbers AS n
    INNER JOIN prefixes AS p ON p.Ordinal = ((n.N - 1) % 20) + 1
    INNER JOIN sectors AS s ON s.Ordinal = ((n.N - 1) / 20) + 1
)
MERGE INTO ads.Company AS target
USING companies AS source
    ON target.CompanyId = source.CompanyId
WHEN MATCHED AND (
    target.CompanyCode <> source.CompanyCode
    OR target.CompanyName <> source.CompanyName COLLATE Latin1_General_100_BIN2
    OR target.IndustryCode <> source.IndustryCode
    OR target.IndustryName <> source.IndustryName COLLATE Latin1_General_100_BIN2
    OR target.HeadquartersCountryCode <> source.HeadquartersCountryCode
) THEN
    UPDATE SET
        target.CompanyCode = source.CompanyCode,
        target.CompanyName = source.CompanyName,
        target.IndustryCode = source.IndustryCode,
        target.IndustryName = source.IndustryName,
        target.HeadquartersCountryCode = source.HeadquartersCountryCode
WHEN NOT MATCHED BY TARGET THEN
    INSERT (CompanyId, CompanyCode, CompanyName, IndustryCode, IndustryName, HeadquartersCountryCode)
    VALUES (
        source.CompanyId, source.CompanyCode, source.CompanyName, source.IndustryCode, source.IndustryName,
        source.HeadquartersCountryCode
    );
GO

-- Three products per company from its industry's catalogue; the price varies +-10 % by company.
WITH catalogue AS (
    SELECT
        v.ItemKey AS IndustryCode,
        v.Ordinal,
        LEFT(v.Term, CHARINDEX(N'|', v.Term) - 1) AS BaseName,
        CAST(SUBSTRING(v.Term, CHARINDEX(N'|', v.Term) + 1, 20) AS decimal(19, 2)) AS BasePrice
    FROM ads.GeneratorVocabulary AS v
    WHERE v.VocabularyGroup = 'PRODUCT'
),
products AS (
    SELECT
        co.CompanyId,
        CAST(CONCAT('PR-', RIGHT(co.CompanyCode, 4), '-', ca.Ordinal) AS varchar(12)) AS ProductCode,
        CAST(CONCAT(ca.BaseName, N' ', LEFT(co.CompanyName, CHARINDEX(N' ', co.CompanyName) - 1)) AS nvarchar(120))
        AS ProductName,
        CAST(ROUND(ca.BasePrice * (0.90 + ((co.CompanyId * 7) % 5) * 0.05), 2) AS decimal(19, 2)) AS UnitPrice
    FROM ads.Company AS co
    INNER JOIN catalogue AS ca ON co.IndustryCode = ca.IndustryCode
)
MERGE INTO ads.Product AS target
USING products AS source
    ON target.ProductCode = source.ProductCode
WHEN MATCHED AND (
    target.CompanyId <> source.CompanyId
    OR target.ProductName <> source.ProductName COLLATE Latin1_General_100_BIN2
    OR target.UnitPrice <> source.UnitPrice
) THEN
    UPDATE SET
        target.CompanyId = source.CompanyId,
        target.ProductName = source.ProductName,
        target.UnitPrice = source.UnitPrice
WHEN NOT MATCHED BY TARGET THEN
    INSERT (CompanyId, ProductCode, ProductName, UnitPrice, CurrencyCode)
    VALUES (source.CompanyId, source.ProductCode, source.ProductName, source.UnitPrice, 'USD');
GO

-- =========================================================================================== channels
-- CPM in USD, engagement = interactions / views, conversion = sales / interactions, seconds per view:
-- published industry averages, rounded; they drive the generated daily results.
MERGE INTO ads.Channel AS target
USING (
    VALUES
    ('FACEBOOK', N'Facebook Ads', 'SOCIAL', N'Meta', 7.80, 0.0250, 0.0200, 4, 0),
    ('INSTAGRAM', N'Instagram Ads', 'SOCIAL', N'Meta', 8.90, 0.0350, 0.0180, 5, 0),
    ('TIKTOK', N'TikTok Ads', 'VIDEO', N'TikTok for Business', 6.20, 0.0450, 0.0120, 9, 0),
    ('X', N'X Ads', 'SOCIAL', N'X', 5.60, 0.0150, 0.0080, 3, 0),
    ('YOUTUBE', N'YouTube Ads', 'VIDEO', N'Google Ads', 9.50, 0.0120, 0.0100, 15, 0),
    ('LINKEDIN', N'LinkedIn Ads', 'PROFESSIONAL', N'LinkedIn Marketing', 33.00, 0.0090, 0.0250, 6, 0),
    ('EMAIL', N'E-mail marketing', 'EMAIL', N'Mailchimp', 2.50, 0.0300, 0.0300, 20, 0),
    ('SMS', N'SMS marketing', 'SMS', N'Twilio', 14.00, 0.0400, 0.0350, 8, 0),
    ('GOOGLE_SEARCH', N'Google Search Ads', 'SEARCH', N'Google Ads', 28.00, 0.0500, 0.0450, 3, 0),
    ('INFLUENCER_IG', N'Influencers en Instagram', 'INFLUENCER', N'Meta', 16.00, 0.0600, 0.0150, 12, 1),
    ('INFLUENCER_TT', N'Influencers en TikTok', 'INFLUENCER', N'TikTok for Business', 13.00, 0.0750, 0.0120, 15, 1),
    ('INFLUENCER_YT', N'Influencers en YouTube', 'INFLUENCER', N'Google Ads', 20.00, 0.0500, 0.0140, 60, 1)
) AS source (
    ChannelCode, ChannelName, ChannelType, PlatformName, CostPerThousand, EngagementRate, ConversionRate,
    SecondsPerView, IsInfluencerChannel
)
    ON target.ChannelCode = source.ChannelCode
WHEN MATCHED AND (
    target.ChannelName <> source.ChannelName COLLATE Latin1_General_100_BIN2
    OR target.ChannelType <> source.ChannelType
    OR target.PlatformName <> source.PlatformName COLLATE Latin1_General_100_BIN2
    OR target.CostPerThousand <> source.CostPerThousand
    OR target.EngagementRate <> source.EngagementRate
    OR target.ConversionRate <> source.ConversionRate
    OR target.SecondsPerView <> source.SecondsPerView
    OR target.IsInfluencerChannel <> source.IsInfluencerChannel
) THEN
    UPDATE SET
        target.ChannelName = source.ChannelName,
        target.ChannelType = source.ChannelType,
        target.PlatformName = source.PlatformName,
        target.CostPerThousand = source.CostPerThousand,
        target.EngagementRate = source.EngagementRate,
        target.ConversionRate = source.ConversionRate,
        target.SecondsPerView = source.SecondsPerView,
        target.IsInfluencerChannel = source.IsInfluencerChannel
WHEN NOT MATCHED BY TARGET THEN
    INSERT (
        ChannelCode, ChannelName, ChannelType, PlatformName, CostPerThousand, EngagementRate, ConversionRate,
        SecondsPerView, IsInfluencerChannel
    )
    VALUES (
        source.ChannelCode, source.ChannelName, source.ChannelType, source.PlatformName, source.CostPerThousand,
        source.EngagementRate, source.ConversionRate, source.SecondsPerView, source.IsInfluencerChannel
    );
GO

-- Ten influencers per influencer channel: first name k of the list, a niche, a surname; followers and fee
-- per post by formula.
WITH influencer_channels AS (
    SELECT ChannelId, ChannelCode, ROW_NUMBER() OVER (ORDER BY ChannelCode) AS ChannelOrdinal
    FROM ads.Channel
    WHERE IsInfluencerChannel = 1
),
numbers AS (
    SELECT TOP (10) ROW_NUMBER() OVER (ORDER BY (SELECT NULL)) AS N
    FROM sys.all_columns
),
people AS (
    SELECT
        ic.ChannelId,
        (ic.ChannelOrdinal - 1) * 10 + n.N AS K
    FROM influencer_channels AS ic
    CROSS JOIN numbers AS n
),
influencers AS (
    SELECT
        p.ChannelId,
        CAST(CONCAT(
            TRANSLATE(LOWER(fn.Term), N'áéíóúñ', N'aeioun'), '.',
            TRANSLATE(LOWER(ni.Term), N'áéíóúñ', N'aeioun')
        ) AS varchar(60)) AS Handle,
        CAST(CONCAT(fn.Term, N' ', sn.Term) AS nvarchar(100)) AS DisplayName,
        ni.Term AS Niche,
        CAST(CHOOSE(1 + p.K % 6, 'MX', 'CO', 'CR', 'AR', 'ES', 'US') AS char(2)) AS CountryCode,
        CAST(15000 + ((p.K * 7919) % 985) * 1000 AS int) AS Followers,
        CAST(ROUND((15000 + ((p.K * 7919) % 985) * 1000) / 1000.0 * 8.5, 0) AS decimal(19, 2)) AS FeePerPost
    FROM people AS p
    INNER JOIN ads.GeneratorVocabulary AS fn
        ON fn.VocabularyGroup = 'FIRST_NAME' AND fn.LanguageCode = 'es' AND fn.ItemKey = '' AND fn.Ordinal = p.K
    INNER JOIN ads.GeneratorVocabulary AS sn
        ON sn.VocabularyGroup = 'SURNAME' AND sn.LanguageCode = 'es' AND sn.ItemKey = ''
        AND sn.Ordinal = 1 + (p.K * 7) % 20
    INNER JOIN ads.GeneratorVocabulary AS ni
        ON ni.VocabularyGroup = 'NICHE' AND ni.LanguageCode = 'es' AND ni.ItemKey = ''
        AND ni.Ordinal = 1 + (p.K * 5) % 12
)
MERGE INTO ads.Influencer AS target
USING influencers AS source
    ON target.Handle = source.Handle
WHEN MATCHED AND (
    target.ChannelId <> source.ChannelId
    OR target.DisplayName <> source.DisplayName COLLATE Latin1_General_100_BIN2
    OR target.Niche <> source.Niche COLLATE Latin1_General_100_BIN2
    OR target.CountryCode <> source.CountryCode
    OR target.Followers <> source.Followers
    OR target.FeePerPost <> source.FeePerPost
) THEN
    UPDATE SET
        target.ChannelId = source.ChannelId,
        target.DisplayName = source.DisplayName,
        target.Niche = source.Niche,
        target.CountryCode = source.CountryCode,
        target.Followers = source.Followers,
        target.FeePerPost = source.FeePerPost
WHEN NOT MATCHED BY TARGET THEN
    INSERT (ChannelId, Handle, DisplayName, Niche, CountryCode, Followers, FeePerPost)
    VALUES (
        source.ChannelId, source.Handle, source.DisplayName, source.Niche, source.CountryCode, source.Followers,
        source.FeePerPost
    );
GO

-- =========================================================================================== markets
WITH countries AS (
    SELECT v.CountryCode, v.CountryName, v.RegionName, v.LanguageCode
    FROM (
        VALUES
        ('CR', N'Costa Rica', N'Centroamérica', 'es'),
        ('PA', N'Panamá', N'Centroamérica', 'es'),
        ('GT', N'Guatemala', N'Centroamérica', 'es'),
        ('DO', N'República Dominicana', N'Caribe', 'es'),
        ('MX', N'México', N'Norteamérica', 'es'),
        ('US', N'Estados Unidos', N'Norteamérica', 'en'),
        ('CO', N'Colombia', N'Sudamérica', 'es'),
        ('EC', N'Ecuador', N'Sudamérica', 'es'),
        ('PE', N'Perú', N'Sudamérica', 'es'),
        ('CL', N'Chile', N'Sudamérica', 'es'),
        ('AR', N'Argentina', N'Sudamérica', 'es'),
        ('ES', N'España', N'Europa', 'es')
    ) AS v (CountryCode, CountryName, RegionName, LanguageCode)
),
segments AS (
    SELECT v.SegmentCode, v.SegmentName
    FROM (
        VALUES
        ('GENZ', N'Generación Z (18-24 años)'),
        ('MILLENNIAL', N'Millennials (25-40 años)'),
        ('FAMILY', N'Familias con hijos'),
        ('SENIOR', N'Mayores de 55 años')
    ) AS v (SegmentCode, SegmentName)
),
markets AS (
    SELECT
        CAST(CONCAT(c.CountryCode, '-', s.SegmentCode) AS varchar(20)) AS MarketCode,
        CAST(c.CountryCode AS char(2)) AS CountryCode,
        c.CountryName,
        c.RegionName,
        s.SegmentCode,
        s.SegmentName,
        CAST(c.LanguageCode AS char(2)) AS LanguageCode
    FROM countries AS c
    CROSS JOIN segments AS s
)
MERGE INTO ads.Market AS target
USING markets AS source
    ON target.MarketCode = source.MarketCode
WHEN MATCHED AND (
    target.CountryName <> source.CountryName COLLATE Latin1_General_100_BIN2
    OR target.RegionName <> source.RegionName COLLATE Latin1_General_100_BIN2
    OR target.SegmentName <> source.SegmentName COLLATE Latin1_General_100_BIN2
    OR target.LanguageCode <> source.LanguageCode
) THEN
    UPDATE SET
        target.CountryName = source.CountryName,
        target.RegionName = source.RegionName,
        target.SegmentName = source.SegmentName,
        target.LanguageCode = source.LanguageCode
WHEN NOT MATCHED BY TARGET THEN
    INSERT (MarketCode, CountryCode, CountryName, RegionName, SegmentCode, SegmentName, LanguageCode)
    VALUES (
        source.MarketCode, source.CountryCode, source.CountryName, source.RegionName, source.SegmentCode,
        source.SegmentName, source.LanguageCode
    );
GO

-- =========================================================================================== statuses
MERGE INTO ads.CampaignStatus AS target
USING (
    VALUES
    ('DRAFT', N'Borrador', 0),
    ('SCHEDULED', N'Programada', 0),
    ('ACTIVE', N'Activa', 0),
    ('PAUSED', N'Pausada', 0),
    ('FINISHED', N'Finalizada', 1),
    ('CANCELLED', N'Cancelada', 1)
) AS source (StatusCode, StatusName, IsTerminal)
    ON target.StatusCode = source.StatusCode
WHEN MATCHED AND (
    target.StatusName <> source.StatusName COLLATE Latin1_General_100_BIN2 OR target.IsTerminal <> source.IsTerminal
) THEN
    UPDATE SET target.StatusName = source.StatusName, target.IsTerminal = source.IsTerminal
WHEN NOT MATCHED BY TARGET THEN
    INSERT (StatusCode, StatusName, IsTerminal)
    VALUES (source.StatusCode, source.StatusName, source.IsTerminal);
GO

-- =========================================================================================== integrations
MERGE INTO ads.Integration AS target
USING (
    VALUES
    (
        'GOOGLE_ADS', N'Google Ads', 'https://googleads.googleapis.com/v18',
        'https://oauth2.googleapis.com/token', 'OAUTH2_AUTHORIZATION_CODE', 'https://www.googleapis.com/auth/adwords'
    ),
    (
        'META_ADS', N'Meta Ads (Marketing API)', 'https://graph.facebook.com/v21.0',
        'https://graph.facebook.com/v21.0/oauth/access_token', 'OAUTH2_AUTHORIZATION_CODE',
        'ads_read,ads_management'
    ),
    (
        'TIKTOK_BUSINESS', N'TikTok for Business', 'https://business-api.tiktok.com/open_api/v1.3',
        'https://business-api.tiktok.com/open_api/v1.3/oauth2/access_token/', 'OAUTH2_AUTHORIZATION_CODE',
        'ad.read,report.read'
    ),
    (
        'MAILCHIMP', N'Mailchimp Marketing API', 'https://us21.api.mailchimp.com/3.0',
        'https://login.mailchimp.com/oauth2/token', 'OAUTH2_AUTHORIZATION_CODE', NULL
    ),
    (
        'LINKEDIN_ADS', N'LinkedIn Marketing API', 'https://api.linkedin.com/rest',
        'https://www.linkedin.com/oauth/v2/accessToken', 'OAUTH2_AUTHORIZATION_CODE', 'r_ads,r_ads_reporting'
    )
) AS source (PlatformCode, PlatformName, ApiBaseUrl, TokenUrl, AuthMethod, Scopes)
    ON target.PlatformCode = source.PlatformCode
WHEN MATCHED AND (
    target.PlatformName <> source.PlatformName COLLATE Latin1_General_100_BIN2
    OR target.ApiBaseUrl <> source.ApiBaseUrl
    OR ISNULL(target.TokenUrl, '') <> ISNULL(source.TokenUrl, '')
    OR target.AuthMethod <> source.AuthMethod
    OR ISNULL(target.Scopes, '') <> ISNULL(source.Scopes, '')
) THEN
    UPDATE SET
        target.PlatformName = source.PlatformName,
        target.ApiBaseUrl = source.ApiBaseUrl,
        target.TokenUrl = source.TokenUrl,
        target.AuthMethod = source.AuthMethod,
        target.Scopes = source.Scopes
WHEN NOT MATCHED BY TARGET THEN
    INSERT (PlatformCode, PlatformName, ApiBaseUrl, TokenUrl, AuthMethod, Scopes)
    VALUES (
        source.PlatformCode, source.PlatformName, source.ApiBaseUrl, source.TokenUrl, source.AuthMethod,
        source.Scopes
    );
GO

-- A company uses a platform unless (CompanyId + platform ordinal) is a multiple of 3 (about two thirds).
WITH platforms AS (
    SELECT IntegrationId, PlatformCode, ROW_NUMBER() OVER (ORDER BY PlatformCode) AS PlatformOrdinal
    FROM ads.Integration
),
accounts AS (
    SELECT
        p.IntegrationId,
        co.CompanyId,
        CAST(CASE p.PlatformCode
            WHEN 'GOOGLE_ADS' THEN CONCAT('customers/', 4100000000 + co.CompanyId * 7919)
            WHEN 'META_ADS' THEN CONCAT('act_', 230000000000 + co.CompanyId * 104729)
            -- bigint before multiplying: CompanyId * 15485863 overflows int from CompanyId 139 on.
            WHEN 'TIKTOK_BUSINESS' THEN CONCAT('7', 100000000000 + CAST(co.CompanyId AS bigint) * 15485863)
            WHEN 'MAILCHIMP'
                THEN CONCAT('audience-', LOWER(CONVERT(varchar(8), CONVERT(binary(4), co.CompanyId * 2654435), 2)))
            ELSE CONCAT('urn:li:sponsoredAccount:', 500000000 + co.CompanyId * 3571)
        END AS varchar(60)) AS ExternalAccountId,
        CAST(CONCAT(
            'k8s-secret://promptads/', LOWER(REPLACE(p.PlatformCode, '_', '-')), '/', LOWER(co.CompanyCode),
            '#access_token'
        ) AS varchar(200)) AS TokenReference
    FROM ads.Company AS co
    CROSS JOIN platforms AS p
    WHERE (co.CompanyId + p.PlatformOrdinal) % 3 <> 0
)
MERGE INTO ads.IntegrationAccount AS target
USING accounts AS source
    ON target.IntegrationId = source.IntegrationId AND target.CompanyId = source.CompanyId
WHEN MATCHED AND (
    target.ExternalAccountId <> source.ExternalAccountId OR target.TokenReference <> source.TokenReference
) THEN
    UPDATE SET target.ExternalAccountId = source.ExternalAccountId, target.TokenReference = source.TokenReference
WHEN NOT MATCHED BY TARGET THEN
    INSERT (IntegrationId, CompanyId, ExternalAccountId, TokenReference)
    VALUES (source.IntegrationId, source.CompanyId, source.ExternalAccountId, source.TokenReference);
GO
