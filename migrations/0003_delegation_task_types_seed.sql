-- The usual delegable tasks (data: the city can add or deactivate rows). Assessment, prescription and
-- follow-up (bedömning, ordination, uppföljning) are never delegable and are not listed.
INSERT INTO delegation_task_types (code, name_sv, name_en) VALUES
  ('medicine_handling', 'Läkemedelshantering (överlämnande av läkemedel)', 'Medicine handling'),
  ('insulin_injection', 'Insulininjektion', 'Insulin injection'),
  ('wound_care', 'Såromläggning', 'Wound care'),
  ('catheter_care', 'Katetervård', 'Catheter care'),
  ('stoma_care', 'Stomivård', 'Stoma care'),
  ('tube_feeding', 'Sondmatning', 'Tube feeding'),
  ('eye_drops', 'Ögondroppar', 'Eye drops'),
  ('inhalation', 'Inhalation', 'Inhalation'),
  ('blood_sugar_measurement', 'Blodsockermätning', 'Blood sugar measurement')
ON CONFLICT (code) DO NOTHING;
