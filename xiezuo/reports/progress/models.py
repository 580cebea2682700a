"""The progress report's editable templates (built by the progress report work)."""
