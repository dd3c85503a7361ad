-- When a drop's line closes: its flash sale's end (or early end), or its campaign's (a
-- campaign without an end date runs until the owner ends it: 'infinity').
CREATE OR REPLACE FUNCTION "drop_ends_at"("p_drop" UUID)
  RETURNS TIMESTAMPTZ LANGUAGE sql STABLE AS $$
  SELECT COALESCE(LEAST(fs.ends_at, fs.ended_early_at), LEAST(c.ends_at, c.ended_early_at), 'infinity')
    FROM drops d
    LEFT JOIN flash_sales fs ON fs.id = d.flash_sale_id
    LEFT JOIN coupon_campaigns c ON c.id = d.campaign_id
   WHERE d.id = p_drop
$$;
