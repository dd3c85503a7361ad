-- I2 ledger: inventory_movements is append-only. Corrections are new rows, never edits.
CREATE OR REPLACE FUNCTION "refuse_ledger_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'inventory_movements is append-only (% refused)', TG_OP
    USING ERRCODE = 'restrict_violation';
END;
$$;
