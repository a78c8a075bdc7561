"""PromptContent: image catalogue generator, vector index, search and external API client (CON-1..CON-3)."""
