/*
Purpose:      CRM-11 en SSMS: interbloqueo en cascada de tres transacciones (T1 espera a T2, T2 a T3, T3 a
              T1) y su corrección (un único orden de bloqueo Client -> Lead -> Sale).
Target:       PromptCrm on SQL Server 2022. Four SSMS windows (three sessions + one controller).
Requires:     150_create_concurrency_procedures.sql, generated data.
Re-runnable:  yes. Run as a whole in one session it only prints the ids to use and the deadlocks already
              recorded (crm.Log and the system_health session); it changes nothing.
Leaves:       nothing (the demo procedures only increment FollowUpCount counters).
Requirements: CRM-11.

Cómo ejecutarlo (cuatro ventanas, en este orden; copie el bloque de cada ventana):

  Ventana 4 (controlador) — cierra la compuerta; las otras se detendrán justo después de su primer UPDATE:
      USE PromptCrm; EXEC crm.CRMSP_DemoGateClose @GateName = N'crm11';

  Ventana 1 (T1: Client -> Lead):
      USE PromptCrm; EXEC crm.CRMSP_TouchClientThenLead @ClientId = <ClientId>, @LeadId = <LeadId>, @GateName = N'crm11';
  Ventana 2 (T2: Lead -> Sale):
      USE PromptCrm; EXEC crm.CRMSP_TouchLeadThenSale @LeadId = <LeadId>, @SaleId = <SaleId>, @GateName = N'crm11';
  Ventana 3 (T3: Sale -> Client, el orden equivocado):
      USE PromptCrm; EXEC crm.CRMSP_TouchSaleThenClient @SaleId = <SaleId>, @ClientId = <ClientId>, @GateName = N'crm11';

  Las tres quedan "Executing": cada una tiene su primera fila bloqueada (X) y espera la compuerta
  (wait_type LCK_M_S sobre un recurso APPLICATION). Compruébelo en la ventana 4:
      SELECT session_id, wait_type, wait_resource, blocking_session_id
      FROM sys.dm_exec_requests WHERE wait_type LIKE N'LCK_M_%';

  Ventana 4 — abre la compuerta:
      EXEC crm.CRMSP_DemoGateOpen @GateName = N'crm11';

  Cada sesión pide ahora la fila que tiene la siguiente: T1 -> Lead (de T2), T2 -> Sale (de T3),
  T3 -> Client (de T1). El monitor de interbloqueos (cada ~5 s) elige una víctima: esa ventana recibe el
  error 1205 (el procedimiento lo registra en crm.Log y lo relanza como 1205 para que el cliente reintente);
  las otras dos terminan bien.

  Corrección: repita con la ventana 3 ejecutando crm.CRMSP_TouchSaleThenClientOrdered (mismos parámetros).
  T3 pide primero Client, como T1, así que espera a T1 antes de tomar nada: hay esperas, no hay ciclo, y las
  tres terminan sin 1205.
*/
USE PromptCrm;
GO

-- Ids coherentes para la demostración: una venta, su prospecto y su cliente.
SELECT TOP (1)
    s.ClientId,
    s.LeadId,
    s.SaleId
FROM crm.Sale AS s
ORDER BY s.SaleId;

-- Interbloqueos que ya registraron los procedimientos (víctimas 1205).
SELECT TOP (10) l.LoggedAt, l.Source, l.ErrorNumber, l.Message, l.Context
FROM crm.Log AS l
WHERE l.ErrorNumber = 1205
ORDER BY l.LogId DESC;

-- El grafo del interbloqueo (xml_deadlock_report) que guarda la sesión system_health.
SELECT TOP (5)
    x.event_xml.value('(event/@timestamp)[1]', 'datetime2') AS DeadlockAt,
    x.event_xml.query('(event/data/value/deadlock)[1]') AS DeadlockGraph
FROM (
    SELECT CAST(t.event_data AS xml) AS event_xml
    FROM sys.fn_xe_file_target_read_file(N'system_health*.xel', NULL, NULL, NULL) AS t
    WHERE t.object_name = N'xml_deadlock_report'
) AS x
ORDER BY DeadlockAt DESC;
GO
