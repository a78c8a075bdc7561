/*
Purpose:      Transactional procedures for the concurrency demonstrations, written with the course template:
                gate     crm.CRMSP_DemoGateClose / crm.CRMSP_DemoGateOpen / crm.CRMSP_DemoGatePass: an
                         application lock a controller (a 4th SSMS window or the test) holds exclusively so
                         the demo sessions stop at a chosen point; makes interleavings deterministic without
                         WAITFOR.
                CRM-11   cascade deadlock T1 -> T2 -> T3 -> T1 over one client, one lead and one sale:
                         crm.CRMSP_TouchClientThenLead (T1), crm.CRMSP_TouchLeadThenSale (T2),
                         crm.CRMSP_TouchSaleThenClient (T3, the one that breaks the order) and the fix
                         crm.CRMSP_TouchSaleThenClientOrdered (takes Client before Sale like everybody else).
                CRM-12   lost update:      crm.CRMSP_AddLoyaltyPointsUnsafe (read, pause, write back) and
                                           crm.CRMSP_AddLoyaltyPoints (optimistic rowversion check, error 60002)
                         dirty read:       crm.CRMSP_GetCampaignSalesTotalDirty (READ UNCOMMITTED) and
                                           crm.CRMSP_GetCampaignSalesTotal (SNAPSHOT: last committed, no wait)
                         incorrect summary: crm.CRMSP_GetCampaignSalesSummaryUnsafe (two READ COMMITTED reads)
                                           and crm.CRMSP_GetCampaignSalesSummary (one SNAPSHOT transaction)
                         writers:          crm.CRMSP_MoveSaleAmount, crm.CRMSP_AdjustSaleAmount
                CRM-13   crm.CRMSP_TouchClient: one step of the two-host deadlock client (see
                         sqlserver_crm/clients/deadlock_client.py).
Target:       PromptCrm on SQL Server 2022 (ALLOW_SNAPSHOT_ISOLATION ON, READ_COMMITTED_SNAPSHOT OFF: 010).
Requires:     030 (log procedures, messages), 020 tables.
Re-runnable:  yes (CREATE OR ALTER).
Leaves:       the procedures listed above.
Requirements: CRM-11, CRM-12, CRM-13, CRM-10 (errors are logged).
Verify:       see 950_demo_deadlock_cascade.sql and 960_demo_isolation_anomalies.sql.
Template:     data-changing procedures follow the course template: header, SET NOCOUNT ON, error variables,
              @OpenedTransaction flag, READ COMMITTED transaction opened only when @@TRANCOUNT = 0, TRY/CATCH,
              ROLLBACK only if opened, real error logged after the rollback, friendly error from sys.messages.
              Two deliberate refinements: (1) when the caller owns the transaction the original error is
              re-thrown unlogged, because a log row written inside the caller's transaction would vanish with
              its rollback; the owner logs it (CRM-10). (2) a deadlock victim (1205) is re-thrown as 1205 after
              logging, so that clients keep their standard retry logic for a retryable error.
*/
USE PromptCrm;
GO

-- ------------------------------------------------------------------ gate (controller side and demo side)
CREATE OR ALTER PROCEDURE crm.CRMSP_DemoGateClose
    @GateName nvarchar(255)
AS
BEGIN
    SET NOCOUNT ON;
    DECLARE @Result int;
    EXEC @Result = sys.sp_getapplock
        @Resource = @GateName, @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = 0;
    IF @Result < 0
        THROW 60005, N'The demo gate is already closed by another session.', 1;
    RETURN 0;
END;
GO

CREATE OR ALTER PROCEDURE crm.CRMSP_DemoGateOpen
    @GateName nvarchar(255)
AS
BEGIN
    SET NOCOUNT ON;
    IF APPLOCK_MODE('public', @GateName, 'Session') = 'Exclusive'
        EXEC sys.sp_releaseapplock @Resource = @GateName, @LockOwner = 'Session';
    RETURN 0;
END;
GO

-- Waits (as LCK_M_S on an APPLICATION resource) while the gate is closed; no-op when @GateName is NULL.
CREATE OR ALTER PROCEDURE crm.CRMSP_DemoGatePass
    @GateName nvarchar(255) = NULL
AS
BEGIN
    SET NOCOUNT ON;
    IF @GateName IS NULL
        RETURN 0;
    EXEC sys.sp_getapplock @Resource = @GateName, @LockMode = 'Shared', @LockOwner = 'Session', @LockTimeout = -1;
    EXEC sys.sp_releaseapplock @Resource = @GateName, @LockOwner = 'Session';
    RETURN 0;
