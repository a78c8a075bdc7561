/*
Purpose:      Reconciliation of PromptCrm with PromptAds through the linked server (CRM-3, CRM-4):
              crm.CRMSP_ReconcileWithAds reads ads.vw_CampaignSalesReach with a four-part name and lists every
              campaign whose sales count, sales amount (to the cent) or reach differs from the CRM's, or that
              exists on one side only. crm.vw_AdsCampaignFigures is the same remote data through OPENQUERY
              (the query runs entirely on the Ads instance; only its result crosses the link).
Target:       PromptCrm on SQL Server 2022 (instance "crm"), linked server PROMPTADS.
Requires:     040, 110 (crm.vw_CampaignSaleStats).
Re-runnable:  yes (CREATE OR ALTER).
Leaves:       procedure crm.CRMSP_ReconcileWithAds; view crm.vw_AdsCampaignFigures.
Requirements: CRM-3, CRM-4.
Verify:       EXEC crm.CRMSP_ReconcileWithAds;                       -- 0 rows after generation
              EXEC crm.CRMSP_ReconcileWithAds @OnlyMismatches = 0;   -- every campaign side by side
Note:         Call it outside an explicit transaction: the remote rows are copied into a temp table in an
              autocommit statement, so no distributed transaction (MSDTC) is ever needed.
*/
USE PromptCrm;
GO

CREATE OR ALTER VIEW crm.vw_AdsCampaignFigures
AS
SELECT
    q.CampaignId,
    q.CampaignCode,
    q.CompanyCode,
    q.StartDate,
    q.EndDate,
    q.StatusCode,
    q.Reach,
    q.SalesCount,
    q.SalesAmount,
    q.Cost
FROM OPENQUERY(
    PROMPTADS,
    'SELECT CampaignId, CampaignCode, CompanyCode, StartDate, EndDate, StatusCode, Reach, SalesCount,
            SalesAmount, Cost
     FROM PromptAds.ads.vw_CampaignSalesReach'
) AS q;
GO

/*
Author:       PromptSales CRM team
Description:  Lists campaigns whose CRM figures do not match PromptAds: sales count, sales amount (exact
              decimal comparison, i.e. to the cent), reach, or presence on one side only.
Parameters:   @OnlyMismatches 1 (default) = mismatches only; 0 = every campaign with its MismatchKind.
Returns:      CampaignCode, Ads* and Crm* figures, AmountDifference, MismatchKind ('OK' when equal).
*/
CREATE OR ALTER PROCEDURE crm.CRMSP_ReconcileWithAds
    @OnlyMismatches bit = 1
AS
BEGIN
    SET NOCOUNT ON;
    DECLARE @Text nvarchar(2048);

    CREATE TABLE #Ads (
        CampaignCode varchar(12) COLLATE DATABASE_DEFAULT NOT NULL PRIMARY KEY,
        Reach bigint NOT NULL,
        SalesCount int NOT NULL,
        SalesAmount decimal(19, 2) NOT NULL
    );

    BEGIN TRY
        INSERT INTO #Ads (CampaignCode, Reach, SalesCount, SalesAmount)
        SELECT v.CampaignCode, v.Reach, v.SalesCount, v.SalesAmount
        FROM PROMPTADS.PromptAds.ads.vw_CampaignSalesReach AS v;
    END TRY
    BEGIN CATCH
        SET @Text = FORMATMESSAGE(60007, ERROR_MESSAGE());
        EXEC crm.CRMSP_WriteLog
            @Severity = 'ERROR',
            @Source = N'crm.CRMSP_ReconcileWithAds',
            @Message = @Text,
            @ErrorNumber = 60007;
        THROW 60007, @Text, 1;
    END CATCH;

    WITH Crm AS (
        SELECT
            c.CampaignCode,
            c.Reach,
            COALESCE(s.SaleCount, 0) AS SalesCount,
            COALESCE(s.SalesAmount, 0) AS SalesAmount
        FROM crm.Campaign AS c
        LEFT JOIN crm.vw_CampaignSaleStats AS s WITH (NOEXPAND) ON c.CampaignId = s.CampaignId
    ),

    Compared AS (
        SELECT
            COALESCE(a.CampaignCode, c.CampaignCode) AS CampaignCode,
            a.SalesCount AS AdsSalesCount,
            c.SalesCount AS CrmSalesCount,
            a.SalesAmount AS AdsSalesAmount,
            c.SalesAmount AS CrmSalesAmount,
            c.SalesAmount - a.SalesAmount AS AmountDifference,
            a.Reach AS AdsReach,
            c.Reach AS CrmReach,
            CASE
                WHEN c.CampaignCode IS NULL THEN 'MISSING_IN_CRM'
                WHEN a.CampaignCode IS NULL THEN 'MISSING_IN_ADS'
                WHEN a.SalesAmount <> c.SalesAmount THEN 'AMOUNT'
                WHEN a.SalesCount <> c.SalesCount THEN 'COUNT'
                WHEN a.Reach <> c.Reach THEN 'REACH'
                ELSE 'OK'
            END AS MismatchKind
        FROM #Ads AS a
        FULL OUTER JOIN Crm AS c ON a.CampaignCode = c.CampaignCode
    )

    SELECT
        x.CampaignCode,
        x.AdsSalesCount,
        x.CrmSalesCount,
        x.AdsSalesAmount,
        x.CrmSalesAmount,
        x.AmountDifference,
        x.AdsReach,
        x.CrmReach,
        x.MismatchKind
    FROM Compared AS x
    WHERE @OnlyMismatches = 0 OR x.MismatchKind <> 'OK'
    ORDER BY x.CampaignCode;

    RETURN 0;
END;
GO
