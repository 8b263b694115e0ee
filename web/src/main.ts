// The dashboard's entry point. For now a plain list of studies with their state and progress,
// refreshed every few seconds; the full dashboard (live curves, early-stopping markers, rankings)
// comes with its own issue.
import './study-list-app.js';
