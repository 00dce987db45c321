-- Ersättning för utförd tid from 2019-05-01 (the city's compensation model): hourly rate and the
-- inconvenient-hours rate (+17 %, rounded to whole kronor), in öre. Later rows come through POST /v1/compensation/rates.
INSERT INTO "compensation_rates" ("provider_kind", "valid_from", "hourly_ore", "inconvenient_ore", "created_by") VALUES
  ('municipal', '2019-05-01', 46000, 53800, 'migration'),
  ('private', '2019-05-01', 46700, 54600, 'migration')
ON CONFLICT ("provider_kind", "valid_from") DO NOTHING;