END;
GO

-- ------------------------------------------------------------------ CRM-11: cascade deadlock
/*
Author:       PromptSales CRM team
Description:  T1 of the cascade: a follow-up on a client that also touches one of its leads. Locks the
              client row, passes the gate, then the lead row.
Parameters:   @ClientId, @LeadId rows to touch; @GateName optional demo gate between the two updates.
*/
CREATE OR ALTER PROCEDURE crm.CRMSP_TouchClientThenLead
    @ClientId int,
    @LeadId int,
    @GateName nvarchar(255) = NULL
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @ErrorNumber int, @ErrorSeverity int, @ErrorState int, @ErrorMessage nvarchar(4000);
    DECLARE @OpenedTransaction bit = 0;
    DECLARE @CorrelationId uniqueidentifier = NEWID();  -- identifies the log rows, not generated data
    DECLARE @Friendly nvarchar(2048), @Context nvarchar(max);

    BEGIN TRY
        IF @@TRANCOUNT = 0
        BEGIN
            SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
            BEGIN TRANSACTION;
            SET @OpenedTransaction = 1;
        END;

        UPDATE crm.Client SET FollowUpCount = FollowUpCount + 1 WHERE ClientId = @ClientId;
        EXEC crm.CRMSP_DemoGatePass @GateName = @GateName;
        UPDATE crm.Lead SET FollowUpCount = FollowUpCount + 1 WHERE LeadId = @LeadId;

        IF @OpenedTransaction = 1
            COMMIT TRANSACTION;
    END TRY
    BEGIN CATCH
        SELECT
            @ErrorNumber = ERROR_NUMBER(), @ErrorSeverity = ERROR_SEVERITY(), @ErrorState = ERROR_STATE(),
            @ErrorMessage = ERROR_MESSAGE();
        IF @OpenedTransaction = 1 AND XACT_STATE() <> 0
            ROLLBACK TRANSACTION;
        IF @OpenedTransaction = 0
            THROW;
        SET @Context = (
            SELECT @ClientId AS clientId, @LeadId AS leadId, @ErrorSeverity AS severity, @ErrorState AS state
            FOR JSON PATH, WITHOUT_ARRAY_WRAPPER
        );
        EXEC crm.CRMSP_WriteLog
            @Severity = 'ERROR', @Source = N'crm.CRMSP_TouchClientThenLead', @Message = @ErrorMessage,
            @Context = @Context, @CorrelationId = @CorrelationId, @ErrorNumber = @ErrorNumber;
        IF @ErrorNumber = 1205
            THROW;
        SET @Friendly = FORMATMESSAGE(60001, N'crm.CRMSP_TouchClientThenLead', CONVERT(nvarchar(36), @CorrelationId));
        THROW 60001, @Friendly, 1;
    END CATCH;
    RETURN 0;
END;
GO

/*
Author:       PromptSales CRM team
Description:  T2 of the cascade: advances a lead and marks the follow-up of its sale. Locks the lead row,
              passes the gate, then the sale row.
*/
CREATE OR ALTER PROCEDURE crm.CRMSP_TouchLeadThenSale
    @LeadId int,
    @SaleId int,
    @GateName nvarchar(255) = NULL
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @ErrorNumber int, @ErrorSeverity int, @ErrorState int, @ErrorMessage nvarchar(4000);
    DECLARE @OpenedTransaction bit = 0;
    DECLARE @CorrelationId uniqueidentifier = NEWID();
    DECLARE @Friendly nvarchar(2048), @Context nvarchar(max);

    BEGIN TRY
        IF @@TRANCOUNT = 0
        BEGIN
            SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
            BEGIN TRANSACTION;
            SET @OpenedTransaction = 1;
        END;

        UPDATE crm.Lead SET FollowUpCount = FollowUpCount + 1 WHERE LeadId = @LeadId;
        EXEC crm.CRMSP_DemoGatePass @GateName = @GateName;
        UPDATE crm.Sale SET FollowUpCount = FollowUpCount + 1 WHERE SaleId = @SaleId;

        IF @OpenedTransaction = 1
            COMMIT TRANSACTION;
    END TRY
    BEGIN CATCH
        SELECT
            @ErrorNumber = ERROR_NUMBER(), @ErrorSeverity = ERROR_SEVERITY(), @ErrorState = ERROR_STATE(),
            @ErrorMessage = ERROR_MESSAGE();
        IF @OpenedTransaction = 1 AND XACT_STATE() <> 0
            ROLLBACK TRANSACTION;
        IF @OpenedTransaction = 0
            THROW;
        SET @Context = (
            SELECT @LeadId AS leadId, @SaleId AS saleId, @ErrorSeverity AS severity, @ErrorState AS state
            FOR JSON PATH, WITHOUT_ARRAY_WRAPPER
        );
        EXEC crm.CRMSP_WriteLog
            @Severity = 'ERROR', @Source = N'crm.CRMSP_TouchLeadThenSale', @Message = @ErrorMessage,
            @Context = @Context, @CorrelationId = @CorrelationId, @ErrorNumber = @ErrorNumber;
        IF @ErrorNumber = 1205
            THROW;
        SET @Friendly = FORMATMESSAGE(60001, N'crm.CRMSP_TouchLeadThenSale', CONVERT(nvarchar(36), @CorrelationId));
        THROW 60001, @Friendly, 1;
    END CATCH;
    RETURN 0;
