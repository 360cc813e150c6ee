"""The verdiepingsmiddagen: planning, invitations, choices, the assignment, attendance,
evaluations and their figures in the annual report."""
