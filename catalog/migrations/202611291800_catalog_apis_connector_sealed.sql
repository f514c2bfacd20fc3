-- The connector column holds only the operator's sealed binding ({ target, config, boundAt, boundBy },
-- secrets sealed by the connectors domain). Configurations written by producers before the binding
-- became operator-only are dropped: they may name Datapedia's own database or hold secrets in clear.
UPDATE catalog_apis SET connector = NULL
WHERE connector IS NOT NULL AND NOT (jsonb_typeof(connector) = 'object' AND connector ? 'target' AND connector ? 'boundBy');