END;
GO

/*
Author:       PromptSales CRM team
Description:  T3 of the cascade (the faulty one): reviews a sale and then its client. Locking Sale before
              Client closes the cycle T1 (Client -> Lead), T2 (Lead -> Sale), T3 (Sale -> Client).
*/
CREATE OR ALTER PROCEDURE crm.CRMSP_TouchSaleThenClient
    @SaleId int,
    @ClientId int,
    @GateName nvarchar(255) = NULL
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @ErrorNumber int, @ErrorSeverity int, @ErrorState int, @ErrorMessage nvarchar(4000);
    DECLARE @OpenedTransaction bit = 0;
    DECLARE @CorrelationId uniqueidentifier = NEWID();
    DECLARE @Friendly nvarchar(2048), @Context nvarchar(max);

    BEGIN TRY
        IF @@TRANCOUNT = 0
        BEGIN
            SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
            BEGIN TRANSACTION;
            SET @OpenedTransaction = 1;
        END;

        UPDATE crm.Sale SET FollowUpCount = FollowUpCount + 1 WHERE SaleId = @SaleId;
        EXEC crm.CRMSP_DemoGatePass @GateName = @GateName;
        UPDATE crm.Client SET FollowUpCount = FollowUpCount + 1 WHERE ClientId = @ClientId;

        IF @OpenedTransaction = 1
            COMMIT TRANSACTION;
    END TRY
    BEGIN CATCH
        SELECT
            @ErrorNumber = ERROR_NUMBER(), @ErrorSeverity = ERROR_SEVERITY(), @ErrorState = ERROR_STATE(),
            @ErrorMessage = ERROR_MESSAGE();
        IF @OpenedTransaction = 1 AND XACT_STATE() <> 0
            ROLLBACK TRANSACTION;
        IF @OpenedTransaction = 0
            THROW;
        SET @Context = (
            SELECT @SaleId AS saleId, @ClientId AS clientId, @ErrorSeverity AS severity, @ErrorState AS state
            FOR JSON PATH, WITHOUT_ARRAY_WRAPPER
        );
        EXEC crm.CRMSP_WriteLog
            @Severity = 'ERROR', @Source = N'crm.CRMSP_TouchSaleThenClient', @Message = @ErrorMessage,
            @Context = @Context, @CorrelationId = @CorrelationId, @ErrorNumber = @ErrorNumber;
        IF @ErrorNumber = 1205
            THROW;
        SET @Friendly = FORMATMESSAGE(60001, N'crm.CRMSP_TouchSaleThenClient', CONVERT(nvarchar(36), @CorrelationId));
        THROW 60001, @Friendly, 1;
    END CATCH;
    RETURN 0;
END;
GO

