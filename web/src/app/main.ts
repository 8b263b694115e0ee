// The dashboard's entry point (web/index.html loads it): defines the elements; <dashboard-app>
// in the page does the rest.
import './dashboard-app.js';
