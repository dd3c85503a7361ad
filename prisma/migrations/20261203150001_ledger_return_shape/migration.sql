-- By hand: RETURN's shape in the ledger (I2), now that the enum value exists (the previous
-- migration added it; a new enum value cannot be used in the transaction that adds it).
-- A return puts units back on hand and reserves nothing.
ALTER TABLE "inventory_movements" DROP CONSTRAINT "inventory_movements_kind_shape",
  ADD CONSTRAINT "inventory_movements_kind_shape" CHECK (
    CASE "kind"
      WHEN 'RECEIVE' THEN "on_hand_delta" > 0 AND "reserved_delta" = 0
      WHEN 'ADJUST'  THEN "reserved_delta" = 0
      WHEN 'HOLD'    THEN "on_hand_delta" = 0 AND "reserved_delta" > 0
      WHEN 'RELEASE' THEN "on_hand_delta" = 0 AND "reserved_delta" < 0
      WHEN 'EXPIRE'  THEN "on_hand_delta" = 0 AND "reserved_delta" < 0
      WHEN 'SALE'    THEN "on_hand_delta" < 0 AND "reserved_delta" = "on_hand_delta"
      WHEN 'CANCEL'  THEN "on_hand_delta" >= 0 AND "reserved_delta" <= 0
      WHEN 'RETURN'  THEN "on_hand_delta" > 0 AND "reserved_delta" = 0
    END
  );

-- A refund's units in the ledger: RETURN rows (and, when not restocked, the ADJUST that writes
-- them off) name the refund.
ALTER TABLE "inventory_movements" ADD COLUMN "refund_id" UUID;
CREATE INDEX "inventory_movements_refund_id_idx" ON "inventory_movements"("refund_id");
ALTER TABLE "inventory_movements" ADD CONSTRAINT "inventory_movements_refund_id_fkey" FOREIGN KEY ("refund_id") REFERENCES "refunds"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "inventory_movements" ADD CONSTRAINT "inventory_movements_refund_kinds"
  CHECK ("refund_id" IS NULL OR "kind" IN ('RETURN', 'ADJUST')),
  ADD CONSTRAINT "inventory_movements_return_has_refund"
  CHECK ("kind" <> 'RETURN' OR "refund_id" IS NOT NULL);