/*
Author:       PromptSales CRM team
Description:  The fix of T3: same work, but rows are locked in the global order Client -> Lead -> Sale that
              T1 and T2 already follow. With one order there can be waits, never a cycle.
*/
CREATE OR ALTER PROCEDURE crm.CRMSP_TouchSaleThenClientOrdered
    @SaleId int,
    @ClientId int,
    @GateName nvarchar(255) = NULL
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @ErrorNumber int, @ErrorSeverity int, @ErrorState int, @ErrorMessage nvarchar(4000);
    DECLARE @OpenedTransaction bit = 0;
    DECLARE @CorrelationId uniqueidentifier = NEWID();
    DECLARE @Friendly nvarchar(2048), @Context nvarchar(max);

    BEGIN TRY
        IF @@TRANCOUNT = 0
        BEGIN
            SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
            BEGIN TRANSACTION;
            SET @OpenedTransaction = 1;
        END;

        UPDATE crm.Client SET FollowUpCount = FollowUpCount + 1 WHERE ClientId = @ClientId;
        EXEC crm.CRMSP_DemoGatePass @GateName = @GateName;
        UPDATE crm.Sale SET FollowUpCount = FollowUpCount + 1 WHERE SaleId = @SaleId;

        IF @OpenedTransaction = 1
            COMMIT TRANSACTION;
    END TRY
    BEGIN CATCH
        SELECT
            @ErrorNumber = ERROR_NUMBER(), @ErrorSeverity = ERROR_SEVERITY(), @ErrorState = ERROR_STATE(),
            @ErrorMessage = ERROR_MESSAGE();
        IF @OpenedTransaction = 1 AND XACT_STATE() <> 0
            ROLLBACK TRANSACTION;
        IF @OpenedTransaction = 0
            THROW;
        SET @Context = (
            SELECT @SaleId AS saleId, @ClientId AS clientId, @ErrorSeverity AS severity, @ErrorState AS state
            FOR JSON PATH, WITHOUT_ARRAY_WRAPPER
        );
        EXEC crm.CRMSP_WriteLog
            @Severity = 'ERROR', @Source = N'crm.CRMSP_TouchSaleThenClientOrdered', @Message = @ErrorMessage,
            @Context = @Context, @CorrelationId = @CorrelationId, @ErrorNumber = @ErrorNumber;
        IF @ErrorNumber = 1205
            THROW;
        SET @Friendly = FORMATMESSAGE(
            60001, N'crm.CRMSP_TouchSaleThenClientOrdered', CONVERT(nvarchar(36), @CorrelationId)
        );
        THROW 60001, @Friendly, 1;
    END CATCH;
    RETURN 0;
END;
GO

/*
Author:       PromptSales CRM team
Description:  One step of the two-host deadlock (CRM-13): touches one client inside the caller's transaction
              (the Python client opens it, so this procedure does not). Also usable on its own.
*/
CREATE OR ALTER PROCEDURE crm.CRMSP_TouchClient
    @ClientId int
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @ErrorNumber int, @ErrorSeverity int, @ErrorState int, @ErrorMessage nvarchar(4000);
    DECLARE @OpenedTransaction bit = 0;
    DECLARE @CorrelationId uniqueidentifier = NEWID();
    DECLARE @Friendly nvarchar(2048), @Context nvarchar(max);

    BEGIN TRY
        IF @@TRANCOUNT = 0
        BEGIN
            SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
            BEGIN TRANSACTION;
            SET @OpenedTransaction = 1;
        END;

        UPDATE crm.Client SET FollowUpCount = FollowUpCount + 1 WHERE ClientId = @ClientId;

        IF @OpenedTransaction = 1
            COMMIT TRANSACTION;
    END TRY
    BEGIN CATCH
        SELECT
            @ErrorNumber = ERROR_NUMBER(), @ErrorSeverity = ERROR_SEVERITY(), @ErrorState = ERROR_STATE(),
            @ErrorMessage = ERROR_MESSAGE();
        IF @OpenedTransaction = 1 AND XACT_STATE() <> 0
            ROLLBACK TRANSACTION;
        IF @OpenedTransaction = 0
            THROW;
        SET @Context = (SELECT @ClientId AS clientId FOR JSON PATH, WITHOUT_ARRAY_WRAPPER);
        EXEC crm.CRMSP_WriteLog
            @Severity = 'ERROR', @Source = N'crm.CRMSP_TouchClient', @Message = @ErrorMessage,
            @Context = @Context, @CorrelationId = @CorrelationId, @ErrorNumber = @ErrorNumber;
        IF @ErrorNumber = 1205
            THROW;
        SET @Friendly = FORMATMESSAGE(60001, N'crm.CRMSP_TouchClient', CONVERT(nvarchar(36), @CorrelationId));
        THROW 60001, @Friendly, 1;
    END CATCH;
    RETURN 0;
END;
GO

