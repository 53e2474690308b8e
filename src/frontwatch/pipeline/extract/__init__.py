"""Events per sentence: detection and typing (rules + classifier), roles, place, date, fatalities."""
