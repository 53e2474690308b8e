"""The static situation report (report.html)."""