-- ------------------------------------------------------------------ CRM-12: lost update
/*
Author:       PromptSales CRM team
Description:  ANOMALY. Adds loyalty points the naive way: read the balance, (pause at the gate, like a user
              thinking in a form), write back balance + points. Two sessions that both read before either
              writes lose one of the two additions.
*/
CREATE OR ALTER PROCEDURE crm.CRMSP_AddLoyaltyPointsUnsafe
    @ClientId int,
    @Points int,
    @GateName nvarchar(255) = NULL
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @ErrorNumber int, @ErrorSeverity int, @ErrorState int, @ErrorMessage nvarchar(4000);
    DECLARE @OpenedTransaction bit = 0;
    DECLARE @CorrelationId uniqueidentifier = NEWID();
    DECLARE @Friendly nvarchar(2048), @Context nvarchar(max);
    DECLARE @Balance int;

    -- The read happens before the transaction, as the template recommends; that is exactly the flaw here.
    SELECT @Balance = c.LoyaltyPoints FROM crm.Client AS c WHERE c.ClientId = @ClientId;
    EXEC crm.CRMSP_DemoGatePass @GateName = @GateName;

    BEGIN TRY
        IF @@TRANCOUNT = 0
        BEGIN
            SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
            BEGIN TRANSACTION;
            SET @OpenedTransaction = 1;
        END;

        UPDATE crm.Client SET LoyaltyPoints = @Balance + @Points WHERE ClientId = @ClientId;

        IF @OpenedTransaction = 1
            COMMIT TRANSACTION;
    END TRY
    BEGIN CATCH
        SELECT
            @ErrorNumber = ERROR_NUMBER(), @ErrorSeverity = ERROR_SEVERITY(), @ErrorState = ERROR_STATE(),
            @ErrorMessage = ERROR_MESSAGE();
        IF @OpenedTransaction = 1 AND XACT_STATE() <> 0
            ROLLBACK TRANSACTION;
        IF @OpenedTransaction = 0
            THROW;
        SET @Context = (SELECT @ClientId AS clientId, @Points AS points FOR JSON PATH, WITHOUT_ARRAY_WRAPPER);
        EXEC crm.CRMSP_WriteLog
            @Severity = 'ERROR', @Source = N'crm.CRMSP_AddLoyaltyPointsUnsafe', @Message = @ErrorMessage,
            @Context = @Context, @CorrelationId = @CorrelationId, @ErrorNumber = @ErrorNumber;
        IF @ErrorNumber = 1205
            THROW;
        SET @Friendly = FORMATMESSAGE(60001, N'crm.CRMSP_AddLoyaltyPointsUnsafe', CONVERT(nvarchar(36), @CorrelationId));
        THROW 60001, @Friendly, 1;
    END CATCH;
    RETURN 0;
END;
GO

/*
Author:       PromptSales CRM team
Description:  FIX (optimistic concurrency). Reads balance and rowversion, pauses, then writes only if the
              rowversion is unchanged; otherwise raises 60002 and the caller re-reads and retries. Chosen over
              UPDLOCK/REPEATABLE READ because no lock is held while a person edits the form; chosen over a
              blind "SET LoyaltyPoints = LoyaltyPoints + @Points" because the demo's read-modify-write is the
              general case (the new value may depend on business rules applied to what was read).
*/
CREATE OR ALTER PROCEDURE crm.CRMSP_AddLoyaltyPoints
    @ClientId int,
    @Points int,
    @GateName nvarchar(255) = NULL
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @ErrorNumber int, @ErrorSeverity int, @ErrorState int, @ErrorMessage nvarchar(4000);
    DECLARE @OpenedTransaction bit = 0;
    DECLARE @CorrelationId uniqueidentifier = NEWID();
    DECLARE @Friendly nvarchar(2048), @Context nvarchar(max);
    DECLARE @Balance int, @ReadVersion binary(8);
    DECLARE @LogSeverity varchar(10);

    SELECT @Balance = c.LoyaltyPoints, @ReadVersion = c.RowVer FROM crm.Client AS c WHERE c.ClientId = @ClientId;
    EXEC crm.CRMSP_DemoGatePass @GateName = @GateName;

    BEGIN TRY
        IF @@TRANCOUNT = 0
        BEGIN
            SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
            BEGIN TRANSACTION;
            SET @OpenedTransaction = 1;
        END;

        UPDATE crm.Client
        SET LoyaltyPoints = @Balance + @Points
        WHERE ClientId = @ClientId AND RowVer = @ReadVersion;

        IF @@ROWCOUNT = 0
        BEGIN
            SET @Friendly = FORMATMESSAGE(60002, N'crm.Client ' + CAST(@ClientId AS nvarchar(12)));
            THROW 60002, @Friendly, 1;
        END;

        IF @OpenedTransaction = 1
            COMMIT TRANSACTION;
    END TRY
    BEGIN CATCH
        SELECT
            @ErrorNumber = ERROR_NUMBER(), @ErrorSeverity = ERROR_SEVERITY(), @ErrorState = ERROR_STATE(),
            @ErrorMessage = ERROR_MESSAGE();
        IF @OpenedTransaction = 1 AND XACT_STATE() <> 0
            ROLLBACK TRANSACTION;
        IF @OpenedTransaction = 0
            THROW;
        SET @Context = (SELECT @ClientId AS clientId, @Points AS points FOR JSON PATH, WITHOUT_ARRAY_WRAPPER);
        -- EXEC takes constants or variables only, never an expression: the severity is computed first.
        SET @LogSeverity = CASE WHEN @ErrorNumber = 60002 THEN 'WARNING' ELSE 'ERROR' END;
        EXEC crm.CRMSP_WriteLog
            @Severity = @LogSeverity,
            @Source = N'crm.CRMSP_AddLoyaltyPoints', @Message = @ErrorMessage,
            @Context = @Context, @CorrelationId = @CorrelationId, @ErrorNumber = @ErrorNumber;
        -- Already friendly (60002) or retryable (1205): keep the number the caller reacts to.
        IF @ErrorNumber = 1205 OR @ErrorNumber BETWEEN 60000 AND 60099
            THROW;
        SET @Friendly = FORMATMESSAGE(60001, N'crm.CRMSP_AddLoyaltyPoints', CONVERT(nvarchar(36), @CorrelationId));
        THROW 60001, @Friendly, 1;
    END CATCH;
    RETURN 0;
