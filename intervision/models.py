"""Models of this bounded context arrive with its issue."""
