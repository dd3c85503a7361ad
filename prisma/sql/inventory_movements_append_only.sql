-- I2 ledger: no UPDATE or DELETE reaches a ledger row (refuse_ledger_change).
CREATE OR REPLACE TRIGGER "inventory_movements_append_only"
  BEFORE UPDATE OR DELETE ON "inventory_movements"
  FOR EACH ROW EXECUTE FUNCTION "refuse_ledger_change"();