END;
GO

-- ------------------------------------------------------------------ CRM-12: writers of sale amounts
/*
Author:       PromptSales CRM team
Description:  Moves part of one sale's amount to another sale of the same campaign (a correction). The
              campaign total does not change, which is what makes the incorrect summary visible.
Parameters:   @FromSaleId, @ToSaleId same campaign; @Amount > 0 and not larger than the source amount.
*/
CREATE OR ALTER PROCEDURE crm.CRMSP_MoveSaleAmount
    @FromSaleId int,
    @ToSaleId int,
    @Amount decimal(19, 2)
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @ErrorNumber int, @ErrorSeverity int, @ErrorState int, @ErrorMessage nvarchar(4000);
    DECLARE @OpenedTransaction bit = 0;
    DECLARE @CorrelationId uniqueidentifier = NEWID();
    DECLARE @Friendly nvarchar(2048), @Context nvarchar(max);

    BEGIN TRY
        -- Validation reads need no locks and happen before the transaction.
        IF @Amount IS NULL OR @Amount <= 0
            OR NOT EXISTS (
                SELECT 1 FROM crm.Sale AS a INNER JOIN crm.Sale AS b ON a.CampaignId = b.CampaignId
                WHERE a.SaleId = @FromSaleId AND b.SaleId = @ToSaleId AND a.SaleId <> b.SaleId
            )
        BEGIN
            SET @Friendly = FORMATMESSAGE(
                60005, CONCAT(N'sales ', @FromSaleId, N' -> ', @ToSaleId, N', amount ', @Amount)
            );
            THROW 60005, @Friendly, 1;
        END;

        IF @@TRANCOUNT = 0
        BEGIN
            SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
            BEGIN TRANSACTION;
            SET @OpenedTransaction = 1;
        END;

        -- The CHECK constraint CK_Crm_Sale_Amount rejects a source that would go negative.
        UPDATE crm.Sale SET Amount = Amount - @Amount WHERE SaleId = @FromSaleId;
        UPDATE crm.Sale SET Amount = Amount + @Amount WHERE SaleId = @ToSaleId;

        IF @OpenedTransaction = 1
            COMMIT TRANSACTION;
    END TRY
    BEGIN CATCH
        SELECT
            @ErrorNumber = ERROR_NUMBER(), @ErrorSeverity = ERROR_SEVERITY(), @ErrorState = ERROR_STATE(),
            @ErrorMessage = ERROR_MESSAGE();
        IF @OpenedTransaction = 1 AND XACT_STATE() <> 0
            ROLLBACK TRANSACTION;
        IF @OpenedTransaction = 0 AND @@TRANCOUNT > 0
            THROW;
        SET @Context = (
            SELECT @FromSaleId AS fromSaleId, @ToSaleId AS toSaleId, @Amount AS amount
            FOR JSON PATH, WITHOUT_ARRAY_WRAPPER
        );
        EXEC crm.CRMSP_WriteLog
            @Severity = 'ERROR', @Source = N'crm.CRMSP_MoveSaleAmount', @Message = @ErrorMessage,
            @Context = @Context, @CorrelationId = @CorrelationId, @ErrorNumber = @ErrorNumber;
        IF @ErrorNumber = 1205 OR @ErrorNumber BETWEEN 60000 AND 60099
            THROW;
        SET @Friendly = FORMATMESSAGE(60001, N'crm.CRMSP_MoveSaleAmount', CONVERT(nvarchar(36), @CorrelationId));
        THROW 60001, @Friendly, 1;
    END CATCH;
    RETURN 0;
