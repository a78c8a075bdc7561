"""PromptSales MCP servers (issue 11); the SAL-5 query layer lives in sales_queries and nlq."""
