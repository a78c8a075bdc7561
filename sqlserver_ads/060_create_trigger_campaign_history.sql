/*
Purpose:      Keep the history of campaign changes: one ads.CampaignStatusHistory row when a campaign is
              created, when its status changes, and when its plan (budget or end date) changes.
              A trigger was chosen over a temporal table because the history must also be written for the
              generated past (with business dates) and must record who changed what, per kind of change.
Target:       PromptAds on SQL Server 2022.
Requires:     040_create_tables_campaigns.sql.
Re-runnable:  yes (CREATE OR ALTER).
Leaves:       trigger ads.TR_Campaign_History.
Requirements: ADS-1, ADS-2 (status history).
Verify:       BEGIN TRAN; UPDATE ads.Campaign SET StatusCode = 'PAUSED' WHERE CampaignId = 1;
              SELECT TOP (2) * FROM ads.CampaignStatusHistory WHERE CampaignId = 1 ORDER BY HistoryId DESC;
              ROLLBACK;
*/
USE PromptAds;
GO

CREATE OR ALTER TRIGGER ads.TR_Campaign_History
ON ads.Campaign
AFTER INSERT, UPDATE
AS
BEGIN
    SET NOCOUNT ON;

    -- The history generator (ads.ADSSP_GenerateHistory) writes dated history itself and says so here.
    IF TRY_CONVERT(int, SESSION_CONTEXT(N'promptsales.ads_bulk_history')) = 1
        RETURN;

    INSERT INTO ads.CampaignStatusHistory (
        CampaignId, ChangeKind, OldStatusCode, NewStatusCode, OldBudget, NewBudget, OldEndDate, NewEndDate,
        ChangedAt
    )
    SELECT
        i.CampaignId,
        CASE
            WHEN d.CampaignId IS NULL THEN 'CREATED'
            WHEN i.StatusCode <> d.StatusCode THEN 'STATUS'
            ELSE 'PLAN'
        END,
        d.StatusCode,
        i.StatusCode,
        d.Budget,
        i.Budget,
        d.EndDate,
        i.EndDate,
        SYSUTCDATETIME()
    FROM inserted AS i
    LEFT JOIN deleted AS d ON i.CampaignId = d.CampaignId
    WHERE
        d.CampaignId IS NULL
        OR i.StatusCode <> d.StatusCode
        OR i.Budget <> d.Budget
        OR i.EndDate <> d.EndDate;
END;
GO