END;
GO

/*
Author:       PromptSales CRM team
Description:  Sets the amount of one sale (a correction). Used by the dirty-read demonstration inside a
              transaction that is rolled back, and by the CRM-3 test to create a deliberate mismatch.
*/
CREATE OR ALTER PROCEDURE crm.CRMSP_AdjustSaleAmount
    @SaleId int,
    @NewAmount decimal(19, 2)
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;
    DECLARE @ErrorNumber int, @ErrorSeverity int, @ErrorState int, @ErrorMessage nvarchar(4000);
    DECLARE @OpenedTransaction bit = 0;
    DECLARE @CorrelationId uniqueidentifier = NEWID();
    DECLARE @Friendly nvarchar(2048), @Context nvarchar(max);

    BEGIN TRY
        IF NOT EXISTS (SELECT 1 FROM crm.Sale WHERE SaleId = @SaleId)
        BEGIN
            SET @Friendly = FORMATMESSAGE(60006, CAST(@SaleId AS nvarchar(12)));
            THROW 60006, @Friendly, 1;
        END;

        IF @@TRANCOUNT = 0
        BEGIN
            SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
            BEGIN TRANSACTION;
            SET @OpenedTransaction = 1;
        END;

        UPDATE crm.Sale SET Amount = @NewAmount WHERE SaleId = @SaleId;

        IF @OpenedTransaction = 1
            COMMIT TRANSACTION;
    END TRY
    BEGIN CATCH
        SELECT
            @ErrorNumber = ERROR_NUMBER(), @ErrorSeverity = ERROR_SEVERITY(), @ErrorState = ERROR_STATE(),
            @ErrorMessage = ERROR_MESSAGE();
        IF @OpenedTransaction = 1 AND XACT_STATE() <> 0
            ROLLBACK TRANSACTION;
        IF @OpenedTransaction = 0 AND @@TRANCOUNT > 0
            THROW;
        SET @Context = (SELECT @SaleId AS saleId, @NewAmount AS newAmount FOR JSON PATH, WITHOUT_ARRAY_WRAPPER);
        EXEC crm.CRMSP_WriteLog
            @Severity = 'ERROR', @Source = N'crm.CRMSP_AdjustSaleAmount', @Message = @ErrorMessage,
            @Context = @Context, @CorrelationId = @CorrelationId, @ErrorNumber = @ErrorNumber;
        IF @ErrorNumber = 1205 OR @ErrorNumber BETWEEN 60000 AND 60099
            THROW;
        SET @Friendly = FORMATMESSAGE(60001, N'crm.CRMSP_AdjustSaleAmount', CONVERT(nvarchar(36), @CorrelationId));
        THROW 60001, @Friendly, 1;
    END CATCH;
    RETURN 0;
END;
GO

-- ------------------------------------------------------------------ CRM-12: dirty read
-- ANOMALY: READ UNCOMMITTED sees another session's uncommitted (and maybe rolled back) amounts.
CREATE OR ALTER PROCEDURE crm.CRMSP_GetCampaignSalesTotalDirty
    @CampaignId int
AS
BEGIN
    SET NOCOUNT ON;
    SET TRANSACTION ISOLATION LEVEL READ UNCOMMITTED;
    SELECT @CampaignId AS CampaignId, COALESCE(SUM(s.Amount), 0) AS SalesAmount
    FROM crm.Sale AS s
    WHERE s.CampaignId = @CampaignId;
    RETURN 0;
END;
GO

