/*
Purpose:      CRM-12 en SSMS: resumen incorrecto, lectura sucia y actualización perdida, cada uno con su
              versión corregida. Dos ventanas de sesión + la compuerta (crm.CRMSP_DemoGate*) para fijar el
              orden de los pasos sin WAITFOR.
Target:       PromptCrm on SQL Server 2022 (ALLOW_SNAPSHOT_ISOLATION ON, READ_COMMITTED_SNAPSHOT OFF).
Requires:     150_create_concurrency_procedures.sql, generated data.
Re-runnable:  yes. Run as a whole in one session it only shows the ids and settings; it changes nothing.
Leaves:       nothing (each walkthrough below restores the values it changes).
Requirements: CRM-12.

A) Lectura sucia (dirty read)
   Ventana A:  BEGIN TRANSACTION; EXEC crm.CRMSP_AdjustSaleAmount @SaleId = <SaleId>, @NewAmount = 999999.99;
   Ventana B:  EXEC crm.CRMSP_GetCampaignSalesTotalDirty @CampaignId = <CampaignId>;  -- ve el 999999.99
               EXEC crm.CRMSP_GetCampaignSalesTotal @CampaignId = <CampaignId>;       -- SNAPSHOT: total confirmado
   Ventana A:  ROLLBACK;   -- el valor que B leyó con READ UNCOMMITTED nunca existió.
   Corrección: SNAPSHOT lee la última versión confirmada sin esperar (READ COMMITTED también evita la lectura
   sucia, pero bloquea a B hasta que A termine).

B) Resumen incorrecto (incorrect summary)
   Ventana C (control): EXEC crm.CRMSP_DemoGateClose @GateName = N'crm12';
   Ventana B: EXEC crm.CRMSP_GetCampaignSalesSummaryUnsafe @CampaignId = <CampaignId>, @GateName = N'crm12';
              (suma la primera mitad de las ventas y espera en la compuerta)
   Ventana A: EXEC crm.CRMSP_MoveSaleAmount @FromSaleId = <SaleId de la 2.a mitad>,
                  @ToSaleId = <SaleId de la 1.a mitad>, @Amount = 1.00;   -- confirma de inmediato
   Ventana C: EXEC crm.CRMSP_DemoGateOpen @GateName = N'crm12';
   B devuelve un total 1.00 menor que el real: el monto movido no está en ninguna de las dos mitades.
   Corrección: repetir con crm.CRMSP_GetCampaignSalesSummary (una transacción SNAPSHOT: las dos lecturas
   ven la misma versión). Deshacer: mover 1.00 de vuelta.

C) Actualización perdida (lost update)
   Ventana C: EXEC crm.CRMSP_DemoGateClose @GateName = N'crm12';
   Ventana A: EXEC crm.CRMSP_AddLoyaltyPointsUnsafe @ClientId = <ClientId>, @Points = 10, @GateName = N'crm12';
   Ventana B: EXEC crm.CRMSP_AddLoyaltyPointsUnsafe @ClientId = <ClientId>, @Points = 10, @GateName = N'crm12';
   Ventana C: EXEC crm.CRMSP_DemoGateOpen @GateName = N'crm12';
   Ambas leyeron el mismo saldo: el saldo final sube 10, no 20.
   Corrección: crm.CRMSP_AddLoyaltyPoints (verificación optimista con rowversion): la segunda escritura
   encuentra otra versión de la fila y recibe el error 60002; al reintentar, suma sobre el saldo nuevo.
*/
USE PromptCrm;
GO

SELECT
    name,
    snapshot_isolation_state_desc,
    is_read_committed_snapshot_on
FROM sys.databases
WHERE name = N'PromptCrm';

-- A campaign with its first sale (first half) and its last sale (second half), and a client.
SELECT TOP (1)
    s.CampaignId,
    MIN(s.SaleId) AS SaleIdFirstHalf,
    MAX(s.SaleId) AS SaleIdSecondHalf,
    MIN(s.ClientId) AS ClientId
FROM crm.Sale AS s
GROUP BY s.CampaignId
HAVING COUNT(*) >= 2
ORDER BY s.CampaignId;
GO
