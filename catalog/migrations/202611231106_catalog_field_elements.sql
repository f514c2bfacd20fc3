-- Which response field of an API carries which data element ("your family quotient" in the trail).
CREATE TABLE catalog_field_elements (
  api_id           uuid NOT NULL REFERENCES catalog_apis (id) ON DELETE CASCADE,
  pointer          text NOT NULL,
  data_element_id  text NOT NULL REFERENCES catalog_data_elements (id),
  PRIMARY KEY (api_id, pointer)
);
CREATE INDEX catalog_field_elements_element_idx ON catalog_field_elements (data_element_id);
