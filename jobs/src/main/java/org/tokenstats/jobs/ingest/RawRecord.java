package org.tokenstats.jobs.ingest;

import java.util.Map;
import java.util.Set;

/**
 * One record as submitted, before validation: each present field's text (absent, JSON null and
 * empty CSV cells are all simply missing), and the fields whose JSON value was an object or an
 * array (a type error for any known field).
 */
record RawRecord(Map<String, String> values, Set<String> structured) {

  String get(String field) {
    return values.get(field);
  }

  boolean has(String field) {
    return values.containsKey(field) || structured.contains(field);
  }
}
