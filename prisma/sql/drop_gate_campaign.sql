-- The drop line's gate on a coupon campaign run as a drop (I12): claiming a coupon while the
-- drop runs (from its line's opening to the campaign's end) needs a live admission. NULL means
-- pass; the refusals are drop_gate's.
CREATE OR REPLACE FUNCTION "drop_gate_campaign"("p_user" UUID, "p_campaign" UUID)
  RETURNS TEXT LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN p.id IS NULL THEN 'drop-join-line'
              WHEN p.admitted_at IS NULL THEN 'drop-wait-turn'
              WHEN p.ended_at IS NOT NULL OR p.admission_ends_at <= now() THEN 'drop-turn-ended'
         END
    FROM drops d
    JOIN coupon_campaigns c ON c.id = d.campaign_id
    LEFT JOIN drop_places p ON p.drop_id = d.id AND p.user_id = p_user
   WHERE d.campaign_id = p_campaign AND d.opens_at <= now()
     AND now() < COALESCE(LEAST(c.ends_at, c.ended_early_at), 'infinity')
$$;