/*
FIX: SNAPSHOT returns the last committed amounts without waiting for the writer (row versions). Plain
READ COMMITTED would also avoid the dirty read, but by blocking until the writer ends; SNAPSHOT gives the
correct answer immediately, which matters for a dashboard read.
*/
CREATE OR ALTER PROCEDURE crm.CRMSP_GetCampaignSalesTotal
    @CampaignId int
AS
BEGIN
    SET NOCOUNT ON;
    SET TRANSACTION ISOLATION LEVEL SNAPSHOT;
    SELECT @CampaignId AS CampaignId, COALESCE(SUM(s.Amount), 0) AS SalesAmount
    FROM crm.Sale AS s
    WHERE s.CampaignId = @CampaignId;
    RETURN 0;
END;
GO

-- ------------------------------------------------------------------ CRM-12: incorrect summary
/*
ANOMALY: a report that reads a campaign's sales in two passes (first half of the sale ids, then the second
half, as a paged report does). Under READ COMMITTED nothing stays locked between the passes, so a committed
move of amount from the second half to the first, in between, is counted in neither half: the total is wrong
even though the real campaign total never changed.
*/
CREATE OR ALTER PROCEDURE crm.CRMSP_GetCampaignSalesSummaryUnsafe
    @CampaignId int,
    @GateName nvarchar(255) = NULL
AS
BEGIN
    SET NOCOUNT ON;
    SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
    DECLARE @SplitSaleId int, @FirstPart decimal(19, 2), @SecondPart decimal(19, 2);

    SELECT @SplitSaleId = MIN(s.SaleId) + (MAX(s.SaleId) - MIN(s.SaleId)) / 2
    FROM crm.Sale AS s
    WHERE s.CampaignId = @CampaignId;

    SELECT @FirstPart = COALESCE(SUM(s.Amount), 0)
    FROM crm.Sale AS s
    WHERE s.CampaignId = @CampaignId AND s.SaleId <= @SplitSaleId;

    EXEC crm.CRMSP_DemoGatePass @GateName = @GateName;

    SELECT @SecondPart = COALESCE(SUM(s.Amount), 0)
    FROM crm.Sale AS s
    WHERE s.CampaignId = @CampaignId AND s.SaleId > @SplitSaleId;

    SELECT
        @CampaignId AS CampaignId, @SplitSaleId AS SplitSaleId, @FirstPart AS FirstPart,
        @SecondPart AS SecondPart, @FirstPart + @SecondPart AS SalesAmount;
    RETURN 0;
END;
GO

/*
FIX: both passes inside one SNAPSHOT transaction read the same committed version of the data, so the total
is consistent; the writer is not blocked (REPEATABLE READ would also fix it, but by blocking the writer on
the rows already read, and SERIALIZABLE by blocking more).
*/
CREATE OR ALTER PROCEDURE crm.CRMSP_GetCampaignSalesSummary
    @CampaignId int,
    @GateName nvarchar(255) = NULL
AS
BEGIN
    SET NOCOUNT ON;
    SET XACT_ABORT ON;  -- any error ends the read-only snapshot transaction
    DECLARE @SplitSaleId int, @FirstPart decimal(19, 2), @SecondPart decimal(19, 2);
    DECLARE @OpenedTransaction bit = 0;

    IF @@TRANCOUNT = 0
    BEGIN
        SET TRANSACTION ISOLATION LEVEL SNAPSHOT;
        BEGIN TRANSACTION;
        SET @OpenedTransaction = 1;
    END;

    SELECT @SplitSaleId = MIN(s.SaleId) + (MAX(s.SaleId) - MIN(s.SaleId)) / 2
    FROM crm.Sale AS s
    WHERE s.CampaignId = @CampaignId;

    SELECT @FirstPart = COALESCE(SUM(s.Amount), 0)
    FROM crm.Sale AS s
    WHERE s.CampaignId = @CampaignId AND s.SaleId <= @SplitSaleId;

    EXEC crm.CRMSP_DemoGatePass @GateName = @GateName;

    SELECT @SecondPart = COALESCE(SUM(s.Amount), 0)
    FROM crm.Sale AS s
    WHERE s.CampaignId = @CampaignId AND s.SaleId > @SplitSaleId;

    IF @OpenedTransaction = 1
        COMMIT TRANSACTION;

    SELECT
        @CampaignId AS CampaignId, @SplitSaleId AS SplitSaleId, @FirstPart AS FirstPart,
        @SecondPart AS SecondPart, @FirstPart + @SecondPart AS SalesAmount;
    RETURN 0;
END;
GO
